// The built gradbook under tmux, walking lesson 0 as a person would: read, press Enter, try an expression,
// answer an exercise wrongly then rightly, leave with :quit, and find the place kept.

import Foundation
import Testing

/// A `gradbook lesson 0` running in its own tmux session; only that session is ever killed.
final class LessonTmux {
    let name = "gradbook-lesson-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    let stateFolder: URL

    init(binary: URL, arguments: String) throws {
        stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: stateFolder, withIntermediateDirectories: true)
        let command = "env XDG_STATE_HOME=\(stateFolder.path) GRADBOOK_LESSONS=\(LessonFiles.folder.path) TERM=xterm NO_COLOR=1 \(binary.path) \(arguments)"
        try LessonTmux.tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "50", command])
    }

    deinit { _ = try? LessonTmux.tmux(["kill-session", "-t", name]) }

    func send(_ keys: String...) throws {
        try LessonTmux.tmux(["send-keys", "-t", name] + keys)
        Thread.sleep(forTimeInterval: 0.2)
    }

    func screen() throws -> String { try LessonTmux.tmux(["capture-pane", "-p", "-t", name]) }

    func waitFor(_ text: String, seconds: Double = 20) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try screen().contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    var isRunning: Bool { (try? LessonTmux.tmux(["has-session", "-t", name])) != nil }

    /// tmux through popen, as TerminalTests/TmuxTests.swift explains (Foundation's Process waits on the server).
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

    static var binary: URL? {
        let folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                       Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        return folders.map { $0.appendingPathComponent("gradbook") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

@Suite("A lesson under tmux", .serialized)
struct LessonTmuxTests {
    @Test("a person walks lesson 0: Enter, an own expression, a wrong then right answer, :quit keeps the place")
    func walkLessonZero() throws {
        guard LessonTmux.isAvailable else {
            print("⚠︎ SKIPPED: tmux is not installed, so the lesson runner was not walked in a terminal (apt-get install tmux).")
            return
        }
        guard let binary = LessonTmux.binary else {
            print("⚠︎ SKIPPED: the gradbook binary was not found next to the tests.")
            return
        }
        let session = try LessonTmux(binary: binary, arguments: "lesson 0")
        #expect(try session.waitFor("[1/7]"))
        #expect(try session.screen().contains("Out[3]: 10"))
        try session.send("Enter")
        #expect(try session.waitFor("[2/7]"))
        try session.send("f(10)", "Enter")
        #expect(try session.waitFor("Out[7]: 101"))
        try session.send("Enter")
        #expect(try session.waitFor("[3/7]"))
        try session.send("Enter")
        #expect(try session.waitFor("answer>"))
        try session.send("5", "Enter")
        #expect(try session.waitFor("hint: g(2) is 3*2 - 1"))
        try session.send("4", "Enter")
        #expect(try session.waitFor("Right."))
        #expect(try session.waitFor("[4/7]"))
        try session.send(":quit", "Enter")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!session.isRunning)
        let progress = try String(contentsOf: session.stateFolder.appendingPathComponent("gradbook/lessons.json"), encoding: .utf8)
        #expect(progress.contains("\"current\" : \"00-using-gradbook\""))
        #expect(progress.contains("\"step\" : 3"))
    }
}
