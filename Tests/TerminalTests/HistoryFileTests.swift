// Where the history file lives and how it is replaced: atomically, never failing the REPL.

import Foundation
import Testing
@testable import GradbookTerminal

@Suite("The history file")
struct HistoryFileTests {
    @Test("XDG_STATE_HOME wins when it is absolute; otherwise ~/.local/state")
    func location() {
        #expect(HistoryFile(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).url?.path == "/s/gradbook/history")
        #expect(HistoryFile(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]).url?.path == "/h/.local/state/gradbook/history")
        #expect(HistoryFile(environment: ["HOME": "/h"]).url?.path == "/h/.local/state/gradbook/history")
        #expect(HistoryFile(environment: [:]).url == nil)
    }

    @Test("replacing creates the folder and renames a finished file into place")
    func replaces() throws {
        let folder = try temporaryFolder()
        let history = HistoryFile(environment: ["XDG_STATE_HOME": folder.path])
        let written = history.replace { path in
            FileManager.default.createFile(atPath: path, contents: Data("x = 1\n".utf8)) ? 0 : 1
        }
        #expect(written)
        let url = try #require(history.url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "x = 1\n")
    }

    @Test("a failed write leaves the old file as it was, and an unwritable place is no error")
    func failuresAreQuiet() throws {
        let folder = try temporaryFolder()
        let history = HistoryFile(environment: ["XDG_STATE_HOME": folder.path])
        _ = history.replace { FileManager.default.createFile(atPath: $0, contents: Data("old\n".utf8)) ? 0 : 1 }
        #expect(!history.replace { path in
            FileManager.default.createFile(atPath: path, contents: Data("half".utf8))
            return 1
        })
        let url = try #require(history.url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["history"])
        #expect(!HistoryFile(url: URL(fileURLWithPath: "/proc/gradbook/history")).replace { _ in 0 })
    }
}
