// Whether a cell needs more lines: an open bracket, or a last line ending with `\` (Lua's incomplete-input trick).

extension Notebook {
    /// Whether `text` is an unfinished cell, so the REPL should ask for another line with `   ...:`.
    ///
    /// A cell is unfinished while a `(`, `[` or `{` is still open, or when its last line ends with a `\`
    /// (outside a comment and not in a `:command`, whose argument runs to the end of the line). The lexer
    /// decides what is a bracket, so brackets inside comments and command arguments do not count, and a
    /// `;` closes every `(` and `[`, exactly as when the cell runs (but not a block's `{`, whose statements it
    /// separates: `repeat 3 { w = w + 1;` goes on). A closing bracket with none open ends the cell, which then
    /// fails with the parser's error: `garbage ) (` is complete, however many brackets open after it.
    public static func isIncomplete(_ text: String) -> Bool {
        if endsWithLineContinuation(text) { return true }
        guard let tokens = try? Lexer.tokens(of: SourceText(text)) else { return false }
        var depth = 0, blocks = 0
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket: depth += 1
            // A closing bracket with none open can never be matched by more lines: the cell ends here, as
            // the parser's error ("')' has no matching opening bracket"), instead of swallowing the next line.
            case .rightParen, .rightBracket:
                guard depth > 0 else { return false }
                depth -= 1
            case .leftBrace: blocks += 1
            case .rightBrace:
                guard blocks > 0 else { return false }
                blocks -= 1
            // `;` separates the statements of a block, so it closes ( and [ but not {.
            case .semicolon: depth = 0
            default: break
            }
        }
        return depth > 0 || blocks > 0
    }

    /// Whether the last line ends with `\` (spaces after it allowed), not inside a comment or command.
    private static func endsWithLineContinuation(_ text: String) -> Bool {
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let trimmed = lastLine.trimmingSpaces()
        return trimmed.hasSuffix("\\") && !trimmed.hasPrefix(":") && !trimmed.contains("#")
    }
}
