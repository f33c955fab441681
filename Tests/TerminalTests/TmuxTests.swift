// The built gradbook under tmux, driven by keys as a person would: editing, Up, TAB, Ctrl-C, Ctrl-D.

import Foundation
import TerminalDriver
import Testing

@Suite("gradbook under tmux", .serialized)
struct TmuxTests {
    /// Starts a session, or explains (visibly) why this machine cannot run the test.
    func start() throws -> TmuxSession? {
        guard TmuxSession.isAvailable else {
            print("⚠︎ SKIPPED: tmux is not installed, so the REPL's keys were not tested (apt-get install tmux).")
            return nil
        }
        guard let binary = TmuxSession.binary else {
            print("⚠︎ SKIPPED: the gradbook binary was not found next to the tests.")
            return nil
        }
        let session = try TmuxSession(binary: binary)
        #expect(try session.waitFor("In [1]:"))
        return session
    }

    @Test("type, edit, recall with Up, complete with TAB, and leave with Ctrl-D")
    func editingHistoryAndCompletion() throws {
        guard let session = try start() else { return }
        try session.send("x = 3 + 1", "BSpace", "BSpace", "BSpace", "BSpace", "Enter")
        try session.send("x^2 + 1", "Enter")
        #expect(try session.waitFor("Out[2]: 10"))
        try session.send("Up", "Up", "Down", "Enter")
        #expect(try session.waitFor("Out[3]: 10"))
        try session.send("sigm", "Tab")
        try session.send("x)", "Enter")
        #expect(try session.waitFor("In [4]: sigmoid(x)"))
        #expect(try session.waitFor("Out[4]: 0.952574"))
        try session.send("(x +", "Enter")
        #expect(try session.waitFor("   ...:"))
        try session.send("1)", "Enter")
        #expect(try session.waitFor("Out[5]: 4"))
        try session.send("C-d")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!session.isRunning)
        let history = try String(contentsOf: session.stateFolder.appendingPathComponent("gradbook/history"), encoding: .utf8)
        #expect(history.contains("sigmoid(x)"))
    }

    @Test("every lesson's automatic run passes on a colour terminal 80 columns wide, not only piped")
    func lessonsOnAColourTerminal() throws {
        guard TmuxSession.isAvailable, let binary = TmuxSession.binary else { return }
        // Output goes to the terminal itself (colour on: NO_COLOR empty, TERM set), and each exit status is kept
        // for one line at the end, since the lessons' text scrolls away.
        // Every lesson in the folder, counted (a new lesson is covered without editing this test).
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        let count = try FileManager.default.contentsOfDirectory(atPath: lessons.path).filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.count
        #expect(count >= 16)
        let script = "r=; for n in $(seq 0 \(count - 1)); do \(binary.path) lesson $n --auto; r=\"$r $n:$?\"; done; clear; echo RESULTS$r; sleep 600"
        let session = try TmuxSession(binary: URL(fileURLWithPath: "/bin/sh"), arguments: "-c '\(script)'",
                                      environment: ["NO_COLOR": "", "TERM": "xterm-256color", "GRADBOOK_LESSONS": lessons.path], columns: 80, rows: 24)
        #expect(try session.waitFor("RESULTS", seconds: 600))
        let line = try session.screen().split(separator: "\n").first { $0.hasPrefix("RESULTS") }.map(String.init) ?? ""
        let statuses = line.dropFirst("RESULTS".count).split(separator: " ")
        #expect(statuses.count == count, "\(line)")
        #expect(statuses.allSatisfy { $0.hasSuffix(":0") }, "lessons that failed on a terminal (lesson:status): \(line)")
    }

    @Test("TAB completes a folder and a file whose names have spaces, in double quotes, and :load reads it")
    func completingNamesWithSpaces() throws {
        guard TmuxSession.isAvailable, let binary = TmuxSession.binary else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-tab-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("my data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "zz = 41 + 1\n".write(to: folder.appendingPathComponent("my data/a b.gb"), atomically: true, encoding: .utf8)
        let session = try TmuxSession(binary: binary, directory: folder)
        #expect(try session.waitFor("In [1]:"))
        try session.send(":load my", "Tab")
        #expect(try session.waitFor(":load \"my data/"))
        try session.send("a", "Tab")
        #expect(try session.waitFor(":load \"my data/a b.gb\""))
        try session.send("Enter")
        try session.send("zz", "Enter")
        let loaded = try session.waitFor("Out[2]: 42")
        #expect(loaded, "\((try? session.screen()) ?? "")")
        try session.send(":quit", "Enter")
    }

    @Test("a cell typed over several lines is recalled whole after a restart")
    func multiLineHistory() throws {
        guard let first = try start() else { return }
        try first.send("(2 +", "Enter")
        #expect(try first.waitFor("   ...:"))
        try first.send("3)", "Enter")
        #expect(try first.waitFor("Out[1]: 5"))
        try first.send("C-d")
        Thread.sleep(forTimeInterval: 0.5)
        guard let binary = TmuxSession.binary else { return }
        let second = try TmuxSession(binary: binary, environment: ["XDG_STATE_HOME": first.stateFolder.path])
        #expect(try second.waitFor("In [1]:"))
        // One Up brings back both lines as one cell, which runs as it did before.
        try second.send("Up", "Enter")
        #expect(try second.waitFor("Out[1]: 5"))
        try second.send(":quit", "Enter")
        // The second session's state is the first's folder, which goes when the first session does.
        withExtendedLifetime(first) {}
    }

    @Test("Ctrl-C clears the line at the prompt and stops a long computation with nothing changed")
    func interrupting() throws {
        guard let session = try start() else { return }
        try session.send("x = 2", "Enter")
        try session.send("typing something", "C-c")
        try session.send("x", "Enter")
        #expect(try session.waitFor("Out[2]: 2"))
        // A genuinely slow computation: the numeric gradient of a 100×100 matrix re-runs the matrix product
        // for each of its 10,000 entries (which is exactly why backpropagation matters).
        try session.send("x = 7; W = randn(100, 100); numdiff(sum(W @ W), W)", "Enter")
        Thread.sleep(forTimeInterval: 1)
        try session.send("C-c")
        #expect(try session.waitFor("interrupted: In [3] was stopped", seconds: 120))
        try session.send("x", "Enter")
        #expect(try session.waitFor("Out[4]: 2"))
        #expect(session.isRunning)
        try session.send(":quit", "Enter")
    }
}

