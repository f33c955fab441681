// Graph drawings, explanations, LaTeX and every export: DOT checked by Graphviz, SVG parsed as XML,
// .ipynb validated by nbformat, and no export ever replacing a file gradbook did not write.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import GradbookCore

@Suite("Seeing: graphs, explanations, plots and exports", .serialized)
struct SeeingTests {
    /// A fresh folder for one test's files.
    static func folder() throws -> URL {
        try temporaryFolder("seeing")
    }

    static func notebook(in folder: URL) -> Notebook {
        let notebook = Notebook(workingDirectory: folder)
        notebook.run("x = -4; z = 2*x + 2 + x; q = relu(z) + z*x; h = relu(z*z); y = h + q + q*x")
        return notebook
    }

    /// Runs a program, returning its status and output (nil when it cannot be started).
    static func shell(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static var hasGraphviz: Bool { ExportFile.graphvizPath() != nil }
    static var hasNbformat: Bool { shell(["python3", "-c", "import nbformat"])?.status == 0 }

    @Test("the backward story sums each leaf's contributions to its gradient")
    func backwardStory() {
        let text = results(of: run("x = -4; z = 2*x + 2 + x; q = relu(z) + z*x; h = relu(z*z); y = h + q + q*x", "explain(backward(y))"))
        #expect(text.contains("dy/dq ← dy/d(q*x) · d(q*x)/dq = 1 · -4 = -4"))
        #expect(text.contains("dy/dx = 40 via (q*x) + 30 via (z*x) + -8 via z + -16 via (2*x) = 46"))
    }

    @Test("explain(diff(…)) names the quotient, chain and power rules", arguments: [
        ("sin(x)/x", "quotient rule"), ("tanh(3*x + 1)", "chain rule"), ("x^3", "power rule"), ("exp(x) + x", "sum rule"),
    ])
    func derivationRules(formula: String, rule: String) {
        let text = results(of: run("explain(diff(\(formula), x))"))
        #expect(text.contains(rule), "\(formula): \(text)")
        #expect(text.contains("result, simplified:"))
    }

    @Test("latex writes a matrix as a bmatrix with subscripted elements, and elides the middle of a large one")
    func latexOfTensors() {
        #expect(results(of: run("V = [[1, 2], [3, 4]]; latex(V*x)"))
            == "\\begin{bmatrix} V_{1,1} \\cdot x & V_{1,2} \\cdot x \\\\ V_{2,1} \\cdot x & V_{2,2} \\cdot x \\end{bmatrix}")
        let large = results(of: run("W = randn(30, 30); latex(W*x)"))
        for part in ["W_{1,1}", "W_{3,3}", "W_{30,30}", "W_{1,30}", "W_{30,1}", "\\vdots", "\\cdots", "\\ddots"] {
            #expect(large.contains(part), "\(part) in \(large)")
        }
        #expect(!large.contains("W_{4,4}") && !large.contains("W_{29,"))
        #expect(large.components(separatedBy: " \\\\ ").count == 5, "five rows: three, the dots, the last")
        let vector = results(of: run("v = zeros(200); latex(v*z)"))
        #expect(vector.hasPrefix("\\left[v_{1} \\cdot z,\\ v_{2} \\cdot z,\\ v_{3} \\cdot z,\\ \\ldots,\\ v_{200} \\cdot z\\right]"), "\(vector)")
        // A stem with its own subscript is braced (a double subscript is an error in LaTeX).
        #expect(LaTeX.symbol("W1[2, 3]") == "{W_{1}}_{2,3}")
        #expect(MathML.element(.symbol("W[1, 2]")).contains("<msub><mi>W</mi><mrow><mn>1</mn><mo>,</mo><mn>2</mn></mrow></msub>"))
    }

    @Test("latex writes fractions, \\cdot, \\tanh and \\sigma")
    func latex() {
        #expect(results(of: run("latex(sigmoid(a)/sqrt(x^2 + 1) - 3*x^3)")) == "\\frac{\\sigma\\left(a\\right)}{\\sqrt{x^{2} + 1}} - 3 x^{3}")
        #expect(results(of: run("latex(tanh(w)*b)")).contains("\\cdot"))
        // A coefficient that is a small fraction is typeset as the terminal prints it (x^2/2), not 0.5 x^{2}.
        #expect(results(of: run("latex(exp(-x^2/2))")) == "\\exp\\left(-\\frac{x^{2}}{2}\\right)")
        #expect(results(of: run("latex(2*x/3 - y/4)")) == "\\frac{2 x}{3} - \\frac{y}{4}")
        #expect(results(of: run("latex(-2*x/(3*y))")) == "-\\frac{2 x}{3 y}")
        #expect(results(of: run("latex(0.1*x)")) == "0.1 x")
    }

