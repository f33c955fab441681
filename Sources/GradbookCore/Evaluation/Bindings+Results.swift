// Earlier results by name: `_` is the last one shown, `Out[n]` and `_n` the one cell n showed.

extension Bindings {
    /// Remembers `value` as cell `cell`'s result and as the last result.
    public mutating func recordResult(_ value: Value, cell: Int) {
        results[cell] = value
        lastResult = value
    }

    /// For `_` the last result, for `_3` cell 3's; nil when the name is not of that form or there is none.
    ///
    /// A binding of the same name always wins: the evaluator asks only after the bindings say nothing.
    public func result(named name: String) -> Value? {
        if name == "_" { return lastResult }
        return Bindings.resultNumber(of: name).flatMap { results[$0] }
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
