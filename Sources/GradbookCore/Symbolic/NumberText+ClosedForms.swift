// Constants a person writes by name: 1/sqrt(2*pi) rather than 0.3989422804014327.
//
// Formulas fold constants as they are built, so exp(-x^2/2)/sqrt(2*pi) keeps only the number 0.39894…; a textbook
// writes the name. A constant is written as one of these only when it is exactly the Double that its text
// evaluates to in gradbook, so the printed formula reads back as the same number, digit for digit.

import Foundation

extension NumberText {
    /// A named constant: its plain spelling as numerator and denominator (either may be nil for 1) and LaTeX.
    struct ClosedForm {
        let numerator: String?
        let denominator: String?
        let latex: String
        /// `1/sqrt(2*pi)`, as one piece of text.
        var text: String {
            guard let denominator else { return numerator ?? "1" }
            return (numerator ?? "1") + "/" + denominator
        }
    }

    /// The named constants, each with the Double its text evaluates to (as gradbook's evaluator computes it).
    private static let closedForms: [(value: Double, form: ClosedForm)] = {
        let pi = Double.pi
        let e = MathFunction.e
        func form(_ numerator: String?, _ denominator: String?, _ latex: String) -> ClosedForm {
            ClosedForm(numerator: numerator, denominator: denominator, latex: latex)
        }
        return [
            (pi, form("pi", nil, "\\pi")),
            (2 * pi, form("2*pi", nil, "2\\pi")),
            (pi / 2, form("pi", "2", "\\frac{\\pi}{2}")),
            (pi / 3, form("pi", "3", "\\frac{\\pi}{3}")),
            (pi / 4, form("pi", "4", "\\frac{\\pi}{4}")),
            (1 / pi, form(nil, "pi", "\\frac{1}{\\pi}")),
            (1 / (2 * pi), form(nil, "(2*pi)", "\\frac{1}{2\\pi}")),
            (pi.squareRoot(), form("sqrt(pi)", nil, "\\sqrt{\\pi}")),
            (1 / pi.squareRoot(), form(nil, "sqrt(pi)", "\\frac{1}{\\sqrt{\\pi}}")),
            (2 / pi.squareRoot(), form("2", "sqrt(pi)", "\\frac{2}{\\sqrt{\\pi}}")),
            ((2 * pi).squareRoot(), form("sqrt(2*pi)", nil, "\\sqrt{2\\pi}")),
            (1 / (2 * pi).squareRoot(), form(nil, "sqrt(2*pi)", "\\frac{1}{\\sqrt{2\\pi}}")),
            ((2 / pi).squareRoot(), form("sqrt(2/pi)", nil, "\\sqrt{\\frac{2}{\\pi}}")),
            (Double(2).squareRoot(), form("sqrt(2)", nil, "\\sqrt{2}")),
            (1 / Double(2).squareRoot(), form(nil, "sqrt(2)", "\\frac{1}{\\sqrt{2}}")),
            (Double(2).squareRoot() / 2, form("sqrt(2)", "2", "\\frac{\\sqrt{2}}{2}")),
            (Double(3).squareRoot(), form("sqrt(3)", nil, "\\sqrt{3}")),
            (Foundation.log(2.0), form("log(2)", nil, "\\log(2)")),
            (1 / Foundation.log(2.0), form(nil, "log(2)", "\\frac{1}{\\log(2)}")),
            (Foundation.log(10.0), form("log(10)", nil, "\\log(10)")),
            (1 / Foundation.log(10.0), form(nil, "log(10)", "\\frac{1}{\\log(10)}")),
            (e, form("e", nil, "e")),
        ]
    }()

    /// A numerator or denominator of a named constant in LaTeX: `sqrt(2*pi)` as `\\sqrt{2\\pi}`, `log(10)` as `\\log(10)`.
    static func latexPiece(_ plain: String) -> String {
        var text = plain.replacingOccurrences(of: "(2*pi)", with: "2*pi")
        if text.hasPrefix("sqrt("), text.hasSuffix(")") { text = "\\sqrt{" + latexPiece(String(text.dropFirst(5).dropLast())) + "}" }
        if text.hasPrefix("log("), text.hasSuffix(")") { text = "\\log(" + text.dropFirst(4).dropLast() + ")" }
        if text.contains("/") {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            return "\\frac{\(latexPiece(parts[0]))}{\(latexPiece(parts[1]))}"
        }
        return text.replacingOccurrences(of: "2*pi", with: "2\\pi").replacingOccurrences(of: "pi", with: "\\pi")
    }

    /// The named constant `x` is exactly, if any (for a positive x; the caller writes the sign).
    static func closedForm(_ x: Double) -> ClosedForm? {
        guard x.isFinite, x > 0 else { return nil }
        return closedForms.first { $0.value == x }?.form
    }

    /// The name `x` (of either sign) is written with, where it has one: only a number whose decimal is long and
    /// that is not a small fraction (those are written p/q), so 0.5 and 1/3 keep their spelling. The one rule the
    /// plain printer and LaTeX share.
    static func namedConstant(_ x: Double) -> ClosedForm? {
        let magnitude = Swift.abs(x)
        guard decimal(magnitude).count > longDecimal, fraction(magnitude) == nil else { return nil }
        return closedForm(magnitude)
    }
}
