// Simplify while building: each rule as one row of a table, plus hash-consing and the value guards.

@testable import GradbookCore
import Testing

extension Symbolic {
    @Suite struct SimplificationTests {
        static let rules: [FormulaCase] = [
            FormulaCase("2*3", "6") { $0.number(2) * $0.number(3) },
            FormulaCase("0 + u", "x") { 0 + $0.x },
            FormulaCase("1*u", "x") { 1 * $0.x },
            FormulaCase("0*u", "0") { 0 * sin($0.x) },
            FormulaCase("u^1", "x") { $0.x ** 1 },
            FormulaCase("u^0", "1") { $0.x ** 0 },
            FormulaCase("1^u", "1") { 1 ** $0.x },
            FormulaCase("u + u", "2*x") { $0.x + $0.x },
            FormulaCase("3*u - u", "2*x") { 3 * $0.x - $0.x },
            FormulaCase("u - u", "0") { sin($0.x) - sin($0.x) },
            FormulaCase("u*u", "x^2") { $0.x * $0.x },
            FormulaCase("u^2*u^3", "x^5") { $0.x ** 2 * $0.x ** 3 },
            FormulaCase("u/u", "1") { ($0.x + 1) / ($0.x + 1) },
            FormulaCase("-(-u)", "x") { -(-$0.x) },
            FormulaCase("(u^2)^3", "x^6") { ($0.x ** 2) ** 3 },
            FormulaCase("(2*u)^2", "4*x^2") { (2 * $0.x) ** 2 },
            FormulaCase("(x*y)^-1", "1/(x*y)") { ($0.x * $0.y) ** -1 },
            FormulaCase("2*x*3*y", "6*x*y") { 2 * $0.x * 3 * $0.y },
            FormulaCase("x + 2 + x - 2", "2*x") { $0.x + 2 + $0.x - 2 },
            FormulaCase("(x + y) - x", "y") { ($0.x + $0.y) - $0.x },
            FormulaCase("x*y/x", "y") { $0.x * $0.y / $0.x },
            FormulaCase("sin(2*3)", "-0.27941549819892586") { sin($0.number(2) * 3) },
            FormulaCase("2*(x + 1) + (x + 1)", "3*(x + 1)") { 2 * ($0.x + 1) + ($0.x + 1) },
        ]

        @Test("a simplification rule applies while building", arguments: rules)
        func rule(_ row: FormulaCase) {
            #expect(row.build(Symbols()).text == row.expected)
        }

        static let keptAsTheyAre: [FormulaCase] = [
            FormulaCase("sqrt(u)^2 (u only for u ≥ 0)", "sqrt(x)^2") { sqrt($0.x) ** 2 },
            FormulaCase("(u^2)^0.5 (|u|, not u)", "(x^2)^0.5") { ($0.x ** 2) ** 0.5 },
            FormulaCase("(x*y)^0.5 (not x^0.5*y^0.5)", "(x*y)^0.5") { ($0.x * $0.y) ** 0.5 },
            FormulaCase("log(exp(u)) (kept)", "log(exp(x))") { log(exp($0.x)) },
        ]

        @Test("a rewrite that is wrong somewhere is not made", arguments: keptAsTheyAre)
        func unsafeRewrite(_ row: FormulaCase) {
            #expect(row.build(Symbols()).text == row.expected)
        }

        @Test("structurally equal formulas share one id, in any operand order")
        func hashConsing() {
            let s = Symbols()
            #expect((s.x + s.y).id == (s.y + s.x).id)
            #expect((s.x * sin(s.y)).id == (sin(s.y) * s.x).id)
            #expect((s.x * s.y * s.z).id == (s.z * (s.y * s.x)).id)
            #expect(s.named("x", id: 1).id != s.named("x", id: 2).id)
            #expect(s.named("x", id: 1).id != s.x.id)
        }

        @Test("view shows the basic operations: subtraction as a -1 factor, division as power -1")
        func viewExposesStructure() throws {
            let s = Symbols()
            let difference = s.x - s.y
            guard case .add(let terms) = s.store.view(difference.id) else { Issue.record("not a sum"); return }
            let negated = try #require(terms.first { $0 != s.y.id && $0 != s.x.id })
            #expect(s.store.view(negated) == .multiply([s.store.constant(-1), s.y.id]))
            #expect(s.store.view((1 / s.x).id) == .power(s.x.id, s.store.constant(-1)))
            #expect(s.store.view(sin(s.x).id) == .apply(.sin, s.x.id))
        }

        @Test("a coefficient that would overflow is not folded, so no value changes")
        func overflowingCoefficient() {
            let s = Symbols()
            let big = 1e308 * s.x
            let sum = big + big
            #expect(sum.value(["x": 0]) == 0)
            #expect((1e308 * big).value(["x": 0]) == 0)
        }

        @Test("-0 and NaN constants are stored once each")
        func specialConstants() {
            let s = Symbols()
            #expect(s.number(-0.0).id == s.number(0).id)
            #expect(s.number(.nan).id == s.number(.nan).id)
            #expect(s.number(.nan).text == "nan")
        }

        @Test("substitute replaces variables and simplifies again")
        func substitution() {
            let s = Symbols()
            let f = s.x * s.y + s.x
            let g = Sym(store: s.store, id: s.store.substitute(f.id, [Variable(name: "y"): s.store.constant(-1)]))
            #expect(g.text == "0")
            #expect(s.store.variables(in: f.id) == [Variable(name: "x"), Variable(name: "y")])
        }

        @Test("a missing variable evaluates to NaN")
        func missingVariable() {
            let s = Symbols()
            #expect((s.x + s.y).value(["x": 1]).isNaN)
        }
    }
}
