// Which of a formula's values are exact, not merely close: the evidence check needs before it calls a 0 exact.
// Three methods that give 0 together prove nothing when the 0 is a rounding they share: 1 - tanh(x)^2 at x = 30
// is 0 because tanh(30) rounds to 1 (the derivative is 3.5e-26), and backprop and the finite differences round
// the same way.

import Foundation

extension FormulaEvaluation {
    /// When the formula's value is 0 only by rounding: the innermost step that came out 0 without being exactly 0,
    /// and a bound on the size of the number the 0 stands for (nil when the bound is not known). Nil when the value
    /// is not 0, or is exactly 0 (2*x at x = 0, step(x) at x = -1, x^2 - 1e6 at x = 1000).
    func roundedZero(at values: [Variable: Double]) -> (step: FormulaID?, bound: Double?)? {
        let (r, e) = boundedSteps(at: values)
        let exact = exactness(of: r, errors: e)
        guard let root = rootSlots.first, r[root] == 0, !exact[root] else { return nil }
        let step = r.indices.first { r[$0] == 0 && !exact[$0] }.map { formulas[$0] }
        return (step, e[root] > 0 && e[root].isFinite ? e[root] : nil)
    }

    /// Whether each root is exactly 0 (computed 0, and shown exact), in one pass over all of them.
    func exactZeros(at values: [Variable: Double]) -> [Bool] {
        let (r, e) = boundedSteps(at: values)
        let exact = exactness(of: r, errors: e)
        return rootSlots.map { r[$0] == 0 && exact[$0] }
    }

    /// Whether each step's value is exactly the real number the formula gives at the point (its variables and
    /// constants taken as the doubles they are): every input exact and the operation checked to round nothing,
    /// or a product with an exact 0. Anything not shown to be exact is not.
    func exactness(of r: [Double], errors e: [Double]) -> [Bool] {
        var exact = [Bool](repeating: false, count: steps.count)
        for (i, step) in steps.enumerated() {
            switch step {
            case .constant(let c): exact[i] = c == 0 || c.isNormal || !c.isFinite
            case .variable: exact[i] = true
            case .add(let operands):
                guard operands.allSatisfy({ exact[$0] }) else { break }
                var sum = 0.0, rounded = false
                for operand in operands {
                    let (next, error) = Self.twoSum(sum, r[operand])
                    if error != 0 || (next.isInfinite && r[operand].isFinite && sum.isFinite) { rounded = true }
                    sum = next
                }
                exact[i] = !rounded
            case .multiply(let operands):
                if operands.contains(where: { r[$0] == 0 && exact[$0] }), r[i] == 0 { exact[i] = true; break }
                guard operands.allSatisfy({ exact[$0] }) else { break }
                var product = 1.0, rounded = false
                for operand in operands {
                    rounded = rounded || !Self.multipliesExactly(product, r[operand])
                    product *= r[operand]
                }
                exact[i] = !rounded
            case .power(let base, let exponent):
                guard exact[base], exact[exponent] else { break }
                exact[i] = Self.raisesExactly(r[base], to: r[exponent])
            case .apply(let f, let argument):
                // relu, step and sign are constant on each side of 0: an argument whose rounding cannot reach 0 gives
                // an exact value there however it was rounded (relu of a unit that is off is exactly 0).
                let clearOfZero = r[argument] != 0 && e[argument] < Swift.abs(r[argument])
                let constantHere = (f == .step || f == .sign || (f == .relu && r[argument] < 0)) && clearOfZero
                exact[i] = constantHere || (exact[argument] && Self.isExact(f, at: r[argument], value: r[i]))
            case .tanhSlope(let argument, _):
                exact[i] = exact[argument] && r[argument] == 0  // 1 at u = 0
            case .stable, .complementOfSigmoid:
                break
            }
        }
        return exact
    }

    /// a + b and its rounding error (Knuth's TwoSum): the error is 0 exactly when the sum is exact.
    private static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let sum = a + b
        guard sum.isFinite else { return (sum, 0) }
        let bVirtual = sum - a
        let aVirtual = sum - bVirtual
        return (sum, (a - aVirtual) + (b - bVirtual))
    }

    /// Whether a·b rounds nothing: no overflow from finite factors, no underflow into or below the subnormals
    /// (where the product's lost bits are not seen by the residual either), and a zero residual a·b − p.
    private static func multipliesExactly(_ a: Double, _ b: Double) -> Bool {
        let p = a * b
        if a == 0 || b == 0 || !a.isFinite || !b.isFinite { return true }
        guard p.isFinite, p.isNormal else { return false }
        return (-p).addingProduct(a, b) == 0
    }

    /// Whether pow(b, x) is exact: integer powers up to 64 checked product by product, 1/… checked by its residual.
    private static func raisesExactly(_ b: Double, to x: Double) -> Bool {
        if x == 0 || x == 1 || b == 1 { return true }
        if b == 0 { return x > 0 }
        // An infinite base gives 0 or inf: the limit, not a rounding (1/x at x = inf).
        if b.isInfinite { return true }
        guard x == x.rounded(), Swift.abs(x) <= 64, b.isFinite else { return false }
        var power = 1.0
        for _ in 0..<Int(Swift.abs(x)) {
            guard multipliesExactly(power, b) else { return false }
            power *= b
        }
        guard x < 0 else { return true }
        let reciprocal = 1 / power
        return reciprocal.isNormal && (-1.0).addingProduct(reciprocal, power) == 0
    }

    /// Whether f's value `y` at `x` is exact: the functions that only select or change sign, and the points where
    /// a function's value is a small integer or x itself (sin(0) = 0, exp(0) = 1, log(1) = 0, sqrt(4) = 2).
    static func isExact(_ f: MathFunction, at x: Double, value y: Double) -> Bool {
        switch f {
        case .abs, .relu, .sign, .step: return true
        case .elu: return x >= 0
        case .sin, .tan, .tanh, .sinh, .asin, .atan, .erf, .expm1, .log1p, .gelu: return x == 0
        case .exp, .cos, .cosh, .erfc: return x == 0
        case .acos: return x == 1
        case .log, .log10: return x == 1
        case .log2: return x > 0 && x.isNormal && x.significand == 1
        case .sqrt: return y.isFinite && (-x).addingProduct(y, y) == 0
        case .sigmoid: return x == 0
        case .softplus: return false
        }
    }
}
