// A == B with free symbols: by simplification, by sampling inside the common domain, and the typical
// mistake named when they differ.

@testable import GradbookCore
import Testing

extension Symbolic {
    @Suite struct EquivalenceTests {
        @Test("equal formulas written differently are equivalent")
        func equivalentForms() {
            let s = Symbols()
            let cases: [(Sym, Sym)] = [
                (2 * (s.w * s.x - s.t) * s.x, ((s.w * s.x - s.t) ** 2).d(s.w)),
                ((s.x + 1) ** 2, s.x ** 2 + 2 * s.x + 1),
                (sin(s.x) ** 2 + cos(s.x) ** 2, s.number(1)),
                (sqrt(s.x) * sqrt(s.x), s.x),  // equal where both are defined (x ≥ 0)
                (log(s.x * s.y), log(s.x) + log(s.y)),
                (relu(s.x), s.x * Sym(store: s.store, id: s.store.apply(.step, s.x.id))),
            ]
            for (a, b) in cases {
                let result = s.store.equivalence(a.id, b.id)
                #expect(result.isEquivalent, "\(a.text) == \(b.text)")
                #expect(result.counterexample == nil)
            }
        }

        @Test("u - u simplifying to 0 decides without sampling")
        func bySimplification() {
            let s = Symbols()
            #expect(s.store.equivalence((3 * s.x - s.x).id, (2 * s.x).id).basis == .simplification)
        }

        @Test("different formulas are not equivalent, with a point and both values")
        func counterexample() throws {
            let s = Symbols()
            let result = s.store.equivalence((s.x ** 2).id, (2 * s.x).id)
            #expect(!result.isEquivalent)
            let point = try #require(result.counterexample)
            let x = try #require(point[s.x.variable])
            #expect(result.leftValue == x * x)
            #expect(result.rightValue == 2 * x)
        }

        @Test("relu(x) and x differ, found at a negative point")
        func kinkDifference() throws {
            let s = Symbols()
            let result = s.store.equivalence(relu(s.x).id, s.x.id)
            #expect(!result.isEquivalent)
            #expect(try #require(result.counterexample?[s.x.variable]) < 0)
        }

        @Test("a domain outside [-3, 3] is still sampled")
        func farDomain() {
            let s = Symbols()
            let result = s.store.equivalence(log(s.x - 10).id, (log(s.x - 10) + 0).id)
            #expect(result.isEquivalent)
            let different = s.store.equivalence(log(s.x - 10).id, log(s.x - 9).id)
            #expect(!different.isEquivalent)
        }

        @Test("formulas with no common point are reported as such, not as equal")
        func noCommonPoint() {
            let s = Symbols()
            let result = s.store.equivalence(log(-(s.x ** 2) - 1).id, s.number(5).id)
            #expect(!result.isEquivalent)
            #expect(result.basis == .noCommonPoint)
        }

        @Test("sampling is deterministic for a seed")
        func deterministic() {
            let s = Symbols()
            let a = s.store.equivalence(sin(s.x).id, s.x.id, seed: 42)
            let b = s.store.equivalence(sin(s.x).id, s.x.id, seed: 42)
            #expect(a == b)
        }

        @Test("a flipped sign is named")
        func flippedSign() {
            let s = Symbols()
            #expect(s.store.equivalence(sin(s.x).id, (-sin(s.x)).id).likelyMistake == .flippedSign)
        }

        @Test("a constant factor is named, with the factor")
        func constantFactor() {
            let s = Symbols()
            let result = s.store.equivalence((s.x * cos(s.x ** 2)).id, (2 * s.x * cos(s.x ** 2)).id)
            #expect(result.likelyMistake == .constantFactor(0.5))
        }

        @Test("a constant term dropped or added is named, with the constant; one point is not enough")
        func constantOffset() {
            let s = Symbols()
            let t = tanh(s.w * s.x)
            // The 1 of tanh' = 1 - tanh^2 dropped: the candidate is the derivative minus 1.
            let result = s.store.equivalence((-1 * t ** 2).id, (1 - t ** 2).id)
            #expect(result.likelyMistake == .constantOffset(-1))
            #expect(s.store.equivalence((s.x + 0.5).id, s.x.id).likelyMistake == .constantOffset(0.5))
            // A factor is named first when both would fit, and different functions have no slip.
            #expect(s.store.equivalence((2 * s.x).id, s.x.id).likelyMistake == .constantFactor(2))
            #expect(s.store.equivalence(sin(s.x).id, cos(s.x).id).likelyMistake == nil)
        }

        @Test("a missing chain-rule factor is named, with the inner function and its derivative")
        func missingInnerFactor() {
            let s = Symbols()
            let f = sin(s.x ** 2)
            let result = s.store.diagnoseDerivative(candidate: cos(s.x ** 2).id, of: f.id, withRespectTo: s.x.variable)
            #expect(!result.isEquivalent)
            #expect(result.likelyMistake == .missingInnerFactor(inner: (s.x ** 2).id, innerDerivative: (2 * s.x).id))
        }

        @Test("a missing inner factor deep inside is found too")
        func missingInnerFactorInside() {
            let s = Symbols()
            let f = s.x * exp(3 * s.x)
            let candidate = exp(3 * s.x) + s.x * exp(3 * s.x)  // (x*exp(3x))' without the 3
            let result = s.store.diagnoseDerivative(candidate: candidate.id, of: f.id, withRespectTo: s.x.variable)
            #expect(result.likelyMistake == .missingInnerFactor(inner: (3 * s.x).id, innerDerivative: s.number(3).id))
        }

        @Test("(uv)' taken as u'v' is named")
        func productOfDerivatives() {
            let s = Symbols()
            let f = s.x ** 2 * sin(s.x)
            let result = s.store.diagnoseDerivative(candidate: (2 * s.x * cos(s.x)).id, of: f.id, withRespectTo: s.x.variable)
            #expect(result.likelyMistake == .productOfDerivatives(factors: [(s.x ** 2).id, sin(s.x).id].sorted()))
        }

        @Test("a correct derivative is confirmed, and a wrong sign still named with context")
        func diagnosisOfCorrectAndSign() {
            let s = Symbols()
            let f = cos(s.x)
            #expect(s.store.diagnoseDerivative(candidate: (-sin(s.x)).id, of: f.id, withRespectTo: s.x.variable).isEquivalent)
            let wrong = s.store.diagnoseDerivative(candidate: sin(s.x).id, of: f.id, withRespectTo: s.x.variable)
            #expect(wrong.likelyMistake == .flippedSign)
        }

        @Test("an unrelated formula names no mistake")
        func noMistake() {
            let s = Symbols()
            #expect(s.store.equivalence(sin(s.x).id, exp(s.x).id).likelyMistake == nil)
        }
    }
}
