// What evaluating an expression gives: a number or formula (a graph node), a list, or a report.

/// The result of evaluating an expression.
///
/// Every case but `scalar` is `indirect` (boxed): every expression returns a `Value`, and with the reports
/// inline each return copied a few hundred bytes, a tenth of a training loop's time. With every payload a
/// single reference, copying a value is one retain, not a switch over its cases (a loop copies the values it
/// binds several times a statement).
public enum Value: Sendable {
    /// A number, vector or matrix, or a formula when it depends on a free symbol; a node of a graph.
    case scalar(Node)
    /// The result of `diff`: a formula shown as such, with its value when every name in it is bound.
    indirect case derivative(DerivativeResult)
    /// Several values of different shapes, as `grad(loss, [W, b])` gives.
    indirect case collection([Node], names: [String])
    /// A neural network (`mlp(2, [4, 1])`).
    indirect case network(Network)
    /// Examples and targets (`xor()`, `moons(100)`).
    indirect case dataset(Dataset)
    /// What `train` did; its value is the loss history.
    indirect case training(TrainingReport)
    /// The answer to `A == B`.
    indirect case comparison(Comparison)
    /// The table `backward(EXPR)` prints.
    indirect case backward(BackwardReport)
    /// The side-by-side table `check(EXPR, x)` prints.
    indirect case check(GradientCheckReport)
    /// `check(loss, W)` for a vector or matrix W.
    indirect case tensorCheck(TensorCheckReport)
    /// `check(loss, [w, b])` or `check(loss, net)`: one check (`.check` or `.tensorCheck`) per input.
    indirect case checks([Value])
    /// A graph drawing, an explanation, a plot, a decision boundary or LaTeX (see `Seeing/`).
    indirect case picture(Picture)

    /// The graph node, when the value is a single number or formula.
    public var node: Node? {
        switch self {
        case .scalar(let node): return node
        case .derivative(let result): return result.node
        case .training(let report): return report.history
        default: return nil
        }
    }

    /// How the kind of value reads in messages.
    public var kindDescription: String {
        switch self {
        case .scalar, .derivative: return "a number"
        case .collection: return "a list of values"
        case .network: return "a network"
        case .dataset: return "a data set"
        case .training: return "a training summary"
        case .comparison: return "a comparison"
        case .backward: return "a backward table"
        case .check, .tensorCheck, .checks: return "a gradient check"
        case .picture: return "a picture"
        }
    }
}

/// A derivative as `diff` computed it: the graph of the formula, and the formula as printed then.
public struct DerivativeResult: Sendable {
    public var node: Node
    /// The simplified formula in gradbook syntax (with `where` names for shared parts).
    public var formula: String
    /// The named values the formula is written in, for its value line (`= 4 at c = 2`); nil: the leaves of
    /// `node`'s graph. They differ when a name stands for an intermediate (`diff(c^2, c)` after `c = c*c + c`).
    public var point: [Node]? = nil
}

/// The answer to `A == B`: `true`, `false` with a point where the sides differ, or "cannot tell" (`doubt`).
public struct Comparison: Sendable {
    /// Whether the two sides are equal (as numbers) or the same function (with free symbols). False
    /// also when gradbook cannot tell; `doubt` then says why.
    public var isEqual: Bool
    /// Why gradbook cannot tell whether the sides are equal (nil when it can).
    public var doubt: String? = nil
    /// When the sides agree at the person's own values but differ elsewhere: those values, the common
    /// value there, and whether every name in the point is one the person bound.
    public var agreement: (point: [(name: String, value: Double)], value: Double, isYours: Bool)? = nil
    /// Whether the counterexample is the person's own values (every name in it bound, at its value).
    public var counterexampleIsYours = false
    /// For formulas that differ: a point where they do, and both sides' values there.
    public var counterexample: [(name: String, value: Double)] = []
    public var leftValue: Double?
    public var rightValue: Double?
    /// A sentence naming the likely mistake, when one of the typical ones fits.
    public var explanation: String?
    /// For vectors and matrices: the first element that differs, `[2, 1]`.
    public var element: String?
    /// For derivatives that are the same function: a point where they differ only because it is a kink, where a
    /// derivative's value is a convention (`EquivalenceResult.differsOnlyAtKink`), with both sides' values there.
    public var differsOnlyAtKink: (point: [(name: String, value: Double)], left: Double, right: Double)?
    /// A sentence shown under `true`: what the agreement rests on where that is not plain (a derivative at a kink).
    public var remark: String?
    /// For formulas that are equal where both are defined: a point where only one side is, both sides' values there,
    /// and the step of the other side that has no value (`log(-1)`): `exp(log(x)) == x` holds for x > 0 only.
    public var definedOnOneSideOnly: (point: [(name: String, value: Double)], left: Double, right: Double, undefinedStep: String)?

    public init(isEqual: Bool, counterexample: [(name: String, value: Double)] = [], leftValue: Double? = nil,
                rightValue: Double? = nil, explanation: String? = nil, element: String? = nil) {
        self.isEqual = isEqual
        self.counterexample = counterexample
        self.leftValue = leftValue
        self.rightValue = rightValue
        self.explanation = explanation
        self.element = element
    }
}

/// The table `backward(EXPR)` prints: every leaf (and named intermediate) with its value and gradient.
public struct BackwardReport: Sendable {
    public struct Row: Sendable {
        public var name: String
        public var value: Double
        public var gradient: Double
        public var isLeaf: Bool
        /// For a vector or matrix: its value and its gradient (the scalar fields are then NaN).
        public var tensor: Tensor? = nil
        public var tensorGradient: Tensor? = nil
    }
    public var outputName: String
    public var outputValue: Double
    public var rows: [Row]
}

/// What `train` did: the loss after each epoch, and where it ended.
public struct TrainingReport: Sendable {
    public var networkName: String
    /// The loss history, as a vector (what `h = train(…)` binds).
    public var history: Node
    public var optimizer: String
    public var learningRate: Double
    public var wasInterrupted: Bool
    public var accuracy: Double?
}
