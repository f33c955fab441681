// :export FILE [EXPR] [--force]: a graph as DOT/SVG/PNG, a plot as SVG, the session as .md/.ipynb/.html.

import Foundation

extension Notebook {
    /// What `:export` can write, by file extension.
    static let exportKinds = "FILE.dot|.svg|.png EXPR (a computation graph), FILE.svg plot(…) or boundary(…), FILE.md|.ipynb|.html (the session)"

    func export(_ argument: String, statement: Statement, source: SourceText, into result: inout CellResult) throws(Diagnostic) {
        guard let (path, typedPath, force) = try Notebook.exportPath(in: argument, at: statement.range) else {
            throw .commandNeedsArgument("export", usage: Command.export.usage, at: statement.range)
        }
        let expression = expressionText(after: typedPath, in: statement, source: source)
        let file = url(for: path)
        let kind = file.pathExtension.lowercased()
        let written: String
        do {
            switch kind {
            case "md", "ipynb", "html":
                guard expression == nil else {
                    throw Diagnostic.exportTakesNoExpression(path, at: statement.range)
                }
                // The cell running now (a whole script, in -e, run and piped modes) counts up to this statement.
                let before = String(String.UnicodeScalarView(source.scalars.prefix(statement.range.lowerBound)))
                let current = LoggedCell(input: before.trimmingCharacters(in: .whitespacesAndNewlines), result: result)
                written = try exportSession(to: file, kind: kind, force: force, current: current)
            case "dot", "svg", "png":
                guard let expression else {
                    throw Diagnostic.exportNeedsPicture(path, at: statement.range)
                }
                written = try exportPicture(of: try value(of: expression, source: source), text: expression.text, to: file, kind: kind, force: force, at: statement.range)
            default:
                throw Diagnostic.exportKindUnknown(path, kinds: Notebook.exportKinds, at: statement.range)
            }
        } catch let problem as ExportProblem {
            throw Notebook.diagnostic(for: problem, path: path, at: statement.range)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw .couldNotExport(path, at: statement.range)
        }
        result.outputs.append(Output(kind: .info, text: written))
    }

    /// The file of `:export FILE [EXPR] [--force]`: the first word, or a name in double quotes when it has
    /// spaces (`:export "my notes.html"`); also the path as typed, and whether `--force` was given.
    static func exportPath(in argument: String, at range: SourceRange) throws(Diagnostic) -> (path: String, typed: String, force: Bool)? {
        var rest = Substring(argument).drop { $0 == " " || $0 == "\t" }
        var force = false
        if rest.hasPrefix("--force ") {
            force = true
            rest = rest.dropFirst("--force ".count).drop { $0 == " " || $0 == "\t" }
        }
        guard !rest.isEmpty else { return nil }
        let typed: Substring, path: Substring
        if rest.hasPrefix("\"") {
            guard let close = rest.dropFirst().firstIndex(of: "\"") else {
                throw .fileNameQuoteNotClosed(at: range)
            }
            typed = rest[...close]
            path = rest[rest.index(after: rest.startIndex)..<close]
        } else {
            typed = rest.prefix { $0 != " " && $0 != "\t" }
            path = typed
        }
        if rest.dropFirst(typed.count).split(separator: " ").contains("--force") { force = true }
        return path.isEmpty ? nil : (String(path), String(typed), force)
    }

    /// The expression after the path, with its offset in the cell (so a caret lines up under it).
    private func expressionText(after path: String, in statement: Statement, source: SourceText) -> (text: String, offset: Int)? {
        let typed = source.text(in: statement.range)
        guard let pathRange = typed.range(of: path) else { return nil }
        var rest = String(typed[pathRange.upperBound...])
        rest = rest.replacingOccurrences(of: "--force", with: "       ")
        let trimmed = rest.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let start = rest.range(of: trimmed) else { return nil }
        let offset = statement.range.lowerBound + typed[..<pathRange.upperBound].unicodeScalars.count + rest[..<start.lowerBound].unicodeScalars.count
        return (trimmed, offset)
    }

    /// Evaluates the expression of `:export FILE EXPR` without binding anything.
    private func value(of expression: (text: String, offset: Int), source: SourceText) throws(Diagnostic) -> Value {
        let padded = SourceText(String(repeating: " ", count: expression.offset) + expression.text, name: source.name)
        let statements = Parser.statements(in: padded)
        guard statements.count == 1, case .success(let statement)? = statements.first, case .expression = statement.kind else {
            if case .failure(let diagnostic)? = statements.first { throw diagnostic.located(in: source) }
            throw Diagnostic.notOneExpressionToExport(expression.text, at: SourceRange(expression.offset, expression.offset + expression.text.unicodeScalars.count)).located(in: source)
        }
        let evaluator = Evaluator(bindings: session.bindings, source: padded, cell: cellCount, interruption: interruption)
        evaluator.format = format
        do throws(Diagnostic) {
            guard let value = try evaluator.execute(statement) else { throw .nothingToExport(expression.text, at: statement.range) }
            return value
        } catch {
            throw error.located(in: source)
        }
    }

