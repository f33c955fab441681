// Lines and tables (backward, check, :vars) as HTML for a notebook's text/html: the lines in <pre>, each table
// as a <table> with its header, its columns aligned as in the terminal and its notes as rows of their own.

extension TableText {
    /// One `<div>`: runs of lines as `<pre>`, tables as `<table>`.
    var html: String {
        var out: [String] = []
        var lines: [String] = []
        func flush() {
            if !lines.isEmpty { out.append("<pre>" + Markup.escaped(lines.joined(separator: "\n")) + "</pre>") }
            lines = []
        }
        for part in parts {
            switch part {
            case .line(let line): lines.append(line)
            case .table(let table):
                flush()
                out.append(table.html)
            }
        }
        flush()
        return "<div class=\"gradbook-table\">\n" + out.joined(separator: "\n") + "\n</div>"
    }
}

extension Table {
    var html: String {
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let align = alignments.indices.contains(column) && alignments[column] == .right ? "right" : "left"
            return "<\(tag) style=\"text-align: \(align)\">\(Markup.escaped(text))</\(tag)>"
        }
        var body: [String] = rows.map { row in "<tr>" + row.enumerated().map { cell("td", $0.element, $0.offset) }.joined() + "</tr>" }
        for note in notes.reversed() {
            body.insert("<tr><td colspan=\"\(header.count)\" style=\"text-align: left\"><em>\(Markup.escaped(note.text))</em></td></tr>",
                        at: min(note.afterRow, body.count))
        }
        let head = "<tr>" + header.enumerated().map { cell("th", $0.element, $0.offset) }.joined() + "</tr>"
        return "<table>\n<thead>\(head)</thead>\n<tbody>\n" + body.joined(separator: "\n") + "\n</tbody>\n</table>"
    }
}
