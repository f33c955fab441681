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

    var text: String { text(fitting: nil) }

    /// The table as aligned text no wider than `width` where it can be: the widest text columns are cut (their
    /// cells end in …) until the lines fit, never below their header or 8 characters. Numbers (right-aligned
    /// columns) are never cut; `:info NAME` and `explain` show any value whole.
    func text(fitting width: Int?) -> String {
        let all = [header] + rows
        var widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        if let width {
            let floors = header.indices.map { Swift.max(header[$0].count, 8) }
            while widths.reduce(0, +) + 2 * (widths.count - 1) > width {
                let cuttable = widths.indices.filter { alignments[$0] == .left && widths[$0] > floors[$0] }
                guard let widest = cuttable.max(by: { widths[$0] < widths[$1] || (widths[$0] == widths[$1] && $0 < $1) }) else { break }
                widths[widest] -= 1
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, whole in
                let cell = whole.count > widths[column] ? String(whole.prefix(widths[column] - 1)) + "…" : whole
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

    var text: String { text(fitting: nil) }

    /// The text with each table cut to `width` (`Table.text(fitting:)`) and each line passed through `line` (a
    /// terminal breaks long lines at spaces; a table's rows must not break).
    func text(fitting width: Int?, line: (String) -> String = { $0 }) -> String {
        parts.map { part in
            switch part {
            case .line(let text): return line(text)
            case .table(let table): return table.text(fitting: width)
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
