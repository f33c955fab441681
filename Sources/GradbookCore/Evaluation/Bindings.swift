// The names a session knows: values and user functions. A value type, so a failed cell changes nothing.

/// A user-defined function: `f(x, y) = x^2 + y`; its body is evaluated at each call.
public struct UserFunction: Sendable {
    public var name: String
    public var parameters: [String]
    public var body: Expression
    /// The definition as typed, for `:vars` and for `:save`.
    public var source: String
    /// The text the body's ranges refer to (the cell or file that defined it).
    public var definition: SourceText
}

/// Names bound in a session.
///
/// A value type: the evaluator works on a copy, and the `Notebook` keeps it only when the statement
/// succeeds, so an error anywhere leaves every binding as it was.
public struct Bindings: Sendable {
    public enum Entry: Sendable {
        case value(Value, cell: Int?)
        /// Boxed, so looking a value up copies a few words, not a whole definition.
        indirect case function(UserFunction)
    }

    private(set) var entries: [String: Entry] = [:]
    /// Binding order, for `:vars`.
    private(set) var order: [String] = []
    /// The results shown so far: the last one of each cell, for `Out[n]` and `_n` (see Bindings+Results).
    public internal(set) var results: [Int: Value] = [:]
    /// The cells in `results`, oldest first, so the oldest can be dropped past `maximumKeptResults`.
    var resultCells: [Int] = []
    /// Cells whose result was dropped, so `Out[n]` for one of them says so.
    var droppedResults: Set<Int> = []
    /// The last result shown, for `_`.
    public internal(set) var lastResult: Value?
    /// The most recent backward pass (`backward(L)`), whose gradients `step(net, lr)` applies. Each new
    /// backward pass replaces it, so gradients never pile up from one pass to the next.
    public internal(set) var lastBackward: Backpropagation?

    public init() {}

    public subscript(name: String) -> Entry? { entries[name] }

    /// Binds `name`, replacing any earlier binding (values computed from the old one keep it).
    public mutating func bind(_ name: String, to entry: Entry) {
        if entries.updateValue(entry, forKey: name) == nil { order.append(name) }
    }

    /// Puts `name` back as it was: bound to `entry`, or unbound when `entry` is nil (undoing part of a
    /// `repeat` repetition that Ctrl-C stopped half-way).
    mutating func restore(_ name: String, to entry: Entry?) {
        guard let entry else {
            entries[name] = nil
            order.removeAll { $0 == name }
            return
        }
        bind(name, to: entry)
    }

    /// Every binding, in the order the names were first bound.
    public var all: [(name: String, entry: Entry)] {
        order.compactMap { name in entries[name].map { (name, $0) } }
    }

    /// All bound names.
    public var names: [String] { order }

    /// The constants every session starts with; a binding may shadow them.
    public static let predefined: [String: Double] = ["pi": Double.pi, "e": 2.718281828459045, "inf": Double.infinity, "nan": Double.nan]
}
