// Values as text for a person: numbers, formulas, lists, comparisons and the derivative tables.

/// Turns evaluated values into the text shown after `Out[n]:` (or printed by `-e` and scripts).
public struct ValueRenderer {
    public var format: NumberFormat
    /// Colour for pictures (plot curves, decision regions); everything else is coloured by the caller.
    public var style: Style

    public init(format: NumberFormat, style: Style = .plain) {
        self.format = format
        self.style = style
    }

    public func text(_ value: Value) -> String {
        switch value {
        case .scalar(let node): return scalar(node)
        case .derivative(let result): return derivative(result)
        case .collection(let nodes, let names):
            // One value per line, each introduced by its name: they have different shapes.
            return zip(names, nodes).map { name, node in
                let text = scalar(node)
                return text.contains("\n") ? "\(name) = \(text.replacingOccurrences(of: "\n", with: "\n  "))" : "\(name) = \(text)"
            }.joined(separator: "\n")
        case .comparison(let comparison): return self.comparison(comparison)
        case .backward(let report): return backwardTable(report).text
        case .check(let report): return checkTable(report).text
        case .tensorCheck(let report): return tensorCheck(report)
        case .checks(let reports): return checksTable(reports).text
        case .network(let network): return NetworkText(format: format).text(network)
        case .dataset(let data): return NetworkText(format: format).text(data)
        case .training(let report): return NetworkText(format: format).text(report)
        case .picture(let picture): return PictureText(format: format, style: style).text(picture)
        }
    }

    /// A number, vector or matrix, or the formula of a value that depends on free symbols.
    public func scalar(_ node: Node) -> String {
        if let tensor = node.tensor {
            // An element that lost part of itself on the way is not shown as if it were what its formula gives, as a
            // number alone is not (the evaluator's note says why).
            if let doubts = LostValues.doubts(aboutElementsOf: node) {
                let elements = zip(tensor.elements, doubts).map { $1 == nil ? $0 : .nan }
                return TensorText(format: format).text(Tensor(shape: tensor.shape, elements: elements))
            }
            return TensorText(format: format).text(tensor)
        }
        // A number that lost part of itself to an overflow or underflow on the way is not shown as if it were
        // what its formula gives (LostValues.swift; the evaluator's note says why).
        guard node.isSymbolic else { return format.text(LostValues.doubt(about: node) == nil ? node.value : .nan) }
        if node.isTensor, node.shape.reduce(1, *) > TensorText.maximumFormulaElements {
            return formulaTensorSummary(node)
        }
        let bridge = FormulaBridge()
        if node.isTensor {
            let formulas = bridge.elementFormulas(of: node)
            guard bridge.stopReason == nil else { return tooLargeToShow(node, parts: nil) }
            let text = bridge.listText(of: formulas)
            return node.shape.count == 2 ? TensorText.matrixRows(text, columns: node.shape[1]) : text
        }
        let formula = bridge.formula(of: node)
        guard bridge.stopReason == nil else { return tooLargeToShow(node, parts: nil) }
        let size = bridge.store.size(of: [formula])
        guard size <= FormulaPrinter.maximumPrintedSize else { return tooLargeToShow(node, parts: size) }
        let variables = bridge.store.variables(in: formula)
        let symbol = (variables.filter { $0.id == nil }.min() ?? variables.min())?.name ?? "x"
        return ValueRenderer.readable(bridge.text(of: formula), hint: symbol)
    }

    /// What shows instead of a formula of `parts` parts (nil: more than the bridge builds).
    private func tooLargeToShow(_ node: Node, parts: Int?) -> String {
        let symbol = Set(node.sources.filter { !$0.isLeaf }.compactMap(\.name)).min() ?? "x"
        let size = parts.map { "\($0)" } ?? "more than \(FormulaBridge.maximumConvertedSize)"
        return "a formula of \(size) parts, too large to show; evaluate it at a point instead (… at \(symbol) = 1)."
    }

    /// `a 20×30 matrix of formulas in z; …`: what a large vector or matrix of formulas shows instead.
    private func formulaTensorSummary(_ node: Node) -> String {
        let symbols = Set(node.sources.filter { !$0.isLeaf }.compactMap(\.name)).sorted()
        let kind = node.shape.count == 1 ? "vector of \(node.shape[0]) formulas" : "\(node.shape.map(String.init).joined(separator: "×")) matrix of formulas"
        let first = node.shape.count == 1 ? "[1]" : "[1, 1]"
        let symbol = symbols.first ?? "x"
        return "a \(kind) in \(symbols.isEmpty ? "free names" : symbols.joined(separator: ", ")), too many to show one by one; "
            + "index an element (\(first)) or evaluate it at a point (… at \(symbol) = 1)."
    }

