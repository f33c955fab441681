// A number as a person typed it: a decimal, which a double holds exactly or only to its nearest.

import Foundation

/// What a double says about the decimal a person typed for it (0.3, 1e150, x = 0.1).
enum TypedNumber {
    /// How far a number typed or bound (0.3, x = 0.1) may be from the decimal a person meant: nothing for whole numbers
    /// and short binary fractions (3, 0.5, 1e20), which doubles hold exactly, and half an ulp for the rest. So
    /// sqrt(0.3 - 0.1 - 0.2), which takes sqrt(-2.8e-17) as computed, is not called undefined: 0.3 - 0.1 - 0.2 is 0.
    /// Below the normal range an ulp is the smallest subnormal, however small the number (1e-320 holds 11 bits).
    /// Past 2^53 every double is a whole number, but few are the decimal they print as: 1e22 is 10^22, while 1e23 is
    /// 10^23 - 8,388,608 and 1e150 is 10^150 - 1.9e133, so sin(1e150) is not sin of 10^150.
    static func rounding(of value: Double) -> Double {
        guard value.isFinite else { return 0 }
        if Swift.abs(value) >= 0x1p53 { return isItsOwnDecimal(value) ? 0 : Double.ulpOfOne / 2 * Swift.abs(value) }
        let scaled = value * 0x1p20
        if scaled == scaled.rounded() { return 0 }
        return value.isSubnormal ? Double.leastNonzeroMagnitude : Double.ulpOfOne / 2 * Swift.abs(value)
    }

    /// Whether a whole double past 2^53 is exactly the shortest decimal it prints as (digits × 10^k). That needs 5^k to
    /// divide its odd significand, so k ≤ 22 (5^23 > 2^53): 1e22 and 4e22 are their decimals, 1e23 and 5e22 are not.
    static func isItsOwnDecimal(_ value: Double) -> Bool {
        let text = Swift.abs(value).description  // "1e+22", "1.2345e+30", "9007199254740992.0"
        var digits = "", exponent = 0, fractionDigits = 0, seenPoint = false
        var characters = Substring(text)
        if let e = characters.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let parsed = Int(characters[characters.index(after: e)...].replacingOccurrences(of: "+", with: "")) else { return false }
            exponent = parsed
            characters = characters[..<e]
        }
        for character in characters {
            if character == "." { seenPoint = true } else {
                digits.append(character)
                if seenPoint { fractionDigits += 1 }
            }
        }
        // The decimal is mantissa × 10^power, with trailing zeros moved into the power.
        while digits.count > 1, digits.last == "0" { digits.removeLast(); exponent += 1 }
        let power = exponent - fractionDigits
        guard power >= 0, power <= 22, let mantissa = UInt64(digits) else { return false }
        // value = odd × 2^shift; mantissa × 10^power = mantissa × 5^power × 2^power.
        var odd = Swift.abs(value).significandBitPattern | (1 << 52)
        var shift = Int(Swift.abs(value).exponent) - 52
        while odd & 1 == 0 { odd >>= 1; shift += 1 }
        var fivePower: UInt64 = 1
        for _ in 0..<power { fivePower *= 5 }
        guard odd % fivePower == 0, shift >= power else { return false }
        let quotient = odd / fivePower, twos = shift - power
        guard twos < 64, quotient <= UInt64.max >> twos else { return false }
        return quotient << twos == mantissa
    }
}
