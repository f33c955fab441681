// Graphviz DOT for a computation graph, in the shape of micrograd's draw_dot: a record per value
// (name | value | grad) and a small node per operation, left to right.

/// Writes a computation graph as Graphviz DOT source.
struct GraphDOT {
    var format: NumberFormat

    /// The first line of every DOT file gradbook writes (how `:export` recognises its own files).
    static let marker = "// gradbook export: computation graph"

    /// The DOT source, or nil when `shouldStop` (Ctrl-C, asked every 1,024 nodes) said to stop.
    func text(_ root: Node, title: String, shouldStop: () -> Bool = { false }) -> String? {
        let pass = root.isSymbolic ? nil : Backpropagation(from: root)
        let order = pass?.order ?? root.graph
        let wording = NodeWording(format: format)
        var lines = [GraphDOT.marker, "digraph gradbook {",
                     "  graph [rankdir=LR, label=\"\(GraphDOT.escaped("computation graph of " + title))\", labelloc=t, fontname=\"Helvetica\"];",
                     "  node [fontname=\"Helvetica\", fontsize=11];"]
        var ids: [ObjectIdentifier: Int] = [:]
        for (index, node) in order.enumerated() { ids[ObjectIdentifier(node)] = index }
        for (index, node) in order.enumerated() {
            if index % 1_024 == 0, shouldStop() { return nil }
            let name = wording.name(of: node) ?? ""
            var fields = [name, "value " + wording.value(of: node)]
            if pass != nil { fields.append("grad " + wording.gradient(of: node, in: pass)) }
            let label = "{ " + fields.map(GraphDOT.escapedRecord).joined(separator: " | ") + " }"
            let fill = node.isLeaf ? ", style=filled, fillcolor=\"#e8f0fe\"" : (node === root ? ", style=filled, fillcolor=\"#fde8e8\"" : "")
            lines.append("  v\(index) [shape=record, label=\"\(label)\"\(fill)];")
            guard !node.inputs.isEmpty else { continue }
            lines.append("  op\(index) [shape=ellipse, label=\"\(GraphDOT.escaped(wording.operation(of: node)))\"];")
            lines.append("  op\(index) -> v\(index);")
            for input in node.inputs {
                lines.append("  v\(ids[ObjectIdentifier(input)] ?? 0) -> op\(index);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text inside a double-quoted DOT string.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Text inside one field of a record label, where `{ } | < >` and spaces at the ends are syntax.
    static func escapedRecord(_ text: String) -> String {
        var result = ""
        for character in escaped(text) {
            if "{}|<>".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result.isEmpty ? " " : result
    }
}
