// Where the history file lives, how sessions add to it without losing each other's cells, and what it
// cleans up after a killed session. Every test works in its own temporary folder.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

@Suite("The history file")
struct HistoryFileTests {
    /// A history file in a fresh temporary folder, and the folder (removed by the caller).
    func scratchHistory() throws -> (HistoryFile, URL) {
        let folder = try temporaryFolder()
        return (HistoryFile(environment: ["XDG_STATE_HOME": folder.path]), folder)
    }

    func texts(_ history: HistoryFile) throws -> [String] {
        let url = try #require(history.url)
        return HistoryFile.entries(in: try String(contentsOf: url, encoding: .utf8)).map(\.text)
    }

    @Test("XDG_STATE_HOME wins when it is absolute; otherwise ~/.local/state")
    func location() {
        #expect(HistoryFile(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).url?.path == "/s/gradbook/history")
        #expect(HistoryFile(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]).url?.path == "/h/.local/state/gradbook/history")
        #expect(HistoryFile(environment: ["HOME": "/h"]).url?.path == "/h/.local/state/gradbook/history")
        #expect(HistoryFile(environment: [:]).url == nil)
    }

    @Test("appending creates the folder and a private file in readline's format, a multi-line cell whole")
    func appends() throws {
        let (history, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(history.append([.init("x = 1", at: Date(timeIntervalSince1970: 7)), .init("(2 +\n3)")]))
        let url = try #require(history.url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.hasPrefix("\u{1}7\nx = 1\n\u{1}"))
        #expect(try texts(history) == ["x = 1", "(2 +\n3)"])
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("two sessions writing in turn both keep their cells, in the order they were typed")
    func twoSessionsMerge() throws {
        let (first, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let second = HistoryFile(url: first.url)
        #expect(first.append([.init("a1")]))
        #expect(second.append([.init("b1")]))
        #expect(first.append([.init("a2")]))
        #expect(second.append([.init("b2"), .init("b3")]))
        #expect(try texts(first) == ["a1", "b1", "a2", "b2", "b3"])
    }

    @Test("the file keeps the newest 1,000 cells")
    func keepsTheNewest() throws {
        let (history, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(history.append((1...HistoryFile.limit).map { .init("old \($0)") }))
        #expect(history.append([.init("new 1"), .init("new 2")]))
        let kept = try texts(history)
        #expect(kept.count == HistoryFile.limit)
        #expect(kept.first == "old 3" && kept.last == "new 2")
    }

    @Test("a file written without markers reads one cell per line, and keeps them when appended to")
    func plainLines() throws {
        let (history, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(history.prepareFolder())
        let url = try #require(history.url)
        try Data("x = 1\n\ny = 2\n".utf8).write(to: url)
        #expect(history.append([.init("z = 3")]))
        #expect(try texts(history) == ["x = 1", "y = 2", "z = 3"])
    }

    @Test("a symlinked history file is written through: the link stays, its target gets the cells")
    func symlinkIsFollowed() throws {
        let (history, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(history.prepareFolder())
        let url = try #require(history.url)
        let real = folder.appendingPathComponent("dotfiles-history")
        try Data("\u{1}1\nkept\n".utf8).write(to: real)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: real.path)
        #expect(history.append([.init("added")]))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: url.path) == real.path)
        #expect(HistoryFile.entries(in: try String(contentsOf: real, encoding: .utf8)).map(\.text) == ["kept", "added"])
    }

    @Test("temporary files of killed sessions are removed; a running session's and other files are kept")
    func abandonedTemporaryFiles() throws {
        let (history, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(history.prepareFolder())
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let stateFolder = folder.appendingPathComponent("gradbook")
        let names = ["history.tmp-\(dead)", ".history.gradbook-\(dead).tmp", "history.tmp-1", ".history.gradbook-\(getpid()).tmp", "history.tmp-x", "notes"]
        for name in names { try Data("x".utf8).write(to: stateFolder.appendingPathComponent(name)) }
        history.removeAbandonedTemporaryFiles()
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: stateFolder.path))
        #expect(left == Set(names.dropFirst(2)))
    }

    @Test("an unwritable place is no error, and nothing is half-written")
    func failuresAreQuiet() throws {
        #expect(!HistoryFile(url: URL(fileURLWithPath: "/proc/gradbook/history")).append([.init("x")]))
        #expect(!HistoryFile(url: nil).append([.init("x")]))
        let (history, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try #require(history.url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        #expect(!history.append([.init("x")]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).isEmpty)
    }

    @Test("a fifo in the history's place is neither read (which would wait forever) nor replaced")
    func fifoIsLeftAlone() throws {
        let (history, folder) = try scratchHistory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(history.prepareFolder())
        let url = try #require(history.url)
        #expect(mkfifo(url.path, 0o600) == 0)
        #expect(!history.append([.init("x")]))
        #expect(AtomicFile.kind(at: url.path) == .other("a fifo"))
    }
}
