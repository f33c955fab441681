// Numbers as text, written through the C library's printf: the same text Foundation's formatter gave, for
// numbers of every size and every number of digits, and the spellings a person reads back.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Numbers print as they always did, through printf directly")
struct NumberTextTests {
    /// Numbers across the whole range: whole and not, tiny, huge, subnormal, negative, and the edges.
    static let samples: [Double] = {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [1.5, -0.1, 1 / 3, 2.0 / 3, 1e-7, 1.5e-7, 2e20, 123456.789, 0.000123456, 9.999999, 99999.95,
                                1e15 + 0.5, 5e-324, 2.2250738585072014e-308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                .pi, -.ulpOfOne, 1e300 * 10, 0.1 + 0.2]
        for _ in 0..<2_000 {
            let exponent = Double.random(in: -320...308, using: &generator)
            values.append((Bool.random(using: &generator) ? 1 : -1) * Double.random(in: 1..<10, using: &generator) * pow(10, exponent))
        }
        return values.filter(\.isFinite)
    }()

    @Test("%g and %e at 1 to 17 digits give Foundation's text for every sample")
    func sameAsFoundation() {
        var differences: [String] = []
        for digits in 1...17 {
            for value in NumberTextTests.samples {
                let general = NumberFormat.printed(value, digits: digits, style: .general)
                let exponent = NumberFormat.printed(value, digits: digits, style: .exponent)
                if general != String(format: "%.\(digits)g", value) { differences.append("%.\(digits)g of \(value): \(general)") }
                if exponent != String(format: "%.\(digits)e", value) { differences.append("%.\(digits)e of \(value): \(exponent)") }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test("a decimal point another locale would write (a comma, or a character of several bytes) is read as `.`")
    func decimalPointOfAnyLocale() {
        #expect(NumberFormat.withDecimalPoint(Array("1,5e-07".utf8)) == "1.5e-07")
        #expect(NumberFormat.withDecimalPoint(Array("-0\u{066B}333333".utf8)) == "-0.333333")
        #expect(NumberFormat.withDecimalPoint(Array("-inf".utf8)) == "-inf" && NumberFormat.withDecimalPoint(Array("2.5e+20".utf8)) == "2.5e+20")
    }

    @Test("results read as a person writes them, and every printed number reads back as the number shown")
    func spellings() {
        let format = NumberFormat()
        #expect(format.text(1.5e-7) == "1.5e-7" && format.text(2e20) == "2e20" && format.text(1.0 / 3) == "0.333333")
        #expect(format.text(-20) == "-20" && format.text(-0.0) == "0" && format.text(.nan) == "nan" && format.text(-.infinity) == "-inf")
        let exact = NumberFormat(digits: 17)
        for value in NumberTextTests.samples { #expect(Double(exact.text(value)) == value, "\(value)") }
        // The sample points a counterexample is shown at are rounded through the same formatter.
        #expect(SamplePoints.rounded(4.0400000000000001, digits: 3) == 4.04)
        #expect(SamplePoints.rounded(-123456.789, digits: 2) == -120000)
    }
}
