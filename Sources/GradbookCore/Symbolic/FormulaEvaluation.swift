// A formula compiled to a straight-line program, evaluated at many points; optionally with a bound on
// the rounding error of each result, so `==` can tell rounding from a real difference at any magnitude.

import Foundation

/// A formula's nodes compiled to a straight-line program, reusable at many points (equivalence
/// samples 60 or more). Each step reads earlier steps' results by position.
struct FormulaEvaluation {
    enum Step {
        case constant(Double)
        case variable(Variable)
        case add([Int])
        case multiply([Int])
        case power(Int, Int)
        case apply(MathFunction, Int)
        /// log(1 + exp(u)) or log(sigmoid(u)), from u in one stable step, as the graph computes it.
        case stable(ScalarStableForm, Int)
        /// 1 - sigmoid(u), computed as sigmoid(-u) as the graph computes it (`StableKernels.oneMinusSigmoid`).
        case complementOfSigmoid(Int)
        /// 1 - tanh(u)^2 (or its negation), computed from u as the graph computes it (`StableKernels.tanhSlope`).
        case tanhSlope(Int, negated: Bool)
    }

    /// A value and a bound on its rounding error.
    struct Bounded {
        var value: Double
        /// |computed − exact| is at most about this (first order in the unit roundoff); infinite or NaN
        /// when no bound is known, as next to a pole.
        var error: Double
    }

    let steps: [Step]
    let rootSlots: [Int]
    /// The formula each step computes, by position.
    let formulas: [FormulaID]

    /// How many operations one evaluation runs (the cost of a point).
    var stepCount: Int { steps.count }

    init(store: FormulaStore, roots: [FormulaID]) {
        let order = store.reachable(from: roots)
        var slot = [Int](repeating: 0, count: (order.last?.index ?? 0) + 1)
        var steps: [Step] = []
        steps.reserveCapacity(order.count)
        for (i, id) in order.enumerated() {
            slot[id.index] = i
            let at = { (child: FormulaID) in slot[child.index] }
            switch store.node(id) {
            case .constant(let bits): steps.append(.constant(Double(bitPattern: bits)))
            case .variable(let v): steps.append(.variable(v))
            case .add(let operands):
                if let u = store.complementedSigmoidOperand(id) {
                    steps.append(.complementOfSigmoid(at(u)))
                } else if let (u, negated) = store.squaredTanh(id) {
                    steps.append(.tanhSlope(at(u), negated: negated))
                } else {
                    steps.append(.add(operands.map(at)))
                }
            case .multiply(let operands): steps.append(.multiply(operands.map(at)))
            case .power(let base, let exponent): steps.append(.power(at(base), at(exponent)))
            case .apply(let f, let argument):
                if f == .log, let (form, u) = store.stableLogarithm(of: argument) {
                    steps.append(.stable(form, at(u)))
                } else {
                    steps.append(.apply(f, at(argument)))
                }
            }
        }
        self.steps = steps
        formulas = order
        rootSlots = roots.map { slot[$0.index] }
    }

    /// The roots' values at `values`; missing variables are NaN.
    func values(at values: [Variable: Double]) -> [Double] {
        var r = [Double](repeating: .nan, count: steps.count)
        for (i, step) in steps.enumerated() {
            switch step {
            case .constant(let c): r[i] = c
            case .variable(let v): r[i] = values[v] ?? .nan
            case .add(let operands): r[i] = operands.reduce(0) { $0 + r[$1] }
            case .multiply(let operands): r[i] = operands.reduce(1) { $0 * r[$1] }
            case .power(let base, let exponent): r[i] = Foundation.pow(r[base], r[exponent])
            case .apply(let f, let argument): r[i] = f(r[argument])
            case .stable(let form, let u): r[i] = form.value(r[u])
            case .complementOfSigmoid(let u): r[i] = StableKernels.oneMinusSigmoid(r[u])
            case .tanhSlope(let u, let negated):
                let slope = StableKernels.tanhSlope(r[u], tanh: Foundation.tanh(r[u]))
                r[i] = negated ? -slope : slope
            }
        }
        return rootSlots.map { r[$0] }
    }

