// run FILE and piped scripts: a hostile script cannot drive the terminal, and unreadable files say why.

import Foundation
import Testing

@Suite("Scripts are shown safely and unreadable ones are named plainly")
struct ScriptSafetyTests {
    /// A folder of its own, removed by the caller.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a script with an escape sequence that would retitle the terminal prints neither ESC nor BEL")
    func escapeSequenceIsNotEmitted() throws {
        let folder = try ScriptSafetyTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("e.gb")
        try Data("x = 1 \u{1B}]0;PWNED\u{7}\n".utf8).write(to: script)
        let outcome = try Gradbook.run(["run", script.path])
        #expect(outcome.status == 1)
        let bytes = Array((outcome.stdout + outcome.stderr).utf8)
        #expect(!bytes.contains(0x1B) && !bytes.contains(0x07))
        #expect(outcome.stderr.contains("x = 1 \\e]0;PWNED^G"))
    }

    @Test("/dev/null runs as an empty script, and a folder is called a folder")
    func specialFiles() throws {
        let empty = try Gradbook.run(["run", "/dev/null"])
        #expect(empty.status == 0 && empty.stdout.isEmpty && empty.stderr.isEmpty)
        let folder = try ScriptSafetyTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try Gradbook.run(["run", folder.path])
        #expect(outcome.status == 66)
        #expect(outcome.stderr == "gradbook: '\(folder.path)' is a folder, not a script file.\n")
    }

    @Test("a byte that is not UTF-8 is refused at its line and column, from a file and from a pipe alike")
    func invalidUTF8IsRefusedTheSameWay() throws {
        let folder = try ScriptSafetyTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Data("x = 1\ny = 2 ".utf8) + Data([0xFF]) + Data(" + 1\n".utf8)
        let script = folder.appendingPathComponent("bad.gb")
        try bytes.write(to: script)
        let fromFile = try Gradbook.run(["run", script.path])
        let piped = try Gradbook.run([], bytes: bytes)
        #expect(fromFile.status == 66 && piped.status == 66)
        #expect(fromFile.stdout.isEmpty && piped.stdout.isEmpty, "none of the statements ran")
        #expect(fromFile.stderr.hasPrefix("\(script.path):2:7: error: the byte 0xFF here is not UTF-8 text"))
        #expect(piped.stderr.hasPrefix("<stdin>:2:7: error: the byte 0xFF here is not UTF-8 text"))
    }
}
