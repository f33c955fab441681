// Aligned text tables, for backward(), check() and :vars, and text made of lines and tables (`TableText`),
// which a terminal shows as aligned columns and a notebook as an HTML table (CellMIME).

/// A table of text cells, printed with columns padded to line up.
struct Table {
    enum Alignment { case left, right }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Lines that stand between rows ("… 12 more leaves"), each after the first `afterRow` rows.
    var notes: [(afterRow: Int, text: String)] = []

    init(header: [String], alignments: [Alignment]) {
        self.header = header
        self.alignments = alignments
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return alignments[column] == .left ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var lines = [line(header), rule] + rows.map(line)
        // The two header lines come first; each note goes after the rows it follows.
        for note in notes.reversed() { lines.insert(note.text, at: 2 + min(note.afterRow, rows.count)) }
        return lines.joined(separator: "\n")
    }
}

/// Lines and tables in the order a result shows them: `text` for a terminal; CellMIME writes the same parts
/// as HTML, so a notebook's table is built from the data, never from the aligned text.
struct TableText {
    enum Part {
        case line(String)
        case table(Table)
    }

    var parts: [Part] = []

    mutating func add(_ line: String) { parts.append(.line(line)) }
    mutating func add(_ table: Table) { parts.append(.table(table)) }
    mutating func add(_ other: TableText) { parts += other.parts }

    var text: String {
        parts.map { part in
            switch part {
            case .line(let line): return line
            case .table(let table): return table.text
            }
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
