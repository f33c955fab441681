@testable import GradbookCore
import Foundation
import Testing

@Suite("Loading data")
struct DataTests {
    private func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a CSV with a header loads as a matrix, one row per line")
    func loads() throws {
        let url = try file("a,b,y\n1,2,3\n4,5,9\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let result = run("M = load(\"\(url.path)\"); M")
        #expect(results(of: result) == "2×3 matrix\n  1  2  3\n  4  5  9")
    }

    @Test("train refuses data with nan or inf in it, where a relu layer used to hide the nan in a finite loss, and changes nothing")
    func nonFiniteDataIsRefused() {
        let notebook = Notebook()
        run("net = mlp(2, [4, 1], act = relu); d = dataset([[nan, 1], [0, 1]], [[1], [0]]); e = dataset([[0, 1], [0, 1]], [[1], [inf]])", in: notebook)
        let before = results(of: run("net.W1", in: notebook))
        let refused = run("train(net, d, epochs = 3)", in: notebook)
        #expect(refused.hasErrors)
        let message = refused.outputs.map(\.text).joined(separator: "\n")
        #expect(message.contains("d has nan in example 1 (its inputs, column 1)"), "\(message)")
        #expect(run("train(net, e)", in: notebook).outputs.map(\.text).joined().contains("e has inf in example 2 (its targets, column 1)"))
        #expect(results(of: run("net.W1", in: notebook)) == before)
        // The hint's call works.
        #expect(results(of: run("d.inputs", in: notebook)).contains("nan"))
        // With finite data a relu network trains as before, and relu passes a nan on (it no longer becomes 0).
        #expect(!run("train(net, xor(), epochs = 3)", in: notebook).hasErrors)
        #expect(results(of: run("relu([nan, -1, 2])", in: notebook)) == "[nan, 0, 2]")
    }

    @Test("dataset(d1, d2, …) joins data sets' examples in order; naming one twice repeats its examples (oversampling)")
    func joinsDataSets() throws {
        let notebook = Notebook()
        run("a = dataset([[1, 2], [3, 4]], [0, 1]); b = dataset([[5, 6]], [1])", in: notebook)
        #expect(results(of: run("d = dataset(a, b, b); d.X", in: notebook)) == "4×2 matrix\n  1  2\n  3  4\n  5  6\n  5  6")
        #expect(results(of: run("d.Y", in: notebook)) == "4×1 matrix\n  0\n  1\n  1\n  1")
        // A label mean of 3/4: the repeated class counts once per copy.
        #expect(results(of: run("mean(d.Y)", in: notebook)) == "0.75")
        let mismatch = try #require(diagnostic(of: run("dataset(a, dataset([[1]], [[1]]))", in: notebook)))
        #expect(mismatch.message.contains("has 1 input and 1 target per example, but the first data set has 2 inputs and 1 target"), "\(mismatch.message)")
        #expect(diagnostic(of: run("dataset(a, 2)", in: notebook))?.message.contains("must be a data set") == true)
    }

    @Test("a bad cell is reported by file, line and column, and nothing is bound", arguments: [
        ("a,b\n1,2\n3,x\n", ":3:3: 'x' in row 2, column 2 (b) is not a number"), ("a,b\n1,2\n3\n", ":3:1: this row has 1 values but the header names 2 columns"),
        ("", ":1:1: the file is empty"), ("a,b\n", ":2:1: there are no rows after the header"),
        ("a,b\n1,NaN\n", ":2:3: 'NaN' in row 1, column 2 (b) is not a number (a missing value?)"),
        ("a,b\n1, nan\n", ":2:3: 'nan' in row 1, column 2 (b) is not a number (a missing value?)"),
        ("a,b\r\n,2\r\n", ":2:1: the empty cell in row 1, column 1 (a) is not a number (a missing value?)"),
        ("a,b\n1,x\ny,NaN\n", ":2:3: 'x' in row 1, column 2 (b) is not a number; 2 more cells are not numbers either"),
    ])
    func badFiles(_ text: String, _ expected: String) throws {
        let url = try file(text)
        defer { try? FileManager.default.removeItem(at: url) }
        let notebook = Notebook()
        let failed = notebook.run("M = load(\"\(url.path)\")")
        let message = try #require(diagnostic(of: failed)).message
        #expect(message.contains(url.path + expected), "\(message)")
        #expect(notebook.bindings["M"] == nil)
    }

    @Test("Windows (CRLF) and old Mac (CR) line endings load like Unix ones, and infinities written out are numbers", arguments: [
        "a,b,y\r\n1,2,0\r\n3,4,1\r\n", "a,b,y\r1,2,0\r3,4,1\r", "a,b,y\n1,2,0\r\n3,4,1",
    ])
    func lineEndings(_ text: String) throws {
        guard case .success(let (names, matrix)) = CSVReader.read(text) else { Issue.record("\(text.debugDescription) was refused"); return }
        #expect(names == ["a", "b", "y"])
        #expect(matrix.shape == [2, 3] && matrix.elements == [1, 2, 0, 3, 4, 1])
        guard case .success(let (_, infinite)) = CSVReader.read("a\r\n-inf\r\n") else { Issue.record("-inf was refused"); return }
        #expect(infinite.elements == [-.infinity])
    }

    @Test("a missing file says so")
    func missing() throws {
        let failed = run("load(\"/nonexistent/data.csv\")")
        #expect(try #require(diagnostic(of: failed)).message.hasPrefix("could not read '/nonexistent/data.csv'"))
    }

    @Test("a notebook that may not touch files refuses load")
    func refused() throws {
        let notebook = Notebook()
        notebook.allowsFileAccess = false
        let failed = notebook.run("load(\"/etc/hostname\")")
        #expect(try #require(diagnostic(of: failed)).message.contains("turned off"))
    }

    @Test("forward mode and backprop give the same derivative", arguments: ["x^2*sin(x)", "exp(x)/(1 + x^2)", "tanh(x*x - 1)^3"])
    func forwardMatchesReverse(_ expression: String) {
        let notebook = Notebook()
        _ = notebook.run("x = 0.7")
        #expect(results(of: notebook.run("forward_diff(\(expression), x)")) == results(of: notebook.run("grad(\(expression), x)")))
    }
}
