// The sizes of lost gradient parts as significand × 2^exponent (LostSize): they must say what the logarithms they
// replaced said, from the smallest subnormal to sizes no double holds, without taking a logarithm on the way.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Lost parts' sizes as significand and exponent")
struct LostSizeTests {
    /// A generator of doubles, repeatable.
    private struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        /// A log2 size spread over [-60,000, 2,000).
        mutating func log2Size() -> Double { Double(next() >> 11) / Double(1 << 53) * 62_000 - 60_000 }
        /// A finite, nonzero double of either sign, subnormals included, its exponent from -1074 to 1023.
        mutating func double() -> Double {
            let bits = next()
            let exponent = Int(bits >> 53) % 2098 - 1074
            let value = Double(sign: bits & 1 == 0 ? .plus : .minus, exponent: exponent, significand: 1 + Double((bits >> 11) & 0xFFFFF) / Double(1 << 20))
            return value == 0 ? .leastNonzeroMagnitude : value
        }
    }

    @Test("a size read from its bits is |x| exactly, subnormals included")
    func magnitudes() {
        var numbers = Numbers(state: 3)
        for x in [Double.leastNonzeroMagnitude, 3 * .leastNonzeroMagnitude, -Double.leastNormalMagnitude, .leastNormalMagnitude / 3,
                  1, -0.75, 0.9, .greatestFiniteMagnitude] + (0..<5_000).map({ _ in numbers.double() }) {
            let size = LostSize(magnitudeOf: x)
            #expect(size.significand >= 1 && size.significand < 2, "\(x)")
            // significand × 2^exponent, scaled back in two steps so that neither overflows nor underflows on the way.
            let back = Double(sign: .plus, exponent: Int(size.exponent), significand: size.significand)
            #expect(back == Swift.abs(x), "\(x): \(size)")
        }
    }

    @Test("sums and products agree with the same sums and products of logarithms")
    func agreesWithLogarithms() {
        var numbers = Numbers(state: 11)
        for _ in 0..<20_000 {
            let a = numbers.log2Size(), gap = Double(numbers.next() % 80)
            let b = (numbers.next() & 1 == 0 ? a - gap : a + gap) + Double(numbers.next() >> 11) / Double(1 << 53)
            let sum = (LostSize(log2: a) + LostSize(log2: b)).log2
            #expect(Swift.abs(sum - LostGradients.sum(a, b)) <= 1e-9 * Swift.max(1, Swift.abs(sum)), "\(a) ⊕ \(b)")
            let x = numbers.double()
            let product = LostSize(log2: a).times(LostSize(magnitudeOf: x)).log2
            #expect(Swift.abs(product - (a + log2(Swift.abs(x)))) <= 1e-9 * Swift.max(1, Swift.abs(product)), "\(a) + log2|\(x)|")
        }
        // Nothing, and a part of unknown size, behave as -inf and inf.
        #expect((LostSize.nothing + LostSize(log2: -5)).log2 == -5)
        #expect((LostSize.unbounded + LostSize(log2: 7)).log2 == .infinity)
        #expect(LostSize.unbounded.times(LostSize(magnitudeOf: 1e-300)).log2 == .infinity)
        #expect(LostSize(log2: -.infinity).isNone)
        // Sizes far outside any integer's range keep their logarithm (exp(x) at x = -1e300 passes back 2^(-1.4e300)).
        #expect(LostSize(log2: -1.4e300).log2 == -1.4e300)
        #expect(LostSize(log2: -1.4e300).times(LostSize(magnitudeOf: 0.25)).log2 == -1.4e300)
    }

    @Test("whether a part makes a gradient unknown is what the logarithms said, at 2^-27 of it and at 2^-1000 for 0")
    func unknownAsBefore() {
        var numbers = Numbers(state: 29)
        for _ in 0..<20_000 {
            let gradient = numbers.next() % 5 == 0 ? 0 : numbers.double()
            // Sizes near the two thresholds, where a wrong comparison would show.
            let threshold = gradient == 0 ? -1000 : log2(Swift.abs(gradient)) - 27
            let bound = threshold + Double(Int64(bitPattern: numbers.next()) % 4_000) / 1_000
            // Not within rounding of the threshold itself, where the logarithm's last digit decides.
            guard Swift.abs(bound - threshold) > 1e-9 else { continue }
            #expect(LostSize(log2: bound).makesUnknown(gradient) == LostGradients.isUnknown(gradient, bound: bound),
                    "gradient \(gradient), bound 2^\(bound)")
        }
        #expect(!LostSize(log2: 5).makesUnknown(.nan))
        #expect(LostSize.unbounded.makesUnknown(1e300))
        #expect(!LostSize.nothing.makesUnknown(0))
    }

    @Test("a chain's parts: halved 40,000 times and summed, the sizes stay exact powers of two far below any double")
    func farBelowDoubles() {
        var size = LostSize.smallestSubnormal
        let half = LostSize(magnitudeOf: 0.5)
        for _ in 0..<40_000 { size = size.times(half) }
        #expect(size.log2 == -41_074)
        #expect((size + size).log2 == -41_073)
        // Parts more than 2^-60 apart leave the larger as it was.
        #expect((LostSize.smallestSubnormal + size) == LostSize.smallestSubnormal)
    }
}
