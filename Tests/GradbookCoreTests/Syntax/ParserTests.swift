@testable import GradbookCore
import Testing

@Suite("Parser")
struct ParserTests {
    private func statement(_ text: String) throws -> Statement {
        try #require(try Parser.statements(in: SourceText(text)).first?.get())
    }

    private func failure(_ text: String) -> Diagnostic? {
        guard case .failure(let diagnostic)? = Parser.statements(in: SourceText(text)).first else { return nil }
        return diagnostic
    }

    @Test("^ is right-associative and binds tighter than unary minus", arguments: [
        ("2^3^2", 512.0), ("-2^2", -4), ("(-2)^2", 4), ("2^-1", 0.5), ("2**3", 8), ("-x^2 at x = 3", -9),
        ("1 - 2 - 3", -4), ("12/3/2", 2), ("1 + 2*3", 7),
    ])
    func precedence(_ text: String, _ expected: Double) {
        #expect(value(text) == expected)
    }

    @Test("assignments, definitions, commands and help are told apart")
    func statementKinds() throws {
        guard case .assignment(let name, _, _) = try statement("x = 2").kind else { Issue.record("not an assignment"); return }
        #expect(name == "x")
        guard case .function(let function, _, let parameters, _) = try statement("f(x, y) = x^2 + y").kind else {
            Issue.record("not a definition")
            return
        }
        #expect(function == "f" && parameters == ["x", "y"])
        guard case .expression = try statement("f(x, y) == x").kind else { Issue.record("== is not a definition"); return }
        guard case .help(let topic) = try statement("?diff").kind, topic == "diff" else { Issue.record("not help"); return }
        guard case .help(let other) = try statement("grad?").kind, other == "grad" else { Issue.record("not help"); return }
    }

    @Test("a statement ended by ; is silenced")
    func silencing() {
        let statements = Parser.statements(in: SourceText("x^2; y^2"))
        #expect(statements.count == 2)
        #expect((try? statements[0].get().isSilenced) == true)
        #expect((try? statements[1].get().isSilenced) == false)
    }

    @Test("at applies to the whole expression on its left")
    func atScope() throws {
        guard case .expression(let expression) = try statement("diff(x^3, x) at x = 2, y = 3").kind,
              case .at(let body, let bindings) = expression.kind else {
            Issue.record("not an at expression")
            return
        }
        #expect(bindings.map(\.name) == ["x", "y"])
        guard case .call(let name, _, _) = body.kind else { Issue.record("body is not the call"); return }
        #expect(name == "diff")
    }

    @Test("syntax errors point at the right column", arguments: [
        ("1️⃣(x + 1", "this '(' is never closed."),
        ("x + 11️⃣)", "')' has no matching opening bracket."),
        ("[x, 21️⃣)", "')' does not match the '[' opened earlier."),
        ("x + 1️⃣", "the input ends where a value was expected."),
        ("x^2 at 1️⃣3 = 2", "'at' binds names to values, but a number is not a name."),
        ("a == b 1️⃣== c", "'==' compares two expressions and cannot be chained."),
        ("g(x, 1️⃣x) = x", "the parameter 'x' appears twice."),
    ])
    func errorColumns(_ markedText: String, _ message: String) throws {
        let (text, offset) = marked(markedText)
        let diagnostic = try #require(failure(text))
        #expect(diagnostic.message == message)
        #expect(diagnostic.range.lowerBound == offset)
    }

    @Test("nesting past the limit is a diagnostic, not a stack overflow", arguments: [10_000, 100_000])
    func deepNesting(_ depth: Int) throws {
        let text = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        let diagnostic = try #require(failure(text))
        #expect(diagnostic.message.contains("nested more than \(Parser.maximumNesting) levels"))
        let minus = try #require(failure(String(repeating: "-", count: depth) + "1"))
        #expect(minus.message.contains("nested"))
    }

    @Test("a long flat sum is not deep: 50,000 terms evaluate")
    func longSum() {
        let text = Array(repeating: "1", count: 50_000).joined(separator: " + ")
        #expect(value(text) == 50_000)
    }

    @Test("a syntax error in one statement leaves the next one to parse")
    func recovery() {
        let statements = Parser.statements(in: SourceText("x = (1 +; y = 2\nz = 3"))
        #expect(statements.count == 3)
        if case .success = statements[0] { Issue.record("the first statement should fail") }
        #expect((try? statements[1].get()) != nil)
        #expect((try? statements[2].get()) != nil)
    }
}
