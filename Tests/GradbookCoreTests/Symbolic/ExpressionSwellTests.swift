// No expression swell: derivatives and gradients of the tanh chain grow linearly with its length, and
// very deep formulas are built, differentiated, evaluated and printed without recursion.

@testable import GradbookCore
import Foundation
import Testing

extension Symbolic {
    @Suite struct ExpressionSwellTests {
        static let lengths = [10, 20, 40, 80, 160]

        /// Sizes of d f_N/d w1 and of the full gradient, for each chain length.
        static func sizes(_ n: Int) -> (derivative: Int, gradient: Int) {
            let store = FormulaStore()
            let (f, variables) = tanhChain(n, in: store)
            let derivative = store.derivative(of: f, withRespectTo: Variable(name: "w1"))
            return (store.size(of: [derivative]), store.size(of: store.gradient(of: f, withRespectTo: variables)))
        }

        @Test("d f_N/d w1 of the tanh chain grows linearly in N")
        func derivativeIsLinear() {
            let sizes = Self.lengths.map { Self.sizes($0).derivative }
            // Linear growth doubles with N; quadratic would quadruple. Allow 2.2× per doubling.
            for (small, large) in zip(sizes, sizes.dropFirst()) { #expect(Double(large) < 2.2 * Double(small), "\(sizes)") }
            #expect(sizes[4] < 20 * sizes[0], "\(sizes)")
        }

        @Test("the full gradient of the tanh chain grows linearly in N")
        func gradientIsLinear() {
            let sizes = Self.lengths.map { Self.sizes($0).gradient }
            for (small, large) in zip(sizes, sizes.dropFirst()) { #expect(Double(large) < 2.2 * Double(small), "\(sizes)") }
            #expect(sizes[4] < 20 * sizes[0], "\(sizes)")
        }

        @Test("the rewrites every printed derivative goes through (simplify's) keep the chain's derivatives linear")
        func tidiedIsLinear() {
            let sizes = Self.lengths.map { n -> (Int, Int) in
                let store = FormulaStore()
                let (f, variables) = tanhChain(n, in: store)
                let derivative = store.tidied([store.derivative(of: f, withRespectTo: Variable(name: "w1"))])
                return (store.size(of: derivative), store.size(of: store.tidied(store.gradient(of: f, withRespectTo: variables))))
            }
            for (small, large) in zip(sizes, sizes.dropFirst()) {
                #expect(Double(large.0) < 2.2 * Double(small.0) && Double(large.1) < 2.2 * Double(small.1), "\(sizes)")
            }
        }

        @Test("simplify of a 1,000,000-deep formula runs without recursion")
        func millionDeepSimplify() {
            let store = FormulaStore()
            let x = Variable(name: "x")
            var f = store.variable(x)
            for _ in 0..<1_000_000 { f = store.apply(.sin, store.add(f, store.variable(x))) }
            let simplified = store.tidied([f])[0]
            #expect(store.evaluate(simplified, at: [x: 0.5]) == store.evaluate(f, at: [x: 0.5]))
        }

        @Test("the gradient is no bigger than a few times the formula (reverse mode shares the adjoints)")
        func gradientIsProportionalToFormula() {
            let store = FormulaStore()
            let (f, variables) = tanhChain(160, in: store)
            #expect(store.size(of: store.gradient(of: f, withRespectTo: variables)) < 4 * store.size(of: [f]))
        }

        @Test("the chain's gradient has the right values (against forward mode)")
        func chainGradientValues() {
            let store = FormulaStore()
            let (f, variables) = tanhChain(6, in: store)
            var generator = SplitMix64(seed: 7)
            let point = Dictionary(uniqueKeysWithValues: variables.map { ($0, Double.random(in: -1...1, using: &generator)) })
            for (v, g) in zip(variables, store.gradient(of: f, withRespectTo: variables)) {
                let forward = store.evaluate(store.derivative(of: f, withRespectTo: v), at: point)
                #expect(store.evaluate(g, at: point).isClose(to: forward), "∂f/∂\(v)")
            }
        }

        @Test("a 1,000,000-deep formula is differentiated and evaluated without overflowing the stack")
        func millionDeepChain() {
            let store = FormulaStore()
            let x = Variable(name: "x")
            var f = store.variable(x)
            for _ in 0..<1_000_000 { f = store.apply(.sin, f) }
            #expect(store.size(of: [f]) == 1_000_001)
            let derivative = store.derivative(of: f, withRespectTo: x)
            let (value, slope) = (store.evaluate(f, at: [x: 0.5]), store.evaluate(derivative, at: [x: 0.5]))
            // sin applied n times decays like sqrt(3/n) (0.0017 here) and its slope like n^(-3/2) (4e-8 here).
            #expect(value > 0 && value < 0.01)
            #expect(slope > 0 && slope < 1e-6)
        }

        @Test("a 100,000-deep formula's gradient (reverse mode) equals its forward derivative")
        func deepGradient() {
            let store = FormulaStore()
            let x = Variable(name: "x")
            var f = store.variable(x)
            for _ in 0..<100_000 { f = store.apply(.sin, f) }
            let forward = store.evaluate(store.derivative(of: f, withRespectTo: x), at: [x: 0.5])
            let reverse = store.evaluate(store.gradient(of: f, withRespectTo: [x])[0], at: [x: 0.5])
            #expect(forward > 0 && forward.isClose(to: reverse))
        }

        @Test("a deep chain without sharing prints iteratively, with and without names")
        func deepChainPrints() {
            let store = FormulaStore()
            let (x, w) = (Variable(name: "x"), Variable(name: "w"))
            var f = store.variable(x)
            for _ in 0..<10_000 { f = store.add(store.multiply(f, store.variable(w)), store.constant(1)) }
            let text = FormulaPrinter(store: store).text(of: [f])[0]
            // (Compared as Booleans: a failing #expect would print the whole 200 KB text.)
            let (opens, closes) = (text.hasPrefix("w*(w*(w*("), text.hasSuffix("(w*x + 1) + 1) + 1") || text.hasSuffix(") + 1) + 1"))
            #expect(opens && closes)
            let derivative = store.derivative(of: f, withRespectTo: w)
            #expect(FormulaPrinter(store: store).sharedText(of: [derivative]).definitions.count > 1000)
        }
    }
}
