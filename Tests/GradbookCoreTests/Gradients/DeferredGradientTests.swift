// A whole-statement grad shows the backward pass's numbers and builds its graph only when the result is read
// again (DeferredGradient): what it shows, and what `_` and `Out[n]` give later, are what the graph gives.

@testable import GradbookCore
import Foundation
import PropertyBased
import Testing

@Suite("A grad shown before its graph is built")
struct DeferredGradientTests {
    /// The value a cell showed.
    private func shown(_ result: CellResult) -> Value? {
        result.outputs.lazy.compactMap { if case .result = $0.kind { $0.value } else { nil } }.first
    }

    /// The deferred recipe of a shown value, if it was shown before its graph was built.
    private func recipe(_ result: CellResult) -> DeferredGradient? {
        guard case .scalar(let node)? = shown(result) else { return nil }
        return node.deferredGradient
    }

    @Test("only a whole statement of numbers waits: not an assignment, a nested call, a function, a loop or a formula")
    func onlyWholeStatementsWait() {
        let notebook = Notebook()
        run("x = 0.5; y = 2; f(a) = grad(a*x, [x])", in: notebook)
        #expect(recipe(run("grad(x^2*y, [x, y])", in: notebook)) != nil)
        #expect(recipe(run("grad(grad(x^3, x), [x])", in: notebook)) != nil, "the outer call waits")
        #expect(recipe(run("grad(x^2*y, x)", in: notebook)) == nil, "one name: a number, which the graph may show as nan")
        #expect(recipe(run("g = grad(x^2, [x]); g", in: notebook)) == nil)
        #expect(recipe(run("f(3)", in: notebook)) == nil)
        #expect(recipe(run("grad(x^2, [x]) at x = 3", in: notebook)) == nil)
        #expect(recipe(run("grad(a*x^2, [x])", in: notebook)) == nil, "a formula")
        #expect(recipe(run("grad(sum([x, y]*[x, y]), [x])", in: notebook)) == nil, "vectors on the way")
        #expect(recipe(run("grad(relu(x - 0.5), [x])", in: notebook)) == nil, "a kink, whose note the graph's pass gives")
        #expect(recipe(run("repeat 2 { grad(x^2, [x]) }", in: notebook)) == nil)
    }

    @Test("_, Out[n] and _n read the graph, which differentiates again to the second derivative")
    func readingBuildsTheGraph() throws {
        let notebook = Notebook()
        run("x = 0.7; y = -1.3", in: notebook)
        let first = run("grad(sin(x)*y + x^3, [x, y])", in: notebook)
        #expect(recipe(first) != nil)
        #expect(results(of: run("grad(_[1], x)", in: notebook)) == results(of: run("grad(grad(sin(x)*y + x^3, x), x)", in: notebook)))
        #expect(results(of: run("grad(Out[\(first.number)][2], x)", in: notebook)) == results(of: run("cos(x)", in: notebook)))
        #expect(results(of: run("grad(_\(first.number)[1], y)", in: notebook)) == results(of: run("cos(x)", in: notebook)))
        // What was shown is what the graph gives.
        #expect(results(of: run("Out[\(first.number)]", in: notebook)) == results(of: first))
    }

    @Test("a read result is judged stale by what grad read, as before")
    func staleMarks() {
        let notebook = Notebook()
        run("x = 2; y = 3", in: notebook)
        #expect(results(of: run("grad(x*y, [x, y])", in: notebook)) == "[3, 2]")
        run("g = _; x = 5", in: notebook)
        #expect(results(of: run("g", in: notebook)) == "[3, 2]  (stale: computed from the old x, In [2])")
        // A loop's earlier values are not blamed (DerivedNodes).
        run("v = 0.5; repeat 100 { v = v*x + 0.1 }", in: notebook)
        run("grad(v, [x])", in: notebook)
        #expect(!results(of: run("h = _; h", in: notebook)).contains("stale"))
    }

