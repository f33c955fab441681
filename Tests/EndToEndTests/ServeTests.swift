// gradbook serve --json driven as the Jupyter kernel drives it: requests in, replies out, SIGINT in between.

import Foundation
import Testing

/// A running `gradbook serve --json`, spoken to one line at a time.
final class Server: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer = Data()

    init(environment: [String: String] = [:]) throws {
        process.executableURL = Gradbook.executable
        process.arguments = ["serve", "--json"]
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ request: [String: Any]) throws {
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(UInt8(ascii: "\n"))
        input.fileHandleForWriting.write(line)
    }

    func sendRaw(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// The next reply line, decoded.
    func reply() throws -> [String: Any] {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                return try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            }
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { throw ServerClosed() }
            buffer.append(more)
        }
    }

    func request(_ request: [String: Any]) throws -> [String: Any] {
        try send(request)
        return try reply()
    }

    func execute(_ code: String) throws -> [String: Any] { try request(["type": "execute", "code": code]) }

    /// The `text/plain` of each output of an execute reply.
    static func texts(_ reply: [String: Any]) -> [String] {
        (reply["outputs"] as? [[String: Any]] ?? []).compactMap { ($0["data"] as? [String: String])?["text/plain"] }
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    struct ServerClosed: Error {}
}

@Suite("gradbook serve --json")
struct ServeTests {
    @Test("execute numbers the cells and returns results as data: the contract's example gives -20 and [46]")
    func executesContractExample() throws {
        let server = try Server()
        defer { server.close() }
        for (index, line) in ["x = -4", "z = 2*x + 2 + x", "q = relu(z) + z*x", "h = relu(z*z)", "y = h + q + q*x"].enumerated() {
            let reply = try server.execute(line)
            #expect(reply["status"] as? String == "ok")
            #expect(reply["execution_count"] as? Int == index + 1)
            #expect(Server.texts(reply).isEmpty)
        }
        let y = try server.execute("y")
        #expect(Server.texts(y) == ["-20"])
        #expect(y["execution_count"] as? Int == 6)
        #expect((y["outputs"] as? [[String: Any]])?.first?["kind"] as? String == "result")
        #expect(Server.texts(try server.execute("grad(y, [x])")) == ["[46]"])
        // A silenced statement shows nothing, as in the REPL.
        #expect(Server.texts(try server.execute("y^2;")).isEmpty)
    }

    @Test("a formula comes with text/latex, a plot with image/svg+xml, always beside text/plain")
    func richOutputs() throws {
        let server = try Server()
        defer { server.close() }
        let formula = try server.execute("diff(x^2 * sin(x), x)")
        let data = try #require((formula["outputs"] as? [[String: Any]])?.first?["data"] as? [String: String])
        #expect(data["text/plain"] == "2*x*sin(x) + x^2*cos(x)")
        let latex = try #require(data["text/latex"])
        #expect(latex.hasPrefix("$") && latex.hasSuffix("$") && latex.contains("\\cos") && latex.contains("\\sin"))
        let plot = try server.execute("plot(sin(t), t, -3, 3)")
        let plotData = try #require((plot["outputs"] as? [[String: Any]])?.first?["data"] as? [String: String])
        #expect(plotData["text/plain"] != nil)
        #expect(plotData["image/svg+xml"]?.contains("<svg") == true)
        #expect(plotData["image/svg+xml"]?.contains("</svg>") == true)
    }

    @Test("graph(EXPR) comes as SVG without Graphviz too (no dot on PATH), and backward as an HTML table")
    func graphWithoutGraphviz() throws {
        let server = try Server(environment: ["PATH": "/nonexistent"])
        defer { server.close() }
        let reply = try server.execute("x = -4; z = 2*x + 2 + x; graph(z)")
        let data = try #require((reply["outputs"] as? [[String: Any]])?.first?["data"] as? [String: String])
        #expect(data["text/plain"]?.hasPrefix("computation graph of z") == true)
        let svg = try #require(data["image/svg+xml"])
        #expect(svg.hasPrefix("<svg ") && svg.contains(">value -10<") && !svg.contains("graphviz"))
        let backward = try server.execute("backward(z)")
        let html = try #require(((backward["outputs"] as? [[String: Any]])?.first?["data"] as? [String: String])?["text/html"])
        // dz/dx = 3.
        #expect(html.contains("<td style=\"text-align: left\">x</td>") && html.contains("<td style=\"text-align: right\">3</td>"))
    }

