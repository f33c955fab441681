// Seeded property tests over random formulas: building (which simplifies) never changes a value where
// the formula is defined, and the derivative engines agree with each other and with central differences.

@testable import GradbookCore
import Foundation
import Testing

/// A random expression kept as a plain tree, evaluated directly, with no simplification at all.
indirect enum PlainExpression: CustomStringConvertible {
    case variable(String)
    case number(Double)
    case add(PlainExpression, PlainExpression)
    case subtract(PlainExpression, PlainExpression)
    case multiply(PlainExpression, PlainExpression)
    case divide(PlainExpression, PlainExpression)
    case power(PlainExpression, PlainExpression)
    case apply(MathFunction, PlainExpression)

    /// A random tree of at most `depth` levels over x and y (functions without kinks, so derivatives exist).
    static func random(depth: Int, using g: inout SplitMix64) -> PlainExpression {
        let smooth: [MathFunction] = [.cos, .exp, .log, .sigmoid, .sin, .sqrt, .tanh]
        let choice = depth == 0 ? Int.random(in: 0...2, using: &g) : Int.random(in: 0...9, using: &g)
        switch choice {
        case 0: return .variable("x")
        case 1: return .variable("y")
        case 2: return .number([1, 2, 3, -1, 0.5, 0, -2][Int.random(in: 0...6, using: &g)])
        case 3: return .add(random(depth: depth - 1, using: &g), random(depth: depth - 1, using: &g))
        case 4: return .subtract(random(depth: depth - 1, using: &g), random(depth: depth - 1, using: &g))
        case 5, 6: return .multiply(random(depth: depth - 1, using: &g), random(depth: depth - 1, using: &g))
        case 7: return .divide(random(depth: depth - 1, using: &g), random(depth: depth - 1, using: &g))
        case 8: return .power(random(depth: depth - 1, using: &g), .number(Double(Int.random(in: -2...3, using: &g))))
        default: return .apply(smooth[Int.random(in: 0..<smooth.count, using: &g)], random(depth: depth - 1, using: &g))
        }
    }

    func value(x: Double, y: Double) -> Double {
        switch self {
        case .variable(let name): return name == "x" ? x : y
        case .number(let c): return c
        case .add(let a, let b): return a.value(x: x, y: y) + b.value(x: x, y: y)
        case .subtract(let a, let b): return a.value(x: x, y: y) - b.value(x: x, y: y)
        case .multiply(let a, let b): return a.value(x: x, y: y) * b.value(x: x, y: y)
        case .divide(let a, let b): return a.value(x: x, y: y) / b.value(x: x, y: y)
        case .power(let a, let b): return Foundation.pow(a.value(x: x, y: y), b.value(x: x, y: y))
        case .apply(let f, let a): return f(a.value(x: x, y: y))
        }
    }

    /// Whether every subexpression is finite at (x, y): derivatives are compared only there, since a
    /// formula like exp(x)/0^-1 is 0 while its derivative has ∞·0 in it.
    func isFiniteThroughout(x: Double, y: Double) -> Bool {
        guard value(x: x, y: y).isFinite else { return false }
        switch self {
        case .variable, .number: return true
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return a.isFiniteThroughout(x: x, y: y) && b.isFiniteThroughout(x: x, y: y)
        case .apply(_, let a): return a.isFiniteThroughout(x: x, y: y)
        }
    }

    func build(in s: FormulaStore) -> FormulaID {
        switch self {
        case .variable(let name): return s.variable(Variable(name: name))
        case .number(let c): return s.constant(c)
        case .add(let a, let b): return s.add(a.build(in: s), b.build(in: s))
        case .subtract(let a, let b): return s.subtract(a.build(in: s), b.build(in: s))
        case .multiply(let a, let b): return s.multiply(a.build(in: s), b.build(in: s))
        case .divide(let a, let b): return s.divide(a.build(in: s), b.build(in: s))
        case .power(let a, let b): return s.power(a.build(in: s), b.build(in: s))
        case .apply(let f, let a): return s.apply(f, a.build(in: s))
        }
    }

    var description: String {
        switch self {
        case .variable(let name): return name
        case .number(let c): return "\(c)"
        case .add(let a, let b): return "(\(a) + \(b))"
        case .subtract(let a, let b): return "(\(a) - \(b))"
        case .multiply(let a, let b): return "(\(a) * \(b))"
        case .divide(let a, let b): return "(\(a) / \(b))"
        case .power(let a, let b): return "(\(a) ^ \(b))"
        case .apply(let f, let a): return "\(f)(\(a))"
        }
    }
}

extension Symbolic {
    @Suite struct SimplificationPropertyTests {
        /// Simplified and plain evaluation differ only by rounding in a different order of operations.
        static let roundingTolerance = 1e-9
        /// Central differences with h = 1e-5 carry an error of about h² f''' + ε/h ≈ 1e-10 relative; 1e-5
        /// admits steep compositions but not a wrong rule, which is off by O(1).
        static let differenceTolerance = 1e-5

        static func agree(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
            Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
        }

        @Test("building (and simplifying) never changes a defined value")
        func simplificationKeepsValues() {
            var g = SplitMix64(seed: 2024)
            var checked = 0
            for _ in 0..<2000 {
                let plain = PlainExpression.random(depth: 4, using: &g)
                let store = FormulaStore()
                let built = plain.build(in: store)
                let (x, y) = (Double.random(in: -2...2, using: &g), Double.random(in: -2...2, using: &g))
                let expected = plain.value(x: x, y: y)
                // A value reached through an infinity (1/(y - y) is 1/±0) hangs on the sign of a zero: not defined.
                guard plain.isFiniteThroughout(x: x, y: y), Swift.abs(expected) < 1e6 else { continue }
                let got = store.evaluate(built, at: [Variable(name: "x"): x, Variable(name: "y"): y])
                checked += 1
                #expect(Self.agree(got, expected, Self.roundingTolerance), "\(plain) at x = \(x), y = \(y): built \(got), plain \(expected); printed \(FormulaPrinter(store: store).text(of: [built])[0])")
            }
            #expect(checked > 1000, "only \(checked) random formulas were defined at their point")
        }

        @Test("forward derivative ≈ central difference, and reverse mode = forward mode")
        func derivativesAgree() {
            var g = SplitMix64(seed: 99)
            var checked = 0
            for _ in 0..<500 {
                let plain = PlainExpression.random(depth: 3, using: &g)
                let store = FormulaStore()
                let f = plain.build(in: store)
                let (xv, yv) = (Variable(name: "x"), Variable(name: "y"))
                let (x, y) = (Double.random(in: -2...2, using: &g), Double.random(in: -2...2, using: &g))
                let h = 1e-5
                let numeric = (plain.value(x: x + h, y: y) - plain.value(x: x - h, y: y)) / (2 * h)
                let forward = store.evaluate(store.derivative(of: f, withRespectTo: xv), at: [xv: x, yv: y])
                let reverse = store.evaluate(store.gradient(of: f, withRespectTo: [xv])[0], at: [xv: x, yv: y])
                guard numeric.isFinite, Swift.abs(numeric) < 1e4, plain.isFiniteThroughout(x: x, y: y) else { continue }
                checked += 1
                #expect(Self.agree(forward, numeric, Self.differenceTolerance), "d/dx \(plain) at x = \(x), y = \(y): symbolic \(forward), numeric \(numeric)")
                #expect(Self.agree(forward, reverse, Self.roundingTolerance), "d/dx \(plain): forward \(forward), reverse \(reverse)")
            }
            #expect(checked > 250, "only \(checked) random formulas were smooth at their point")
        }
    }
}
