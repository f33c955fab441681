@testable import GradbookCore
import Testing

@Suite("Evaluation")
struct EvaluatorTests {
    @Test("notes come back as data, one case per kind, and are worded in one place")
    func notesAreData() throws {
        let notebook = Notebook()
        run("x = 0; a = -1; v = [1, 0]", in: notebook)
        func notes(_ code: String) throws -> [Note] {
            let source = SourceText(code)
            guard case .success(let statement)? = Parser.statements(in: source).first else { return [] }
            let evaluator = Evaluator(bindings: notebook.bindings, source: source, cell: notebook.cellCount + 1)
            _ = try evaluator.execute(statement)
            return evaluator.notes
        }
        #expect(try notes("grad(relu(x), x)") == [.kink(.zero, at: "relu(x)")])
        #expect(try notes("log(a)") == [.firstProducedBy(value: "nan", operation: "log(a)", inputs: " with a = -1")])
        let flat = try notes("diff(a*3, x)")
        #expect(flat == [.doesNotDepend(expression: "a*3", on: "x")])
        #expect(flat.first?.text == "'a*3' does not depend on 'x', so its derivative is 0.")
        let divided = try notes("1/v")
        #expect(divided == [.tensorNotFinite(typed: "1/v", operation: "/")])
        #expect(divided.first?.text == "nan or inf first appeared in '1/v' (/ of finite values).")
        // A stored NaN's origin is noted once: the check for an earlier origin note asks for the case.
        run("y = log(a)", in: notebook)
        #expect(try notes("y") == [.firstProducedBy(value: "nan", operation: "log(a)", inputs: " with a = -1, In [2]")])
    }

    @Test("a failed statement changes no binding")
    func failureChangesNothing() {
        let notebook = Notebook()
        run("x = 5; f(t) = t^2", in: notebook)
        let failed = run("x = sinn(3)", in: notebook)
        #expect(diagnostic(of: failed) != nil)
        #expect(results(of: run("x; f(2)", in: notebook)) == "4")
        #expect(results(of: run("x", in: notebook)) == "5")
    }

    @Test("rebinding a name never changes values computed earlier")
    func eagerBindings() {
        let notebook = Notebook()
        run("a = 2; b = a*10; a = 100", in: notebook)
        #expect(results(of: run("b", in: notebook)).hasPrefix("20"))
    }

    @Test("a name rebound after an expression was computed is reported, not given 0")
    func reboundName() throws {
        let notebook = Notebook()
        run("x = 3; y = x^2; x = 5", in: notebook)
        let failed = run("grad(y, [x])", in: notebook)
        let message = try #require(diagnostic(of: failed)?.message)
        #expect(message.contains("earlier 'x'"))
    }

    @Test("gradient with respect to an intermediate binding")
    func intermediateGradient() {
        let notebook = Notebook()
        run("x = 3; h = x^2; y = 2*h + h^2", in: notebook)
        #expect(results(of: run("grad(y, [h, x])", in: notebook)) == "[20, 120]")
    }

    @Test("at re-reads stored values and formulas with the new values")
    func atSubstitutes() {
        let notebook = Notebook()
        run("f = a*x^2; x = 1; y = x^3", in: notebook)
        #expect(results(of: run("f at a = 2, x = 3", in: notebook)) == "18")
        #expect(results(of: run("y at x = 2", in: notebook)) == "8")
        #expect(results(of: run("y", in: notebook)) == "1")
    }

    @Test("a function that calls itself is stopped with a clear message")
    func recursion() throws {
        let result = run("f(x) = f(x) + 1", "f(2)")
        #expect(try #require(diagnostic(of: result)).message.contains("calls itself"))
    }

    @Test("an interruption stops evaluation and changes nothing")
    func interruption() throws {
        let notebook = Notebook()
        run("x = 1", in: notebook)
        let source = SourceText("x = x + 1")
        let statement = try #require(try Parser.statements(in: source).first?.get())
        let interruption = Interruption()
        interruption.request()
        let evaluator = Evaluator(bindings: notebook.bindings, source: source, cell: 2, interruption: interruption)
        #expect(throws: Diagnostic.interrupted(at: SourceRange(4, 9))) { try evaluator.execute(statement) }
        #expect(results(of: run("x", in: notebook)) == "1")
    }

    @Test("log of a negative number is nan with a note naming the operation")
    func nanProvenance() {
        let result = run("log(-1) + 2")
        #expect(results(of: result) == "nan")
        #expect(result.outputs.contains { $0.text == "note: nan first produced by log(-1)." })
    }
}
