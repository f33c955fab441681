// The built gradbook under tmux, driven by keys as a person would: editing, Up, TAB, Ctrl-C, Ctrl-D.

import Foundation
import Testing

/// A gradbook REPL running in its own tmux session; every session name is unique, and only it is killed.
final class TmuxSession {
    let name = "gradbook-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    let stateFolder: URL

    init(binary: URL) throws {
        stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: stateFolder, withIntermediateDirectories: true)
        let command = "env XDG_STATE_HOME=\(stateFolder.path) TERM=xterm NO_COLOR=1 \(binary.path)"
        try TmuxSession.tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "40", command])
    }

    deinit { _ = try? TmuxSession.tmux(["kill-session", "-t", name]) }

    /// Sends keys (tmux names: "Enter", "Up", "Tab", "C-c").
    func send(_ keys: String...) throws {
        try TmuxSession.tmux(["send-keys", "-t", name] + keys)
        Thread.sleep(forTimeInterval: 0.2)
    }

    /// The visible screen, without blank lines.
    func screen() throws -> String {
        try TmuxSession.tmux(["capture-pane", "-p", "-t", name]).split(separator: "\n").joined(separator: "\n")
    }

    /// Waits (at most `seconds`) until the screen shows `text`; returns whether it did.
    func waitFor(_ text: String, seconds: Double = 20) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try screen().contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    var isRunning: Bool { (try? TmuxSession.tmux(["has-session", "-t", name])) != nil }

    /// Runs tmux through the shell and returns what it printed.
    ///
    /// Not `Process`: a tmux server started by `new-session` inherits descriptors and Foundation then
    /// waits on it for ever. Only `capture-pane` and `-V` keep their output; the rest goes to /dev/null.
    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let readsOutput = arguments.first == "capture-pane" || arguments.first == "-V"
        let command = "tmux " + quoted.joined(separator: " ") + (readsOutput ? " 2>/dev/null" : " >/dev/null 2>&1")
        guard let pipe = popen(command, "r") else { throw CocoaError(.executableLoad) }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        guard pclose(pipe) == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: output, as: UTF8.self)
    }

    static var isAvailable: Bool { (try? tmux(["-V"])) != nil }

    /// The gradbook binary `swift build` put next to the tests.
    static var binary: URL? {
        let folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                       Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        return folders.map { $0.appendingPathComponent("gradbook") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

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
