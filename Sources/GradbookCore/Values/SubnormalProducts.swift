// Products below the normal range of doubles, worked out without the processor's slow path for them.

import Foundation

/// `a * b` where the product may fall below the smallest normal double, rounded exactly as the processor
/// rounds it, and whether it is exact.
///
/// Behind a gradient that underflowed along a long chain (`v = v*x + 0.1` repeated 32,000 times at x = 0.9),
/// every step multiplies a subnormal gradient by a local derivative. A processor handles a subnormal operand
/// of a multiplication or division in microcode, at about a hundred times the cost of a normal one, and that
/// made two instructions most of `backward(v)`'s time. A subnormal is an integer times 2^-1074, so its product
/// with a normal number is that integer times the number, a normal product whose rounding error `fma` gives
/// exactly; rounding it to a whole multiple of 2^-1074 by hand gives the processor's result bit for bit.
enum SubnormalProducts {
    /// The product, and, where it is subnormal, whether it is exact (no digit fell off). Of a subnormal factor and a
    /// normal one this is known exactly; of two normal factors whose product fell below the normal range (once per
    /// chain, so the slow path does not matter), it is `isExactProduct`'s cautious answer.
    @inline(__always)
    static func product(_ a: Double, _ b: Double) -> (value: Double, isExact: Bool) {
        if a.isSubnormal, let scaled = scaledProduct(subnormal: a, normal: b) { return scaled }
        if b.isSubnormal, let scaled = scaledProduct(subnormal: b, normal: a) { return scaled }
        let value = a * b
        return (value, !value.isSubnormal || isExactProduct(a, b, value))
    }

    /// `a * b`, the processor's product, without its slow path for a subnormal factor: what a graph's nodes compute
    /// (`grad` recorded as a graph after an underflow multiplies a subnormal at every step, as the sweep does).
    @inline(__always)
    static func value(_ a: Double, _ b: Double) -> Double {
        guard a.isSubnormal || b.isSubnormal else { return a * b }
        if a.isSubnormal, let scaled = scaledProduct(subnormal: a, normal: b, askingExactness: false) { return scaled.value }
        if b.isSubnormal, let scaled = scaledProduct(subnormal: b, normal: a, askingExactness: false) { return scaled.value }
        return a * b
    }

    /// Whether `product`, a subnormal worked out as `a * b`, is exactly that: where one factor is a power of two
    /// (a sum's or a negation's ±1, a halving), scaling back gives the other factor only if no digit fell off.
    /// Any other subnormal product of two normal factors is taken to have rounded, as `LostValues` takes a
    /// subnormal value to have.
    static func isExactProduct(_ a: Double, _ b: Double, _ product: Double) -> Bool {
        (b.significand == 1 && product / b == a) || (a.significand == 1 && product / a == b)
    }

    /// `subnormal * normal`, or nil where the shortcut does not apply (a factor that is not normal and finite, or
    /// so small or large that the integer product could leave the range where its error is exact). `isExact` is
    /// worked out only when asked: its `fma` is a call, and a node's value does not need it.
    @inline(__always)
    private static func scaledProduct(subnormal: Double, normal: Double, askingExactness: Bool = true) -> (value: Double, isExact: Bool)? {
        let size = normal.magnitude
        guard size.isNormal, size >= 0x1p-500, size <= 0x1p500 else { return nil }
        let negative = (subnormal.sign == .minus) != (normal.sign == .minus)
        // subnormal = integer × 2^-1074, the integer below 2^52, so exact as a double.
        let integer = Double(subnormal.significandBitPattern)
        let product = integer * size
        func error() -> Double { (-product).addingProduct(integer, size) }  // integer × size − product, exactly
        if product >= 0x1p52 {
            // A normal result: the product's own rounding is the result's, scaled by 2^-1074 in two exact steps.
            let scaled = product * 0x1p-537 * 0x1p-537
            return (negative ? -scaled : scaled, askingExactness && error() == 0)
        }
        // A subnormal result (or 0): round integer × size to a whole number, ties to even, the true value deciding
        // a tie the rounded product only seems to be.
        // (Adding 2^52 rounds a number below it to a whole one, ties to even, exactly, and leaves that whole number in the
        // sum's bits: no calls to the library's rounding, and no checked conversion. Behind a loop's underflow this runs
        // at every step.)
        let twoTo52 = 0x1p52
        var whole = (product + twoTo52) - twoTo52
        if Swift.abs(product - whole) == 0.5 {
            let error = error()
            if error != 0 { whole = error > 0 ? product.rounded(.up) : product.rounded(.down) }
        }
        // (A whole number of 2^52 is the bit pattern of the smallest normal double, as it should be.)
        let bits = ((whole + twoTo52).bitPattern - twoTo52.bitPattern) | (negative ? 1 << 63 : 0)
        return (Double(bitPattern: bits), askingExactness && whole == product && error() == 0)
    }
}
