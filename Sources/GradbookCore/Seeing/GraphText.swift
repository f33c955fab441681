// graph(EXPR) in the terminal: the computation graph as a box-drawn tree, with values and gradients.

/// Draws a computation graph as an indented tree, the output at the top and leaves at the bottom.
///
/// Each line is one node: its name (for bindings) and operation, its value, and its gradient from a
/// backward pass. A node used twice is drawn once; later uses say `↑ name` (or `↑ #k` for an unnamed one)
/// so a DAG does not blow up into a tree. Below `depthLimit` levels, or past `lineLimit` lines, the rest
/// is summarised with `…`.
struct GraphText {
    var format: NumberFormat
    /// Lines drawn before the rest is summarised.
    static let lineLimit = 60
    /// Depth drawn by default; `graph(EXPR, depth = n)` changes it.
    static let defaultDepth = 8

    private struct Row {
        var tree: String
        var value: String
        var gradient: String
    }

    func text(_ picture: GraphPicture) -> String {
        let root = picture.root
        let pass = root.isSymbolic ? nil : Backpropagation(from: root)
        var state = DrawingState(uses: GraphText.useCounts(of: pass?.order ?? root.graph))
        var rows: [Row] = []
        draw(root, prefix: "", childPrefix: "", depth: 0, limit: picture.depthLimit, pass: pass, state: &state, rows: &rows)
        let total = state.uses.count
        let gradientTitle = pass == nil ? "" : "d(\(picture.title))/d(node)"
        var lines = [pass == nil
            ? "computation graph of \(picture.title) (a formula: no values or gradients)"
            : "computation graph of \(picture.title) = \(NodeWording(format: format).value(of: root)), with gradients from a backward pass"]
        var table = pass == nil ? Table(header: ["node", "value"], alignments: [.left, .right])
            : Table(header: ["node", "value", gradientTitle], alignments: [.left, .right, .right])
        for row in rows { table.add(pass == nil ? [row.tree, row.value] : [row.tree, row.value, row.gradient]) }
        lines.append(table.text)
        if state.truncated > 0 || state.drawn.count < total {
            let hidden = total - state.drawn.count
            lines.append("… \(hidden) of \(total) nodes not drawn; graph(\(picture.title), depth = \(picture.depthLimit + 4)) draws deeper, :export FILE.svg \(picture.title) draws all of it.")
        }
        return lines.joined(separator: "\n")
    }

    private struct DrawingState {
        var uses: [ObjectIdentifier: Int]
        var drawn: Set<ObjectIdentifier> = []
        var tags: [ObjectIdentifier: Int] = [:]
        var truncated = 0
        var lineCount = 0
    }

    /// How many times each node is used as an input (a node used twice by one operation counts twice).
    static func useCounts(of order: [Node]) -> [ObjectIdentifier: Int] {
        var uses: [ObjectIdentifier: Int] = [:]
        for node in order {
            uses[ObjectIdentifier(node), default: 0] += 0
            for input in node.inputs { uses[ObjectIdentifier(input), default: 0] += 1 }
        }
        return uses
    }

    private func draw(_ node: Node, prefix: String, childPrefix: String, depth: Int, limit: Int,
                      pass: Backpropagation?, state: inout DrawingState, rows: inout [Row]) {
        let wording = NodeWording(format: format)
        let id = ObjectIdentifier(node)
        guard state.lineCount < GraphText.lineLimit else {
            state.truncated += 1
            return
        }
        state.lineCount += 1
        if state.drawn.contains(id), node.operation != .constant {
            let reference = wording.name(of: node) ?? "#\(state.tags[id] ?? 0)"
            rows.append(Row(tree: prefix + "↑ \(reference) (drawn above)", value: "", gradient: ""))
            return
        }
        state.drawn.insert(id)
        var label = wording.name(of: node).map { name in
            if node.droppedHistory != nil { return "\(name) (\(wording.operation(of: node)))" }
            return node.inputs.isEmpty ? name : "\(name) = \(wording.operation(of: node))"
        } ?? wording.operation(of: node)
        if (state.uses[id] ?? 0) > 1, wording.name(of: node) == nil, !node.inputs.isEmpty {
            state.tags[id] = state.tags.count + 1
            label = "#\(state.tags.count) \(label)"
        }
        if node.isTensor, !node.isLeaf { label += " " + Tensor.describe(node.shape) }
        rows.append(Row(tree: prefix + label, value: wording.value(of: node), gradient: wording.gradient(of: node, in: pass)))
        guard !node.inputs.isEmpty else { return }
        if depth >= limit {
            rows.append(Row(tree: childPrefix + "└─ … (\(node.inputs.count) input\(node.inputs.count == 1 ? "" : "s") below depth \(limit))", value: "", gradient: ""))
            state.truncated += 1
            return
        }
        for (index, input) in node.inputs.enumerated() {
            let isLast = index == node.inputs.count - 1
            draw(input, prefix: childPrefix + (isLast ? "└─ " : "├─ "), childPrefix: childPrefix + (isLast ? "   " : "│  "),
                 depth: depth + 1, limit: limit, pass: pass, state: &state, rows: &rows)
        }
    }
}
