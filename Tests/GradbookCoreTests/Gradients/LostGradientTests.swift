// A gradient that became 0 on the way back only because a number was too large or too small for a double
// is not shown as 0 when the local derivatives further back could make it a number again.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Gradients lost to rounding on the way back")
struct LostGradientTests {
    /// The notes of the last cell of a fresh notebook.
    private func notes(_ cells: String...) -> [String] {
        let notebook = Notebook()
        var last = CellResult(number: 0)
        for cell in cells { last = notebook.run(cell) }
        return last.outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
    }

    /// The `10^k` a lost-gradient note gives as the bound, as k.
    private func boundExponent(in notes: [String]) -> Int? {
        guard let note = notes.first(where: { $0.contains("the gradient is nan: going back through") }),
              let range = note.range(of: #"as large as 10\^-?[0-9]+"#, options: .regularExpression) else { return nil }
        return Int(note[range].dropFirst("as large as 10^".count))
    }

    @Test("a 0 from log at an overflowed input, made large again by later local derivatives, is nan with a bound, not 0")
    func overflowThenLargeDerivatives() throws {
        // f = log(exp(z)^2 + 1) with z = exp(t)/4, t = sqrt(5)^3*x^2/4: exp(z)^2 overflows, so log' is 1/inf = 0,
        // but f ≈ 2z there, so df/dx ≈ 2·dz/dx = exp(t)·(sqrt(5)^3*x/2)/2, about 6400.
        let x = 1.6114400293171502
        let c = pow(5.0.squareRoot(), 3) / 4
        let exact = exp(c * x * x) / 2 * (2 * c * x)
        let setUp = "x = \(x)"
        let f = "log(exp(exp(sqrt(5)^3*x^2/4)/4)^2 + 1)"
        #expect(results(of: run(setUp, "grad(\(f), x)")) == "nan")
        let said = notes(setUp, "grad(\(f), x)")
        #expect(said.contains { $0.contains("going back through log(…)") && $0.contains("an input there overflowed to inf") })
        // The bound is a bound: the true slope is below it, and not by orders of magnitude.
        let exponent = try #require(boundExponent(in: said))
        #expect(pow(10, Double(exponent)) >= exact && pow(10, Double(exponent - 2)) < exact, "10^\(exponent) against \(exact)")
        // backward(), check and a second derivative read the same passes and say the same.
        #expect(results(of: run(setUp, "backward(\(f))")).split(separator: "\n").last?.hasSuffix("nan") == true)
        #expect(results(of: run(setUp, "grad(grad(\(f), x), x)")) == "nan")
        let verdict = results(of: run(setUp, "check(\(f), x)"))
        #expect(verdict.contains("cannot tell"), "\(verdict)")
        #expect(!verdict.contains("verdict: correct") && !verdict.contains("verdict: wrong"))
    }

    @Test("log(x*x) at x = 1e200 has no gradient 0: x*x overflowed, and 2/x = 2e-200 is a double")
    func overflowedSquare() {
        #expect(results(of: run("x = 1e200", "grad(log(x*x), x)")) == "nan")
        #expect(notes("x = 1e200", "grad(log(x*x), x)").contains { $0.contains("going back through log(x^2) with x^2 = inf") })
        // Far from overflow the same pass gives 2/x.
        let nearer = Double(results(of: run("x = 1e100", "grad(log(x*x), x)")))
        #expect(nearer.map { abs($0 - 2e-100) <= 1e-114 } == true, "\(String(describing: nearer))")
    }

    @Test("a lost part too small to matter leaves 0: the limit log'(inf) = 0, and a product below the smallest double")
    func negligibleLostParts() {
        // log(y) with y = inf: the lost part is at most 1/1.8e308.
        #expect(results(of: run("y = 1e308*10", "grad(log(y), y)")) == "0")
        #expect(results(of: run("y = 1e308*10", "grad(1/y, y)")) == "0")
        // 1e-300·1e-300 underflows, and nothing further back makes 1e-600 a double.
        #expect(results(of: run("u = 1", "grad(1e-300*(1e-300*u), u)")) == "0")
        // The overflowed log times 1e-300: at most 1e-308·1e-300·2e200, far below any double.
        #expect(results(of: run("x = 1e200", "grad(log(x*x)*1e-300, x)")) == "0")
    }

    @Test("an underflowed product that later local derivatives make a double again is nan, with its cause")
    func underflowThenLarge() {
        // d/du of 1e-300·(1e-300·(1e300·u)) is 1e-300: the pass meets 1e-600 first.
        #expect(results(of: run("u = 1", "grad(1e-300*(1e-300*(1e300*u)), u)")) == "nan")
        let said = notes("u = 1", "grad(1e-300*(1e-300*(1e300*u)), u)")
        #expect(said.contains { $0.contains("it was too small for a double there") && $0.contains("10^-300") }, "\(said)")
    }

    @Test("a gradient that underflowed to a subnormal along a chain is nan with its cause, not the few multiples of 2^-1074 it stuck at")
    func subnormalAlongAChain() throws {
        // d(v)/d(v0) is 0.9^32000, about 10^-1464; multiplying by 0.9 in subnormals rounds to a multiple of the
        // smallest one each time, and the sweep stuck at 2.47e-323. After 7,000 steps it is 5.0e-321 with three
        // digits left, which is not a number gradbook can give either.
        for (steps, truth) in [(32000, 0.0), (7000, pow(0.9, 7000))] {
            let x = Node.leaf("x", value: 0.9), v0 = Node.leaf("v0", value: 0.5), step = Node.constant(0.1)
            var v = v0
            for _ in 0..<steps { v = Node.make(.add, [Node.make(.multiply, [v, x]), step]) }
            let pass = Backpropagation(from: v)
            let lost = try #require(pass.gradient(of: v0))
            #expect(lost.isNaN, "\(steps) steps: \(lost), truly \(truth)")
            // x's gradient, about 10, keeps its value: its parts that rounded are far below its digits.
            let slope = try #require(pass.gradient(of: x))
            #expect(Swift.abs(slope - 10) < 1e-6, "\(steps) steps: \(slope)")
        }
        let said = notes("x = 0.9; v0 = 0.5; v = v0", "repeat 32000 { v = v*x + 0.1 }", "backward(v)")
        #expect(said.contains { $0.contains("part of it was lost because it was too small for a double there") }, "\(said)")
    }

    @Test("a leaf's 0 that a lost part stands behind says so in backward's table and in grad, and an exact 0 says nothing")
    func roundedZerosSaySo() {
        // 0.5^1100 is below the smallest double: v0's 0 stands for 10^-332.
        let table = notes("x = 0.5; v0 = 0.5; w = v0", "repeat 1100 { w = w*x + 0.1 }", "backward(w)")
        #expect(table.contains { $0.contains("the gradient 0 for v0 comes from rounding") && $0.contains("up to 10^-331") }, "\(table)")
        // The formula folds 1e-300*1e-300 to 0 before it is evaluated; the pass still saw the product underflow.
        for call in ["grad(1e-300*(1e-300*u), u)", "grad(1e-300*(1e-300*u), [u])", "backward(1e-300*(1e-300*u))"] {
            let said = notes("u = 1", call)
            #expect(said.contains { $0.contains("the gradient 0 for u comes from rounding in 1e-300*u") && $0.contains("10^-600") }, "\(call): \(said)")
        }
        // A bound far below any double: exp(x) at x = -1e300 passes back 2^(-1.4e300), whose power of ten no Int holds
        // (a random loop met it, and the note's Int(…) stopped the program).
        let far = notes("x = -1e300", "backward(exp(x))")
        #expect(far.contains { $0.contains("the gradient 0 for x comes from rounding in exp(x)") && $0.contains("up to 10^(-4.34e299)") }, "\(far)")
        #expect(Evaluator.powerOfTen(atLeast: -1074) == "10^-323" && Evaluator.powerOfTen(atLeast: 10) == "10^4")
        for call in ["grad(relu(-u), u)", "backward(relu(-u))", "backward(0*u)"] {
            #expect(!notes("u = 1", call).contains { $0.contains("comes from rounding") }, "\(call)")
        }
        // A 0 that its own lost parts show as nan gets the nan's note alone, not one explaining a 0 (both were given).
        let setUp = "x = 1; v = [1e-100, 1e-100]", call = "grad(sum(1e-300*(1e-300*((1e300*x)*v))), x)"
        #expect(results(of: run(setUp, call)) == "nan")
        #expect(!notes(setUp, call).contains { $0.contains("the gradient 0 for x") } && notes(setUp, call).contains { $0.contains("the gradient for x is nan") })
        // Vectors and matrices, element by element: the 0s that stand for 0.5^1100 and for 1e-600 say so, by position.
        for call in ["grad(sum(w), [v])", "grad(sum(w), v)", "backward(sum(w))"] {
            let said = notes("v = [0.5, 0.5]; w = v", "repeat 1100 { w = w*0.5 + 0.1 }", call)
            #expect(said.contains { $0.contains("the gradient 0 for v[1] (and 1 more element) comes from rounding") && $0.contains("up to 10^-331") },
                    "\(call): \(said)")
        }
        let matrix = notes("W = [[1, 2], [3, 4]]", "grad(sum(1e-300*(1e-300*W)), W)")
        #expect(matrix.contains { $0.contains("the gradient 0 for W[1, 1] (and 3 more elements) comes from rounding") }, "\(matrix)")
        for call in ["grad(sum(relu(-u)), u)", "backward(sum(0*u))", "grad(sum(u*1e-310), u)"] {
            #expect(!notes("u = [1, 2]", call).contains { $0.contains("comes from rounding") }, "\(call)")
        }
    }