@Suite("Text fits an 80-column terminal", .serialized)
struct WrappingTmuxTests {
    /// What these inputs show, none of them long enough for the terminal to wrap the input line itself.
    static let inputs = [":help grad", "?numdiff", "x = 2; explain(backward(sigmoid(3*x - 1)*x))", "x*x == diff(x^3, x)",
                         "1.70684e18*sin(xyzzy) + nosuch(3)"]

    @Test("help, ?name, explain, a comparison and an error break at spaces, so the terminal wraps no line mid-word")
    func noLineIsWrappedByTheTerminal() throws {
        guard TmuxSession.isAvailable, let binary = TmuxSession.binary else {
            print("⚠︎ SKIPPED: tmux or the gradbook binary is missing, so wrapping at 80 columns was not tested.")
            return
        }
        let session = try TmuxSession(binary: binary, columns: 80, rows: 200)
        #expect(try session.waitFor("In [1]:"))
        for (index, input) in WrappingTmuxTests.inputs.enumerated() {
            try session.send(input, "Enter")
            #expect(try session.waitFor("In [\(index + 2)]:"))
        }
        let rows = try session.transcript(joiningWrappedLines: false)
        // tmux joins the rows it wrapped itself; none were, so every line was broken by gradbook, at a space.
        #expect(try session.transcript(joiningWrappedLines: true) == rows)
        #expect(rows.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // Nothing was lost: the same words as piped output, which is left as it is.
        let piped = try Gradbook.pipedOutput(WrappingTmuxTests.inputs.joined(separator: "\n"))
        let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        for line in piped.split(separator: "\n") where !line.hasPrefix("<stdin>") && !line.contains("^") {
            #expect(words(rows).contains(words(String(line))), "missing on the terminal: \(line)")
        }
        #expect(piped.split(separator: "\n").contains { $0.count > 80 }, "piped output is not broken to a width")
    }
}

enum Gradbook {
    /// gradbook's stdout and stderr for `input` piped in.
    static func pipedOutput(_ input: String) throws -> String {
        guard let binary = TmuxSession.binary else { return "" }
        let process = Process()
        process.executableURL = binary
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: out, as: UTF8.self)
    }
}
