// The maths DAG: hash-consed nodes in an arena (egg's id-indexed array); shared subterms stored once.
//
// Conventions: a node's children always have smaller indices than the node itself, so ascending index
// order is a topological order. Every traversal in Symbolic/ is therefore a loop over indices or an
// explicit stack, never recursion over the DAG: a 1,000,000-deep formula cannot overflow the stack.

/// Identity of a variable in a formula.
///
/// Free symbols have `id == nil`, so every free `a` is one variable. Bound leaves and intermediates carry
/// a unique `id`, because two different bindings may both be named `x`.
public struct Variable: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String
    public let id: Int?

    public init(name: String, id: Int? = nil) {
        self.name = name
        self.id = id
    }

    /// Names in natural order (`w2` before `w10`), then free before bound, then by id.
    public static func < (lhs: Variable, rhs: Variable) -> Bool {
        if lhs.name != rhs.name { return NaturalOrder.precedes(lhs.name, rhs.name) }
        switch (lhs.id, rhs.id) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (l?, r?): return l < r
        }
    }

    public var description: String { name }
}

/// A formula in one `FormulaStore`: an index into its arena. Ids from different stores must not be mixed.
public struct FormulaID: Hashable, Sendable, Comparable {
    /// Position in the store's arena; children always have smaller indices than their parents.
    public let index: Int

    init(_ index: Int) { self.index = index }

    public static func < (lhs: FormulaID, rhs: FormulaID) -> Bool { lhs.index < rhs.index }
}

/// Structural view of one node, in basic operations.
///
/// Subtraction is an `add` with a `-1` factor (`a - b` = `a + (-1)*b`) and division is a power with
/// exponent `-1` (`a/b` = `a*b^-1`). In a `multiply`, the numeric coefficient (if any) comes first;
/// every other operand is non-constant. Operand order is canonical (by id), not the printing order.
public enum FormulaView: Equatable, Sendable {
    case constant(Double)
    case variable(Variable)
    case add([FormulaID])
    case multiply([FormulaID])
    case power(FormulaID, FormulaID)
    case apply(MathFunction, FormulaID)
}

/// An arena of hash-consed formula nodes, simplified as they are built.
///
/// Structurally equal nodes share one id, and operands are kept in canonical order, so `a + b` and
/// `b + a` are the same node. One store serves one computation; it is a plain class, not shared
/// across threads.
public final class FormulaStore {
    /// One stored node. Constants are keyed by bit pattern so that NaN finds itself and -0 is one key.
    enum Node: Hashable {
        case constant(bits: UInt64)
        case variable(Variable)
        case add([FormulaID])
        case multiply([FormulaID])
        case power(FormulaID, FormulaID)
        case apply(MathFunction, FormulaID)

        /// The node's children, in stored order (duplicates kept).
        var children: [FormulaID] {
            switch self {
            case .constant, .variable: return []
            case .add(let operands), .multiply(let operands): return operands
            case .power(let base, let exponent): return [base, exponent]
            case .apply(_, let argument): return [argument]
            }
        }

        /// Calls `body` on each child, without building an array (traversals visit millions of nodes).
        func forEachChild(_ body: (FormulaID) -> Void) {
            switch self {
            case .constant, .variable: return
            case .add(let operands), .multiply(let operands): operands.forEach(body)
            case .power(let base, let exponent):
                body(base)
                body(exponent)
            case .apply(_, let argument): body(argument)
            }
        }
    }

    /// Why the store stopped adding nodes before a computation finished.
    public enum StopReason: Equatable, Sendable {
        /// `shouldStop` said so (Ctrl-C).
        case interrupted
        /// The arena reached `maximumCount` nodes: the result would be too large to be useful.
        case tooLarge
    }

    /// Polled every `pollInterval` new nodes and at each equivalence sample; returning true stops the
    /// computation (the evaluator passes its Ctrl-C flag).
    public var shouldStop: (() -> Bool)?
    /// The most nodes the arena may hold; unlimited unless a caller sets it.
    public var maximumCount = Int.max
    /// Set once the store has stopped. From then on every new node is replaced by 0, so the running
    /// computation collapses quickly instead of growing; its result is meaningless and the caller,
    /// which must check `stopReason`, reports why instead of showing it.
    public private(set) var stopReason: StopReason?
    /// How many new nodes pass between two calls of `shouldStop` (a few microseconds of work).
    static let pollInterval = 1_024

    private(set) var nodes: [Node] = []
    private var index = InternTable()
    /// For a product c*u1*…*uk with a coefficient, the id of u1*…*uk once it has been asked for.
    private var monomials: [FormulaID: FormulaID] = [:]
    /// Each measured formula's written length (`writtenLength`); formulas never change, so it stays valid.
    var writtenLengths: [FormulaID: Int] = [:]

    /// The constants 0, 1 and -1, interned first because every rule needs them.
    let zero: FormulaID, one: FormulaID, minusOne: FormulaID

    public init() {
        zero = FormulaID(0)
        one = FormulaID(1)
        minusOne = FormulaID(2)
        for value in [0.0, 1.0, -1.0] { _ = intern(.constant(bits: value.bitPattern)) }
    }

    /// How many nodes the arena holds (including ones no longer reachable from any formula).
    public var count: Int { nodes.count }

    /// The id of `node`, adding it to the arena if it is new.
    func intern(_ node: Node) -> FormulaID {
        let hash = InternTable.hash(node)
        if let id = index.find(node, hash: hash, in: nodes) { return id }
        if nodes.count % Self.pollInterval == 0 { pollForStop() }
        if stopReason != nil { return zero }
        let id = FormulaID(nodes.count)
        nodes.append(node)
        index.insert(hash: hash, id: id.index)
        return id
    }