    @Test("in a vector, an element's gradient that underflowed on the way back is nan where it could be a number, not a 0 or a stuck subnormal")
    func underflowInVectors() {
        // d/du of sum(1e-300·(1e-300·(1e300·u))) is 1e-300 per element; the pass meets 1e-600 first, and gave [0, 0].
        #expect(results(of: run("u = [1, 2]", "grad(sum(1e-300*(1e-300*(1e300*u))), u)")).hasSuffix("[nan, nan]"))
        // 0.9^8000, about 10^-366, stuck at 2.47e-323 in subnormals.
        let loop = run("v = [0.5, 0.5]; w = v", "repeat 8000 { w = w*0.9 + 0.1 }", "grad(sum(w), [v])")
        #expect(results(of: loop).hasSuffix("[nan, nan]"), "\(results(of: loop))")
        // Exact: a relu that is off, and a subnormal times 1.
        #expect(results(of: run("u = [1, 2]", "grad(sum(relu(-u)), u)")).hasSuffix("[0, 0]"))
        #expect(results(of: run("u = [1, 2]", "grad(sum(u*1e-310), u)")).hasSuffix("[1e-310, 1e-310]"))
    }

    @Test("a subnormal gradient that is exact stays a number: products by powers of two and by 1, and a subnormal's own slope")
    func exactSubnormalParts() throws {
        // (q/2 + 3 is 3 in doubles; (q - 3)*1e-310 + q passes 1e-310·1 back; 0.5*q*q passes 0.5·(2e-310) and q·0.5.)
        for (setUp, formula, expected) in [("q = 1e-310", "q*q", "2e-310"), ("q = 1e-310", "(q*q)/4 + q*3", "3"),
                                           ("q = 3", "(q - 3)*1e-310 + q", "1"), ("q = 2e-310", "0.5*q*q", "2e-310")] {
            #expect(results(of: run(setUp, "grad(\(formula), q)")) == expected, "\(formula) at \(setUp)")
        }
    }

