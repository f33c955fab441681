// sigmoid's slope, sigmoid(x)·sigmoid(-x), from one exp (MathFunction.logisticSlope): the same bits as the two
// calls, so backprop still gives exactly the number its own formula evaluates to.

import Foundation
@testable import GradbookCore
import Testing

@Suite("sigmoid's slope from one exp")
struct SigmoidSlopeTests {
    @Test("bit for bit sigmoid(x)·sigmoid(-x), over both tails, 0, the infinities and nan")
    func sameBits() {
        var state: UInt64 = 17
        var points: [Double] = [0, -0.0, .infinity, -.infinity, 1e-300, -1e-300, 36, -36, 709, -709, 745, -745, 800, -800]
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Exponents from 2^-40 to 2^10, either sign: the middle, both saturated tails and the underflow past 745.
            let scale = pow(2, Double(Int(state >> 58) % 51) - 40)
            let fraction = Double(state >> 11) / Double(1 << 53)
            points.append((state & 1 == 0 ? 1 : -1) * scale * (1 + fraction))
        }
        for x in points {
            let twoCalls = MathFunction.logistic(x) * MathFunction.logistic(-x)
            #expect(MathFunction.logisticSlope(x).bitPattern == twoCalls.bitPattern, "at \(x)")
            #expect(MathFunction.sigmoid.derivative(at: x, value: MathFunction.logistic(x)).bitPattern == twoCalls.bitPattern)
        }
        #expect(MathFunction.logisticSlope(.nan).isNaN)
    }

    @Test("backprop through sigmoid equals its formula sigmoid(x)*sigmoid(-x) evaluated, at points in both tails",
          arguments: [-40.0, -3.25, 0.5, 12, 40])
    func backpropMatchesFormula(_ x: Double) {
        let shown = results(of: run("x = \(x); grad(sigmoid(x), x)"))
        let formula = results(of: run("x = \(x); sigmoid(x)*sigmoid(-x)"))
        #expect(shown == formula, "grad gave \(shown), the formula \(formula)")
    }
}
