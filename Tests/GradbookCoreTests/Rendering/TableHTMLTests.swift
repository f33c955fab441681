// backward, check and :vars as HTML tables for a notebook (serve's text/html): built from the same rows as the
// terminal's aligned text, with its notes, alignment and escaping.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Tables as HTML")
struct TableHTMLTests {
    /// The text/html of each output of `cell` (run after `setup`), as serve sends it.
    static func html(_ cells: [String]) -> [String?] {
        let notebook = Notebook()
        var result = notebook.run("")
        for cell in cells { result = notebook.run(cell) }
        return CellMIME(format: notebook.format).outputs(of: result).map { $0.data["text/html"] }
    }

    /// The cells of every `<tr>`, tags removed.
    static func rows(_ html: String) -> [[String]] {
        html.matches(of: /<tr>(.*?)<\/tr>/).map { row in
            String(row.1).matches(of: /<t[hd][^>]*>(.*?)<\/t[hd]>/).map { String($0.1).replacing(/<[^>]+>/, with: "") }
        }
    }

    @Test("backward's table: a header, then one row per leaf with its value and gradient (by hand: L = (w*x - 1)^2 at x = 2, w = 3)")
    func backwardTable() throws {
        let html = try #require(TableHTMLTests.html(["x = 2; w = 3; L = (w*x - 1)^2", "backward(L)"]).first ?? nil)
        // dL/dx = 2*(w*x - 1)*w = 30 and dL/dw = 2*(w*x - 1)*x = 20.
        #expect(TableHTMLTests.rows(html) == [["name", "kind", "value", "gradient d(L)/d(name)"], ["x", "leaf", "2", "30"], ["w", "leaf", "3", "20"]])
        #expect(html.contains("<pre>backward pass from L = 25</pre>"))
        #expect(html.contains("<td style=\"text-align: right\">30</td>") && html.contains("<th style=\"text-align: left\">name</th>"))
    }

    @Test("check's table has its three methods, and the verdict follows it")
    func checkTable() throws {
        let html = try #require(TableHTMLTests.html(["x = 2; w = 3", "check((w*x - 1)^2, w)"]).first ?? nil)
        let rows = TableHTMLTests.rows(html)
        #expect(rows.map { $0.first ?? "" } == ["method", "symbolic", "backprop", "numeric"])
        #expect(rows[1].dropFirst().first == "20")
        #expect(html.range(of: "</table>")!.lowerBound < html.range(of: "verdict: exact")!.lowerBound)
    }

    @Test(":vars is a table with a stale column when a value is stale, and its note after it")
    func varsTable() throws {
        let html = try #require(TableHTMLTests.html(["x = 2; y = x^2", "x = 5", ":vars"]).first ?? nil)
        let rows = TableHTMLTests.rows(html)
        #expect(rows.first == ["name", "value", "formula", "stale?"])
        #expect(rows.contains { $0.first == "y" && $0[1] == "4" && $0[3].hasPrefix("(stale: computed from the old x") })
        #expect(html.contains("<pre>:recompute re-runs the statements that made the stale values.</pre>"))
    }

    @Test("a table cut after a loop keeps its note as a row across every column; text is escaped")
    func notesAndEscaping() throws {
        let html = try #require(TableHTMLTests.html(["w = 0.5; repeat 100 { w = sin(w) }", "backward(w)"]).first ?? nil)
        #expect(html.contains("<tr><td colspan=\"4\" style=\"text-align: left\"><em>… 60 earlier intermediates</em></td></tr>"))
        var table = Table(header: ["a<b", "c"], alignments: [.left, .right])
        table.add(["x & y", "\"1\""])
        #expect(table.html.contains("<th style=\"text-align: left\">a&lt;b</th>") && table.html.contains("<td style=\"text-align: left\">x &amp; y</td>"))
    }

    @Test("other results and command text have no HTML: a number, :help")
    func noTable() {
        #expect(TableHTMLTests.html(["2 + 3"]) == [nil])
        #expect(TableHTMLTests.html([":help digits"]) == [nil])
    }
}