    @Test("in a vector the element whose gradient was lost is nan, and only that one; through a matrix product, every element")
    func lostElements() {
        // log(v*v): v[1]*v[1] overflows, so its gradient 2/v[1] = 2e-200 was lost; v[2]'s is 2/1.
        #expect(results(of: run("v = [1e200, 1]", "grad(sum(log(v*v)), v)")) == "[nan, 2]")
        #expect(results(of: run("v = [1e200, 1]", "backward(sum(log(v*v)))")).contains("[nan, 2]"))
        #expect(notes("v = [1e200, 1]", "grad(sum(log(v*v)), v)").contains { $0.contains("an input there overflowed to inf") })
        // The limit 1/inf of an element that is inf stays 0, as for a number.
        #expect(results(of: run("y = [1e308*10, 2]", "grad(sum(log(y)), y)")) == "[0, 0.5]")
        // A part lost before a matrix product reaches every element at a size not followed: none is given.
        #expect(results(of: run("M = [[1e200, 1], [2, 3]]", "grad(sum(log(M @ M)), M)")).components(separatedBy: "nan").count == 5)
        // Without an overflow nothing changes.
        #expect(!results(of: run("N = [[1, 1], [2, 3]]", "grad(sum(log(N @ N)), N)")).contains("nan"))
    }