    /// The unit roundoff of Double, doubled: the error bound of one correctly rounded operation is
    /// u·|result|; libm's functions are within one ulp, so 2u covers them too.
    static let roundoff = Double.ulpOfOne

    /// The absolute error of a result rounded into the subnormal range, below 2.2e-308: there the spacing
    /// of doubles is fixed (4.9e-324), so rounding costs up to one spacing however small the value, not
    /// u·|value| (2*sin(a/2)*cos(a/2) and sin(a) at a = 4.2e-322 differ by ten spacings, 1%, and are
    /// equal); so does a constant folded there. Results in the normal range, and exact zeros, get nothing:
    /// their bounds are unchanged.
    static func underflow(_ result: Double) -> Double {
        result != 0 && Swift.abs(result) < Double.leastNormalMagnitude ? Double.leastNonzeroMagnitude : 0
    }

    /// The roots' values at `values`, each with a running bound on its rounding error.
    ///
    /// Forward error analysis to first order: a sum's error is the sum of its terms' errors plus the
    /// rounding of each addition (≤ u·Σ|terms| per step); a product's is Σ eᵢ·∏_{j≠i}|vⱼ| plus its own
    /// rounding; f(u)'s is |f'(u)|·e(u) plus f's own. The bound grows where the formula cancels
    /// ((x + 1)^2 − x^2 − 2x at x = 1e6 is off by about 1e-4, not 1e-16), so agreement can be judged
    /// at large and small magnitudes alike. A step or sign whose argument is within its error of the
    /// threshold may jump, and its bound is the jump.
    func boundedValues(at values: [Variable: Double]) -> [Bounded] {
        let (r, e) = boundedSteps(at: values)
        return rootSlots.map { Bounded(value: r[$0], error: e[$0]) }
    }