    /// The longest formula shown in full, in characters: past a few screens a formula stops being
    /// something a person reads, and a stray free name can make one thousands of characters long.
    public static let maximumFormulaLength = 4_000

    /// `text`, or a short description of it when it is longer than `maximumFormulaLength`.
    static func readable(_ text: String, hint symbol: String) -> String {
        guard text.count > maximumFormulaLength else { return text }
        let shared = text.components(separatedBy: ", t").count - 1 + (text.contains(" where ") ? 1 : 0)
        return "a formula of \(text.count) characters\(shared > 0 ? " with \(shared) shared part\(shared == 1 ? "" : "s")" : ""), too long to read; "
            + "check for a name you meant to bind, or evaluate it at a point (… at \(symbol) = 1)."
    }

    private func derivative(_ result: DerivativeResult) -> String {
        guard !result.node.isSymbolic else { return ValueRenderer.readable(result.formula, hint: "x") }
        let number = scalar(result.node)
        if number == result.formula { return number }
        if number.contains("\n") { return "\(result.formula)\n  =\n" + number.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") }
        // The named values the formula is written in, in the order its graph reaches them.
        let named = result.point.map { Set($0.map(ObjectIdentifier.init)) }
        let leaves = named.map { named in result.node.graph.filter { named.contains(ObjectIdentifier($0)) } } ?? result.node.sources.filter(\.isLeaf)
        let point = (leaves.filter { !$0.isTensor } + leaves.filter(\.isTensor)).map { "\($0.name ?? "?") = \(pointText($0))" }
        let place = point.isEmpty ? "" : point.count > ValueRenderer.maximumListedValues ? " at your values" : " at " + point.joined(separator: ", ")
        return "\(result.formula)\n  = \(number)\(place)"
    }

    /// The most elements of a vector a value line lists (`x = [1, 2, 3]`); a longer one is `a vector of 1000`.
    static let maximumListedElements = 6

    /// A bound name's value in a value line: its number, a short vector's elements, or what it is
    /// (`a vector of 1000`, `a 2×3 matrix`): a matrix or a long vector is in the person's own bindings.
    private func pointText(_ leaf: Node) -> String {
        guard leaf.isTensor else { return format.text(leaf.value) }
        if leaf.shape.count == 1, leaf.shape[0] <= ValueRenderer.maximumListedElements, let tensor = leaf.tensor {
            let text = TensorText(format: format).text(tensor)
            if !text.contains("\n") { return text }
        }
        return Tensor.noun(leaf.shape)
    }

    private func comparison(_ comparison: Comparison) -> String {
        if let doubt = comparison.doubt {
            let element = comparison.element.map { "element \($0): " } ?? ""
            return (["cannot tell: " + element + doubt] + (comparison.explanation.map { ["  " + $0] } ?? [])).joined(separator: "\n")
        }
        guard !comparison.isEqual else {
            var lines = ["true"]
            if let remark = comparison.remark { lines.append("  " + remark) }
            if let kink = comparison.differsOnlyAtKink {
                let at = point(kink.point)
                lines.append("  (except at \(at), a kink: there the left side is \(format.text(kink.left)) and the right side \(format.text(kink.right)), but a derivative's value at a kink is a convention, and on both sides of it they agree.)")
            }
            if let oneSided = comparison.definedOnOneSideOnly {
                let (undefined, other, value) = oneSided.left.isFinite ? ("right", "left", oneSided.left) : ("left", "right", oneSided.right)
                lines.append("  (only where both sides are defined: at \(point(oneSided.point)) the \(undefined) side is not, as it takes \(oneSided.undefinedStep), while the \(other) side is \(format.text(value)).)")
            }
            return lines.joined(separator: "\n")
        }
        var lines = ["false"]
        if let element = comparison.element { lines.append("  element \(element) differs:") }
        if let left = comparison.leftValue, let right = comparison.rightValue {
            let digits = format.digitsToTellApart(left, right)
            var place = comparison.counterexampleIsYours ? yourValues(comparison.counterexample) : "at " + point(comparison.counterexample)
            if let agreement = comparison.agreement {
                // Only the names moved away from the person's values, when there are several.
                let before = Dictionary(agreement.point.map { ($0.name, $0.value) }) { first, _ in first }
                let moved = comparison.counterexample.filter { before[$0.name] != $0.value }
                if agreement.point.count > 1, !moved.isEmpty, moved.count < comparison.counterexample.count {
                    place = "at " + point(moved) + " (the other names unchanged)"
                }
                let start = agreement.isYours ? yourValues(agreement.point) : "at " + point(agreement.point, exact: false)
                place = "\(start) both are \(format.text(agreement.value)), but " + place
            }
            let joint = comparison.agreement == nil ? "but the right side is" : "and the right side"
            var sentence = comparison.counterexample.isEmpty
                ? "the left side is \(digits.text(left)) and the right side is \(digits.text(right))"
                : "\(place) the left side is \(digits.text(left)) \(joint) \(digits.text(right))"
            if digits.digits > format.digits, left.isFinite, right.isFinite {
                sentence += " (they differ by \(NumberFormat(digits: 3).text(Swift.abs(left - right))))"
            }
            lines.append("  " + sentence + ".")
        }
        if let explanation = comparison.explanation { lines.append("  \(explanation)") }
        return lines.joined(separator: "\n")
    }

    /// `x = 2, y = 3`, each coordinate with the digits it takes to be exactly the point tested.
    private func point(_ coordinates: [(name: String, value: Double)], exact: Bool = true) -> String {
        coordinates.map { "\($0.name) = \(exact ? exactText($0.value) : format.text($0.value))" }.joined(separator: ", ")
    }

    /// The most names listed in "at your values (…)"; past it, the person knows their own values.
    static let maximumListedValues = 4

    /// `at your values (x = 2)`, or `at your values` alone when they are many.
    private func yourValues(_ coordinates: [(name: String, value: Double)]) -> String {
        guard coordinates.count <= ValueRenderer.maximumListedValues else { return "at your values" }
        return "at your values (\(point(coordinates, exact: false)))"
    }

    private func exactText(_ value: Double) -> String {
        var digits = format
        while Double(digits.text(value)) != value, value.isFinite, digits.digits < NumberFormat.maximumDigits { digits.digits += 1 }
        return digits.text(value)
    }

    /// The most rows of the backward table: a loop (`repeat 20000 { w = sin(w) }`) names an
    /// intermediate per pass, and a table of thousands of rows scrolls away everything else.
    static let maximumBackwardRows = 40

    /// The backward table: leaves first, then named intermediates; when a name was rebound, its
    /// earlier values are marked so each row is told apart. Past `maximumBackwardRows`, the first
    /// leaves and the intermediates nearest the output are shown, each gap summarised on its own line.
    func backwardTable(_ report: BackwardReport) -> TableText {
        let heading = "backward pass from \(report.outputName) = \(format.text(report.outputValue))"
        var shownText = TableText()
        shownText.add(heading)
        guard !report.rows.isEmpty else {
            shownText.add("no named values: it is computed from numbers alone, so there is nothing to pass a gradient back to.")
            return shownText
        }
        var table = Table(header: ["name", "kind", "value", "gradient d(\(report.outputName))/d(name)"],
                          alignments: [.left, .left, .right, .right])
        let lastIndex = Dictionary(report.rows.enumerated().map { ($0.element.name, $0.offset) }) { _, later in later }
        let leafCount = report.rows.prefix { $0.isLeaf }.count
        let intermediateCount = report.rows.count - leafCount
        let limit = ValueRenderer.maximumBackwardRows
        let shownLeaves = report.rows.count <= limit ? leafCount : min(leafCount, limit / 2 + max(0, limit / 2 - intermediateCount))
        let shownIntermediates = min(intermediateCount, limit - shownLeaves)
        var notes: [(afterRow: Int, text: String)] = []
        if shownLeaves < leafCount { notes.append((shownLeaves, "… \(leafCount - shownLeaves) more \(leafCount - shownLeaves == 1 ? "leaf" : "leaves")")) }
        let hiddenIntermediates = intermediateCount - shownIntermediates
        if hiddenIntermediates > 0 { notes.append((shownLeaves, "… \(Diagnostic.grouped(hiddenIntermediates)) earlier intermediates")) }
        let shown = Array(report.rows.enumerated().prefix(shownLeaves)) + Array(report.rows.enumerated().suffix(shownIntermediates))
        let tensors = TensorText(format: format)
        for (index, row) in shown {
            // The output itself has no row, so a row with its name is an earlier value.
            let name = lastIndex[row.name] == index && row.name != report.outputName ? row.name : row.name + " (earlier)"
            let kind = (row.isLeaf ? "leaf" : "intermediate") + (row.tensor.map { " " + Tensor.describe($0.shape) } ?? "")
            table.add([name, kind, row.tensor.map(tensors.summary) ?? format.text(row.value),
                       row.tensorGradient.map(tensors.summary) ?? format.text(row.gradient)])
        }
        table.notes = notes
        shownText.add(table)
        if !notes.isEmpty { shownText.add("(\(report.rows.count) rows in all; graph(\(report.outputName)) and explain(backward(\(report.outputName))) walk the rest)") }
        return shownText
    }
}
