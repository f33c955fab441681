// Looking at the session: the :vars table and :info NAME (how a value was made, and whether it is stale).

import Foundation

extension Notebook {
    /// The widest value shown in `:vars`; longer ones are cut with `…` (`:info NAME` shows all of it).
    static let maximumValueWidth = 40

    /// `:vars`: one row per binding, in the order the names were first bound, as lines and a table (a notebook
    /// shows the table as HTML).
    func variablesTable() -> TableText {
        var shown = TableText()
        let all = bindings.all
        guard !all.isEmpty else {
            shown.add("no bindings yet; try x = 2")
            return shown
        }
        var check = StalenessCheck(session)
        let renderer = ValueRenderer(format: format)
        var rows: [[String]] = []
        var staleCount = 0
        for (name, entry) in all {
            let formula = Notebook.oneLine(session.definitions[name]?.formula ?? "")
            switch entry {
            case .value(let value, let cell):
                let reasons = placed(check.reasons(for: value, ownName: name, cell: cell))
                if !reasons.isEmpty { staleCount += 1 }
                rows.append([name, Notebook.shortened(renderer.text(value), of: value), formula, reasons.isEmpty ? "" : StaleReason.mark(reasons)])
            case .function(let function):
                let signature = "\(name)(\(function.parameters.joined(separator: ", ")))"
                rows.append([signature, "(function)", formula, ""])
            }
        }
        let header = ["name", "value", "formula"] + (staleCount > 0 ? ["stale?"] : [])
        var table = Table(header: header, alignments: header.map { _ in .left })
        for row in rows { table.add(Array(row.prefix(header.count))) }
        shown.add(table)
        if staleCount > 0 { shown.add(":recompute re-runs the statements that made the stale values.") }
        return shown
    }

    /// `:info NAME`: the value, the statement and cell that made it, what it was computed from, staleness.
    func information(about name: String) -> String {
        switch bindings[name] {
        case .function(let function):
            let cell = session.definitions[name].flatMap { cellLabel($0.cell) }.map { ", defined in \($0)" } ?? ""
            return "\(name) is a function\(cell): \(function.source)"
        case .value(let value, let cell):
            return valueInformation(name, value, cell: cell)
        case nil:
            if let value = bindings.result(named: name) { return "\(name) is an earlier result: \(text(of: value))" }
            if let number = Bindings.resultNumber(of: name), case .dropped = bindings.earlierResult(number) {
                return "\(name) was In [\(number)]'s result, which is no longer kept: gradbook keeps the last \(Diagnostic.grouped(Bindings.maximumKeptResults)) results."
            }
            let builtins = Builtin.named(name)
            if !builtins.isEmpty {
                let forms = builtins.map { "\($0.usage) — \($0.summary)" }
                guard forms.count > 1 else { return "\(name) is a builtin: usage \(forms[0]) :help \(builtins[0].topic) explains it." }
                return "\(name) is a builtin with \(forms.count) forms, told apart by their arguments:\n"
                    + forms.map { "  " + $0 }.joined(separator: "\n") + "\n:help \(builtins[0].topic) explains both."
            }
            if let constant = Bindings.predefined[name] { return "\(name) is a predefined constant, \(format.text(constant))." }
            return "\(name) is not bound, so in a formula it is a free symbol. Give it a value with \(name) = …"
        }
    }

    private func valueInformation(_ name: String, _ value: Value, cell: Int?) -> String {
        let renderer = ValueRenderer(format: format)
        var lines = ["\(name) = \(renderer.text(value))"]
        if let definition = session.definitions[name] {
            let loop = definition.loop.map { " in " + $0 } ?? ""
            lines.append("  made by \(Notebook.oneLine(definition.text))\(loop)   \(definition.place)")
        }
        let sources = namedSources(of: value, excluding: name)
        if !sources.isEmpty { lines.append("  computed from " + sources.joined(separator: ", ")) }
        if let node = value.node, !node.isLeaf, node.graph.count <= 200 {
            lines.append("  as a formula of its leaves: \(leafFormula(of: node))")
        }
        var check = StalenessCheck(session)
        let reasons = placed(check.reasons(for: value, ownName: name, cell: cell))
        // :recompute re-runs one statement, which would not remake a value a loop made.
        let remedy = session.definitions[name]?.loop == nil ? ":recompute updates it." : "Run its cell again to update it; :recompute does not re-run loops."
        for reason in reasons {
            let now = currentDescription(of: reason.name)
            lines.append("  stale: it was \(reason.description); \(reason.name) has been \(reason.change) since\(now). \(remedy)")
        }
        return lines.joined(separator: "\n")
    }

