// The REPL commands (:digits, :help, …) as one table of name, usage and summary.

/// A `:command`. It ends at `;` or at the end of the line; its argument is the text in between.
public enum Command: String, CaseIterable, Sendable {
    case answer, digits, export, help, info, lesson, load, quit, recompute, reset, save, time, vars

    /// How to call it: `:digits N`.
    public var usage: String {
        switch self {
        case .answer: return ":answer N.K ANSWER"
        case .digits: return ":digits N"
        case .export: return ":export FILE [EXPR] [--force]"
        case .help: return ":help [topic]"
        case .info: return ":info NAME"
        case .lesson: return ":lesson [N]"
        case .load: return ":load FILE"
        case .quit: return ":quit"
        case .recompute: return ":recompute"
        case .reset: return ":reset"
        case .save: return ":save FILE [--force]"
        case .time: return ":time STATEMENT"
        case .vars: return ":vars"
        }
    }

    /// One line saying what it does.
    public var summary: String {
        switch self {
        case .answer: return "answer exercise K of lesson N in its notebook, and get the lesson's feedback and hints (:answer N.K :next shows the answer)."
        case .digits: return "print numbers with N significant digits (1 to 17; default 6)."
        case .export: return "write a graph (.dot, .svg, .png), a plot (.svg) or the session (.md, .ipynb, .html) to a file."
        case .help: return "list the topics, or explain one: :help diff, or ?diff, or diff?."
        case .info: return "how a binding was made: its definition, its formula and the cells it came from."
        case .lesson: return "walk through lesson N of the course (the one you were in, without N), in its own session."
        case .load: return "run a script file into this session."
        case .quit: return "leave gradbook (Ctrl-D does too)."
        case .recompute: return "re-run the statements whose values are stale (computed from a name rebound since)."
        case .reset: return "forget every binding, result and setting."
        case .save: return "write this session's statements to a script that :load and gradbook run replay."
        case .time: return "run a statement and say how long it took (wall-clock time), then show its result."
        case .vars: return "list the bindings: name, value, formula, and a mark on stale values."
        }
    }
}
