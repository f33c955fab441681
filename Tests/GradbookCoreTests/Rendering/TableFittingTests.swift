// A table on a terminal fits its width: its text columns are cut with …, rows never break mid-row, numbers are
// never cut; piped, the table is whole.

@testable import GradbookCore
import Testing

@Suite("Tables fit the terminal")
struct TableFittingTests {
    /// A session whose :vars rows are wider than 80 columns: a long name, a long formula, a stale value, a network.
    static func session() -> Notebook {
        let notebook = Notebook()
        for cell in ["x = 2; w = [1, 2, 3]; y = x^2 + sum(w)", "x = 3", "net = mlp(2, [4, 1], seed = 1)",
                     "longname_for_a_value = sin(x)*cos(x)*exp(-x^2)/(1 + x^4) + tanh(x)"] {
            _ = notebook.run(cell)
        }
        return notebook
    }

    @Test(":vars at 80 columns: every line fits, the columns line up, cut cells end in …", arguments: [80, 60])
    func varsFits(_ width: Int) throws {
        let shown = CellRenderer(style: .plain, width: width).text(Self.session().run(":vars"), promptWidth: 8)
        let lines = shown.split(separator: "\n").map(String.init)
        for line in lines { #expect(line.count <= width, "\(line.count) columns: \(line)") }
        // The header, its rule and one line per binding (5), then the :recompute line (itself broken at spaces
        // where it is wider): no row broke.
        #expect(lines.firstIndex { $0.hasPrefix(":recompute") } == 7, "\(lines)")
        let header = try #require(lines.first), rule = lines[1]
        // Each column starts where the rule's dashes start.
        let starts = rule.indices.filter { $0 == rule.startIndex || (rule[$0] == "-" && rule[rule.index(before: $0)] == " ") }
            .map { rule.distance(from: rule.startIndex, to: $0) }
        #expect(starts.count == 4, "\(rule)")
        for start in starts { #expect(header.dropFirst(start).first.map { $0 != " " } == true, "\(header)") }
        #expect(lines.contains { $0.hasPrefix("longname_for") && $0.contains("…") })
        #expect(lines.contains { $0.hasPrefix("x ") && $0.contains(" 3") })
    }

    @Test("piped, :vars is whole: the formula, the stale reason and the network's first line")
    func varsWholeWhenPiped() {
        let shown = CellRenderer(style: .plain).text(Self.session().run(":vars"), promptWidth: 8)
        #expect(shown.contains("sin(x)*cos(x)*exp(-x^2)/(1 + x^4) + tanh(x)"))
        #expect(shown.contains("(stale: computed from the old x"))
        // A network is shown by its first line, not its layer table run together.
        #expect(shown.contains("network 2-4-1, 17 parameters …"))
        #expect(!shown.contains("parameters layer"))
    }

    @Test(":vars shows a matrix's rows joined on one line; only a network is shown by its first line")
    func matrixOnOneLine() {
        let notebook = Notebook()
        _ = notebook.run("W = [[1, 2], [3, 4]]")
        let shown = CellRenderer(style: .plain).text(notebook.run(":vars"), promptWidth: 8)
        #expect(shown.contains("2×2 matrix 1  2 3  4"), "\(shown)")
        #expect(!shown.contains("matrix …"), "\(shown)")
    }

    @Test("a number column is never cut, however narrow")
    func numbersStayWhole() {
        var table = Table(header: ["name", "gradient"], alignments: [.left, .right])
        table.add(["a_rather_long_name_for_a_parameter", "-0.000123456789"])
        let text = table.text(fitting: 20)
        #expect(text.contains("-0.000123456789"))
        #expect(text.contains("a_rather_long_name_for_a_parameter") == false)
        #expect(table.text(fitting: nil).contains("a_rather_long_name_for_a_parameter"))
    }
}
