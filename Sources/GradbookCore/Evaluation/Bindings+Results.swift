// Earlier results by name: `_` is the last one shown, `Out[n]` and `_n` the one cell n showed.
//
// Convention: only the last `maximumKeptResults` results are kept (IPython keeps 1,000 too). Each result
// keeps its whole computation graph, so 5,000 shown 100×100 results held 425 MB; an older `Out[n]` is
// dropped, and asking for it says so rather than meaning anything else.

extension Bindings {
    /// The results and the last backward pass, shared between copies of the bindings until one changes
    /// them (copy on write, as the standard collections do).
    final class Earlier: @unchecked Sendable {
        var results: [Int: Value] = [:]
        var resultCells: [Int] = []
        var droppedResults: Set<Int> = []
        var lastResult: Value?
        var lastBackward: Backpropagation?

        /// The box of a session that has shown nothing yet, shared, so empty bindings allocate none.
        static let none = Earlier()

        func copy() -> Earlier {
            let copy = Earlier()
            (copy.results, copy.resultCells, copy.droppedResults) = (results, resultCells, droppedResults)
            (copy.lastResult, copy.lastBackward) = (lastResult, lastBackward)
            return copy
        }
    }

    /// The box, copied first if another copy of the bindings shares it.
    private mutating func uniqueEarlier() -> Earlier {
        if !isKnownUniquelyReferenced(&earlier) { earlier = earlier.copy() }
        return earlier
    }

    /// The results shown so far: the last one of each cell, for `Out[n]` and `_n`.
    public internal(set) var results: [Int: Value] {
        get { earlier.results }
        _modify { let box = uniqueEarlier(); yield &box.results }
    }
    /// The cells in `results`, oldest first, so the oldest can be dropped past `maximumKeptResults`.
    var resultCells: [Int] {
        get { earlier.resultCells }
        _modify { let box = uniqueEarlier(); yield &box.resultCells }
    }
    /// Cells whose result was dropped, so `Out[n]` for one of them says so.
    var droppedResults: Set<Int> {
        get { earlier.droppedResults }
        _modify { let box = uniqueEarlier(); yield &box.droppedResults }
    }
    /// The last result shown, for `_`.
    public internal(set) var lastResult: Value? {
        get { earlier.lastResult }
        _modify { let box = uniqueEarlier(); yield &box.lastResult }
    }
    /// The most recent backward pass (`backward(L)`), whose gradients `step(net, lr)` applies. Each new
    /// backward pass replaces it, so gradients never pile up from one pass to the next.
    public internal(set) var lastBackward: Backpropagation? {
        get { earlier.lastBackward }
        _modify { let box = uniqueEarlier(); yield &box.lastBackward }
    }

    /// How many cells' results `Out[n]` and `_n` can reach; `_` (the last result) is always kept.
    public static let maximumKeptResults = 1_000

    /// What `Out[n]` finds.
    public enum EarlierResult {
        case kept(Value)
        /// Cell n showed a result, but it is older than the last `maximumKeptResults`.
        case dropped(oldestKept: Int?)
        /// Cell n showed no result (or has not run yet).
        case none
    }

    /// Remembers `value` as cell `cell`'s result and as the last result, dropping the oldest result past
    /// `maximumKeptResults`.
    public mutating func recordResult(_ value: Value, cell: Int) {
        if results.updateValue(value, forKey: cell) == nil { resultCells.append(cell) }
        lastResult = value
        if resultCells.count > Bindings.maximumKeptResults {
            let oldest = resultCells.removeFirst()
            results[oldest] = nil
            droppedResults.insert(oldest)
        }
    }

    /// Cell `number`'s result: kept, dropped, or never shown.
    public func earlierResult(_ number: Int) -> EarlierResult {
        if let value = results[number] { return .kept(value) }
        if droppedResults.contains(number) { return .dropped(oldestKept: resultCells.first) }
        return .none
    }

    /// For `_` the last result, for `_3` cell 3's; nil when the name is not of that form or there is none.
    ///
    /// A binding of the same name always wins: the evaluator asks only after the bindings say nothing.
    public func result(named name: String) -> Value? {
        if name == "_" { return lastResult }
        guard let number = Bindings.resultNumber(of: name), case .kept(let value) = earlierResult(number) else { return nil }
        return value
    }

    /// 3 for `_3`; 0 for `_` (the last result); nil for any other name.
    public static func resultNumber(of name: String) -> Int? {
        guard name.hasPrefix("_") else { return nil }
        let digits = name.dropFirst()
        if digits.isEmpty { return 0 }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.count < 10 else { return nil }
        return Int(digits)
    }
}
