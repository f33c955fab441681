// A computation graph as SVG without Graphviz, for a notebook (serve's image/svg+xml): micrograd's draw_dot
// picture (a box per value with its name, value and gradient, an ellipse per operation, left to right) laid out
// by gradbook itself, column by column.

/// Lays out and draws a computation graph.
///
/// Each value's column is its depth: leaves in column 0, a value computed from others one operation column and
/// one value column to the right of its deepest input. Within a column, values keep their order in the graph's
/// topological order. Edges are curves from a value to the operation that uses it. Graphs larger than
/// `maximumNodes` are not drawn (the text tree shows them, cut to a depth): a picture of thousands of boxes
/// shows nothing.
struct GraphSVG {
    var format: NumberFormat

    static let maximumNodes = 150
    /// A monospace character's width and a row's height at 12 px, in px.
    static let characterWidth = 7.3
    static let rowHeight = 44.0
    static let boxHeight = 26.0
    /// An operation's ellipse: its vertical radius, and its horizontal one before the label widens it.
    static let operationRadius = 13.0
    static let columnGap = 34.0
    static let margin = 16.0
    static let titleHeight = 26.0

    private struct Placed {
        var fields: [String]
        var operation: String?
        var column: Int
        var row: Int
        var isLeaf: Bool
        var isRoot: Bool
        var inputs: [Int]
    }

    /// The SVG document, or nil for a graph of more than `maximumNodes` values (or when `shouldStop` says stop).
    func svg(_ root: Node, title: String, shouldStop: () -> Bool = { false }) -> String? {
        let order = root.graph
        guard order.count <= GraphSVG.maximumNodes, !shouldStop() else { return nil }
        let pass = root.isSymbolic ? nil : Backpropagation(from: root)
        let wording = NodeWording(format: format)
        var index: [ObjectIdentifier: Int] = [:]
        var placed: [Placed] = []
        for node in order {
            let inputs = node.inputs.compactMap { index[ObjectIdentifier($0)] }
            let column = inputs.map { placed[$0].column + 2 }.max() ?? 0
            var fields = [wording.name(of: node) ?? "", "value " + wording.value(of: node)]
            if pass != nil { fields.append("grad " + wording.gradient(of: node, in: pass)) }
            index[ObjectIdentifier(node)] = placed.count
            placed.append(Placed(fields: fields.filter { !$0.isEmpty }, operation: node.inputs.isEmpty ? nil : wording.operation(of: node),
                                 column: column, row: 0, isLeaf: node.isLeaf, isRoot: node === root, inputs: inputs))
        }
        // A value computed from nothing (a leaf, a constant) stands just before the first operation that uses it,
        // not far to the left with the others.
        for value in placed.indices where placed[value].operation == nil {
            let users = placed.filter { $0.inputs.contains(value) }.map { $0.column - 2 }
            if let first = users.min() { placed[value].column = first }
        }
        var rowsInColumn: [Int: Int] = [:]
        for value in placed.indices {
            placed[value].row = rowsInColumn[placed[value].column, default: 0]
            rowsInColumn[placed[value].column] = placed[value].row + 1
        }
        return draw(placed, title: "computation graph of " + title)
    }

    private static func boxWidth(_ fields: [String]) -> Double {
        fields.map { Double($0.count) * characterWidth + 12 }.reduce(0, +)
    }

    /// The horizontal radius of an operation's ellipse: room for its label (`relu`, `sigmoid`).
    private static func operationWidth(_ label: String) -> Double {
        max(operationRadius + 2, Double(label.count) * characterWidth / 2 + 8)
    }

