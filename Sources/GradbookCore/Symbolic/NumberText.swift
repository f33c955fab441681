// How a number in a formula is spelled: the shortest text that reads back as the same Double.

/// Spelling of formula constants: `2` not `2.0`, `1e-5` not `1e-05`, `1e20` not `1e+20`, and
/// `inf`, `-inf`, `nan`. Every spelling parses back to the identical Double.
enum NumberText {
    /// Denominators tried when a coefficient is written as a fraction (0.5*x as x/2). 10 is left out so
    /// that 0.1 and 0.3 stay decimals, as a person would write them.
    static let denominators: [Double] = [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16]
    /// A standalone constant whose decimal is longer than this is written as a fraction when it is one.
    static let longDecimal = 8

    /// The shortest round-trip decimal: Swift's `description` without `.0` and with a plain exponent.
    static func decimal(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }
        let text = x.description
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return trimmed(text) }
        var exponent = String(text[text.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
        return trimmed(String(text[..<e])) + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
    }

    /// x = p/q with q from `denominators` (exactly, in Double arithmetic), or nil.
    static func fraction(_ x: Double) -> (numerator: Double, denominator: Double)? {
        guard x.isFinite, x.rounded() != x else { return nil }
        for q in denominators {
            let p = (x * q).rounded()
            if Swift.abs(p) < 1e6, p / q == x { return (p, q) }
        }
        return nil
    }

    /// A constant on its own: a decimal, or `1/3` when the decimal is long and the number is a fraction.
    static func standalone(_ x: Double) -> String {
        let text = decimal(x)
        if text.count > longDecimal, let (p, q) = fraction(x) { return decimal(p) + "/" + decimal(q) }
        if let form = namedConstant(x) { return (x < 0 ? "-" : "") + form.text }
        return text
    }

    /// Whether x reads at a glance: a decimal of at most `longDecimal` characters, a small fraction or a
    /// named constant (not 0.49248827642522863).
    static func hasShortSpelling(_ x: Double) -> Bool {
        let magnitude = Swift.abs(x)
        return !magnitude.isFinite || decimal(magnitude).count <= longDecimal || fraction(magnitude) != nil || namedConstant(magnitude) != nil
    }

    private static func trimmed(_ mantissa: String) -> String {
        mantissa.hasSuffix(".0") ? String(mantissa.dropLast(2)) : mantissa
    }
}
