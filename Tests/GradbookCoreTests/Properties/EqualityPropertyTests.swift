// Property tests of `==` over random formulas: a derivative with a typical mistake is never called
// equal, an equivalent rewrite is never called different, and binding the names to random values
// changes neither (issue 13, §5, §6, §9).

@testable import GradbookCore
import Foundation
import PropertyBased
import Testing

@Suite("Properties of ==")
struct EqualityPropertyTests {
    static let recipes = Gen.int(in: 0...400).array(of: 1...8)
    static let coordinates = Gen.double(in: -2...2)
    static let mistakes = Gen.int(in: 0..<Mistakes.count)

    /// The typical mistakes, each a way to turn d/dx f into a wrong derivative.
    enum Mistakes {
        static let count = 9

        /// d/dx f written out in full (no `where`), as text that parses.
        static func derivative(of f: String) -> String? {
            guard let (store, formula, x) = formula(of: f) else { return nil }
            return FormulaPrinter(store: store).text(of: [store.derivative(of: formula, withRespectTo: x)])[0]
        }

        /// Mistake `k` applied to the derivative of `f`: text that parses, or nil when it does not apply.
        static func text(_ k: Int, of f: String) -> String? {
            guard let (store, formula, x) = formula(of: f) else { return nil }
            let rule: DifferentiationRule
            switch k {
            case 0: rule = .omittingInnerFactor(at: nil)  // drop a chain factor
            case 1: rule = .productOfDerivatives(at: nil)
            case 2: rule = .flippingQuotientSign(at: nil)
            case 3: rule = .shiftingPowerExponent(at: nil, offset: 1)  // wrong power
            default:
                guard let d = derivative(of: f) else { return nil }
                return ["-(\(d))", "2*(\(d))", "0.5*(\(d))", "(\(d)) + 1", "(\(d)) - 0.25"][k - 4]  // sign, scale, shift
            }
            return FormulaPrinter(store: store).text(of: [store.derivative(of: formula, withRespectTo: x, rule: rule)])[0]
        }
    }

    /// f's formula in a fresh store, with x and y free, and the variable x.
    static func formula(of f: String) -> (FormulaStore, FormulaID, Variable)? {
        guard let node = node(f) else { return nil }
        let bridge = FormulaBridge()
        return (bridge.store, bridge.formula(of: node), Variable(name: "x"))
    }

    /// An independent judge of "truly different": a plain grid of points in [-2, 2]², both finite and
    /// differing by more than 1e-6 relative somewhere.
    static func differOnGrid(_ a: String, _ b: String) -> Bool {
        let grid = stride(from: -2.0, through: 2.0, by: 0.25)
        for x in grid {
            for y in [-1.5, 0.5, 1.75] {
                let point = "at x = \(x), y = \(y)"
                guard let u = number("(\(a)) \(point)"), let v = number("(\(b)) \(point)"), u.isFinite, v.isFinite else { continue }
                if Swift.abs(u - v) > 1e-6 * Swift.max(1, Swift.abs(u), Swift.abs(v)) { return true }
            }
        }
        return false
    }

    static func number(_ code: String) -> Double? { value(code) }

    /// The graph `code` evaluates to in a fresh session (x and y free).
    static func node(_ code: String) -> Node? {
        let source = SourceText(code)
        guard case .success(let statement)? = Parser.statements(in: source).first else { return nil }
        return (try? Evaluator(bindings: Bindings(), source: source, cell: 1).execute(statement))??.node
    }

    /// What `==` printed, after `setup` ran in the same session.
    static func verdict(_ comparison: String, after setup: String = "") -> String {
        let notebook = Notebook()
        if !setup.isEmpty { _ = notebook.run(setup) }
        return notebook.run(comparison).outputs.first?.text ?? "(nothing)"
    }

    @Test("diff(f, x) == a typical mistake is never true, names free or bound")
    func mistakesAreNeverTrue() async {
        await propertyCheck(count: 300, input: Self.recipes, Self.mistakes, Self.coordinates, Self.coordinates) { recipe, k, x, y in
            let f = RandomExpression.build(recipe)
            guard f.contains("x"), let mistake = Mistakes.text(k, of: f), let d = Mistakes.derivative(of: f),
                  Self.differOnGrid(d, mistake) else { return }
            let free = Self.verdict("diff(\(f), x) == \(mistake)")
            #expect(free.hasPrefix("false"), "diff(\(f), x) == \(mistake) gave \(free)")
            let bound = Self.verdict("diff(\(f), x) == \(mistake)", after: "x = \(x); y = \(y)")
            #expect(!bound.hasPrefix("true"), "with x = \(x), y = \(y): diff(\(f), x) == \(mistake) gave \(bound)")
        }
    }

    /// Rewrites of a formula A that are the same function, computed differently.
    static let rewrites: [@Sendable (String) -> String] = [
        { "(\($0))*(x^2 + 1)/(x^2 + 1)" },
        { "2*sin((\($0))/2)*cos((\($0))/2)" },  // paired with sin(A)
        { "(\($0))^2 + 2*(\($0)) + 1 - 1" },  // paired with A^2 + 2A
        { "2*sigmoid(2*(\($0))) - 1" },  // paired with tanh(A)
        { "((\($0)) + abs(\($0)))/2" },  // paired with relu(A)
    ]
    static let rewritten: [@Sendable (String) -> String] = [
        { $0 }, { "sin(\($0))" }, { "(\($0))*((\($0)) + 2)" }, { "tanh(\($0))" }, { "relu(\($0))" },
    ]

    @Test("an equivalent rewrite is never false")
    func rewritesAreNeverFalse() async {
        await propertyCheck(count: 120, input: Self.recipes, Gen.int(in: 0..<Self.rewrites.count)) { recipe, k in
            let f = RandomExpression.build(recipe)
            // Without a free symbol both sides are numbers, and numbers compare as numbers (CONTRACT.md), to 1e-12
            // relative: ((log(1.25))^9)^2 + 2*… + 1 - 1 really is computed 1e-11 away from the factored form.
            // (Names, not letters: exp and max contain an x.)
            let names = Set(f.split { !$0.isLetter && !$0.isNumber }.map(String.init))
            guard names.contains("x") || names.contains("y") else { return }
            let result = Self.verdict("\(Self.rewritten[k](f)) == \(Self.rewrites[k](f))")
            #expect(!result.hasPrefix("false"), "\(Self.rewritten[k](f)) == \(Self.rewrites[k](f)) gave \(result)")
        }
    }

    @Test("the correct derivative, written out or rewritten, is never false, names free or bound")
    func correctDerivativesAreNeverFalse() async {
        await propertyCheck(count: 120, input: Self.recipes, Gen.int(in: 0..<Self.rewrites.count), Self.coordinates, Self.coordinates) { recipe, k, x, y in
            let f = RandomExpression.build(recipe)
            guard let written = Mistakes.derivative(of: f) else { return }
            // Only the identity and the x^2 + 1 rewrite keep the value: the others change the function.
            let candidate = k % 2 == 0 ? written : Self.rewrites[0](written)
            let free = Self.verdict("diff(\(f), x) == \(candidate)")
            #expect(!free.hasPrefix("false"), "diff(\(f), x) == \(candidate) gave \(free)")
            let bound = Self.verdict("diff(\(f), x) == \(candidate)", after: "x = \(x); y = \(y)")
            #expect(!bound.hasPrefix("false"), "with x = \(x), y = \(y): diff(\(f), x) == \(candidate) gave \(bound)")
        }
    }
}