    @Test("an error is data: message, line and column of the caret, hint; the statement changes nothing")
    func errors() throws {
        let server = try Server()
        defer { server.close() }
        _ = try server.execute("a = 3")
        let reply = try server.execute("a = sin(a +")
        #expect(reply["status"] as? String == "error")
        let output = try #require((reply["outputs"] as? [[String: Any]])?.first)
        #expect(output["kind"] as? String == "error")
        let error = try #require(output["error"] as? [String: Any])
        #expect(error["line"] as? Int == 1)
        // "a = sin(a +" is 11 characters; the input ends at column 12, where a value was expected.
        #expect(error["column"] as? Int == 12)
        #expect(error["source_line"] as? String == "a = sin(a +")
        #expect((error["message"] as? String)?.isEmpty == false)
        #expect(error["hint"] is String)
        // The traceback text shows the line and a caret under column 12.
        let text = try #require((output["data"] as? [String: String])?["text/plain"])
        #expect(text.contains("    a = sin(a +\n" + String(repeating: " ", count: 4 + 11) + "^"))
        #expect(Server.texts(try server.execute("a")) == ["3"])
    }

    @Test("is_complete uses the REPL's rule: open brackets and a trailing backslash ask for more")
    func isComplete() throws {
        let server = try Server()
        defer { server.close() }
        for (code, status) in [("f(x,", "incomplete"), ("f(x, y)", "complete"), ("x = 1 + \\", "incomplete"),
                               ("repeat 3 {", "incomplete"), ("garbage ) (", "complete")] {
            let reply = try server.request(["type": "is_complete", "code": code])
            #expect(reply["status"] as? String == status, "\(code)")
            #expect(reply["type"] as? String == "is_complete_reply")
        }
    }

    @Test("complete offers the REPL's candidates for the word before the cursor, with where it starts")
    func complete() throws {
        let server = try Server()
        defer { server.close() }
        _ = try server.execute("backlog = 2")
        let reply = try server.request(["type": "complete", "code": "y = back + 1", "cursor": 8, "id": 7])
        #expect(reply["id"] as? Int == 7)
        #expect(reply["matches"] as? [String] == ["backlog", "backward"])
        #expect(reply["cursor_start"] as? Int == 4)
        #expect(reply["cursor_end"] as? Int == 8)
        let command = try server.request(["type": "complete", "code": ":dig", "cursor": 4])
        #expect(command["matches"] as? [String] == ["digits"])
        #expect(command["cursor_start"] as? Int == 1)
    }

    @Test("inspect shows :info for a bound name and the help for a builtin; a free symbol is not found")
    func inspect() throws {
        let server = try Server()
        defer { server.close() }
        _ = try server.execute("w = 0.5")
        let bound = try server.request(["type": "inspect", "code": "w*x", "cursor": 1])
        #expect(bound["found"] as? Bool == true)
        #expect((bound["data"] as? [String: String])?["text/plain"]?.contains("w = 0.5") == true)
        let builtin = try server.request(["type": "inspect", "code": "grad(", "cursor": 5])
        #expect(builtin["found"] as? Bool == true)
        #expect((builtin["data"] as? [String: String])?["text/plain"]?.hasPrefix("grad(EXPR") == true)
        let free = try server.request(["type": "inspect", "code": "w*x", "cursor": 3])
        #expect(free["found"] as? Bool == false)
    }

    @Test("reset starts a fresh session; a bad request is answered and the server goes on; shutdown exits 0")
    func resetAndShutdown() throws {
        let server = try Server()
        _ = try server.execute("x = 2")
        #expect(Server.texts(try server.execute("x + 1")) == ["3"])
        #expect(try server.request(["type": "reset"])["status"] as? String == "ok")
        let fresh = try server.execute("x + 1")
        #expect(Server.texts(fresh) == ["x + 1"])
        #expect(fresh["execution_count"] as? Int == 1)
        server.sendRaw("not json")
        #expect(try server.reply()["type"] as? String == "error_reply")
        #expect(try server.request(["type": "frobnicate"])["status"] as? String == "error")
        #expect(try server.request(["type": "shutdown"])["type"] as? String == "shutdown_reply")
        server.close()
        #expect(server.process.terminationStatus == 0)
    }

