// A whole session as a file: Markdown (plots as SVG files beside it), a Jupyter notebook (nbformat 4.5)
// or one self-contained HTML page (inline SVG, formulas as MathML: no scripts, no network).

import Foundation

/// One cell as the session showed it, kept by the `Notebook` for export.
public struct LoggedCell: Sendable {
    public var input: String
    public var result: CellResult
}

/// Turns logged cells into Markdown, .ipynb or HTML.
struct SessionExport {
    var cells: [LoggedCell]
    var format: NumberFormat
    /// Asked before each output and while formulas are built (Ctrl-C): once it says stop, the remaining
    /// outputs are skipped, and the caller, seeing the interruption, writes nothing.
    var shouldStop: () -> Bool = { false }

    /// One output, ready for each format: its plain text, a formula's LaTeX and MathML, a picture's SVG.
    struct Shown {
        var text: String
        var isError: Bool
        var isResult: Bool
        var latex: String?
        var mathML: String?
        var svg: String?
    }

    func shown(_ cell: LoggedCell) -> [Shown] {
        let renderer = CellRenderer(style: .plain)
        return cell.result.outputs.compactMap { output in
            guard !shouldStop() else { return nil }
            let text = renderer.text(CellResult(number: cell.result.number, outputs: [output]), promptWidth: CellRenderer.inputPrompt(cell.result.number).count)
            let rich = richForms(of: output)
            return Shown(text: text, isError: output.isError, isResult: { if case .result = output.kind { return true } else { return false } }(),
                         latex: rich.latex, mathML: rich.mathML, svg: rich.svg)
        }
    }

    /// What a browser can show of an output besides its text: a formula's LaTeX and MathML, a plot's SVG.
    /// (`gradbook serve --json` sends the same forms as MIME bundles.)
    func richForms(of output: Output) -> (latex: String?, mathML: String?, svg: String?) {
        switch output.value {
        case .picture(.plot(let plot))?: return (nil, nil, FigureSVG(format: format).svg(plot))
        case .picture(.boundary(let boundary))?: return (nil, nil, FigureSVG(format: format).svg(boundary))
        case .picture(.latex(let latex))?: return (latex, nil, nil)
        case let value? where output.isFormula:
            guard let node = value.node, !node.isTensor else { return (nil, nil, nil) }
            let bridge = FormulaBridge(shouldStop: shouldStop)
            let formula = bridge.formula(of: node)
            // Too large to build: the cell's text (which says so) stands alone.
            guard bridge.stopReason == nil else { return (nil, nil, nil) }
            let tree = MathTree.make(formula, in: bridge.store)
            return (LaTeX.text(tree), MathML.element(tree), nil)
        default: return (nil, nil, nil)
        }
    }

    // MARK: Markdown

    /// The Markdown text, and the SVG files it links to (named after `baseName`).
    func markdown(baseName: String) -> (text: String, figures: [(name: String, svg: String)]) {
        var lines = ["<!-- \(ExportFile.marker): session -->", "# gradbook session", ""]
        var figures: [(name: String, svg: String)] = []
        for cell in cells {
            lines += ["```gradbook", cell.input, "```"]
            for shown in shown(cell) {
                if let svg = shown.svg {
                    let name = "\(baseName)-\(cell.result.number)-\(figures.count + 1).svg"
                    figures.append((name, svg))
                    lines += ["", "![\(Markup.escaped(firstLine(shown.text)))](\(name))"]
                }
                lines += ["", "```text", shown.text, "```"]
                if let latex = shown.latex { lines += ["", "$" + latex + "$"] }
            }
            lines.append("")
        }
        return (lines.joined(separator: "\n"), figures)
    }

