// Reading scripts: each way a file can fail gets its own plain sentence, and a byte that is not UTF-8 is
// refused with its line and column (the same for :load, run FILE and piped input).

import Foundation
import Testing
@testable import GradbookCore

@Suite("Reading a script file")
struct ScriptFileTests {
    /// A fresh folder of its own for each test.
    static func folder() throws -> URL {
        try temporaryFolder("scriptfile")
    }

    @Test("a missing file, a folder and an empty device each get a sentence that says what they are")
    func plainSentences() throws {
        let folder = try ScriptFileTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(ScriptFile.read(folder.appendingPathComponent("none.gb"), name: "none.gb") == .failure(.unreadable(.noFile("none.gb", missingFolder: nil))))
        #expect(ScriptUnreadable.noFile("none.gb", missingFolder: nil).sentence == "there is no file 'none.gb'.")
        #expect(ScriptFile.read(folder, name: "notes") == .failure(.unreadable(.isFolder("notes"))))
        #expect(ScriptUnreadable.isFolder("notes").sentence == "'notes' is a folder, not a script file.")
        #expect(ScriptFile.read(URL(fileURLWithPath: "/dev/null"), name: "/dev/null") == .success(""))
    }

    @Test("a file larger than the lexer accepts is refused after reading only that much")
    func hugeFileIsRefused() {
        guard case .failure(.unreadable(let reason)) = ScriptFile.read(URL(fileURLWithPath: "/dev/zero"), name: "/dev/zero") else {
            Issue.record("/dev/zero was read as a script")
            return
        }
        #expect(reason.sentence == "'/dev/zero' is larger than 4 MB, more than gradbook reads as one script; split it into smaller files.")
    }

    @Test("one byte that is not UTF-8 is refused with its line and column, the line shown with the caret under it")
    func invalidByteIsLocated() throws {
        let data = Data("x = 1\ny = 2 ".utf8) + Data([0xFF]) + Data(" + 1\n".utf8)
        guard case .failure(let diagnostic) = ScriptFile.decode(data, name: "bad.gb") else {
            Issue.record("the byte 0xFF was accepted")
            return
        }
        #expect(DiagnosticRenderer(style: .plain).located(diagnostic) == """
            bad.gb:2:7: error: the byte 0xFF here is not UTF-8 text, and gradbook reads scripts only as UTF-8.
                y = 2 \u{FFFD} + 1
                      ^
            hint: save the file as UTF-8 (most editors offer it; iconv -f latin1 -t utf-8 converts a Latin-1 file).
            """)
    }

    @Test("valid UTF-8 beyond ASCII, and a U+FFFD written in the file itself, are accepted")
    func validTextIsAccepted() {
        let text = "# café \u{FFFD} ✓\nx = 1\n"
        #expect(ScriptFile.decode(Data(text.utf8), name: "ok.gb") == .success(text))
    }

    @Test(":load of a folder, a missing file and a file with a bad byte says so, and the session goes on")
    func loadSaysWhatIsWrong() throws {
        let folder = try ScriptFileTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try (Data("a = 1\nb = ".utf8) + Data([0xC3, 0x28]) + Data("\n".utf8)).write(to: folder.appendingPathComponent("latin.gb"))
        let notebook = Notebook(workingDirectory: folder)
        _ = notebook.run("x = 5")
        #expect(diagnostic(of: notebook.run(":load ."))?.message == "'.' is a folder, not a script file.")
        #expect(diagnostic(of: notebook.run(":load gone.gb"))?.message == "there is no file 'gone.gb'.")
        let bad = notebook.run(":load latin.gb")
        let text = CellRenderer(style: .plain).text(bad, promptWidth: 8)
        #expect(text.hasPrefix("latin.gb:2:5: error: the byte 0xC3 here is not UTF-8 text"))
        #expect(notebook.bindings["a"] == nil, "a file that cannot be read runs none of its statements")
        #expect(results(of: notebook.run("x")) == "5")
    }
}