    /// Every step's value and error bound (`boundedValues`).
    func boundedSteps(at values: [Variable: Double]) -> (values: [Double], errors: [Double]) {
        let u = FormulaEvaluation.roundoff
        var r = [Double](repeating: .nan, count: steps.count)
        var e = [Double](repeating: .nan, count: steps.count)
        for (i, step) in steps.enumerated() {
            switch step {
            case .constant(let c):
                // A constant is as far from the decimal meant as a double can be (`TypedNumber.rounding`: 0 for
                // 3 or 1e20, half an ulp for 0.1 or 1e150), or was folded into the subnormal range (exp(-740)/2).
                r[i] = c
                e[i] = Swift.max(FormulaEvaluation.underflow(c), TypedNumber.rounding(of: c))
            case .variable(let v):
                r[i] = values[v] ?? .nan
                e[i] = TypedNumber.rounding(of: r[i])
            case .add(let operands):
                r[i] = operands.reduce(0) { $0 + r[$1] }
                let magnitude = operands.reduce(0) { $0 + Swift.abs(r[$1]) }
                e[i] = operands.reduce(0) { $0 + e[$1] } + Double(operands.count) * u * magnitude
            case .multiply(let operands):
                r[i] = operands.reduce(1) { $0 * r[$1] }
                e[i] = FormulaEvaluation.productError(operands.map { r[$0] }, operands.map { e[$0] })
                    + Double(operands.count) * (u * Swift.abs(r[i]) + FormulaEvaluation.underflow(r[i]))
                    + (r[i] == 0 && operands.allSatisfy { r[$0] != 0 } ? Double.leastNonzeroMagnitude : 0)  // flushed to 0
            case .power(let base, let exponent):
                let (b, x) = (r[base], r[exponent])
                r[i] = Foundation.pow(b, x)
                // (Where x·b^(x-1)·e overflows, x·b^x·(e/b): at b = 1e-200, b^-2 overflows though the error of 1/b is 1e184.)
                var viaBase = e[base] == 0 ? 0 : Swift.abs(x * Foundation.pow(b, x - 1)) * e[base]
                if !viaBase.isFinite, b != 0, r[i].isFinite { viaBase = Swift.abs(x) * Swift.abs(r[i]) * (e[base] / Swift.abs(b)) }
                let viaExponent = e[exponent] == 0 ? 0 : Swift.abs(r[i] * Foundation.log(Swift.abs(b))) * e[exponent]
                // A nonzero number to a finite power is 0 only when it underflowed ((1.5e282)^-2): off by up to the smallest number.
                let flushed = r[i] == 0 && b != 0 && b.isFinite && x.isFinite ? Double.leastNonzeroMagnitude : 0
                e[i] = viaBase + viaExponent + 2 * (u * Swift.abs(r[i]) + FormulaEvaluation.underflow(r[i])) + flushed
            case .apply(let f, let argument):
                r[i] = f(r[argument])
                e[i] = FormulaEvaluation.functionError(f, at: r[argument], error: e[argument], value: r[i])
            case .stable(let form, let u):
                r[i] = form.value(r[u])
                // Each form is 0 only where its tail underflowed (softplus(-800)).
                let flushed = r[i] == 0 ? Double.leastNonzeroMagnitude : 0
                e[i] = (e[u] == 0 ? 0 : Swift.abs(form.derivative(r[u])) * e[u]) + 2 * FormulaEvaluation.roundoff * Swift.abs(r[i]) + flushed
            case .tanhSlope(let argument, let negated):
                let t = Foundation.tanh(r[argument])
                r[i] = StableKernels.tanhSlope(r[argument], tanh: t) * (negated ? -1 : 1)
                // Its slope is -2·tanh(u)·(1 - tanh(u)^2); 0 only where e^(-2|u|) underflowed.
                let flushed = r[i] == 0 && r[argument].isFinite ? Double.leastNonzeroMagnitude : 0
                e[i] = (e[argument] == 0 ? 0 : 2 * Swift.abs(t * r[i]) * e[argument]) + 4 * FormulaEvaluation.roundoff * Swift.abs(r[i]) + flushed
            case .complementOfSigmoid(let argument):
                r[i] = StableKernels.oneMinusSigmoid(r[argument])
                let slope = r[i] * MathFunction.logistic(r[argument])
                // sigmoid(-u) is 0 only where it underflowed (u past about 745).
                let flushed = r[i] == 0 ? Double.leastNonzeroMagnitude : 0
                e[i] = (e[argument] == 0 ? 0 : slope * e[argument]) + 2 * FormulaEvaluation.roundoff * r[i] + flushed
            }
        }
        return (r, e)
    }

    /// Σ eᵢ·∏_{j≠i}|vⱼ|, with prefix and suffix products so a zero factor does not divide.
    private static func productError(_ values: [Double], _ errors: [Double]) -> Double {
        var prefix = [Double](repeating: 1, count: values.count + 1)
        for (i, v) in values.enumerated() { prefix[i + 1] = prefix[i] * Swift.abs(v) }
        var suffix = 1.0, total = 0.0
        for i in values.indices.reversed() {
            if errors[i] != 0 { total += errors[i] * prefix[i] * suffix }
            suffix *= Swift.abs(values[i])
        }
        return total
    }

    /// The error of f(x) when x is off by up to `error`.
    private static func functionError(_ f: MathFunction, at x: Double, error: Double, value y: Double) -> Double {
        // A function that is 0 at a point where it is not exactly 0 underflowed there (exp(-800), sigmoid(-800)):
        // off by up to the smallest number, as a flushed product is.
        let flushed = y == 0 && x.isFinite && !isExact(f, at: x, value: y) ? Double.leastNonzeroMagnitude : 0
        let own = 2 * (roundoff * Swift.abs(y) + underflow(y)) + flushed
        switch f {
        case .abs, .relu:
            return error + own  // 1-Lipschitz, also across the kink
        case .sign, .step:
            guard error > 0, error >= Swift.abs(x) else { return 0 }
            return f == .sign ? 2 : 1  // the argument may lie on either side of 0: the value may jump
        default:
            guard error > 0 else { return own }
            return f.valueError(linear: Swift.abs(f.derivative(at: x, value: y)) * error + own, argumentError: error, value: y)
        }
    }
}