    @Test("a product whose other factor rounded to 0 on the way passes back a lost part, not an exact 0")
    func factorThatRoundedToZero() {
        // d/dx of x*x*x*1e300 is 3e300*x^2 = 3e-100 at x = 1e-200, but x*x rounds to 0, so the edge from (x*x)*x to
        // x had a local derivative of 0 and backprop gave 2e-100 (two thirds), agreeing with the symbolic 0 in check.
        #expect(results(of: run("x = 1e-200", "grad(x*x*x*1e300, x)")) == "nan")
        #expect(notes("x = 1e-200", "grad(x*x*x*1e300, x)").contains { $0.contains("it was too small for a double there") })
        #expect(results(of: run("x = 1e-200", "grad(grad(x*x*x*1e300, x), x)")) == "nan")
        let check = results(of: run("x = 1e-200", "check(x*x*x*1e300, x)"))
        #expect(check.contains("verdict: cannot tell") && !check.contains("verdict: agree"), "\(check)")
        // The symbolic row's number lost part of itself the same way (3e300*x^2 came out 0): nan, not 0.
        #expect(check.contains("symbolic           nan") || check.range(of: #"symbolic\s+nan"#, options: .regularExpression) != nil, "\(check)")
        #expect(results(of: run("x = 1e200", "check(log(x*x), x)")).range(of: #"symbolic\s+2e-200"#, options: .regularExpression) != nil)
        // In a vector, element by element: w[1]'s slope 3e300*w[1]^2 = 3e-100 is nan, w[2]'s stands.
        #expect(results(of: run("w = [1e-200, 1]", "grad(sum(w*w*w*1e300), w)")) == "[nan, 3e300]")
        #expect(results(of: run("w = [0, 1]", "grad(sum(w*w*w*1e300), w)")) == "[0, 3e300]")
        // Exact zeros and ordinary products are as before.
        #expect(results(of: run("z = 0", "grad(z*z*3, z)")) == "0")
        #expect(results(of: run("y = 2", "grad(y*y*y, y)")) == "12")
    }

    @Test("parts lost on two paths add, and a gradient keeps its value unless its lost part could change half its digits")
    func bookkeeping() {
        // (Read out before each #expect: LostGradients is not copyable, and the macro copies what it looks at.)
        var lost = LostGradients(count: 8)
        lost.add(log2Size: -40, at: 3, origin: 7)
        lost.add(log2Size: -40, at: 3, origin: 9)
        var (bound, origin) = (lost.log2Bound(at: 3), lost.origin(at: 3))
        #expect(bound == -39)
        #expect(origin == 7)
        lost.add(log2Size: -10, at: 3, origin: 9)
        (bound, origin) = (lost.log2Bound(at: 3), lost.origin(at: 3))
        #expect(origin == 9)
        #expect(abs(bound! - (-10 + log2(1 + exp2(-29)))) < 1e-12)
        lost.pass(from: 3, to: 1, derivative: 0)
        bound = lost.log2Bound(at: 1)
        #expect(bound == nil)
        lost.pass(from: 3, to: 1, derivative: -1024)
        let (passed, before) = (lost.log2Bound(at: 1)!, lost.log2Bound(at: 3)!)
        #expect(abs(passed - (before + 10)) < 1e-12)
        // A part far below what an input has already leaves it exactly as it was, as the sum does.
        lost.add(log2Size: -5000, at: 5, origin: 5)
        lost.pass(from: 5, to: 1, derivative: 0.3)
        let unchanged = lost.log2Bound(at: 1)!
        #expect(unchanged == passed)
        #expect(LostGradients.sum(passed, -5000 + log2(0.3)) == passed)
        // A gradient of 1 with a lost part near 2^-10 is unknown; one of 2^20 is not.
        let judged = (lost.isUnknown(1, at: 3), lost.isUnknown(exp2(20), at: 3), lost.isUnknown(.nan, at: 3), lost.isUnknown(0, at: 4))
        #expect(judged.0)
        #expect(!judged.1)
        #expect(!judged.2)
        #expect(!judged.3)
        var tiny = LostGradients(count: 1)
        tiny.add(log2Size: -1024, at: 0, origin: 0)
        var unknown = tiny.isUnknown(0, at: 0)
        #expect(!unknown)
        tiny.add(log2Size: -900, at: 0, origin: 0)
        unknown = tiny.isUnknown(0, at: 0)
        #expect(unknown)
        // A part of unknown size stays unknown, however it is added to.
        #expect(LostGradients.sum(.infinity, .infinity) == .infinity)
        #expect(LostGradients.sum(-.infinity, .infinity) == .infinity)
        #expect(LostGradients.sum(-.infinity, -.infinity) == -.infinity)
    }

