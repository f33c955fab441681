// The seeded generator: the published xoshiro256** output, and independent streams for neighbouring seeds
// (the old generator gave seed 2 the stream of seed 1 shifted by one draw).

@testable import GradbookCore
import Foundation
import Testing

@Suite("Seeded random numbers")
struct RandomNumbersTests {
    /// Pearson correlation of two equally long samples.
    private func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let (meanA, meanB) = (a.reduce(0, +) / n, b.reduce(0, +) / n)
        var (covariance, varianceA, varianceB) = (0.0, 0.0, 0.0)
        for (x, y) in zip(a, b) {
            covariance += (x - meanA) * (y - meanB)
            varianceA += (x - meanA) * (x - meanA)
            varianceB += (y - meanB) * (y - meanB)
        }
        return covariance / (varianceA * varianceB).squareRoot()
    }

    @Test("SplitMix64 gives the published first outputs for seed 0")
    func splitMixReference() {
        // Reference values of Vigna's splitmix64.c, seeded with 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("xoshiro256** is seeded from SplitMix64's first four outputs")
    func xoshiroFromSplitMix() {
        // xoshiro256**'s first output is rotl(s1 * 5, 7) * 9, with s1 the second SplitMix64 output.
        var expander = SplitMix64(seed: 1)
        _ = expander.next()
        let s1 = expander.next()
        let expected = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        var generator = RandomNumbers(seed: 1)
        #expect(generator.next() == expected)
    }

    @Test("neighbouring seeds give uncorrelated streams", arguments: [(1, 2), (2, 3), (1, 3), (0, 1), (41, 42)])
    func neighbouringSeedsUncorrelated(first: UInt64, second: UInt64) {
        var a = RandomNumbers(seed: first), b = RandomNumbers(seed: second)
        let (streamA, streamB) = (a.normal(10_000), b.normal(10_000))
        // For 10,000 independent pairs the correlation's standard deviation is 0.01; 0.05 is five of them.
        #expect(abs(correlation(streamA, streamB)) < 0.05)
    }

    @Test("no stream is a shift of another's within 1,000 draws", arguments: [(1, 2), (2, 3), (1, 3)])
    func noShiftedStreams(first: UInt64, second: UInt64) {
        var a = RandomNumbers(seed: first), b = RandomNumbers(seed: second)
        let streamA = (0..<2_000).map { _ in a.next() }, streamB = (0..<2_000).map { _ in b.next() }
        let setA = Set(streamA), setB = Set(streamB)
        // A shift by k < 1,000 in either direction would share at least 1,000 values.
        #expect(setA.intersection(setB).isEmpty)
    }

    @Test("one seed, one sequence")
    func sameSeedSameSequence() {
        var a = RandomNumbers(seed: 7), b = RandomNumbers(seed: 7)
        #expect(a.uniform(100) == b.uniform(100))
    }

    @Test("randn with seeds 1 and 2 are different matrices, not one shifted by a draw")
    func randnSeedsDiffer() {
        func row(seed: Int) -> [Double] { (1...50).map { value("randn(1, 50, seed = \(seed))[1, \($0)]") ?? .nan } }
        let one = row(seed: 1), two = row(seed: 2)
        #expect(!one.contains(where: \.isNaN) && !two.contains(where: \.isNaN))
        #expect(Array(one.dropFirst()) != Array(two.dropLast()))
        #expect(abs(correlation(one, two)) < 0.5)
    }
}
