// simplify and expand never change a value: over random expressions, each result agrees with the
// expression at random points where both are finite, pastes back to the same value, and simplify's
// result stays within its stated size bound (at most twice the input's nodes).

@testable import GradbookCore
import Foundation
import Numerics
import PropertyBased
import Testing

@Suite("Properties of simplify and expand")
struct SimplifyPropertyTests {
    static let recipes = Gen.int(in: 0...400).array(of: 1...9)
    static let coordinates = Gen.double(in: -2...2)

    /// Rewrites change the order of rounding, never the value: 1e-9 relative, or 1e-9 absolute near 0.
    private func agree(_ a: Double, _ b: Double) -> Bool {
        guard a.isFinite, b.isFinite else { return true }  // compared only where both are finite
        return abs(a - b) <= 1e-9 || a.isApproximatelyEqual(to: b, relativeTolerance: 1e-9)
    }

    @Test("simplify(e) and expand(e) have e's value at random points, and their printed forms paste back")
    func sameValue() async {
        await propertyCheck(count: 150, input: Self.recipes, Self.coordinates, Self.coordinates) { recipe, x, y in
            // Products of exponentials and squares of sin and cos, so the rewrites have something to do.
            let expression = "(\(RandomExpression.build(recipe)))*exp(x)*exp(-(y)) + sin(x*y)^2 + cos(x*y)^2"
            let point = "at x = \(x), y = \(y)"
            guard let original = value("\(expression) \(point)") else { return }
            for form in ["simplify", "expand"] {
                let notebook = Notebook()
                let result = notebook.run("\(form)(\(expression))")
                guard let output = result.outputs.first, case .result = output.kind else {
                    // expand may refuse a sum of more than its cap of terms, with that sentence; nothing else.
                    #expect(form == "expand" && result.outputs.contains { $0.text.contains("more than 500 terms") },
                            "\(form)(\(expression)) failed: \(result.outputs.map(\.text))")
                    continue
                }
                // A rewrite may keep fewer digits than the original (an expanded (y + 2)^12 sums terms near 1e5 to
                // get 1.0001): the two may differ by the rounding either can make.
                func close(_ rewritten: Double, _ code: String) -> Bool {
                    agree(original, rewritten)
                        || Swift.abs(original - rewritten) <= roundingBound(expression, x: x, y: y) + roundingBound(code, x: x, y: y)
                }
                let direct = value("\(form)(\(expression)) \(point)")
                #expect(direct.map { close($0, "\(form)(\(expression))") } == true, "\(form)(\(expression)) \(point): \(original) vs \(String(describing: direct))")
                let printed = output.text.components(separatedBy: "\n")[0]
                // A number, or a formula too long to show (gradbook says so instead of printing it): nothing to paste.
                if Double(printed) != nil || printed.contains("too long to read") { continue }
                let reparsed = value("\(printed) \(point)")
                #expect(reparsed.map { close($0, printed) } == true, "\(form)(\(expression)) printed as \(printed): \(original) vs \(String(describing: reparsed)) \(point)")
            }
        }
    }

    @Test("simplify's result has at most twice the nodes of its input, and diff's tidying keeps derivatives' values")
    func sizeBound() async {
        await propertyCheck(count: 150, input: Self.recipes) { recipe in
            let expression = "(\(RandomExpression.build(recipe)))*exp(2*x) + exp(-x)*sin(y)^2 + exp(-x)*cos(y)^2"
            let notebook = Notebook()
            let source = SourceText(expression)
            guard case .success(let statement)? = Parser.statements(in: source).first,
                  let node = (try? Evaluator(bindings: notebook.bindings, source: source, cell: 1).execute(statement))??.node else {
                Issue.record("could not build \(expression)")
                return
            }
            let bridge = FormulaBridge()
            let formula = bridge.formula(of: node)
            var notes = FormulaStore.SimplifyNotes()
            let simplified = bridge.store.simplified(formula, notes: &notes)
            #expect(bridge.store.size(of: [simplified]) <= 2 * bridge.store.size(of: [formula]),
                    "\(expression): \(bridge.store.size(of: [formula])) → \(bridge.store.size(of: [simplified])) nodes")
            let derivative = bridge.store.derivative(of: formula, withRespectTo: Variable(name: "x"))
            let tidied = bridge.store.tidied([derivative])[0]
            for (x, y) in [(0.3, -1.2), (-1.7, 0.4), (1.1, 1.9)] {
                let at: [Variable: Double] = [Variable(name: "x"): x, Variable(name: "y"): y]
                let (a, b) = (bridge.store.evaluate(derivative, at: at), bridge.store.evaluate(tidied, at: at))
                // An ill-conditioned derivative (sin(exp(x^6/4)^3) at x = -1.7 turns through 7e7 radians) keeps fewer
                // digits than 1e-9: tidying's different rounding may move it by its spread over a few ulps of x and y.
                let spread = agree(a, b) ? 0 : roundingSpread(x: x, y: y) {
                    bridge.store.evaluate(derivative, at: [Variable(name: "x"): $0, Variable(name: "y"): $1])
                }
                // Where the value carries no digits at all (sin of exp((y + 2)^3/4)^3 = 2e19, whose ulp is 4096), the
                // running error bound of diff's result says so.
                #expect(agree(a, b) || Swift.abs(a - b) <= spread || Swift.abs(a - b) <= roundingBound("diff(\(expression), x)", x: x, y: y),
                        "d/dx \(expression) at x = \(x), y = \(y): \(a) before tidying, \(b) after")
            }
        }
    }
}