    /// Records a stop when the arena is full or `shouldStop` asks for one; returns whether stopped.
    @discardableResult
    func pollForStop() -> Bool {
        if stopReason == nil, nodes.count >= maximumCount { stopReason = .tooLarge }
        if stopReason == nil, shouldStop?() == true { stopReason = .interrupted }
        return stopReason != nil
    }

    /// The monomial u1*…*uk of the product `id` = c*u1*…*uk (with its `operands`), interned once.
    func monomial(of id: FormulaID, _ operands: [FormulaID]) -> FormulaID {
        if let known = monomials[id] { return known }
        let rest = operands.count == 2 ? operands[1] : intern(.multiply(Array(operands.dropFirst())))
        monomials[id] = rest
        return rest
    }

    /// The id of `node` if it is already stored, without adding it.
    func existing(_ node: Node) -> FormulaID? { index.find(node, hash: InternTable.hash(node), in: nodes) }

    func node(_ id: FormulaID) -> Node { nodes[id.index] }

    /// The structure of `id`, one level deep.
    public func view(_ id: FormulaID) -> FormulaView {
        switch node(id) {
        case .constant(let bits): return .constant(Double(bitPattern: bits))
        case .variable(let variable): return .variable(variable)
        case .add(let operands): return .add(operands)
        case .multiply(let operands): return .multiply(operands)
        case .power(let base, let exponent): return .power(base, exponent)
        case .apply(let function, let argument): return .apply(function, argument)
        }
    }

    /// The value of `id` when it is a numeric constant.
    public func constantValue(_ id: FormulaID) -> Double? {
        if case .constant(let bits) = node(id) { return Double(bitPattern: bits) }
        return nil
    }

    /// Whether `id` is a numeric constant.
    public func isConstant(_ id: FormulaID) -> Bool { constantValue(id) != nil }

    /// The variable `id` stands for, when it is a single variable.
    public func variableValue(_ id: FormulaID) -> Variable? {
        if case .variable(let variable) = node(id) { return variable }
        return nil
    }
}

/// Natural string order: runs of digits compare by number, so `t2` < `t10` and `w9` < `w10`.
enum NaturalOrder {
    static func precedes(_ a: String, _ b: String) -> Bool {
        // Printing a large formula compares thousands of names (t1 … t6080); do it on the bytes when
        // both are ASCII, without building the runs.
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in asciiPrecedes(x, y) }
        }
        if case .some(.some(.some(let result))) = fast { return result }
        return runsPrecedes(a, b)
    }

    /// The definition of the order, on the strings' runs (`precedes` must agree with it).
    static func runsPrecedes(_ a: String, _ b: String) -> Bool {
        let (x, y) = (runs(a), runs(b))
        for (p, q) in zip(x, y) where p != q {
            guard p.first?.isASCIIDigit == true, q.first?.isASCIIDigit == true else { return p < q }
            let (m, n) = (p.drop { $0 == "0" }, q.drop { $0 == "0" })
            if m.count != n.count { return m.count < n.count }  // more digits, larger number
            return m != n ? m < n : p.count < q.count  // equal numbers: fewer leading zeros first
        }
        return x.count < y.count
    }

    /// `precedes` for two ASCII strings, run by run as the general version; nil when either is not ASCII.
    private static func asciiPrecedes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !x.contains(where: { $0 >= 0x80 }), !y.contains(where: { $0 >= 0x80 }) else { return nil }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func runEnd(_ s: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            var end = start + 1
            while end < s.count, isDigit(s[end]) == isDigit(s[start]) { end += 1 }
            return end
        }
        var (i, j) = (0, 0)
        while i < x.count, j < y.count {
            let (iEnd, jEnd) = (runEnd(x, from: i), runEnd(y, from: j))
            let p = UnsafeBufferPointer(rebasing: x[i..<iEnd]), q = UnsafeBufferPointer(rebasing: y[j..<jEnd])
            if !p.elementsEqual(q) {
                guard isDigit(p[0]), isDigit(q[0]) else { return p.lexicographicallyPrecedes(q) }
                let m = p.drop { $0 == 0x30 }, n = q.drop { $0 == 0x30 }
                if m.count != n.count { return m.count < n.count }
                return !m.elementsEqual(n) ? m.lexicographicallyPrecedes(n) : p.count < q.count
            }
            (i, j) = (iEnd, jEnd)
        }
        // Every run in common is equal: the one with fewer runs comes first.
        var (xRuns, yRuns) = (0, 0)
        var k = i
        while k < x.count { k = runEnd(x, from: k); xRuns += 1 }
        k = j
        while k < y.count { k = runEnd(y, from: k); yRuns += 1 }
        return xRuns < yRuns
    }

    /// `w10b` as ["w", "10", "b"]: maximal runs of digits and of other characters.
    private static func runs(_ s: String) -> [Substring] {
        var result: [Substring] = []
        var start = s.startIndex
        for i in s.indices.dropFirst() where s[i].isASCIIDigit != s[s.index(before: i)].isASCIIDigit {
            result.append(s[start..<i])
            start = i
        }
        if start < s.endIndex { result.append(s[start...]) }
        return result
    }
}

extension Character {
    // Not `isNumber`: its Unicode property lookup dominated printing large formulas (profiled).
    fileprivate var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
