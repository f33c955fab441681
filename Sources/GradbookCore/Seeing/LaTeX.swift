// latex(EXPR): a formula as LaTeX source (\frac, \cdot, \tanh, \sigma, …).

/// Writes a `MathTree` as LaTeX math (without the surrounding `$`).
enum LaTeX {
    static func text(_ tree: MathTree) -> String {
        switch tree {
        case .number(let c): return number(c)
        case .symbol(let name): return symbol(name)
        case .sum(let terms):
            var result = ""
            for (index, term) in terms.enumerated() {
                let body = text(term.tree, parenthesisedBelow: term.isNegative ? 2 : 1)
                result += index == 0 ? (term.isNegative ? "-" + body : body) : (term.isNegative ? " - " : " + ") + body
            }
            return result
        case .product(let factors):
            if case .number(-1)? = factors.first, factors.count == 2 { return "-" + text(factors[1], parenthesisedBelow: 2) }
            var result = ""
            for (index, factor) in factors.enumerated() {
                let part = text(factor, parenthesisedBelow: index == 0 ? 2 : 3)
                // A coefficient goes straight before what follows (2 x); other factors are joined with \cdot.
                if index > 0 { result += (factors[index - 1].isNumber && !factor.isNumber) ? " " : " \\cdot " }
                result += part
            }
            return result
        case .fraction(let top, let bottom):
            // A named constant over something keeps one fraction: \frac{1}{x \log 10}, not \frac{\frac{1}{\log 10}}{x}.
            if case .number(let c) = top, let form = NumberText.namedConstant(c), let denominator = form.denominator {
                let numerator = (c < 0 ? "-" : "") + NumberText.latexPiece(form.numerator ?? "1")
                return "\\frac{\(numerator)}{\(text(bottom, parenthesisedBelow: 3)) \\, \(NumberText.latexPiece(denominator))}"
            }
            return "\\frac{\(text(top))}{\(text(bottom))}"
        case .power(let base, let exponent):
            let simple: Bool
            switch base {
            case .symbol(let name): simple = name.count == 1
            case .number(let c): simple = c >= 0 && c < 10 && c == c.rounded()
            default: simple = false
            }
            let shown = text(base, parenthesisedBelow: 5)
            return (simple ? shown : "{\(shown)}") + "^{\(text(exponent))}"
        case .root(let argument): return "\\sqrt{\(text(argument))}"
        case .absolute(let argument): return "\\left|\(text(argument))\\right|"
        case .function(let f, let argument): return function(f) + "\\left(\(text(argument))\\right)"
        case .ellipsis: return "\\ldots"
        }
    }

    private static func text(_ tree: MathTree, parenthesisedBelow level: Int) -> String {
        tree.precedence < level ? "\\left(\(text(tree))\\right)" : text(tree)
    }

    static func number(_ c: Double) -> String {
        if c.isNaN { return "\\mathrm{NaN}" }
        if c.isInfinite { return c < 0 ? "-\\infty" : "\\infty" }
        if let form = NumberText.namedConstant(c) {
            return (c < 0 ? "-" : "") + form.latex
        }
        let text = NumberText.standalone(c)
        if let slash = text.firstIndex(of: "/") {
            let numerator = text[..<slash], denominator = text[text.index(after: slash)...]
            return numerator.hasPrefix("-") ? "-\\frac{\(numerator.dropFirst())}{\(denominator)}" : "\\frac{\(numerator)}{\(denominator)}"
        }
        if let e = text.firstIndex(of: "e") {
            return "\(text[..<e]) \\times 10^{\(text[text.index(after: e)...])}"
        }
        return text
    }

    /// Greek letters by name; one-letter names in italics; longer names upright; trailing digits as a
    /// subscript, and so is an element's index (`W[1, 2]` → `W_{1,2}`).
    static func symbol(_ name: String) -> String {
        if greek.contains(name) { return "\\" + name }
        if let (stem, indices) = MathTree.element(name) {
            let base = symbol(stem)
            // A stem with its own subscript (W1) is braced, as a double subscript is an error in LaTeX.
            return (base.contains("_") ? "{\(base)}" : base) + "_{\(indices.joined(separator: ","))}"
        }
        let escaped = name.contains("_") ? name.replacingOccurrences(of: "_", with: "\\_") : name
        let stem = escaped.prefix { !$0.isNumber }
        let digits = escaped.dropFirst(stem.count)
        if !stem.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isNumber) {
            return symbol(String(stem)) + "_{\(digits)}"
        }
        return escaped.count == 1 ? escaped : "\\mathrm{\(escaped)}"
    }

    static let greek: Set<String> = ["alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "sigma", "tau", "phi", "omega"]

    /// The most elements of a vector or matrix written one by one, as the terminal shows them.
    static let maximumElements = TensorText.maximumFormulaElements

    /// A number's formula, or a vector's (`\left[a,\ b\right]`) or a matrix's (a `bmatrix`). Past
    /// `maximumElements`, only the first three and the last row and column are written, with \vdots,
    /// \cdots and \ddots between, and only those are typeset.
    static func text(of elements: [FormulaID], shape: [Int], in store: FormulaStore) -> String {
        let write = { (index: Int) in text(MathTree.make(elements[index], in: store)) }
        guard elements.count > 1 || !shape.isEmpty else { return elements.isEmpty ? "" : write(0) }
        let isLarge = elements.count > maximumElements
        // A matrix whose elements do not fill its shape (never expected) is written as a list, never indexed past its end.
        if shape.count != 2 || shape[0] * shape[1] != elements.count {
            let shown = isLarge ? shownPositions(elements.count) : Array(elements.indices)
            return "\\left[" + shown.map { $0.map(write) ?? "\\ldots" }.joined(separator: ",\\ ") + "\\right]"
        }
        let (rows, columns) = (shape[0], shape[1])
        let shownRows = isLarge ? shownPositions(rows) : Array(0..<rows)
        let shownColumns = isLarge ? shownPositions(columns) : Array(0..<columns)
        let lines = shownRows.map { row in
            shownColumns.map { column in
                switch (row, column) {
                case let (row?, column?): write(row * columns + column)
                case (nil, nil): "\\ddots"
                case (nil, _): "\\vdots"
                case (_, nil): "\\cdots"
                }
            }.joined(separator: " & ")
        }
        return "\\begin{bmatrix} " + lines.joined(separator: " \\\\ ") + " \\end{bmatrix}"
    }

    /// The positions written of `count`: all of up to five, else the first three, a gap (nil) and the last.
    private static func shownPositions(_ count: Int) -> [Int?] {
        count <= 5 ? Array(0..<count) : [0, 1, 2, nil, count - 1]
    }

    private static func function(_ f: MathFunction) -> String {
        switch f {
        case .sin, .cos, .tan, .exp, .log, .tanh, .sinh, .cosh: return "\\" + f.rawValue
        case .asin, .acos, .atan: return "\\arc" + f.rawValue.dropFirst()
        case .log2: return "\\log_2"
        case .log10: return "\\log_{10}"
        case .sigmoid: return "\\sigma"
        case .abs, .sqrt, .relu, .sign, .step, .softplus, .elu, .erf, .erfc, .expm1, .gelu, .log1p:
            return "\\operatorname{\(f.rawValue)}"
        }
    }
}

extension MathTree {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
