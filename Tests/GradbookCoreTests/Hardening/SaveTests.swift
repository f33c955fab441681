// :save never loses a person's file: it replaces only what it wrote (or with --force), keeps a file's mode
// and owner, writes through symlinks and refuses what is not a regular file. Each test works in its own
// temporary folder and writes nothing outside it.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Saving a session without losing files")
struct SaveTests {
    /// A fresh folder, a notebook working in it with `x = 2` bound, and a helper to read a file back.
    struct Scratch {
        let folder: URL
        let notebook: Notebook

        init() throws {
            folder = try temporaryFolder("save")
            notebook = Notebook(workingDirectory: folder)
            _ = notebook.run("x = 2")
        }

        func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
        func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }
        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static let script = "# my notes on the chain rule\nx = 3\n\n# the loss\nL = (2*x - 1)^2\nL\n"

    @Test(":load notes.gb then :save notes.gb leaves the person's script whole, and both calls in the hint work")
    func refusesAScriptItDidNotWrite() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Data(Self.script.utf8).write(to: scratch.url("notes.gb"))
        let result = scratch.notebook.run(":load notes.gb; :save notes.gb")
        let problem = try #require(diagnostic(of: result))
        #expect(problem.message == "'notes.gb' already exists and was not written by :save, so :save left it alone (it may be your own script).")
        #expect(problem.hint == "save under another name, `:save notes-2.gb`, or replace it: `:save notes.gb --force`")
        #expect(try scratch.text("notes.gb") == Self.script)
        #expect(!run(":save notes-2.gb", in: scratch.notebook).hasErrors)
        #expect(try scratch.text("notes-2.gb").hasSuffix("x = 2\nx = 3\nL = (2*x - 1)^2\nL\n"))
        #expect(!run(":save notes.gb --force", in: scratch.notebook).hasErrors)
        #expect(try scratch.text("notes.gb").hasPrefix("# gradbook session, saved by :save"))
    }

    @Test("a script :save wrote, and an empty file, are replaced without --force")
    func replacesItsOwnFiles() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(!run(":save s.gb", in: scratch.notebook).hasErrors)
        _ = scratch.notebook.run("y = 5")
        #expect(!run(":save s.gb", in: scratch.notebook).hasErrors)
        #expect(try scratch.text("s.gb").hasSuffix("x = 2\ny = 5\n"))
        try Data().write(to: scratch.url("empty.gb"))
        #expect(!run(":save empty.gb", in: scratch.notebook).hasErrors)
    }

    @Test("a file name near the system's 255-byte limit is saved (the temporary name beside it is shortened)")
    func longName() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let name = String(repeating: "n", count: 250) + ".gb"
        #expect(!run(":save \(name)", in: scratch.notebook).hasErrors)
        #expect(try scratch.text(name).hasSuffix("x = 2\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) == [name])
    }

    @Test("--force may come first or last, after a name in quotes", arguments: [":save --force \"my notes.gb\"", ":save \"my notes.gb\" --force"])
    func forcePlacement(_ command: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Data(Self.script.utf8).write(to: scratch.url("my notes.gb"))
        #expect(!run(command, in: scratch.notebook).hasErrors)
        #expect(try scratch.text("my notes.gb").hasSuffix("x = 2\n"))
    }

    @Test("a private file stays private: its mode is kept")
    func keepsTheMode() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = scratch.notebook.run(":save private.gb")
        #expect(chmod(scratch.url("private.gb").path, 0o600) == 0)
        _ = scratch.notebook.run(":save private.gb")
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.url("private.gb").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("the owner is kept when gradbook runs as root (the only user who can keep another's)")
    func keepsTheOwner() throws {
        guard geteuid() == 0 else {
            print("⚠︎ SKIPPED: only root can give a file to another user, so keeping the owner was not tested.")
            return
        }
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = scratch.notebook.run(":save theirs.gb")
        #expect(chown(scratch.url("theirs.gb").path, 4321, 4321) == 0)
        _ = scratch.notebook.run(":save theirs.gb")
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.url("theirs.gb").path)
        #expect(attributes[.ownerAccountID] as? Int == 4321)
        #expect(attributes[.groupOwnerAccountID] as? Int == 4321)
    }

    @Test("a symlink is written through: the link stays a link and the file it names gets the script")
    func followsSymlinks() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(at: scratch.url("real"), withIntermediateDirectories: false)
        _ = scratch.notebook.run(":save real/s.gb")
        try FileManager.default.createSymbolicLink(atPath: scratch.url("link.gb").path, withDestinationPath: "real/s.gb")
        _ = scratch.notebook.run("y = 7")
        #expect(!run(":save link.gb", in: scratch.notebook).hasErrors)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.url("link.gb").path) == "real/s.gb")
        #expect(try scratch.text("real/s.gb").hasSuffix("y = 7\n"))
    }

    @Test("a folder or a fifo is never replaced, even with --force", arguments: ["folder", "fifo"])
    func refusesWhatIsNotAFile(_ kind: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.url("thing").path
        if kind == "folder" {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        } else {
            #expect(mkfifo(path, 0o644) == 0)
        }
        let message = diagnostic(of: run(":save thing --force", in: scratch.notebook))?.message
        #expect(message == (kind == "folder" ? "could not save to 'thing': it is a folder; nothing was written."
            : "could not save to 'thing': it is a fifo, not a regular file; nothing was written."))
        #expect(AtomicFile.kind(at: path) == (kind == "folder" ? .other("a folder") : .other("a fifo")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) == ["thing"])
    }

    @Test(":export writes the same way: through a symlink, and never over a fifo, with or without --force", arguments: ["", " --force"])
    func exportWritesSafely(_ force: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(mkfifo(scratch.url("pipe.svg").path, 0o644) == 0)
        let message = diagnostic(of: run(":export pipe.svg plot(x^2, x, -1, 1)" + force, in: scratch.notebook))?.message
        #expect(message == "could not write 'pipe.svg': it is a fifo, not a regular file; nothing was changed.")
        #expect(AtomicFile.kind(at: scratch.url("pipe.svg").path) == .other("a fifo"))
        try FileManager.default.createSymbolicLink(atPath: scratch.url("link.md").path, withDestinationPath: "real.md")
        #expect(!run(":export link.md" + force, in: scratch.notebook).hasErrors)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.url("link.md").path) == "real.md")
        #expect(try scratch.text("real.md").contains("gradbook export"))
    }

    @Test("a script that loads itself is an error, not a crash, and the session goes on")
    func loadingItselfStops() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Data(":load self.gb\n".utf8).write(to: scratch.url("self.gb"))
        let message = diagnostic(of: run(":load self.gb", in: scratch.notebook))?.message
        #expect(message == "could not load 'self.gb': scripts loading scripts are nested more than 20 deep, so one of them loads itself.")
        #expect(results(of: run("x", in: scratch.notebook)) == "2")
    }
}
