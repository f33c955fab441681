// Colour roles for terminal output. Whether to colour is the caller's decision, never this file's.

/// How to decorate text of each role: ANSI colours on a terminal, nothing elsewhere.
public struct Style: Sendable, Equatable {
    public enum Role: Sendable {
        case error, hint, note, caret, prompt, outputPrompt, formula, number, heading
        /// The n-th curve of a plot, or class n of a decision boundary.
        case series(Int)
    }

    public var usesColor: Bool

    public init(usesColor: Bool) {
        self.usesColor = usesColor
    }

    /// No decoration: for pipes, files, tests and `NO_COLOR`.
    public static let plain = Style(usesColor: false)

    public func apply(_ role: Role, _ text: String) -> String {
        guard usesColor, !text.isEmpty else { return text }
        return "\u{1B}[\(Style.code(for: role))m\(text)\u{1B}[0m"
    }

    private static func code(for role: Role) -> String {
        switch role {
        case .error: return "1;31"
        case .hint: return "1;36"
        case .note: return "1;33"
        case .caret: return "1;32"
        case .prompt: return "32"
        case .outputPrompt: return "31"
        case .formula: return "35"
        case .number: return "0"
        case .heading: return "1"
        case .series(let index): return ["34", "31", "32", "33", "35", "36"][index % 6]
        }
    }
}