    @Test("a formula too deep to typeset is cut short with \\ldots, in LaTeX and in every export")
    func deepFormulaIsCutShort() throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = Notebook(workingDirectory: folder)
        // Each step uses w twice, so written out in full the formula doubles 2,000 times.
        notebook.run("repeat 2000 { w = w*7*X*cos(z - w) }")
        let latex = results(of: run("latex(w)", in: notebook))
        #expect(latex.contains("\\ldots"))
        #expect(latex.count < 200_000)
        // v*v: written out without names, the product itself doubles at every step (a fuzz find: this
        // typeset forever, flattening 2^500 factors before sorting them).
        notebook.run("repeat 500 { v = v*v*X*cos(z - v) }")
        #expect(results(of: run("latex(v)", in: notebook)).contains("\\ldots"))
        notebook.run("w")
        notebook.run("v")
        #expect(!notebook.run(":export deep.html").hasErrors)
        #expect(!notebook.run(":export deep.md").hasErrors)
        let html = try String(contentsOf: folder.appendingPathComponent("deep.html"), encoding: .utf8)
        #expect(html.contains("<mi>&#x2026;</mi>"))
    }

    @Test("a plot marks nan points on the axis instead of drawing them")
    func plotMarksNaN() {
        let text = results(of: run("plot(log(t), t, -2, 3)"))
        #expect(text.contains("×"))
        #expect(text.contains("log(t) is nan or infinite"))
        #expect(!text.contains("nan ┤"))
    }

    @Test(".dot export is valid Graphviz (checked with dot when installed)")
    func dotExport() throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = SeeingTests.notebook(in: folder)
        let result = notebook.run(":export y.dot y")
        #expect(!result.hasErrors, "\(result.outputs.map(\.text))")
        let text = try String(contentsOf: folder.appendingPathComponent("y.dot"), encoding: .utf8)
        #expect(text.hasPrefix(GraphDOT.marker))
        #expect(text.contains("grad 46"))
        guard SeeingTests.hasGraphviz else {
            print("SKIPPED: Graphviz's dot is not installed (apt-get install graphviz), so y.dot was not checked with it.")
            return
        }
        let check = SeeingTests.shell(["dot", "-Tsvg", folder.appendingPathComponent("y.dot").path, "-o", "/dev/null"])
        #expect(check?.status == 0, "\(check?.output ?? "")")
    }

    @Test("a file name with spaces is written in double quotes; an unclosed quote is an error")
    func quotedExportPath() throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = SeeingTests.notebook(in: folder)
        let graph = notebook.run(":export \"my graph.dot\" y --force")
        #expect(!graph.hasErrors, "\(graph.outputs.map(\.text))")
        #expect(try String(contentsOf: folder.appendingPathComponent("my graph.dot"), encoding: .utf8).hasPrefix(GraphDOT.marker))
        let session = notebook.run(":export \"my notes.html\"")
        #expect(!session.hasErrors, "\(session.outputs.map(\.text))")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("my notes.html").path))
        // :save and :load read the same quoting (the quotes are not part of the name).
        #expect(!notebook.run(":save \"my session.gb\"").hasErrors)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("my session.gb").path))
        #expect(!notebook.run(":load \"my session.gb\"").hasErrors)
        let unclosed = notebook.run(":export \"my notes.html")
        #expect(unclosed.outputs.first?.text.contains("never closed") == true)
    }

    @Test("plots, boundaries and Graphviz drawings export as SVG that parses as XML")
    func svgExports() throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = SeeingTests.notebook(in: folder)
        var exports = [":export plot.svg plot([tanh(t), diff(tanh(t), t)], t, -3, 3)", ":export nan.svg plot(log(t), t, -2, 3)",
                       "net = mlp(2, [3, 1], act = tanh); :export regions.svg boundary(net, xor())"]
        if SeeingTests.hasGraphviz { exports.append(":export graph.svg y") } else { print("SKIPPED: no dot, so graph.svg was not drawn.") }
        for export in exports {
            let result = notebook.run(export)
            #expect(!result.hasErrors, "\(export): \(result.outputs.map(\.text))")
        }
        for name in ["plot.svg", "nan.svg", "regions.svg"] + (SeeingTests.hasGraphviz ? ["graph.svg"] : []) {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(name) is not well-formed XML: \(String(describing: parser.parserError))")
            #expect(String(decoding: data, as: UTF8.self).contains(ExportFile.marker))
        }
    }

    @Test("the session exports as a notebook that nbformat validates (a missing cell id is fatal)")
    func notebookExport() throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = SeeingTests.notebook(in: folder)
        notebook.run("diff(x^2*sin(x), x)")
        notebook.run("plot(sin(t), t, -3, 3)")
        notebook.run("sin(1, 2)")
        let result = notebook.run(":export session.ipynb")
        #expect(!result.hasErrors, "\(result.outputs.map(\.text))")
        let path = folder.appendingPathComponent("session.ipynb").path
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"id\": \"cell-1\""))
        guard SeeingTests.hasNbformat else {
            print("SKIPPED: python3 with nbformat is not installed (pip install nbformat), so session.ipynb was not validated.")
            return
        }
        let script = """
            import sys, warnings, nbformat
            warnings.simplefilter("error", nbformat.warnings.MissingIDFieldWarning)
            nbformat.validate(nbformat.read(sys.argv[1], as_version=4))
            """
        let check = SeeingTests.shell(["python3", "-c", script, path])
        #expect(check?.status == 0, "\(check?.output ?? "")")
    }

    @Test("the session exports as Markdown with plots beside it, and as self-contained HTML")
    func markdownAndHTML() throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = SeeingTests.notebook(in: folder)
        notebook.run("diff(x^2*sin(x), x)")
        notebook.run("plot(sin(t), t, -3, 3)")
        #expect(!notebook.run(":export session.md").hasErrors)
        #expect(!notebook.run(":export session.html").hasErrors)
        let markdown = try String(contentsOf: folder.appendingPathComponent("session.md"), encoding: .utf8)
        #expect(markdown.contains("$2 x \\cdot \\sin\\left(x\\right)") || markdown.contains("$"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("session-3-1.svg").path))
        let html = try String(contentsOf: folder.appendingPathComponent("session.html"), encoding: .utf8)
        #expect(html.contains("<math") && html.contains("<svg"))
        #expect(!html.contains("http://") || !html.contains("<script"))
        #expect(!html.contains("<script"))
    }

    @Test("an export never replaces a file gradbook did not write, unless --force", arguments: ["y.dot", "p.svg", "s.md", "s.ipynb", "s.html"])
    func neverClobbers(name: String) throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = SeeingTests.notebook(in: folder)
        let file = folder.appendingPathComponent(name)
        try "my own work\n".write(to: file, atomically: true, encoding: .utf8)
        let expression = name == "y.dot" ? " y" : (name == "p.svg" ? " plot(sin(t), t, 0, 1)" : "")
        let refused = notebook.run(":export \(name)\(expression)")
        #expect(diagnostic(of: refused)?.message.contains("was not written by gradbook") == true)
        #expect(try String(contentsOf: file, encoding: .utf8) == "my own work\n")
        #expect(!notebook.run(":export \(name)\(expression) --force").hasErrors)
        #expect(try String(contentsOf: file, encoding: .utf8) != "my own work\n")
        // Now it is gradbook's own file, so exporting again needs no --force.
        #expect(!notebook.run(":export \(name)\(expression)").hasErrors)
    }

    @Test("export errors: a plot to .png, a session with an expression, an unknown extension")
    func exportErrors() throws {
        let folder = try SeeingTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = SeeingTests.notebook(in: folder)
        #expect(diagnostic(of: notebook.run(":export p.png plot(sin(t), t, 0, 1)"))?.message.contains("export to .svg") == true)
        #expect(diagnostic(of: notebook.run(":export s.md y"))?.message.contains("takes no expression") == true)
        #expect(diagnostic(of: notebook.run(":export s.pdf y"))?.message.contains("must end in") == true)
        #expect(diagnostic(of: notebook.run(":export y.dot sin(1, 2)"))?.message.contains("sin takes 1 argument") == true)
    }

    @Test("a PNG gets gradbook's marker in a valid tEXt chunk")
    func pngMarker() {
        let header = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0, count: 25)
        let marked = ExportFile.markedPNG(header + Data([1, 2, 3]))
        #expect(marked.range(of: Data("gradbook export".utf8)) != nil)
        #expect(ExportFile.crc32(Data("IEND".utf8)) == 0xAE42_6082)
    }
}
