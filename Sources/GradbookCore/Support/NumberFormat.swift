// Numbers as text: N significant digits; -0, NaN and ±infinity each spelled one way.

import CNumberText

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
        return NumberFormat.tidyExponent(NumberFormat.printed(value, digits: digits, style: .general))
    }

    /// How C's printf writes a number: `%g` (`general`) or `%e` (`exponent`).
    enum PrintfStyle { case general, exponent }

    /// `value` as C's `printf("%.*g", digits, value)` (or `%.*e`) writes it, with `.` for the decimal point.
    ///
    /// Through a small C function (`CNumberText`): Foundation's `String(format:)`, and Swift's own `withVaList`,
    /// cast each argument at run time, which made printing a 40×40 matrix cost more than computing its gradient,
    /// and the first number printed scanned every protocol conformance in the program (a sixth of a millisecond).
    static func printed(_ value: Double, digits: Int, style: PrintfStyle) -> String {
        // The longest is `-1.2345678901234567e-308` (24 bytes) at 17 digits.
        let capacity = 64
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer -> String in
            let written = gradbook_print_double(buffer.baseAddress, capacity, Int32(clamping: digits), value, style == .exponent ? 1 : 0)
            guard written > 0, Int(written) < capacity else { return value.description }
            return NumberFormat.withDecimalPoint(UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(written)))
        }
    }

    /// What printf wrote, with `.` for its decimal point. The C library writes the point as LC_NUMERIC says, and a
    /// program that set a locale could make it `,` (or a character of several bytes). Everything else %g and %e
    /// write is digits, a sign, `e`, `inf` or `nan`: whatever is not is the point.
    static func withDecimalPoint(_ bytes: some Collection<UInt8>) -> String {
        func isPart(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "i")
                || byte == UInt8(ascii: "n") || byte == UInt8(ascii: "f") || byte == UInt8(ascii: "a")
        }
        if bytes.allSatisfy({ isPart($0) || $0 == UInt8(ascii: ".") }) { return String(decoding: bytes, as: UTF8.self) }
        var text = ""
        var inPoint = false
        for byte in bytes {
            if isPart(byte) {
                text.append(Character(Unicode.Scalar(byte)))
                inPoint = false
            } else if !inPoint {
                text.append(".")
                inPoint = true
            }
        }
        return text
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
