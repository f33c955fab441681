// SubnormalProducts gives the processor's own product below the normal range, bit for bit, and knows when it
// is exact, checked against the integers the doubles stand for.

@testable import GradbookCore
import PropertyBased
import Testing

@Suite("Products below the normal range")
struct SubnormalProductTests {
    /// A subnormal's integer (it is that times 2^-1074): random bits, shifted right by a random amount so that
    /// small integers come up as often as large ones.
    static let bits = Gen.uint64(in: 1...((UInt64(1) << 52) - 1))
    static let shift = Gen.int(in: 0...51)
    /// A normal factor: a random significand at a power of two from 2^-60 to 2^60, either sign.
    static let significand = Gen.uint64(in: 0...((UInt64(1) << 52) - 1))
    static let exponent = Gen.int(in: -60...60)
    static let negative = Gen.bool

    /// Whether `value` is exactly `integer × 2^-1074 × factor`, worked out in integers: factor = s × 2^e for
    /// its 53-bit integer s, and value = V × 2^-1074 for its integer V (for values below 2^-1021).
    private func isExactly(_ value: Double, integer: UInt64, times factor: Double) -> Bool {
        let size = factor.magnitude
        let s = UInt128(size.significandBitPattern | (1 << 52)), e = Int(size.exponent) - 52
        let bits = value.magnitude.bitPattern
        guard bits >> 52 <= 1 else { return false }
        // The integer V: the significand, with the implicit bit for the smallest normal exponent (bits >> 52 == 1).
        let v = UInt128(bits)
        let product = UInt128(integer) * s
        if e >= 0 { return product << e == v }  // (e ≤ 8 here: no bits shifted out)
        let k = -e
        return k <= 105 && product.trailingZeroBitCount >= k && product >> k == v
    }

    @Test("a subnormal times a normal: the processor's product bit for bit, and exact exactly when no digit fell off")
    func matchesTheProcessor() async {
        await propertyCheck(count: 4000, input: Self.bits, Self.shift, Self.significand, Self.exponent, Self.negative) { bits, shift, significand, exponent, negative in
            let integer = Swift.max(1, bits >> UInt64(shift))
            let subnormal = Double(bitPattern: integer)
            let normal = Double(sign: negative ? .minus : .plus, exponentBitPattern: UInt(1023 + exponent), significandBitPattern: significand)
            for (a, b) in [(subnormal, normal), (normal, subnormal), (-subnormal, normal)] {
                let (value, isExact) = SubnormalProducts.product(a, b)
                #expect(value.bitPattern == (a * b).bitPattern, "\(a) × \(b)")
                #expect(SubnormalProducts.value(a, b).bitPattern == (a * b).bitPattern, "\(a) × \(b)")
                if value.isSubnormal {
                    #expect(isExact == isExactly(value, integer: integer, times: normal), "\(a) × \(b) = \(value)")
                }
            }
        }
    }

    @Test("ties round to even, and a product that only looks like a tie rounds the way its true value lies")
    func ties() {
        let three = Double(bitPattern: 3)  // 3 × 2^-1074
        // 3 × 0.5 = 1.5: a tie, to even (2), inexact; 5 × 0.5 = 2.5: to 2.
        #expect(SubnormalProducts.product(three, 0.5) == (Double(bitPattern: 2), false))
        #expect(SubnormalProducts.product(Double(bitPattern: 5), 0.5) == (Double(bitPattern: 2), false))
        // (2^51 + 2) × (1 + 2^-52) is 2^51 + 2.5 + 2^-51: its double is the tie 2^51 + 2.5, which to even would go down,
        // but the true value lies above it, and the processor rounds up to 2^51 + 3.
        let almostTie = SubnormalProducts.product(Double(bitPattern: (1 << 51) + 2), 1 + 0x1p-52)
        #expect(almostTie == (Double(bitPattern: (1 << 51) + 3), false))
        #expect(almostTie.value == Double(bitPattern: (1 << 51) + 2) * (1 + 0x1p-52))
        // 3 × 0.9: 2.7 rounds to 3, inexact; 4 × 0.25 = 1, exact; 2^52 - 1 times a little over 1 leaves the subnormals.
        #expect(SubnormalProducts.product(three, 0.9) == (Double(bitPattern: 3), false))
        #expect(SubnormalProducts.product(Double(bitPattern: 4), 0.25) == (Double(bitPattern: 1), true))
        let largest = Double(bitPattern: (1 << 52) - 1)
        #expect(SubnormalProducts.product(largest, 1.5).value == largest * 1.5)
        #expect(SubnormalProducts.product(largest, 1.5).value.isNormal)
        // Near the ends of the shortcut's range, and past them, the processor's product all the same.
        for factor in [0x1p-500, 0x1p500, 0x1p-501, 0x1p501, 0x1.8p600, .infinity, 0, -0.0] {
            #expect(SubnormalProducts.product(three, factor).value.bitPattern == (three * factor).bitPattern, "\(factor)")
        }
    }
}
