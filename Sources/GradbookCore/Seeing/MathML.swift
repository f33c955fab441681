// Formulas as MathML, for the HTML export: browsers typeset it natively, with no script or network.

/// Writes a `MathTree` as presentation MathML (the inside of a `<math>` element).
enum MathML {
    static func element(_ tree: MathTree) -> String {
        "<math display=\"inline\">\(text(tree))</math>"
    }

    static func text(_ tree: MathTree) -> String {
        switch tree {
        case .number(let c): return c < 0 ? "<mrow><mo>-</mo>\(number(-c))</mrow>" : number(c)
        case .symbol(let name): return symbol(name)
        case .sum(let terms):
            var parts: [String] = []
            for (index, term) in terms.enumerated() {
                if index > 0 || term.isNegative { parts.append("<mo>\(term.isNegative ? "-" : "+")</mo>") }
                parts.append(text(term.tree, parenthesisedBelow: term.isNegative ? 2 : 1))
            }
            return "<mrow>" + parts.joined() + "</mrow>"
        case .product(let factors):
            if case .number(-1)? = factors.first, factors.count == 2 { return "<mrow><mo>-</mo>\(text(factors[1], parenthesisedBelow: 2))</mrow>" }
            let parts = factors.enumerated().map { index, factor in text(factor, parenthesisedBelow: index == 0 ? 2 : 3) }
            return "<mrow>" + parts.joined(separator: "<mo>&#x22C5;</mo>") + "</mrow>"
        case .fraction(let top, let bottom): return "<mfrac>\(text(top))\(text(bottom))</mfrac>"
        case .power(let base, let exponent): return "<msup>\(text(base, parenthesisedBelow: 5))\(text(exponent))</msup>"
        case .root(let argument): return "<msqrt>\(text(argument))</msqrt>"
        case .absolute(let argument): return "<mrow><mo>|</mo>\(text(argument))<mo>|</mo></mrow>"
        case .function(let f, let argument):
            let name = f == .sigmoid ? "&#x3C3;" : f.rawValue
            return "<mrow><mi>\(name)</mi><mo>&#x2061;</mo>\(parenthesised(text(argument)))</mrow>"
        case .ellipsis: return "<mi>&#x2026;</mi>"
        }
    }

    private static func text(_ tree: MathTree, parenthesisedBelow level: Int) -> String {
        tree.precedence < level ? parenthesised(text(tree)) : text(tree)
    }

    private static func parenthesised(_ inner: String) -> String {
        "<mrow><mo>(</mo>\(inner)<mo>)</mo></mrow>"
    }

    private static func number(_ c: Double) -> String {
        let text = NumberText.standalone(c)
        if let slash = text.firstIndex(of: "/") {
            return "<mfrac><mn>\(text[..<slash])</mn><mn>\(text[text.index(after: slash)...])</mn></mfrac>"
        }
        return "<mn>\(text)</mn>"
    }

    private static let greek: [String: String] = [
        "alpha": "&#x3B1;", "beta": "&#x3B2;", "gamma": "&#x3B3;", "delta": "&#x3B4;", "theta": "&#x3B8;",
        "lambda": "&#x3BB;", "mu": "&#x3BC;", "sigma": "&#x3C3;", "tau": "&#x3C4;", "phi": "&#x3C6;", "omega": "&#x3C9;",
    ]

    private static func symbol(_ name: String) -> String {
        if let letter = greek[name] { return "<mi>\(letter)</mi>" }
        if let (stem, indices) = MathTree.element(name) {
            let lowered = indices.map { "<mn>\($0)</mn>" }.joined(separator: "<mo>,</mo>")
            return "<msub>\(symbol(stem))<mrow>\(lowered)</mrow></msub>"
        }
        let stem = name.prefix { !$0.isNumber }
        let digits = name.dropFirst(stem.count)
        if !stem.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isNumber) {
            return "<msub>\(symbol(String(stem)))<mn>\(digits)</mn></msub>"
        }
        return "<mi>\(Markup.escaped(name))</mi>"
    }
}

/// Escaping for XML, HTML and SVG text and attributes.
enum Markup {
    static func escaped(_ text: String) -> String {
        // Most text has nothing to escape: return it as it is rather than rebuilt character by character.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") }) else {
            return text
        }
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
