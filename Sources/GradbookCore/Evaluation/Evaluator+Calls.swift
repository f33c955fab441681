// Calling functions: builtins (sin … relu, sum, mean), the calculus forms, and user functions.

extension Evaluator {
    /// Every function name a person can call without defining it, for "did you mean".
    static var builtinNames: [String] { Builtin.names }

    func call(_ name: String, nameRange: SourceRange, arguments: [Argument], at range: SourceRange) throws(Diagnostic) -> Value {
        // Looked up once: a training loop calls grad at every repetition.
        let bound = bindings[name]
        if case .function(let function) = bound {
            return try callUser(function, arguments: arguments, at: range)
        }
        if case .value(.network(let network), _) = bound {
            return try callNetwork(network, arguments, name: name, at: range)
        }
        if bound == nil, name == "grad", arguments.allSatisfy({ $0.label == nil }) {
            return try deriving { () throws(Diagnostic) in try gradient(arguments.map(\.value), at: range) }
        }
        if case .value = bound {
            throw .valueCalled(name, asProduct: source.text(in: range).replacingOccurrences(of: name + "(", with: name + "*(", options: .anchored), at: nameRange)
        }
        // Every builtin is called through its entry in the table, so none can exist without one.
        // step(x) is the unit step; step(net, lr) is one gradient-descent update of a network.
        let positionalCount = arguments.filter { $0.label == nil }.count
        guard let builtin = Builtin.entry(named: name, argumentCount: positionalCount) else {
            let known = Evaluator.builtinNames + bindings.names.filter {
                if case .function = bindings[$0] { return true } else { return false }
            }
            throw .unknownFunction(name, suggestion: Suggestion.closest(to: name, among: known), at: nameRange)
        }
        switch builtin.implementation {
        case .network: return try callNetworkFunction(name, arguments, at: range)
        case .picture: return try callSeeing(name, arguments, at: range)
        case .tensor: return try callTensorFunction(name, arguments, at: range)
        case .calculus where name == "check": return try check(arguments, at: range)
        case .elementwise, .calculus: break
        }
        if let label = arguments.first(where: { $0.label != nil }), let labelRange = label.labelRange {
            throw .unknownLabel(label.label ?? "", function: name, at: labelRange)
        }
        let values = arguments.map(\.value)
        if case .elementwise(let function) = builtin.implementation {
            try checkCount(name, values, expected: 1, at: range, hint: "apply it to each value separately, for example `\(name)(x) + \(name)(y)`.")
            return try applyElementwise(.function(function), [try evaluate(values[0])], at: range)
        }
        // Results built from the inside of other graphs are judged stale by what the call read (DerivedNodes.swift).
        switch name {
        case "diff": return try deriving { () throws(Diagnostic) in try differentiate(values, at: range) }
        case "numdiff": return try deriving { () throws(Diagnostic) in try numericDerivative(values, at: range) }
        case "grad": return try deriving { () throws(Diagnostic) in try gradient(values, at: range) }
        case "backward": return try backward(values, at: range)
        case "jacobian": return try deriving { () throws(Diagnostic) in try jacobian(values, at: range) }
        case "hessian": return try deriving { () throws(Diagnostic) in try hessian(values, at: range) }
        case "forward_diff": return try deriving { () throws(Diagnostic) in try forwardDerivative(values, at: range) }
        case "simplify", "expand": return try deriving { () throws(Diagnostic) in try simplifyOrExpand(name, values, at: range) }
        default:
            // A calculus entry without a case here is a bug in the table, not the user's: say so plainly.
            throw .builtinWithoutImplementation(name, at: nameRange)
        }
    }

    func checkCount(_ name: String, _ arguments: [Expression], expected: Int, at range: SourceRange, hint: String? = nil) throws(Diagnostic) {
        guard arguments.count != expected else { return }
        throw .argumentCount(name, expected: expected == 1 ? "1 argument" : "\(expected) arguments", given: arguments.count, at: range, hint: hint)
    }