    private func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "")
    }

    // MARK: Jupyter

    /// A notebook in nbformat 4.5: one code cell per input, its outputs as streams and execute results.
    func notebook() -> String {
        var cellsJSON: [JSON] = []
        for cell in cells {
            var outputs: [JSON] = []
            for shown in shown(cell) {
                if shown.isResult {
                    var data: [(String, JSON)] = [("text/plain", .lines(shown.text))]
                    if let latex = shown.latex { data.append(("text/latex", .lines("$" + latex + "$"))) }
                    if let svg = shown.svg { data.append(("image/svg+xml", .lines(svg))) }
                    outputs.append(.object([("output_type", .string("execute_result")), ("execution_count", .number(cell.result.number)),
                                            ("data", .object(data)), ("metadata", .object([]))]))
                } else {
                    outputs.append(.object([("output_type", .string("stream")), ("name", .string(shown.isError ? "stderr" : "stdout")),
                                            ("text", .lines(shown.text + "\n"))]))
                }
            }
            cellsJSON.append(.object([("id", .string("cell-\(cell.result.number)")), ("cell_type", .string("code")), ("metadata", .object([])),
                                      ("execution_count", .number(cell.result.number)), ("source", .lines(cell.input)), ("outputs", .array(outputs))]))
        }
        let metadata = JSON.object([
            ("gradbook", .object([("generator", .string(ExportFile.marker))])),
            ("kernelspec", .object([("name", .string("gradbook")), ("display_name", .string("gradbook")), ("language", .string("gradbook"))])),
            ("language_info", .object([("name", .string("gradbook")), ("file_extension", .string(".gb"))])),
        ])
        return JSON.object([("metadata", metadata), ("nbformat", .number(4)), ("nbformat_minor", .number(5)), ("cells", .array(cellsJSON))]).text + "\n"
    }

    // MARK: HTML

    /// One self-contained page: inputs, outputs, formulas as MathML and plots as inline SVG.
    func html() -> String {
        var body: [String] = []
        for cell in cells {
            body.append("<section class=\"cell\">")
            body.append("<pre class=\"input\"><span class=\"prompt\">In [\(cell.result.number)]:</span> \(Markup.escaped(cell.input))</pre>")
            for shown in shown(cell) {
                if let svg = shown.svg {
                    body.append("<figure>\(inlineSVG(svg))</figure>")
                }
                let kind = shown.isError ? "error" : (shown.isResult ? "output" : "info")
                body.append("<pre class=\"\(kind)\">\(Markup.escaped(shown.text))</pre>")
                if let mathML = shown.mathML { body.append("<p class=\"formula\">\(mathML)</p>") }
            }
            body.append("</section>")
        }
        return """
            <!DOCTYPE html>
            <!-- \(ExportFile.marker): session -->
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="generator" content="\(ExportFile.marker)">
            <title>gradbook session</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
            pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9rem; margin: 0.3rem 0; white-space: pre; overflow-x: auto; }
            .cell { border-left: 3px solid #ddd; padding-left: 1rem; margin-bottom: 1.5rem; }
            .input { background: #f5f7fa; padding: 0.4rem; } .prompt { color: #2a7a2a; }
            .error { color: #b00020; } .info { color: #555; }
            .formula { font-size: 1.2rem; } figure { margin: 0.5rem 0; }
            </style>
            </head>
            <body>
            <h1>gradbook session</h1>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// An SVG document without its XML declaration and marker, for embedding in HTML.
    private func inlineSVG(_ svg: String) -> String {
        svg.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("<?xml") && !$0.hasPrefix("<!--") }.joined(separator: "\n")
    }
}

/// A small JSON writer that keeps keys in the order given (so the marker metadata comes first).
indirect enum JSON {
    case string(String)
    case number(Int)
    case null
    case array([JSON])
    case object([(String, JSON)])
    /// A multi-line text as Jupyter stores it: a list of lines, each but the last ending in a newline.
    case lines(String)

    var text: String {
        switch self {
        case .string(let value): return JSON.quoted(value)
        case .number(let value): return String(value)
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .object(let pairs): return "{" + pairs.map { JSON.quoted($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
        case .lines(let value):
            var parts = value.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
            if let last = parts.last { parts[parts.count - 1] = String(last.dropLast()) }
            if parts.last == "" { parts.removeLast() }
            return JSON.array(parts.map { .string(String($0)) }).text
        }
    }

    static func quoted(_ value: String) -> String {
        // Most strings need no escapes: copy them whole rather than scalar by scalar.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + value + "\""
        }
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
