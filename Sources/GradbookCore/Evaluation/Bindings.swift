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

    /// Each name's slot in `slots`: a name keeps its slot for good (unbinding empties it), so a loop can look a
    /// name up once and then read and bind it by slot (`Slot`), without hashing the name at every repetition.
    private var slotOf: [String: Int] = [:]
    private var slots: [Slot.Content] = []
    /// The names whose binding was ever replaced or removed (a slot's `oldestTakenOut` set), each once.
    private(set) var namesTakenOut: [String] = []
    /// Whether a function's definition was ever replaced or removed (values made with it may be out of date).
    private(set) var aFunctionWasTakenOut = false
    /// Binding order, for `:vars`.
    private(set) var order: [String] = []
    /// What changes at most once a cell (results, the last backward pass), boxed: every statement of a
    /// `repeat` copies the bindings, and one reference copies faster than five (`Bindings+Results.swift`).
    var earlier = Earlier.none
    /// Every name bound, indexed for "did you mean" (shared by the copies; see `NearNamesCache`).
    let nearNames = NearNamesCache()

    public init() {}

    /// An empty value an evaluator holds once it has handed its statement's bindings back (`Evaluator.commit`);
    /// never bound into.
    static let released = Bindings()

    public subscript(name: String) -> Entry? {
        guard let slot = slotOf[name] else { return nil }
        return slots[slot].entry
    }

    /// Where a name's entry lives, found once (`slot(of:)`) and then valid for these bindings and every copy
    /// made from them since.
    struct Slot: Equatable {
        fileprivate let index: Int

        /// What a slot holds.
        fileprivate struct Content {
            var entry: Entry?
            /// The smallest serial of a node that was this name's value and was replaced or unbound (Int.max:
            /// none was). Only a node at least this old can be an out-of-date value of the name, so the stale
            /// check need not walk a graph made before it (`StalenessCheck`). Smallest, not last: a loop that
            /// rebinds v 20,000 times writes it once.
            var oldestTakenOut = Int.max
        }
    }

    /// The slot of `name`, giving it one (empty: the name stays unbound) if it has none yet.
    mutating func slot(of name: String) -> Slot {
        if let index = slotOf[name] { return Slot(index: index) }
        slotOf[name] = slots.count
        slots.append(Slot.Content())
        return Slot(index: slots.count - 1)
    }

    /// The entry in `slot` (nil: unbound).
    subscript(slot: Slot) -> Entry? { slots[slot.index].entry }

    /// The node of the number (or vector, matrix or formula) in `slot`; nil for anything else or nothing.
    func scalarNode(in slot: Slot) -> Node? {
        if case .value(.scalar(let node), _)? = slots[slot.index].entry { return node }
        return nil
    }

    /// The node of the number (or vector, matrix or formula) bound to `name`; nil for anything else or nothing.
    func scalarNode(named name: String) -> Node? {
        guard let index = slotOf[name] else { return nil }
        return scalarNode(in: Slot(index: index))
    }

    /// Binds `name`, replacing any earlier binding (values computed from the old one keep it).
    /// Returns the entry it replaced (nil if the name was unbound).
    @discardableResult
    public mutating func bind(_ name: String, to entry: Entry) -> Entry? {
        bind(name, in: slot(of: name), to: entry)
    }

    /// `bind(name, to:)` where the name's slot is known (`slot(of:)` of the same name).
    @discardableResult
    mutating func bind(_ name: String, in slot: Slot, to entry: Entry) -> Entry? {
        // Swapped in place: reading the old entry out and writing the new one copied both (a loop binds at
        // every repetition).
        var replaced: Entry? = entry
        swap(&replaced, &slots[slot.index].entry)
        if replaced != nil { noteTakenOut(from: slot.index, name: name, replaced) } else { order.append(name) }
        return replaced
    }

    /// Remembers what was taken out of a slot, for `oldestTakenOut` and `aFunctionWasTakenOut`.
    private mutating func noteTakenOut(from index: Int, name: String, _ entry: borrowing Entry?) {
        switch entry {
        case nil:
            return
        case .function?:
            aFunctionWasTakenOut = true
        case .value(let value, _)?:
            // (Only a value's own node is ever recorded as bound to the name, `BoundNodes.record`.)
            guard let serial = value.node?.serial, serial < slots[index].oldestTakenOut else { return }
            if slots[index].oldestTakenOut == .max { namesTakenOut.append(name) }
            slots[index].oldestTakenOut = serial
        }
    }

    /// The smallest serial of a node that was `name`'s value and was replaced or unbound (`Slot.Content`).
    func oldestTakenOut(of name: String) -> Int {
        guard let index = slotOf[name] else { return .max }
        return slots[index].oldestTakenOut
    }

    /// Puts `name` back as it was: bound to `entry`, or unbound when `entry` is nil (undoing part of a
    /// `repeat` repetition that Ctrl-C stopped half-way).
    mutating func restore(_ name: String, to entry: Entry?) {
        guard let entry else {
            if let index = slotOf[name], let removed = slots[index].entry {
                slots[index].entry = nil
                noteTakenOut(from: index, name: name, removed)
            }
            order.removeAll { $0 == name }
            return
        }
        bind(name, to: entry)
    }

    /// Every binding, in the order the names were first bound.
    public var all: [(name: String, entry: Entry)] {
        order.compactMap { name in self[name].map { (name, $0) } }
    }

    /// All bound names.
    public var names: [String] { order }

    /// The constants every session starts with; a binding may shadow them.
    public static let predefined: [String: Double] = ["pi": Double.pi, "e": MathFunction.e, "inf": Double.infinity, "nan": Double.nan]
}
