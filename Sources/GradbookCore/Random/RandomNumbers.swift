// The one random number generator of gradbook: xoshiro256** seeded through SplitMix64.
// Every seeded thing (rand, randn, mlp, layer, moons, circles, spiral, line, the sample points of ==) draws here.

import Foundation

/// SplitMix64 (Steele, Lea and Flood 2014), used only to expand a seed into xoshiro's state:
/// its output is well mixed even for seeds 1, 2, 3, so neighbouring seeds start far apart.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna 2018), the generator its authors recommend for general use.
/// The state is filled from SplitMix64 as they advise; a seed therefore picks a point far along one
/// period of 2^256 − 1, and the streams of seeds 1, 2 and 3 are independent, not shifts of one another.
struct RandomNumbers: RandomNumberGenerator {
    private var s0, s1, s2, s3: UInt64

    init(seed: UInt64) {
        var expander = SplitMix64(seed: seed)
        (s0, s1, s2, s3) = (expander.next(), expander.next(), expander.next(), expander.next())
    }

    mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A number in [0, 1): the top 53 bits, so every value is a multiple of 2^-53.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func uniform(_ count: Int) -> [Double] { (0..<count).map { _ in unit() } }

    /// Standard normal numbers by the Box–Muller transform.
    mutating func normal(_ count: Int) -> [Double] {
        (0..<count).map { _ in
            let u = max(unit(), Double.leastNonzeroMagnitude), v = unit()
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
    }
}
