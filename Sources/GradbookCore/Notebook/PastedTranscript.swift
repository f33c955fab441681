// Pasting a session that still has its prompts: the `In [n]:` inputs run, the pasted outputs are skipped.

/// Reads the inputs out of text copied from a gradbook (or IPython) session, as the Julia REPL does.
///
/// `In [3]: x = 2` is an input; `   ...: + 1` continues it; every other line (`Out[3]: 2`, error carets,
/// tables) is pasted output and is skipped. Text with no `In [n]:` prompt is not a transcript.
public enum PastedTranscript {
    /// The cells of `text` with their prompts removed, or nil when `text` has no `In [n]:` prompt.
    public static func cells(in text: String) -> [String]? {
        var cells: [[String]] = []
        var lastWasInput = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let input = strippingInputPrompt(line) {
                cells.append([input])
                lastWasInput = true
            } else if lastWasInput, let more = strippingContinuationPrompt(line) {
                cells[cells.count - 1].append(more)
            } else {
                lastWasInput = false
            }
        }
        return cells.isEmpty ? nil : cells.map { $0.joined(separator: "\n") }
    }

    /// `x = 2` for `In [3]: x = 2` (leading spaces allowed); nil for any other line.
    public static func strippingInputPrompt(_ line: String) -> String? {
        var rest = Substring(line)
        while rest.first == " " { rest.removeFirst() }
        guard rest.hasPrefix("In [") else { return nil }
        rest.removeFirst(4)
        while rest.first == " " { rest.removeFirst() }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        rest.removeFirst(digits.count)
        guard rest.hasPrefix("]:") else { return nil }
        rest.removeFirst(2)
        if rest.first == " " { rest.removeFirst() }
        return String(rest)
    }

    /// `+ 1` for `   ...: + 1`; nil for any other line.
    public static func strippingContinuationPrompt(_ line: String) -> String? {
        var rest = Substring(line)
        while rest.first == " " { rest.removeFirst() }
        guard rest.hasPrefix("...:") else { return nil }
        rest.removeFirst(4)
        if rest.first == " " { rest.removeFirst() }
        return String(rest)
    }

    /// Whether `line` is a pasted result line (`Out[3]: 2`), which is output, never input.
    public static func isOutputLine(_ line: String) -> Bool {
        var rest = Substring(line)
        while rest.first == " " { rest.removeFirst() }
        guard rest.hasPrefix("Out[") else { return false }
        let afterBracket = rest.dropFirst(4).drop { $0.isASCII && $0.isNumber }
        return afterBracket.count < rest.count - 4 && afterBracket.hasPrefix("]:")
    }
}
