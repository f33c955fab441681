// Where the REPL's lines come from: readline on a terminal, or a script of lines in tests.

/// One answer to "give me the next line".
public enum LineInput: Sendable, Equatable {
    /// A line (bracketed paste may deliver several at once, separated by `\n`).
    case line(String)
    /// Ctrl-C dropped the unfinished cell at a `...:` prompt; this line, typed at a fresh prompt, starts a new one.
    case lineAfterDroppingCell(String)
    /// Ctrl-D on an empty line, or the end of the input.
    case end
}

/// A source of input lines for the `REPL` (Python's `code.py` injects its reader the same way).
public protocol LineSource: AnyObject {
    /// Shows `prompt` and returns the next line.
    ///
    /// `restartPrompt` is set while earlier lines of the cell are pending: if Ctrl-C drops them, the source
    /// shows `restartPrompt` instead and answers `.lineAfterDroppingCell`.
    func readLine(prompt: String, restartPrompt: String?) -> LineInput

    /// Adds a cell, as typed, to the recallable history.
    func remember(_ cell: String)
}

/// Lines given in advance, for tests: `"^C"` stands for Ctrl-C and `"^D"` for Ctrl-D.
///
/// Each line is echoed after its prompt into `echo`, as a terminal would show it, so a scripted session
/// reads like a real one.
public final class ScriptedLineSource: LineSource {
    private var lines: [String]
    private let echo: (String) -> Void
    /// Every cell passed to `remember`, in order.
    public private(set) var remembered: [String] = []

    public init(_ lines: [String], echo: @escaping (String) -> Void = { _ in }) {
        self.lines = lines
        self.echo = echo
    }

    public func readLine(prompt: String, restartPrompt: String?) -> LineInput {
        var prompt = prompt
        var dropped = false
        while !lines.isEmpty {
            let line = lines.removeFirst()
            switch line {
            case "^D":
                echo(prompt + "\n")
                return .end
            case "^C":
                echo(prompt + "^C\n")
                if let restartPrompt {
                    prompt = restartPrompt
                    dropped = true
                }
            default:
                echo(prompt + line + "\n")
                return dropped ? .lineAfterDroppingCell(line) : .line(line)
            }
        }
        return .end
    }

    public func remember(_ cell: String) {
        remembered.append(cell)
    }
}
