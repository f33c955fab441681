// A cell's outputs as Jupyter MIME bundles, for `gradbook serve --json`: text beside LaTeX and SVG.

import Foundation

/// One output of a cell, as a kernel sends it: its kind and the forms it can be shown in.
public struct MIMEOutput: Sendable {
    public enum Kind: String, Sendable {
        case result, note, info, error
    }

    public var kind: Kind
    /// MIME type → content; `text/plain` is always there (the text the terminal shows, without `Out[n]:`).
    public var data: [String: String]
    /// For an error: what was wrong, where, and what to try.
    public var diagnostic: Diagnostic?
}

/// Turns a `CellResult` into `MIMEOutput`s, computing the rich forms the same way `:export FILE.ipynb` does.
public struct CellMIME {
    public var format: NumberFormat
    /// Polled while formulas and graphs are built (Ctrl-C): the remaining outputs keep only their text.
    public var shouldStop: () -> Bool

    public init(format: NumberFormat, shouldStop: @escaping () -> Bool = { false }) {
        self.format = format
        self.shouldStop = shouldStop
    }

    public func outputs(of result: CellResult) -> [MIMEOutput] {
        let export = SessionExport(cells: [], format: format, shouldStop: shouldStop)
        return result.outputs.map { output in
            switch output.kind {
            case .error(let diagnostic):
                let text = DiagnosticRenderer(style: .plain).located(diagnostic)
                return MIMEOutput(kind: .error, data: ["text/plain": text], diagnostic: diagnostic)
            case .note: return MIMEOutput(kind: .note, data: ["text/plain": VisibleText.escaping(output.text)])
            case .info:
                var data = ["text/plain": VisibleText.escaping(output.text)]
                if let table = output.table { data["text/html"] = table.html }
                return MIMEOutput(kind: .info, data: data)
            case .result:
                var data = ["text/plain": VisibleText.escaping(output.text)]
                guard !shouldStop() else { return MIMEOutput(kind: .result, data: data) }
                let rich = export.richForms(of: output)
                if let latex = rich.latex { data["text/latex"] = "$" + latex + "$" }
                if let svg = rich.svg { data["image/svg+xml"] = svg }
                if case .picture(.graph(let graph))? = output.value, let svg = graphSVG(graph) { data["image/svg+xml"] = svg }
                if let html = tableHTML(output) { data["text/html"] = html }
                return MIMEOutput(kind: .result, data: data)
            }
        }
    }

    /// backward's and check's tables as HTML, from their reports; what the text adds after them (a stale mark)
    /// follows as a line.
    private func tableHTML(_ output: Output) -> String? {
        guard let value = output.value, var table = ValueRenderer(format: format).tableText(value), output.text.hasPrefix(table.text) else { return nil }
        let rest = output.text.dropFirst(table.text.count).trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { table.add(rest) }
        return table.html
    }

    /// A computation graph drawn by Graphviz when `dot` is installed, else laid out by gradbook (`GraphSVG`, up to
    /// 150 values); nil for a larger graph without Graphviz (the text tree stands alone).
    private func graphSVG(_ graph: GraphPicture) -> String? {
        guard ExportFile.graphvizPath() != nil,
              let dot = GraphDOT(format: format).text(graph.root, title: graph.title, shouldStop: shouldStop),
              let data = try? ExportFile.graphviz(dot, format: "svg", shouldStop: shouldStop) else {
            return shouldStop() ? nil : GraphSVG(format: format).svg(graph.root, title: graph.title, shouldStop: shouldStop)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