    @Test("passing a part on skips the sum only where it would not change it: the same bound and origin as adding it")
    func passSkipsOnlyWhatTheSumIgnores() {
        var numbers = SeededNumbers(seed: 17)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        var skippedSome = false, addedSome = false
        for _ in 0..<20_000 {
            // Bounds near each other and far apart; derivatives that are powers of two, just below one (whose
            // logarithm rounds near the exponent's bound), ordinary, huge and subnormal.
            let existing = Double(next(3000) - 2500) + Double(next(1000)) / 1000
            let part = existing + Double(next(160) - 110) + Double(next(1000)) / 1000
            let derivatives: [Double] = [exp2(Double(next(200) - 100)), exp2(Double(next(200) - 100)).nextDown,
                                         Double(next(10_000) + 1) / 977, 1e300, Double.leastNonzeroMagnitude * Double(next(50) + 1)]
            let derivative = derivatives[next(derivatives.count)] * (next(2) == 0 ? 1 : -1)
            var passed = LostGradients(count: 2), added = LostGradients(count: 2)
            passed.add(log2Size: existing, at: 1, origin: 7)
            passed.add(log2Size: part, at: 0, origin: 9)
            added.add(log2Size: existing, at: 1, origin: 7)
            passed.pass(from: 0, to: 1, derivative: derivative)
            added.add(LostSize(log2: part).times(LostSize(magnitudeOf: derivative)), at: 1, origin: 9)
            let (a, b) = (passed.log2Bound(at: 1), added.log2Bound(at: 1))
            let (originA, originB) = (passed.origin(at: 1), added.origin(at: 1))
            #expect(a == b && originA == originB, "existing \(existing), part \(part), derivative \(derivative): \(String(describing: a)) against \(String(describing: b))")
            // And both are the sum in logarithms, to far more digits than any note shows.
            let inLogarithms = LostGradients.sum(existing, part + log2(abs(derivative)))
            #expect(abs((a ?? .nan) - inLogarithms) <= 1e-9 * max(1, abs(inLogarithms)), "\(String(describing: a)) against \(inLogarithms)")
            if a == existing { skippedSome = true } else { addedSome = true }
        }
        #expect(skippedSome && addedSome)
    }

    @Test("the bound on a derivative computed as 0 at an infinite input is the derivative at the largest double")
    func vanishedDerivativeBounds() {
        let largest = Double.greatestFiniteMagnitude
        let log = Node.Operation.function(.log).log2BoundOfVanishedDerivative(withRespectTo: 0, x: .infinity, y: 0, exponentIsConstant: false)
        #expect(log == log2(1 / largest))
        let root = Node.Operation.function(.sqrt).log2BoundOfVanishedDerivative(withRespectTo: 0, x: .infinity, y: 0, exponentIsConstant: false)
        #expect(abs(root - log2(0.5 / largest.squareRoot())) < 1e-9)
        // a/b² at b = 1e308 underflows: the general bound 2^-1022 stands in.
        let quotient = Node.Operation.divide.log2BoundOfVanishedDerivative(withRespectTo: 1, x: 5, y: .infinity, exponentIsConstant: false)
        #expect(quotient == -1022)
    }

