// Where two formulas found equal are not both defined: exp(log(x)) == x holds only for x > 0, and
// log(x^2) == 2*log(x) too; `true` says so, naming a point and the step that has no value there.

extension FormulaStore {
    /// The first step of `formula` at `point` that is not a number although its inputs are: a function outside its
    /// domain or at its pole, or an undefined power. Nil when the formula is a number there, when its first value that
    /// is not a number came from an overflow or underflow (exp(800), log(exp(-800))), which is a limit of doubles and
    /// not of the maths, and when rounding could have put the input where it is (sqrt of a -1e-17 that may be 0).
    func undefinedStep(of formula: FormulaID, at point: [Variable: Double]) -> EquivalenceResult.UndefinedStep? {
        undefinedStep(in: FormulaEvaluation(store: self, roots: [formula]), at: point)
    }

    /// `undefinedStep(of:at:)` with the formula compiled already (`FormulaEvaluation` of it alone).
    func undefinedStep(in evaluation: FormulaEvaluation, at point: [Variable: Double]) -> EquivalenceResult.UndefinedStep? {
        let (values, errors) = evaluation.boundedSteps(at: point)
        // A value known exactly: no rounding on its way, or the sum of two such values (exact when it is 0).
        func isExact(_ index: Int) -> Bool {
            if errors[index] == 0 { return true }
            guard values[index] == 0, case .add(let operands) = evaluation.steps[index], operands.count == 2 else { return false }
            return operands.allSatisfy { errors[$0] == 0 }
        }
        for (index, step) in evaluation.steps.enumerated() where !values[index].isFinite {
            switch step {
            case .apply(let function, let argument):
                let x = values[argument]
                guard x.isFinite else { return nil }
                let undefined = values[index].isNaN
                    ? function.isOutsideDomain(x, byMoreThan: errors[argument])
                    : function.hasPole(at: x) && isExact(argument)
                return undefined ? .function(function, argument: x) : nil
            case .power(let base, let exponent):
                let (b, e) = (values[base], values[exponent])
                guard b.isFinite, e.isFinite, errors[exponent] == 0 else { return nil }
                let undefined = values[index].isNaN ? b < -errors[base] : b == 0 && e < 0 && isExact(base)
                return undefined ? .power(base: b, exponent: e) : nil
            default:
                return nil
            }
        }
        return nil
    }

    /// Whether any of the formulas has a step that is undefined somewhere: a logarithm, a square root, an inverse sine
    /// or cosine, or a power whose exponent is not a whole number of at least 0 (1/x, x^0.5). Only then is it worth
    /// looking for points where one side is defined and the other is not, after a simplification found them equal.
    func mayBeUndefinedSomewhere(_ roots: [FormulaID]) -> Bool {
        reachable(from: roots).contains { id in
            switch node(id) {
            case .apply(let function, _):
                return [.log, .log10, .log2, .log1p, .sqrt, .asin, .acos].contains(function)
            case .power(_, let exponent):
                guard case .constant(let bits) = node(exponent) else { return true }
                let e = Double(bitPattern: bits)
                return !(e >= 0 && e == e.rounded())
            default:
                return false
            }
        }
    }

    /// Evaluates `a` and `b` at the sample points `==` starts from and some random ones, calling `notice` where one is
    /// a number and the other is not: for sides a simplification found equal, which were not sampled.
    func lookForOneSidedPoints(_ a: FormulaID, _ b: FormulaID, anchor: [Variable: Double], seed: UInt64,
                               _ notice: ([Variable: Double], Double, Double) -> Void) {
        let evaluation = FormulaEvaluation(store: self, roots: [a, b])
        var points = SamplePoints(variables: variables(in: a).union(variables(in: b)), seed: seed, anchor: anchor)
        guard !points.variables.isEmpty else { return }
        for _ in 0..<Self.oneSidedLookCount {
            let point = points.next()
            let values = evaluation.values(at: point)
            if values[0].isFinite != values[1].isFinite { notice(point, values[0], values[1]) }
        }
    }

    /// How many points `lookForOneSidedPoints` evaluates: the fixed ones and enough random ones of both signs.
    private static let oneSidedLookCount = 80
}