    @Test("where a 0 meets an infinite local derivative, the graph is built at once and its nan and note stand")
    func infiniteLocalDerivativeBuildsTheGraph() {
        let notebook = Notebook()
        run("x = 0; n = 2", in: notebook)
        let result = run("grad(grad(grad(x^n, x), x), [x])", in: notebook)
        #expect(recipe(result) == nil)
        #expect(results(of: result) == "[nan]")
        #expect(result.outputs.contains { $0.text.contains("-inf going back through x^(n - 2)") })
    }

    @Test("after loops whose gradients underflow or grow, what is shown is what the graph shows")
    func loopsShowWhatTheGraphShows() throws {
        for (start, body) in [("0.5", "v = v*x + 0.1"), ("0.5", "v = v*x*y + 1"), ("2", "v = tanh(v*x + y)"), ("0.001", "v = v*x - y*v*v")] {
            for (x, y) in [(0.5, 0.3), (1e-3, 2.0), (3.0, 1e-150), (0.999, -0.5)] {
                let notebook = Notebook()
                run("x = \(x); y = \(y); v = \(start); repeat 2000 { \(body) }", in: notebook)
                let result = run("grad(v, [x, y])", in: notebook)
                guard case .scalar(let shown)? = shown(result) else { continue }
                let built = try Evaluator(bindings: notebook.bindings, source: SourceText("_"), cell: nil)
                    .builtGradient(.scalar(shown), at: SourceRange(0, 1))
                let renderer = ValueRenderer(format: NumberFormat(digits: 17))
                #expect(renderer.scalar(shown) == built.node.map(renderer.scalar), "\(body) at x = \(x), y = \(y)")
            }
        }
    }

    @Test("one name's number keeps the graph's verdict on lost parts: nan, with the note")
    func oneNameKeepsLostPartVerdict() {
        let notebook = Notebook()
        run("x = -745", in: notebook)
        let result = run("grad(sqrt(sigmoid(x)), x)", in: notebook)
        #expect(results(of: result) == "nan")
        #expect(result.outputs.contains { $0.text.contains("at sigmoid(x) with x = -745, part of it was lost") })
    }

    @Test("the numbers shown equal the graph's, read back through _, at random points of random expressions")
    func shownEqualsBuilt() async {
        let specials: [Double] = [0, 1, -1, 30, -30, 800, -800, 1e200, 1e-200, 19, 0.5]
        // Half the points ordinary, half where gradients underflow, overflow or meet a kink.
        let choice = Gen.int(in: 0...(2 * specials.count - 1))
        await propertyCheck(count: 150, input: DerivativePropertyTests.recipes, DerivativePropertyTests.coordinates, DerivativePropertyTests.coordinates,
                            choice, choice) { recipe, ordinaryX, ordinaryY, pickX, pickY in
            let x = pickX < specials.count ? specials[pickX] : ordinaryX
            let y = pickY < specials.count ? specials[pickY] : ordinaryY
            let expression = RandomExpression.build(recipe)
            let notebook = Notebook()
            run("x = \(x); y = \(y)", in: notebook)
            let first = run("grad(\(expression), [x, y])", in: notebook)
            guard case .scalar(let shownNode)? = shown(first) else { return }
            guard let built = try? Evaluator(bindings: notebook.bindings, source: SourceText("_"), cell: nil)
                    .builtGradient(.scalar(shownNode), at: SourceRange(0, 1)).node else {
                Issue.record("\(expression): the graph could not be built")
                return
            }
            let same = zip(shownNode.elements, built.elements).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            #expect(same, "\(expression) at x = \(x), y = \(y): shown \(shownNode.elements), graph \(built.elements)")
            // As shown: an element the graph's values could not give is nan either way (LostValues).
            let renderer = ValueRenderer(format: NumberFormat(digits: 17))
            #expect(renderer.scalar(shownNode) == renderer.scalar(built), "\(expression) at x = \(x), y = \(y): shown \(renderer.scalar(shownNode)), graph \(renderer.scalar(built))")
        }
    }
}