    func checkCount(_ name: String, _ arguments: [Expression], within counts: ClosedRange<Int>, usage: String, at range: SourceRange) throws(Diagnostic) {
        guard !counts.contains(arguments.count) else { return }
        throw .argumentCount(name, expected: "\(counts.lowerBound) or \(counts.upperBound) arguments", given: arguments.count, at: range, hint: "usage: \(usage)")
    }

    private func callUser(_ function: UserFunction, arguments: [Argument], at range: SourceRange) throws(Diagnostic) -> Value {
        let signature = "\(function.name)(\(function.parameters.joined(separator: ", ")))"
        functionsCalled.insert(function.name)
        guard arguments.count == function.parameters.count else {
            let expected = function.parameters.count == 1 ? "1 argument" : "\(function.parameters.count) arguments"
            throw .argumentCount(function.name, expected: expected, given: arguments.count, at: range, hint: "it was defined as \(signature).")
        }
        var scope: [String: Node] = [:]
        for (parameter, argument) in zip(function.parameters, arguments) {
            if let labelRange = argument.labelRange {
                throw .namedArgument(argument.label ?? "", function: function.name, parameters: function.parameters.count, at: labelRange)
            }
            scope[parameter] = try node(argument.value, role: .parameter(parameter, of: function.name))
        }
        return try withParameters(scope, calling: function.name, at: range) { () throws(Diagnostic) -> Value in
            try evaluateBody(of: function, calledAt: range)
        }
    }

}

/// "Did you mean …?" by edit distance.
enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let letters = Array(word.unicodeScalars)
        let allowed = allowedSlips(in: word)
        // Ties go to the candidate sharing the longest start with the word: "sinn" means sin, not sign.
        var best: (candidate: String, distance: Int, prefix: Int)?
        for candidate in candidates {
            // The distance is at least the difference in length: most candidates are out before any work
            // (a grad over 641 free names looked each up among 320 bound ones, a Levenshtein table per pair).
            let candidateLetters = Array(candidate.unicodeScalars)
            guard Swift.abs(candidateLetters.count - letters.count) <= allowed,
                  let d = distance(letters, candidateLetters, within: allowed) else { continue }
            let prefix = commonPrefixLength(word, candidate)
            if best.map({ (d, -prefix) < ($0.distance, -$0.prefix) }) ?? true { best = (candidate, d, prefix) }
        }
        return best?.candidate
    }

    /// One slip in a short name, two in a long one; a one- or two-letter name matches too much to guess.
    static func allowedSlips(in word: String) -> Int {
        let count = word.unicodeScalars.count
        return count <= 2 ? 0 : (count <= 5 ? 1 : 2)
    }

    static func commonPrefixLength(_ a: String, _ b: String) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// Edit distance: insertions, deletions, substitutions and swaps of two neighbouring letters (`tarce`
    /// is one slip from `trace`, as a person would count it).
    static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars), within: .max) ?? .max
    }

    /// The edit distance of `a` and `b` (optimal string alignment: Levenshtein plus adjacent swaps) if it
    /// is at most `limit`, else nil (decided as soon as a whole row of the table exceeds it).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], within limit: Int) -> Int? {
        if a.isEmpty { return b.count <= limit ? b.count : nil }
        if b.isEmpty { return a.count <= limit ? a.count : nil }
        // The table's last three rows on the call stack: three arrays per candidate were most of a lookup's cost
        // when every free name of a long chain is looked up among hundreds of bound ones.
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows -> Int? in
            var beforePrevious = rows.baseAddress.unsafelyUnwrapped
            var previous = beforePrevious + width, current = previous + width
            for j in 0..<width { (beforePrevious[j], previous[j], current[j]) = (j, j, j) }
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                for j in 1...b.count {
                    var cost = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1], a[i - 1] != a[i - 2] {
                        cost = Swift.min(cost, beforePrevious[j - 2] + 1)
                    }
                    current[j] = cost
                    rowMinimum = Swift.min(rowMinimum, cost)
                }
                // A swap reaches back two rows, but it costs one more than that row's minimum, which is at least
                // this row's minimum less one: a row over the limit still ends the search.
                if rowMinimum > limit { return nil }
                (beforePrevious, previous, current) = (previous, current, beforePrevious)
            }
            return previous[b.count] <= limit ? previous[b.count] : nil
        }
    }
}