    private func draw(_ placed: [Placed], title: String) -> String {
        let columns = (placed.map(\.column).max() ?? 0) + 1
        // Value columns are as wide as their widest box; operation columns as their widest ellipse.
        var widths = [Double](repeating: 2 * GraphSVG.operationRadius, count: columns)
        for value in placed {
            widths[value.column] = max(widths[value.column], GraphSVG.boxWidth(value.fields))
            if let operation = value.operation { widths[value.column - 1] = max(widths[value.column - 1], 2 * GraphSVG.operationWidth(operation)) }
        }
        var left = [Double](repeating: GraphSVG.margin, count: columns)
        for column in 1..<max(1, columns) { left[column] = left[column - 1] + widths[column - 1] + GraphSVG.columnGap }
        let rows = placed.map(\.row).max().map { $0 + 1 } ?? 1
        let width = (left.last ?? 0) + (widths.last ?? 0) + GraphSVG.margin
        let height = GraphSVG.margin + GraphSVG.titleHeight + Double(rows) * GraphSVG.rowHeight + GraphSVG.margin
        func centreY(_ row: Int) -> Double { GraphSVG.margin + GraphSVG.titleHeight + (Double(row) + 0.5) * GraphSVG.rowHeight }
        var shapes: [String] = []
        var edges: [String] = []
        for value in placed {
            let y = centreY(value.row)
            let x = left[value.column]
            let boxWidth = GraphSVG.boxWidth(value.fields)
            let fill = value.isLeaf ? "#e8f0fe" : (value.isRoot ? "#fde8e8" : "#ffffff")
            shapes.append("<rect x=\"\(n(x))\" y=\"\(n(y - GraphSVG.boxHeight / 2))\" width=\"\(n(boxWidth))\" height=\"\(n(GraphSVG.boxHeight))\" fill=\"\(fill)\" stroke=\"#444\"/>")
            var fieldX = x
            for (position, field) in value.fields.enumerated() {
                let fieldWidth = Double(field.count) * GraphSVG.characterWidth + 12
                if position > 0 { shapes.append("<line x1=\"\(n(fieldX))\" y1=\"\(n(y - GraphSVG.boxHeight / 2))\" x2=\"\(n(fieldX))\" y2=\"\(n(y + GraphSVG.boxHeight / 2))\" stroke=\"#444\"/>") }
                shapes.append("<text x=\"\(n(fieldX + 6))\" y=\"\(n(y + 4))\">\(Markup.escaped(field))</text>")
                fieldX += fieldWidth
            }
            guard let operation = value.operation else { continue }
            // The operation's ellipse sits in the column before the value, on the value's row.
            let opX = left[value.column - 1] + widths[value.column - 1] / 2
            let radius = GraphSVG.operationWidth(operation)
            shapes.append("<ellipse cx=\"\(n(opX))\" cy=\"\(n(y))\" rx=\"\(n(radius))\" ry=\"\(n(GraphSVG.operationRadius))\" fill=\"#fff8e1\" stroke=\"#444\"/>")
            shapes.append("<text x=\"\(n(opX))\" y=\"\(n(y + 4))\" text-anchor=\"middle\">\(Markup.escaped(operation))</text>")
            edges.append(curve(from: (opX + radius, y), to: (x, y)))
            for input in value.inputs {
                let source = placed[input]
                let start = (left[source.column] + GraphSVG.boxWidth(source.fields), centreY(source.row))
                edges.append(curve(from: start, to: (opX - radius, y)))
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">
            <title>\(Markup.escaped(title))</title>
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(n(GraphSVG.margin))" y="\(n(GraphSVG.margin + 12))" font-family="Helvetica, Arial, sans-serif" font-size="13">\(Markup.escaped(title))</text>
            \(edges.joined(separator: "\n"))
            \(shapes.joined(separator: "\n"))
            </svg>

            """
    }

    private func curve(from start: (Double, Double), to end: (Double, Double)) -> String {
        let middle = (start.0 + end.0) / 2
        return "<path d=\"M \(n(start.0)) \(n(start.1)) C \(n(middle)) \(n(start.1)), \(n(middle)) \(n(end.1)), \(n(end.0)) \(n(end.1))\" fill=\"none\" stroke=\"#444\" marker-end=\"url(#arrow)\"/>"
    }

    /// A coordinate with one decimal at most.
    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