    private func exportPicture(of value: Value, text: String, to file: URL, kind: String, force: Bool, at range: SourceRange) throws -> String {
        let svg = FigureSVG(format: format)
        switch value {
        case .picture(.plot(let plot)) where kind == "svg":
            try ExportFile.write(Data(svg.svg(plot).utf8), to: file, force: force)
            return "wrote \(file.lastPathComponent): the plot as SVG (\(plot.series.count) curve\(plot.series.count == 1 ? "" : "s"))."
        case .picture(.boundary(let boundary)) where kind == "svg":
            try ExportFile.write(Data(svg.svg(boundary).utf8), to: file, force: force)
            return "wrote \(file.lastPathComponent): the decision regions as SVG."
        case .picture(.plot), .picture(.boundary):
            throw Diagnostic.plotExportsToSVG(kind, call: ":export \(file.deletingPathExtension().lastPathComponent).svg \(text)", at: range)
        default:
            break
        }
        var root = value.node
        if case .picture(.graph(let graph)) = value { root = graph.root }
        guard let root else {
            throw Diagnostic.exportWithoutGraph(text, kind: value.kindDescription, file: file.lastPathComponent, at: range)
        }
        var title = text
        if case .picture(.graph(let graph)) = value { title = graph.title }
        let interruption = self.interruption
        let shouldStop = { interruption.isRequested }
        guard let dot = GraphDOT(format: format).text(root, title: title, shouldStop: shouldStop) else { throw ExportProblem.interrupted }
        let count = root.graph.count
        if kind == "dot" {
            try ExportFile.write(Data(dot.utf8), to: file, force: force)
            return "wrote \(file.lastPathComponent): the computation graph of \(title) as Graphviz DOT (\(count) node\(count == 1 ? "" : "s")); dot -Tsvg \(file.lastPathComponent.contains(" ") ? "'\(file.lastPathComponent)'" : file.lastPathComponent) draws it."
        }
        // Without Graphviz, an SVG of a graph small enough to read is laid out by gradbook (GraphSVG).
        if kind == "svg", ExportFile.graphvizPath() == nil, let svg = GraphSVG(format: format).svg(root, title: title, shouldStop: shouldStop) {
            try ExportFile.write(ExportFile.markedSVG(Data(svg.utf8)), to: file, force: force)
            return "wrote \(file.lastPathComponent): the computation graph of \(title) (\(count) node\(count == 1 ? "" : "s")), laid out by gradbook (Graphviz is not installed)."
        }
        try ExportFile.write(try ExportFile.graphviz(dot, format: kind, shouldStop: shouldStop), to: file, force: force)
        return "wrote \(file.lastPathComponent): the computation graph of \(title) (\(count) node\(count == 1 ? "" : "s")), drawn by Graphviz."
    }

    private func exportSession(to file: URL, kind: String, force: Bool, current: LoggedCell) throws -> String {
        let cells = (log + (current.input.isEmpty ? [] : [current])).filter { !$0.input.trimmingCharacters(in: .whitespaces).hasPrefix(":export") }
        let interruption = self.interruption
        let export = SessionExport(cells: cells, format: format) { interruption.isRequested }
        // Ctrl-C while the page was being built: it is incomplete, so nothing is written.
        func checkInterruption() throws(ExportProblem) { if interruption.isRequested { throw .interrupted } }
        switch kind {
        case "md":
            let base = file.deletingPathExtension().lastPathComponent
            let (text, figures) = export.markdown(baseName: base)
            try checkInterruption()
            let folder = file.deletingLastPathComponent()
            for figure in figures { guard force || ExportFile.isOursOrAbsent(folder.appendingPathComponent(figure.name)) else { throw ExportProblem.wouldOverwrite(figure.name) } }
            try ExportFile.write(Data(text.utf8), to: file, force: force)
            for figure in figures { try ExportFile.write(Data(figure.svg.utf8), to: folder.appendingPathComponent(figure.name), force: force) }
            let extra = figures.isEmpty ? "" : ", with \(figures.count) plot\(figures.count == 1 ? "" : "s") as SVG beside it"
            return "wrote \(file.lastPathComponent): \(cells.count) cell\(cells.count == 1 ? "" : "s") as Markdown\(extra)."
        case "ipynb":
            let text = export.notebook()
            try checkInterruption()
            try ExportFile.write(Data(text.utf8), to: file, force: force)
            return "wrote \(file.lastPathComponent): \(cells.count) cell\(cells.count == 1 ? "" : "s") as a Jupyter notebook (nbformat 4.5)."
        default:
            let text = export.html()
            try checkInterruption()
            try ExportFile.write(Data(text.utf8), to: file, force: force)
            return "wrote \(file.lastPathComponent): \(cells.count) cell\(cells.count == 1 ? "" : "s") as one self-contained HTML page."
        }
    }

    static func diagnostic(for problem: ExportProblem, path: String, at range: SourceRange) -> Diagnostic {
        switch problem {
        case .wouldOverwrite(let name):
            return .exportWouldOverwrite(name, path: path, at: range)
        case .writeFailed(let reason):
            return .couldNotWrite(path, reason: reason, at: range)
        case .graphvizMissing:
            return .graphvizMissing(path, at: range)
        case .graphvizFailed(let message):
            return .graphvizFailed(path, message: message, at: range)
        case .interrupted:
            return .exportInterrupted(path, at: range)
        }
    }
}
