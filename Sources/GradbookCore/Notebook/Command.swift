// The REPL commands (:digits, :help, …) as one table of name, usage and summary.

/// A `:command`.
public enum Command: String, CaseIterable, Sendable {
    case digits, help, load, quit, reset, save, vars

    public var usage: String {
        switch self {
        case .digits: return ":digits N"
        case .help: return ":help [topic]"
        case .load: return ":load FILE"
        case .quit: return ":quit"
        case .reset: return ":reset"
        case .save: return ":save FILE"
        case .vars: return ":vars"
        }
    }

    public var summary: String {
        switch self {
        case .digits: return "print numbers with N significant digits (1 to 17; default 6)."
        case .help: return "list the topics, or explain one: :help diff, or ?diff."
        case .load: return "run a script file into this session."
        case .quit: return "leave gradbook (Ctrl-D does too)."
        case .reset: return "forget every binding and setting."
        case .save: return "write this session's statements to a script that :load and gradbook run replay."
        case .vars: return "list the bindings: names, values and functions."
        }
    }
}
