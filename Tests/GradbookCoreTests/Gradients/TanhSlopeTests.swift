// 1 - tanh(u)^2, tanh's slope, keeps its digits where tanh(u) rounds to ±1 (StableKernels.tanhSlope), in every pass:
// backprop's tape, the differentiable pass, formulas, a formula brought back to nodes, and numdiff's re-run.

import Foundation
@testable import GradbookCore
import Testing

@Suite("tanh's slope in the saturated tails")
struct TanhSlopeTests {
    /// sech²(u), computed as 4e^(-2|u|)/(1 + e^(-2|u|))² in a way that does not cancel.
    private func sechSquared(_ u: Double) -> Double {
        let e = exp(-2 * abs(u))
        return 4 * e / ((1 + e) * (1 + e))
    }

    /// check's report for `call` after `setup`.
    private func checkReport(_ setup: String, _ call: String) -> GradientCheckReport? {
        let notebook = Notebook()
        notebook.run(setup)
        let source = SourceText(call)
        guard case .success(let statement)? = Parser.statements(in: source).first,
              case .check(let report)? = try? Evaluator(bindings: notebook.bindings, source: source, cell: 2).execute(statement) else { return nil }
        return report
    }

    private func number(_ cells: String...) -> Double? {
        Double(results(of: run(cells.joined(separator: "; "))).split(separator: "\n").last.map(String.init) ?? "")
    }

    @Test("grad, diff and a second derivative give tanh'(30) = 3.5e-26, not 0", arguments: [30.0, -40, 19, 5])
    func saturated(_ x: Double) throws {
        let expected = sechSquared(x)
        for call in ["grad(tanh(x), x)", "d = diff(tanh(x), x); d"] {
            let shown = results(of: run("x = \(x); \(call)"))
            // grad shows the number; diff shows its formula, then "  = 3.5026e-26 at x = 30".
            let line = shown.split(separator: "\n").last.map(String.init) ?? ""
            let text = line.contains(" at ") ? String(line.split(separator: " ")[1]) : line
            let value = try #require(Double(text), "\(call): \(shown)")
            #expect(abs(value - expected) <= 1e-5 * expected, "\(call) at \(x): \(value) against \(expected)")
        }
        // d²/dx² tanh = -2·tanh·sech², through the differentiable pass.
        let second = try #require(number("x = \(x)", "grad(grad(tanh(x), x), x)"))
        let expectedSecond = -2 * tanh(x) * expected
        #expect(abs(second - expectedSecond) <= 1e-5 * abs(expectedSecond), "\(second) against \(expectedSecond)")
    }

    @Test("where 1 - t*t keeps its digits (|t| ≤ 0.9), the number is exactly 1 - t*t, as before")
    func unchangedInTheMiddle() {
        for u in stride(from: -1.47, through: 1.47, by: 0.0137) {
            let t = tanh(u)
            #expect(StableKernels.tanhSlope(u, tanh: t) == 1 - t * t, "at \(u)")
        }
        #expect(StableKernels.tanhSlope(.infinity, tanh: 1) == 0)
        #expect(StableKernels.tanhSlope(.nan, tanh: .nan).isNaN)
    }

    @Test("every pass gives the same number: the tape, the formula, the formula as nodes, a vector, numdiff's re-run")
    func everyPassAgrees() throws {
        for x in [0.7, 2.5, 12, 30, -25] {
            let report = try #require(checkReport("x = \(x)", "check(tanh(x), x)"))
            #expect(report.symbolic == report.backprop, "at \(x): \(report.symbolic) and \(report.backprop)")
            #expect(report.backprop == MathFunction.tanh.derivative(at: x, value: tanh(x)))
        }
        // A vector's elements, and the re-run numdiff makes of 1 - tanh(x)^2 (its slope, -2·tanh·sech², is -3.4e-17 at 20;
        // step by step the differences saw the stairs of 1 - t^2 and gave -1.4e-16).
        let vector = results(of: run("v = [30, 1, -40]; grad(sum(tanh(v)), v)"))
        #expect(vector.hasPrefix("[3.5026e-26, 0.419974, 7.21941e-35]"), "\(vector)")
        let estimate = try #require(number("x = 20", "numdiff(1 - tanh(x)^2, x)"))
        let slope = -2 * tanh(20.0) * sechSquared(20)
        #expect(abs(estimate - slope) <= 1e-3 * abs(slope), "\(estimate) against \(slope)")
    }
}