    /// The most named values `:info` lists in "computed from"; the rest are counted by name.
    static let maximumSourcesListed = 12

    /// `x = 2 (In [1])` for each named value (leaf or labelled intermediate) the value was computed from, inputs
    /// first, up to `maximumSourcesListed`, then how many more of each name: a value a 30,000-step loop made was
    /// computed from 30,000 values of the loop's names, which listed in full made a line of 300,000 characters.
    private func namedSources(of value: Value, excluding ownName: String) -> [String] {
        guard let root = value.node else { return [] }
        var seen: Set<String> = []
        var sources: [String] = []
        var unlisted: [(name: String, count: Int)] = []
        for node in root.graph where node !== root {
            guard let name = node.name, name != ownName, node.operation != .freeSymbol(name),
                  seen.insert("\(name)#\(node.serial)").inserted else { continue }
            guard sources.count < Notebook.maximumSourcesListed else {
                if let index = unlisted.firstIndex(where: { $0.name == name }) { unlisted[index].count += 1 } else { unlisted.append((name, 1)) }
                continue
            }
            let location = cellLabel(node.cell).map { " (\($0))" } ?? ""
            let shown: String
            if node.isTensor {
                // A vector or matrix is named by its shape; its elements would not fit on the line.
                shown = node.shape.count == 1 ? "\(name) = a vector of \(node.shape[0])" : "\(name) = a \(Tensor.describe(node.shape)) matrix"
            } else {
                shown = node.isSymbolic ? name : "\(name) = \(format.text(node.value))"
            }
            sources.append(shown + location)
        }
        if !unlisted.isEmpty {
            let total = unlisted.reduce(0) { $0 + $1.count }
            let byName = unlisted.map { "\(Diagnostic.grouped($0.count)) of \($0.name)" }.joined(separator: ", ")
            sources.append("… and \(Diagnostic.grouped(total)) more (\(byName))")
        }
        return sources
    }

    /// The formula a value computes, written in its leaves (`x^2 + 1`), simplified.
    private func leafFormula(of node: Node) -> String {
        FormulaBridge().printableText(of: node) ?? "too large to show (more than \(FormulaPrinter.maximumPrintedSize) parts)"
    }

    private func currentDescription(of name: String) -> String {
        switch bindings[name] {
        case .value(let value, let cell):
            let shown = Notebook.shortened(ValueRenderer(format: format).text(value), of: value)
            return " (it is now \(shown)" + (cellLabel(cell).map { ", from \($0)" } ?? "") + ")"
        case .function:
            guard let definition = session.definitions[name] else { return " (it is now a function)" }
            return " (it is now \(Notebook.oneLine(definition.text))" + (cellLabel(definition.cell).map { ", \($0)" } ?? "") + ")"
        case nil: return ""
        }
    }

    /// A statement typed over several lines, on one: `(1 +\n  2)` → `(1 + 2)`; a trailing `\\` goes too.
    static func oneLine(_ text: String) -> String {
        text.split(separator: "\n").map { line in
            var trimmed = String(line).trimmingSpaces()
            if trimmed.hasSuffix("\\") { trimmed = String(trimmed.dropLast()).trimmingSpaces() }
            return trimmed
        }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A value on one line, cut to `maximumValueWidth` characters.
    static func shortened(_ text: String, of value: Value) -> String {
        // A matrix's lines join into one; of a network only the first line, which says what it is (its layer
        // table run together read as nonsense).
        let lines = text.split(separator: "\n").map { String($0).trimmingSpaces() }
        var line = lines.joined(separator: " ")
        if case .network = value, lines.count > 1 { line = lines[0] + " …" }
        guard line.count > maximumValueWidth else { return line }
        return String(line.prefix(maximumValueWidth - 1)) + "…"
    }
}

extension Notebook {
    /// What a kernel's inspection (Shift-Tab) shows for `word`: `:info`'s description of a bound name, then
    /// `?word`'s help when there is a topic of that name; nil for a word that is neither (a free symbol).
    public func inspection(of word: String) -> String? {
        let topic = word.hasPrefix(":") ? String(word.dropFirst()) : word
        let isBound = bindings[word] != nil || bindings.result(named: word) != nil
        let help = Help.paragraph(for: topic) != nil ? Help.text(for: topic) : nil
        if !isBound && help == nil { return nil }
        return [isBound ? information(about: word) : nil, help].compactMap { $0 }.joined(separator: "\n\n")
    }
}
