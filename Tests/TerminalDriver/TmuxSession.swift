// Driving the built gradbook in a real terminal, for the tests that press keys as a person would.

import Foundation

/// A gradbook process running in its own tmux session; every session name is unique, and only that
/// session is ever killed (never the tmux server).
public final class TmuxSession {
    public let name = "gradbook-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    /// A fresh XDG_STATE_HOME, so history and lesson progress start empty and can be inspected.
    public let stateFolder: URL

    /// Starts `binary arguments` in a `columns`×`rows` terminal with `environment` added, in `directory`
    /// (the test's own working directory if nil).
    public init(binary: URL, arguments: String = "", environment: [String: String] = [:], directory: URL? = nil,
                columns: Int = 100, rows: Int = 40) throws {
        stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: stateFolder, withIntermediateDirectories: true)
        let variables = (["XDG_STATE_HOME": stateFolder.path, "TERM": "xterm", "NO_COLOR": "1"].merging(environment) { _, new in new })
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let command = "env \(variables) \(binary.path) \(arguments)"
        let start = directory.map { ["-c", $0.path] } ?? []
        try TmuxSession.tmux(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)"] + start + [command])
    }

    deinit {
        _ = try? TmuxSession.tmux(["kill-session", "-t", name])
        try? FileManager.default.removeItem(at: stateFolder)
    }

    /// Sends keys (tmux names: "Enter", "Up", "Tab", "C-c").
    public func send(_ keys: String...) throws {
        try TmuxSession.tmux(["send-keys", "-t", name] + keys)
        Thread.sleep(forTimeInterval: 0.2)
    }

    /// The visible screen.
    public func screen() throws -> String {
        try TmuxSession.tmux(["capture-pane", "-p", "-t", name]).split(separator: "\n").joined(separator: "\n")
    }

    /// Everything shown since the start (scrollback too), one screen row per line; `joiningWrappedLines` joins the
    /// rows the terminal itself wrapped, so comparing the two tells whether any line was too wide for it.
    public func transcript(joiningWrappedLines: Bool) throws -> String {
        let flags = joiningWrappedLines ? ["-p", "-J"] : ["-p"]
        return try TmuxSession.tmux(["capture-pane"] + flags + ["-S", "-", "-t", name])
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.replacing(#/ +$/#, with: "") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits (at most `seconds`) until the screen shows `text`; returns whether it did.
    public func waitFor(_ text: String, seconds: Double = 20) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try screen().contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// Whether the program is still running (its session ends when it exits).
    public var isRunning: Bool { (try? TmuxSession.tmux(["has-session", "-t", name])) != nil }

    /// Runs tmux through the shell and returns what it printed.
    ///
    /// Not `Process`: a tmux server started by `new-session` inherits descriptors and Foundation then
    /// waits on it for ever. Only `capture-pane` and `-V` keep their output; the rest goes to /dev/null.
    @discardableResult
    public static func tmux(_ arguments: [String]) throws -> String {
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

    /// Whether tmux is installed.
    public static var isAvailable: Bool { (try? tmux(["-V"])) != nil }

    /// The gradbook binary `swift build` put next to the tests.
    public static var binary: URL? {
        let folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                       Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        return folders.map { $0.appendingPathComponent("gradbook") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
