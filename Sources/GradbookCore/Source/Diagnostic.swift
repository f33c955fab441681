// The only error type: a range, one sentence saying what is wrong, and an optional hint.

/// Something gradbook could not do with what the person typed.
///
/// Every failure (a syntax error, an unbound function, a shape mismatch, an interruption) takes this one
/// path: it is thrown with typed throws, caught by the `Notebook`, rendered with a caret under `range`, and
/// the session goes on unchanged. The wording lives in `Diagnostic+Messages.swift`.
public struct Diagnostic: Error, Sendable, Equatable {
    /// What kind of failure this is, for code that acts on it: behaviour never depends on the message's words.
    public enum Kind: Sendable, Equatable {
        /// What was typed cannot be done (the usual case).
        case mistake
        /// Ctrl-C stopped the computation; nothing is wrong with what was typed.
        case interruption
    }

    public var kind: Kind = .mistake
    /// What the caret underlines.
    public var range: SourceRange
    /// One sentence that quotes what was typed and says what is wrong.
    public var message: String
    /// What to do about it, written in gradbook syntax, when a fix is likely.
    public var hint: String?
    /// The text the range refers to; filled in by whoever knows it (the Notebook), for rendering.
    public var source: SourceText?
    /// The definitions of the user functions the error happened inside, innermost first (see `shownHint`).
    public var calls: [String] = []

    public init(_ range: SourceRange, _ message: String, hint: String? = nil) {
        self.range = range
        self.message = message
        self.hint = hint
    }

    /// The calls and commands the hint suggests, in the order it names them: the parts marked with
    /// backticks (see `Diagnostic+Messages.swift`). Each one works when typed next.
    public var suggestedCalls: [String] {
        guard let hint else { return [] }
        let pieces = hint.split(separator: "`", omittingEmptySubsequences: false)
        return pieces.indices.filter { $0 % 2 == 1 && $0 < pieces.count - 1 }.map { String(pieces[$0]) }
    }

    /// Whether Ctrl-C stopped the computation (`Diagnostic.interrupted`), rather than something typed being wrong.
    public var isInterruption: Bool { kind == .interruption }

    /// The same diagnostic with the source text attached (kept if already set).
    public func located(in source: SourceText) -> Diagnostic {
        var copy = self
        if copy.source == nil { copy.source = source }
        return copy
    }
}
