// The printer: gradbook syntax as a person writes it, fewest parentheses, numbers in their shortest
// round-trip form, and shared subterms named once (`where t1 = …`).

@testable import GradbookCore
import Testing

extension Symbolic {
    @Suite struct FormulaPrinterTests {
        static let layouts: [FormulaCase] = [
            FormulaCase("polynomial, higher degree first", "x^2 + 2*x + 1") { 1 + 2 * $0.x + $0.x ** 2 },
            FormulaCase("subtraction", "x - y") { $0.x - $0.y },
            FormulaCase("positive term first", "1 - x") { -$0.x + 1 },
            FormulaCase("negation of a power", "-x^2") { -($0.x ** 2) },
            FormulaCase("power of a negation", "-x^3") { (-$0.x) ** 3 },
            FormulaCase("power of a negation, symbolic exponent", "(-x)^y") { (-$0.x) ** $0.y },
            FormulaCase("division", "x/y") { $0.x / $0.y },
            FormulaCase("fraction coefficient in the denominator", "x/(2*y)") { $0.x / (2 * $0.y) },
            FormulaCase("half", "x/2") { 0.5 * $0.x },
            FormulaCase("three halves", "3*x/2") { 1.5 * $0.x },
            FormulaCase("decimal coefficient", "0.1*x") { 0.1 * $0.x },
            FormulaCase("reciprocal", "1/x") { 1 / $0.x },
            FormulaCase("negative reciprocal power", "-1/x^2") { -1 / $0.x ** 2 },
            FormulaCase("sum in a denominator", "(x + 1)/y^2") { ($0.x + 1) / $0.y ** 2 },
            FormulaCase("sum as a factor", "x*(y + 1)") { $0.x * ($0.y + 1) },
            FormulaCase("sum as a base", "(x + 1)^2") { ($0.x + 1) ** 2 },
            FormulaCase("sum as an exponent", "2^(x + 1)") { 2 ** ($0.x + 1) },
            FormulaCase("power of a power keeps its parentheses", "(x^2)^y") { ($0.x ** 2) ** $0.y },
            FormulaCase("right-associative power", "x^y^z") { $0.x ** ($0.y ** $0.z) },
            FormulaCase("negative exponent", "x^(-y)") { $0.x ** (-$0.y) },
            FormulaCase("fractional exponent", "x^(1/3)") { $0.x ** (1.0 / 3) },
            FormulaCase("sqrt stays sqrt", "sqrt(x)") { sqrt($0.x) },
            FormulaCase("numbers first, variables sorted, then functions", "2*x*y*sin(x)") { sin($0.x) * $0.y * 2 * $0.x },
            FormulaCase("function terms before polynomial terms", "w*tanh(x) + b") { $0.b + $0.w * tanh($0.x) },
            FormulaCase("variables in natural order", "w2*w10") { $0.named("w10") * $0.named("w2") },
            FormulaCase("negative constant", "-3") { $0.number(-3) },
            FormulaCase("subtracted constant", "x - 3") { $0.x - 3 },
            FormulaCase("subtracted product", "x - 2*y") { $0.x - 2 * $0.y },
            FormulaCase("subtracted quotient", "x - y/z") { $0.x - $0.y / $0.z },
            FormulaCase("negated sum as a factor", "-2*(x + y)") { -2 * ($0.x + $0.y) },
        ]

        @Test("formulas print with the fewest parentheses", arguments: layouts)
        func layout(_ row: FormulaCase) {
            #expect(row.build(Symbols()).text == row.expected)
        }

        @Test("printed formulas parse back (through the notebook) to the same value", arguments: layouts + DerivativeTests.cases)
        func parsesBack(_ row: FormulaCase) throws {
            let formula = row.build(Symbols())
            let variables = formula.store.variables(in: formula.id).sorted()
            let point = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, 0.7 + 0.3 * Double($0)) })
            let bindings = point.map { "\($0.name) = \($1)" }.sorted().joined(separator: ", ")
            let code = variables.isEmpty ? formula.text : "\(formula.text) at \(bindings)"
            let parsed = try #require(value(code), "\(code) did not evaluate")
            #expect(parsed.isClose(to: formula.store.evaluate(formula.id, at: point)), "\(code)")
        }

        static let numbers: [(Double, String)] = [
            (2, "2"), (-3.5, "-3.5"), (0.1, "0.1"), (1e-5, "1e-5"), (1e20, "1e20"), (1.5e-300, "1.5e-300"),
            (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"), (-0.0, "0"), (1.0 / 3, "1/3"),
            (123456789, "123456789"), (0.30000000000000004, "0.30000000000000004"),
        ]

        @Test("numbers print in the shortest form that reads back", arguments: numbers)
        func number(_ value: Double, _ expected: String) {
            let s = Symbols()
            #expect(s.number(value).text == expected)
        }

        @Test("shortest decimals read back as the same Double")
        func decimalsRoundTrip() {
            var generator = SplitMix64(seed: 3)
            for _ in 0..<1000 {
                let x = Double(bitPattern: generator.next() >> 2)
                #expect(Double(NumberText.decimal(x)) == x)
            }
        }

        @Test("a subexpression used twice is printed once, as a named intermediate")
        func sharedSubexpression() {
            let s = Symbols()
            let inner = tanh(s.w * s.x + s.b)
            #expect((inner * inner + sin(inner)).shared == "t1^2 + sin(t1) where t1 = tanh(w*x + b)")
        }

        @Test("a part used twice by one parent is named too: 50 levels of u^u print in linear size")
        func sharedWithinOneParent() {
            let s = Symbols()
            var u = s.x
            for _ in 0..<50 { u = u ** u }
            let printed = FormulaPrinter(store: s.store).sharedText(of: [u.id])
            #expect(printed.formulas == ["t48^t48"])
            #expect(printed.definitions.count == 48)
            #expect(printed.definitions.first?.text == "(x^x)^x^x")
            #expect(printed.description.count < 2_000)
        }

        @Test("small repeated subterms are not named")
        func smallRepeats() {
            let s = Symbols()
            #expect((sin(s.x) * s.x + sin(s.x)).shared == "x*sin(x) + sin(x)")
        }

        @Test("names do not clash with variables, and definitions come in dependency order")
        func namesAvoidVariables() {
            let s = Symbols()
            let t1 = s.named("t1")
            let inner = tanh(s.w * t1 + s.b)
            let outer = tanh(inner * s.y + inner)
            let printed = FormulaPrinter(store: s.store).sharedText(of: [(outer * outer + outer).id, inner.id])
            #expect(printed.definitions.map(\.name) == ["t2", "t3"])
            #expect(printed.definitions[0].text == "tanh(t1*w + b)")
            #expect(printed.definitions[1].text == "tanh(y*t2 + t2)")
            #expect(printed.formulas == ["t3^2 + t3", "t2"])
        }

        @Test("the tanh chain's gradient prints as backpropagation: activations and adjoints named")
        func chainGradient() {
            let store = FormulaStore()
            let (f, variables) = tanhChain(2, in: store)
            let printed = FormulaPrinter(store: store).sharedText(of: store.gradient(of: f, withRespectTo: variables))
            #expect(printed.description == "[w1*w2*t2*t3, w2*x*t2*t3, w2*t2*t3, t1*t2, t2] where t1 = tanh(w1*x + b1), t2 = 1 - tanh(w2*t1 + b2)^2, t3 = 1 - t1^2")
        }
    }
}
