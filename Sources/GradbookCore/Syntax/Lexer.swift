// Text → tokens: numbers (1e-3, .5), names, operators (^ ** @ ==), strings, comments and :commands.

/// Splits one `SourceText` into tokens.
///
/// Conventions: a `#` starts a comment to the end of the line; a line break inside `()`, `[]` or `{}`
/// is only whitespace, as is a break after a trailing `\`; elsewhere it ends a statement. A `:` at the
/// start of a statement begins a command, whose argument runs to the next `;` or line break.
public struct Lexer {
    /// The longest cell gradbook accepts, in characters; longer input is refused before any work.
    public static let maximumLength = 1_000_000

    private let source: SourceText
    private var offset = 0
    private var bracketDepth = 0
    /// Whether this statement has a closing bracket with none open (`garbage ) (`): it can only fail, so its
    /// line break ends it even after an opening bracket, and the next line is not swallowed into it.
    private var hasUnmatchedClosingBracket = false
    /// Open `{` of blocks; inside one, a command's argument ends at `}` too, so the parser can refuse it.
    private var braceDepth = 0
    private var tokens: [Token] = []

    public init(_ source: SourceText) {
        self.source = source
    }

    /// All tokens of the source, ending with `.end`.
    ///
    /// A character that cannot start a token becomes an `.invalid` token carrying its diagnostic, so the
    /// statements around it still parse and run; only an over-long input fails as a whole.
    public static func tokens(of source: SourceText) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    private var scalars: [Unicode.Scalar] { source.scalars }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = offset + ahead
        return index < scalars.count ? scalars[index] : nil
    }

    private mutating func run() throws(Diagnostic) -> [Token] {
        if scalars.count > Lexer.maximumLength {
            throw .inputTooLong(length: scalars.count, limit: Lexer.maximumLength)
        }
        // Every token but the end covers a character at least, so this many never grow the list: a script's tokens,
        // copied at each doubling, were a tenth of `gradbook run`. (Pages reserved and never written cost nothing.)
        tokens.reserveCapacity(scalars.count + 1)
        while let scalar = peek() {
            let start = offset
            do throws(Diagnostic) {
                try lexToken(scalar, start: start)
            } catch {
                tokens.append(Token(.invalid(error), error.range))
            }
        }
        add(.end, from: offset)
        return tokens
    }

    private mutating func lexToken(_ scalar: Unicode.Scalar, start: Int) throws(Diagnostic) {
            switch scalar {
            case " ", "\t", "\r":
                offset += 1
            case "\n":
                offset += 1
                if bracketDepth == 0 || hasUnmatchedClosingBracket || !continuesInsideBrackets() {
                    // An unclosed bracket must not swallow the rest of a script: this line break ends
                    // the statement, the parser reports the bracket, and the next line starts afresh.
                    bracketDepth = 0
                    hasUnmatchedClosingBracket = false
                    add(.newline, from: start)
                }
            case "\\" where isLineContinuation():
                skipLineContinuation()
            case "#":
                while let next = peek(), next != "\n" { offset += 1 }
            case "." where peek(1).map(Lexer.isNameStart) == true:
                offset += 1
                add(.dot, from: start)
            case "0"..."9", ".":
                try lexNumber()
            case "\"":
                try lexString()
            case ":" where startsStatement && peek(1).map(Lexer.isNameStart) == true:
                lexCommand()
            case ":" where bracketDepth > 0:
                offset += 1
                add(.colon, from: start)
            default:
                if Lexer.isNameStart(scalar) { lexName() } else { try lexOperator(scalar) }
            }
    }

    private mutating func add(_ kind: Token.Kind, from start: Int) {
        tokens.append(Token(kind, SourceRange(start, offset)))
    }

    /// Whether a statement starts here: at the beginning, after `;` or a line break, or at the start of a
    /// block (where the parser refuses a command clearly rather than as a stray ':').
    private var startsStatement: Bool {
        guard let last = tokens.last else { return true }
        return last.kind == .semicolon || last.kind == .newline || last.kind == .leftBrace
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first: looking up Unicode properties was a fifth of lexing a script.
        if scalar.isASCII { return scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        return scalar.properties.isAlphabetic
    }

    static func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }

    /// Whether a line break inside brackets continues the expression (rather than ending a statement
    /// whose bracket was never closed): the line ends with an operator, a comma or an opening bracket,
    /// or the next line is indented or starts with a closing bracket, an operator or a comma. Every
    /// valid way of splitting an expression over lines meets one of these.
    private func continuesInsideBrackets() -> Bool {
        if let last = tokens.last?.kind {
            switch last {
            case .plus, .minus, .star, .slash, .caret, .at, .equal, .equalEqual, .comma,
                 .leftParen, .leftBracket, .leftBrace:
                return true
            default: break
            }
        }
        guard offset < scalars.count else { return true }
        let next = scalars[offset]
        return " \t\n\r#)]},+-*/^@=".unicodeScalars.contains(next)
    }

    /// A backslash followed only by spaces up to the line break joins the next line to this one.
    private func isLineContinuation() -> Bool {
        var index = offset + 1
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        return index == scalars.count || scalars[index] == "\n" || scalars[index] == "\r"
    }

    private mutating func skipLineContinuation() {
        offset += 1
        while let next = peek(), next != "\n" { offset += 1 }
        if peek() == "\n" { offset += 1 }
    }

    private mutating func lexName() {
        let start = offset
        while let next = peek(), Lexer.isNamePart(next) { offset += 1 }
        add(.name(source.text(in: SourceRange(start, offset))), from: start)
    }

    private mutating func lexNumber() throws(Diagnostic) {
        let start = offset
        skipDigits()
        if peek() == "." {
            offset += 1
            skipDigits()
        }
        let mantissaEnd = offset
        if mantissaEnd - start == 1, scalars[start] == "." {
            throw .strayCharacter(".", at: SourceRange(start, offset))
        }
        if peek() == "e" || peek() == "E", isExponentAhead() {
            offset += 1
            if peek() == "+" || peek() == "-" { offset += 1 }
            skipDigits()
        }
        let range = SourceRange(start, offset)
        // A whole number of up to 15 digits (nearly every number typed) is exact as a Double: read it digit by
        // digit, without the text and the general parser, which were a fourteenth of running `y = 1`.
        if offset - start <= 15, mantissaEnd == offset, !scalars[start..<offset].contains(".") {
            var whole = 0
            for index in start..<offset { whole = whole * 10 + Int(scalars[index].value - 48) }
            add(.number(Double(whole)), from: start)
            return
        }
        let text = source.text(in: range)
        guard let value = Double(text) else { throw .malformedNumber(text, at: range) }
        if !value.isFinite { throw .numberTooLarge(text, at: range) }
        add(.number(value), from: start)
    }

    private mutating func skipDigits() {
        while let next = peek(), ("0"..."9").contains(next) { offset += 1 }
    }

    /// `1e-3` is a number, but in `2e` or `3exp(1)` the `e` starts a name.
    private func isExponentAhead() -> Bool {
        var index = offset + 1
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        return index < scalars.count && ("0"..."9").contains(scalars[index])
    }

    private mutating func lexString() throws(Diagnostic) {
        let start = offset
        offset += 1
        while let next = peek(), next != "\"", next != "\n" { offset += 1 }
        guard peek() == "\"" else { throw .unclosedString(at: SourceRange(start, offset)) }
        offset += 1
        add(.string(source.text(in: SourceRange(start + 1, offset - 1))), from: start)
    }

    private mutating func lexCommand() {
        let start = offset
        offset += 1
        let nameStart = offset
        while let next = peek(), Lexer.isNamePart(next) { offset += 1 }
        let name = source.text(in: SourceRange(nameStart, offset))
        let argumentStart = offset
        while let next = peek(), next != ";", next != "\n", braceDepth == 0 || next != "}" { offset += 1 }
        let argument = source.text(in: SourceRange(argumentStart, offset))
        add(.command(name: name, argument: argument.trimmingSpaces()), from: start)
    }

    private static let singleCharacterTokens: [Unicode.Scalar: Token.Kind] = [
        "+": .plus, "-": .minus, "/": .slash, "^": .caret, "@": .at,
        ",": .comma, ";": .semicolon, "?": .question,
        "(": .leftParen, ")": .rightParen, "[": .leftBracket, "]": .rightBracket,
        "{": .leftBrace, "}": .rightBrace,
    ]

    private mutating func lexOperator(_ scalar: Unicode.Scalar) throws(Diagnostic) {
        let start = offset
        offset += 1
        switch scalar {
        case "*":
            if peek() == "*" {
                offset += 1
                add(.caret, from: start)
            } else {
                add(.star, from: start)
            }
        case "=":
            if peek() == "=" {
                offset += 1
                add(.equalEqual, from: start)
            } else {
                add(.equal, from: start)
            }
        default:
            guard let kind = Lexer.singleCharacterTokens[scalar] else {
                throw .strayCharacter(String(scalar), at: SourceRange(start, offset))
            }
            switch kind {
            // Braces hold blocks of statements (repeat 10 { … }), so line breaks inside them still
            // separate statements: only ( and [ make a line break part of the expression.
            case .leftParen, .leftBracket: bracketDepth += 1
            case .rightParen, .rightBracket:
                if bracketDepth == 0 { hasUnmatchedClosingBracket = true }
                bracketDepth = max(0, bracketDepth - 1)
            // A ';' never belongs inside brackets: it ends the statement, so what follows lexes afresh.
            case .semicolon: (bracketDepth, hasUnmatchedClosingBracket) = (0, false)
            case .leftBrace: braceDepth += 1
            case .rightBrace: braceDepth = max(0, braceDepth - 1)
            default: break
            }
            add(kind, from: start)
        }
    }
}