    @Test("SIGINT stops a running repeat at its next safe point; the server answers and the bindings are consistent")
    func interrupt() throws {
        let server = try Server()
        defer { server.close() }
        _ = try server.execute("w = 1")
        try server.send(["type": "execute", "code": "repeat 10000000 { w = w + 1 }"])
        // Read the reply on another thread and interrupt until it comes (the cell may not have started yet).
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var reply: [String: Any]?
        Thread { reply = try? server.reply(); done.signal() }.start()
        while done.wait(timeout: .now() + 0.2) == .timedOut { kill(server.process.processIdentifier, SIGINT) }
        let stopped = try #require(reply)
        #expect(stopped["interrupted"] as? Bool == true)
        let note = try #require(Server.texts(stopped).first { $0.contains("interrupted after") })
        // "repeat was interrupted after N of 10,000,000 repetitions" (N grouped by thousands too): w is 1 + N.
        let count = try #require(Int((note.split(separator: " ").drop { $0 != "after" }.dropFirst().first ?? "").filter { $0 != "," }))
        #expect(count < 10_000_000)
        #expect(server.process.isRunning)
        #expect(Server.texts(try server.execute("w")) == ["\(count + 1)"])
        #expect(Server.texts(try server.execute("w - \(count)")) == ["1"])
    }

    @Test("when the program that started serve dies during a long cell, serve stops too instead of computing on")
    func stopsWithItsParent() throws {
        // sh starts serve on a long repeat (the request from a file), prints serve's pid and exits once serve
        // has surely started (serve watches the parent it started with).
        let request = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-serve-\(UUID().uuidString).json")
        try Data(#"{"type":"execute","code":"w = 0; repeat 10000000 { w = w + 1 }"}"#.utf8 + [10]).write(to: request)
        defer { try? FileManager.default.removeItem(at: request) }
        let script = "'\(Gradbook.executable.path)' serve --json < '\(request.path)' > /dev/null 2>&1 & echo $!; sleep 2"
        let outcome = try Gradbook.run(["-c", script], executable: URL(fileURLWithPath: "/bin/sh"))
        let pid = try #require(pid_t(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        // The repeat alone would run for minutes; serve notices its parent is gone within about a second.
        var alive = true
        for _ in 0..<200 where alive {
            usleep(100_000)
            alive = kill(pid, 0) == 0
        }
        if alive { kill(pid, SIGKILL) }
        #expect(!alive)
    }
}

@Suite("A lesson's exercise answered through serve (:answer)")
struct ServeAnswerTests {
    @Test("lesson 3's first exercise: a wrong answer gets the lesson's first hint, the right one its explanation, as text the kernel shows")
    func wrongThenRight() throws {
        let server = try Server()
        defer { server.close() }
        // The lesson's own cells first, as in its notebook: the exercise's answer is a number in this session.
        for cell in ["x = 2; t = 3", "w = 0.5", "y = w*x", "L = (y - t)^2"] { _ = try server.execute(cell) }
        let empty = try server.execute(":answer 3.1 ")
        #expect(Server.texts(empty) == ["Type your answer after :answer 3.1 and run the cell again (:answer 3.1 :next shows the answer)."])
        // lessons/03: answer 0.25, tolerance 1e-9, first hint "The prediction is w*x = 1.25*2."; -0.5 has the wrong
        // sign and a different size.
        let wrong = try server.execute(":answer 3.1 -0.5")
        #expect(wrong["status"] as? String == "ok")
        #expect((wrong["outputs"] as? [[String: Any]])?.first?["kind"] as? String == "info")
        #expect(Server.texts(wrong) == ["Not yet: your answer is -0.5: check the sign, and the size differs too.\nhint: The prediction is w*x = 1.25*2."])
        let right = try server.execute(":answer 3.1 (1.25*2 - 3)^2")
        #expect(Server.texts(right) == ["Right. (1.25*2 - 3)^2 = 0.25: a small mistake, so a small loss."])
        // Answers are not cells of the lesson: nothing was bound.
        #expect(Server.texts(try server.execute("L")) == ["4"])
    }
}

@Suite(":export FILE.svg of a graph without Graphviz")
struct GraphExportWithoutGraphvizTests {
    @Test("gradbook lays the graph out itself, marked as its own file; a PNG still needs Graphviz")
    func svgWithoutDot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = folder.appendingPathComponent("y.svg").path, png = folder.appendingPathComponent("y.png").path
        let outcome = try Gradbook.run(["-e", "x = 3; y = x^2 + x", "-e", ":export \(svg) y"], environment: ["PATH": "/nonexistent"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("laid out by gradbook (Graphviz is not installed)"))
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        // By hand: y = 12 and dy/dx = 2x + 1 = 7.
        #expect(text.hasPrefix("<!-- gradbook export: computation graph -->\n<svg ") && text.contains(">value 12<") && text.contains(">grad 7<"))
        let failed = try Gradbook.run(["-e", "x = 3; y = x^2 + x", "-e", ":export \(png) y"], environment: ["PATH": "/nonexistent"])
        #expect(failed.status == 1 && failed.stderr.contains("needs Graphviz's dot program"))
    }
}
