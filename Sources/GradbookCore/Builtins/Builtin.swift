// The builtin table: one entry per builtin, the one place a builtin's name, usage, help and family are stated.

/// A builtin function: what help, completion, `:info` and "did you mean" know about it, and which part of
/// the evaluator implements it.
///
/// The evaluator calls a builtin only through its entry (`Builtin.entry(named:argumentCount:)`), so a
/// builtin cannot exist without one; help paragraphs, `:help functions`, the theme topics (`:help tensors`,
/// `:help networks`, …), completion and `:info` are all generated from the entries. One name may have two
/// entries when it names two builtins told apart by their arguments: `step(x)` and `step(net, lr)`.
public struct Builtin: Sendable {
    /// The groups of `:help functions`; each is also a help topic of its own.
    public enum Theme: String, CaseIterable, Sendable {
        case elementwise, calculus, tensors, networks, pictures

        /// The heading in `:help functions` and the first line of the theme's own topic.
        var heading: String {
            switch self {
            case .elementwise: return "functions of one number (elementwise on a vector or matrix)"
            case .calculus: return "derivatives, by three methods and a check"
            case .tensors: return "vectors and matrices"
            case .networks: return "networks, losses, data and training"
            case .pictures: return "seeing: graphs, explanations, plots and LaTeX"
            }
        }
    }

    /// Which part of the evaluator runs the builtin (the link from the entry to its implementation).
    public enum Implementation: Sendable, Equatable {
        /// A function of one number, `MathFunction` (value and derivative side by side), applied elementwise.
        case elementwise(MathFunction)
        /// A calculus form that reads its arguments' graphs: `Evaluator+Calculus.swift`, `Evaluator+Check.swift`.
        case calculus
        /// `Evaluator+Tensors.swift`.
        case tensor
        /// `Evaluator+Networks.swift`.
        case network
        /// `Evaluator+Seeing.swift`: each returns a `Picture`.
        case picture
    }

    public let name: String
    /// How to call it, with its options and their defaults: `mlp(n_in, [h1, …, n_out], act = relu, seed = 1)`.
    public let usage: String
    /// What it computes, in one sentence (after the usage in help).
    public let summary: String
    /// Code that runs in a fresh notebook (a test runs every one), shown as `example:` in help.
    public let example: String
    /// What the example shows, when it helps: `→ 11`.
    public let shows: String?
    /// A remark after the example: a convention, a caveat, what a printed number means.
    public let note: String?
    /// The labelled arguments it accepts (`seed = 1`).
    public let options: [String]
    /// How many positional arguments it takes.
    public let arity: ClosedRange<Int>
    /// The help topic that explains it (its own name unless a longer paragraph in `Help.topics` does).
    public let topic: String
    public let theme: Theme
    public let implementation: Implementation
    /// For a differentiable builtin that is not a function of one number: an expression in x whose symbolic,
    /// backprop and numeric derivatives the table test compares at random points (`clip(x, -1, 2)`). A
    /// function of one number is checked as `name(x)` over its `MathFunction.sampleRange`.
    public let derivativeCheck: String?

    init(_ name: String, usage: String, _ summary: String, example: String, shows: String? = nil, note: String? = nil,
         options: [String] = [], arity: ClosedRange<Int>, topic: String? = nil, theme: Theme, implementation: Implementation,
         derivativeCheck: String? = nil) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.example = example
        self.shows = shows
        self.note = note
        self.options = options
        self.arity = arity
        self.topic = topic ?? name
        self.theme = theme
        self.implementation = implementation
        self.derivativeCheck = derivativeCheck
    }

    /// The expression in x the table test differentiates three ways, if the builtin is differentiable.
    public var differentiatedExample: String? {
        if case .elementwise = implementation { return "\(name)(x)" }
        return derivativeCheck
    }

    /// Every builtin, grouped by theme.
    public static let table: [Builtin] = elementwise + calculus + tensors + networks + pictures

    private static let entriesByName: [String: [Builtin]] = Dictionary(grouping: table, by: \.name)

    /// Every builtin's name, sorted, each once.
    public static let names: [String] = entriesByName.keys.sorted()

    /// The entries for `name`: none, one, or (for `step`) two.
    public static func named(_ name: String) -> [Builtin] { entriesByName[name] ?? [] }

    /// The builtin a call of `name` with `argumentCount` positional arguments means: of two entries with one
    /// name, the one whose arity fits (`step(net, 0.1)` is the update, `step(x)` the unit step), else the first.
    public static func entry(named name: String, argumentCount: Int) -> Builtin? {
        let entries = named(name)
        return entries.first { $0.arity.contains(argumentCount) } ?? entries.first
    }

    /// `usage: summary` and the example, for help.
    var paragraph: String {
        var text = "\(usage): \(summary)\n  example: \(example)"
        if let shows { text += "  → \(shows)" }
        if let note { text += "\n  \(note)" }
        return text
    }

    /// The line for the builtin's theme topic and `:help functions`.
    var listing: String { "  \(usage): \(summary)" }
}