    @Test("a local derivative that underflowed at finite inputs is followed as a lost part, with a bound the true slope is under",
          arguments: [
              // (set-up, formula, the true slope's size)
              ("x = -800", "1e300*exp(x)", 3.6e-48), ("x = 1e-200", "3e300*x^3", 9e-100), ("x = -800", "1e300*sigmoid(x)", 3.6e-48),
          ])
    func underflowedLocalDerivative(_ setUp: String, _ formula: String, _ slope: Double) throws {
        #expect(results(of: run(setUp, "grad(\(formula), x)")) == "nan", "\(formula) at \(setUp)")
        let said = notes(setUp, "grad(\(formula), x)")
        let exponent = try #require(boundExponent(in: said), "\(said)")
        #expect(pow(10, Double(exponent)) >= slope && pow(10, Double(exponent - 3)) < slope, "10^\(exponent) against \(slope)")
    }

    @Test("a quotient's slope for its denominator is worked out as -(x/y)/y where y*y leaves the normal range")
    func quotientSlopeOutsideTheNormalRange() {
        // 1e300/x at 1e200: y*y overflows, and -x/(y*y) was a 0 followed as a lost part (nan); the slope is -1e-100.
        #expect(results(of: run("x = 1e200", "grad(1e300/x, [x])")) == "[-1e-100]")
        // x/x at 1e-300: y*y underflows, and -x/0 made the gradient -inf; it is 1e300 - 1e300 = 0.
        #expect(results(of: run("x = 1e-300", "grad(x/x, [x])")) == "[0]")
        #expect(Arithmetic.derivative(.divide, withRespectTo: 1, x: 3, y: 7, output: 3.0 / 7, exponentIsConstant: false) == -3 / (7.0 * 7))
    }

    @Test("an underflowed local derivative too small to matter stays 0, an exact 0 stays exact, and a fine slope stays a number", arguments: [
        ("x = -800", "exp(x)"), ("x = 1e200", "1/x"), ("x = 0", "x^3"), ("x = -3", "relu(x)"), ("x = 1", "2^x - x^1"), ("x = 30", "tanh(x)"),
        ("x = 1e-200", "1e300*x^2"),
    ])
    func zerosThatStay(_ setUp: String, _ formula: String) {
        #expect(results(of: run(setUp, "grad(\(formula), x)")) != "nan", "\(formula) at \(setUp)")
        #expect(!notes(setUp, "grad(\(formula), x)").contains { $0.contains("the gradient is nan") }, "\(formula) at \(setUp)")
    }

    @Test("the underflow bounds are the derivative's size in logarithms, and nil where the 0 is exact")
    func underflowBounds() {
        func bound(_ operation: Node.Operation, _ position: Int, _ x: Double, _ y: Double = 0, constant: Bool = false) -> Double? {
            operation.log2BoundOfZeroDerivative(withRespectTo: position, x: x, y: y, inputCount: operation == .function(.exp) ? 1 : 2,
                                                exponentIsConstant: constant)
        }
        // -5/y² at y = 1e200: log2(5e-400).
        #expect(abs(bound(.divide, 1, 5, 1e200)! - log2(5) + 2 * log2(1e200)) < 1e-9)
        #expect(bound(.divide, 1, 0, 1e200) == nil)
        // 3·x² at x = 1e-200.
        #expect(abs(bound(.power, 0, 1e-200, 3, constant: true)! - (log2(3) + 2 * log2(1e-200))) < 1e-9)
        #expect(bound(.power, 0, 0, 3, constant: true) == nil)
        #expect(bound(.power, 1, 1e-200, 3, constant: true) == nil)
        #expect(abs(bound(.function(.exp), 0, -800)! - -800 * log2(M_E)) < 1e-9)
        #expect(bound(.function(.relu), 0, -3) == nil)
    }
}
