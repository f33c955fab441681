// Numbers as text: N significant digits; -0, NaN and ±infinity each spelled one way.

import Foundation

/// How numbers are printed in results and tables.
///
/// Whole numbers print without a decimal point (`-20`, `46`); others with `digits` significant digits
/// and no trailing zeros (`1.9726`); very large or small ones in exponent form (`1.5e-7`, `2e20`).
/// NaN prints as `nan`, infinities as `inf` and `-inf` (names the language also reads), and -0 as `0`.
public struct NumberFormat: Sendable, Equatable {
    /// The default number of significant digits (`:digits` changes it).
    public static let defaultDigits = 6
    /// The most digits that mean anything for a 64-bit float (17 round-trip any value exactly).
    public static let maximumDigits = 17

    public var digits: Int

    public init(digits: Int = NumberFormat.defaultDigits) {
        self.digits = min(max(digits, 1), NumberFormat.maximumDigits)
    }

    public func text(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        if value == value.rounded(), Swift.abs(value) < 1e15 {
            let whole = String(Int64(value))
            if whole.count <= max(digits, 15) { return whole }
        }
        return NumberFormat.tidyExponent(String(format: "%.\(digits)g", value))
    }

    /// `1e+20` → `1e20`, `1.5e-07` → `1.5e-7`: the exponent as a person writes it.
    static func tidyExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "+" { exponent = exponent.dropFirst() } else if exponent.first == "-" {
            sign = "-"
            exponent = exponent.dropFirst()
        }
        let digits = exponent.drop { $0 == "0" }
        return "\(mantissa)e\(sign)\(digits.isEmpty ? "0" : String(digits))"
    }

    /// This format, or one with just enough more digits that `a` and `b` print differently (a
    /// counterexample "1 but 1" says nothing; "1 but 1.000000001" does).
    public func digitsToTellApart(_ a: Double, _ b: Double) -> NumberFormat {
        var format = self
        while format.text(a) == format.text(b), a != b, format.digits < NumberFormat.maximumDigits { format.digits += 1 }
        return format
    }

    /// The relative tolerance of numeric `==`: a few units in the last place of a 64-bit float, so
    /// `0.1 + 0.2 == 0.3` is true, as a person means it, while any visible difference is not.
    public static let equalityTolerance = 1e-12

    /// Whether two numbers are equal for `==`: exactly, or within `equalityTolerance` relative.
    public static func areEqual(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        guard a.isFinite, b.isFinite else { return false }
        return Swift.abs(a - b) <= equalityTolerance * max(Swift.abs(a), Swift.abs(b))
    }
}
