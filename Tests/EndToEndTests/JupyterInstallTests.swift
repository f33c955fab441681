// gradbook jupyter install: the kernelspec it writes, with a stand-in Python (no ipykernel needed here).

import Foundation
import Testing

@Suite("gradbook jupyter install")
struct JupyterInstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A folder with a stand-in `python` that runs `script` (as /bin/sh) for any arguments.
    static func fakePython(_ script: String) throws -> (folder: URL, python: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-jupyter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let python = folder.appendingPathComponent("python")
        try Data("#!/bin/sh\n\(script)\n".utf8).write(to: python)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        return (folder, python)
    }

    @Test("--prefix P writes P/share/jupyter/kernels/gradbook: kernel.json naming the Python and this gradbook, and the kernel's files as in jupyter/")
    func installsKernelspec() throws {
        let (folder, python) = try JupyterInstallTests.fakePython("echo /the/prefix")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try Gradbook.run(["jupyter", "install", "--python", python.path, "--prefix", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let spec = folder.appendingPathComponent("share/jupyter/kernels/gradbook")
        #expect(outcome.stdout.contains(spec.path))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: spec.appendingPathComponent("kernel.json"))) as? [String: Any])
        #expect(json["display_name"] as? String == "gradbook")
        #expect(json["interrupt_mode"] as? String == "signal")
        #expect(json["argv"] as? [String] == [python.path, "-m", "gradbook_kernel", "-f", "{connection_file}"])
        let env = try #require(json["env"] as? [String: String])
        #expect(env["PYTHONPATH"] == spec.path)
        let gradbook = try #require(env["GRADBOOK"])
        #expect(URL(fileURLWithPath: gradbook).resolvingSymlinksInPath() == Gradbook.executable.resolvingSymlinksInPath())
        // The embedded copies are the repository's files (jupyter/embed.py regenerates them).
        for name in ["__init__.py", "__main__.py", "kernel.py"] {
            let written = try String(contentsOf: spec.appendingPathComponent("gradbook_kernel/\(name)"), encoding: .utf8)
            let original = try String(contentsOf: JupyterInstallTests.repository.appendingPathComponent("jupyter/gradbook_kernel/\(name)"), encoding: .utf8)
            #expect(written == original, "\(name) differs from jupyter/gradbook_kernel/\(name): run python3 jupyter/embed.py")
        }
    }

    @Test("a Python without ipykernel is refused with one sentence that says how to get it; nothing is written")
    func refusesPythonWithoutIpykernel() throws {
        let (folder, python) = try JupyterInstallTests.fakePython("exit 1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try Gradbook.run(["jupyter", "install", "--python", python.path, "--prefix", folder.path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("cannot import ipykernel"))
        #expect(outcome.stderr.contains("pip install ipykernel"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("share").path))
    }
}

@Suite("gradbook lesson --notebook")
struct LessonNotebookCommandTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-lessons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("lesson 3 --notebook FILE writes one notebook for the gradbook kernel; a folder gets it under its standard name")
    func oneLesson() throws {
        let folder = try LessonNotebookCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("three.ipynb")
        let outcome = try Gradbook.run(["lesson", "3", "--notebook", file.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(((json["metadata"] as? [String: Any])?["kernelspec"] as? [String: Any])?["name"] as? String == "gradbook")
        let sources = (json["cells"] as? [[String: Any]] ?? []).map { ($0["source"] as? [String] ?? []).joined() }
        #expect(sources.first?.hasPrefix("# 3 · Measuring the mistake") == true)
        #expect(sources.contains("x = 2; t = 3") && sources.contains(":answer 3.1 "))
        #expect(try Gradbook.run(["lesson", "03-measuring-the-mistake", "--notebook", folder.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("lesson-03-measuring-the-mistake.ipynb").path))
    }

    @Test("lesson --notebook DIR writes every lesson, lesson-00-… to lesson-15-…, and makes the folder")
    func everyLesson() throws {
        let folder = try LessonNotebookCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("course")
        let outcome = try Gradbook.run(["lesson", "--notebook", target.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
        #expect(names.count == 16 && names.first == "lesson-00-using-gradbook.ipynb" && names.last == "lesson-15-backprop-with-matrices.ipynb")
        #expect(outcome.stdout.hasPrefix("wrote 16 notebooks"))
    }

    @Test("a file gradbook did not write is kept unless --force; an unknown lesson and --auto with --notebook are refused")
    func refusals() throws {
        let folder = try LessonNotebookCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mine = folder.appendingPathComponent("mine.ipynb")
        try Data("{\"my\": \"work\"}".utf8).write(to: mine)
        let kept = try Gradbook.run(["lesson", "3", "--notebook", mine.path])
        #expect(kept.status == 1 && kept.stderr.contains("was not written by gradbook; use --force"))
        #expect(try String(contentsOf: mine, encoding: .utf8) == "{\"my\": \"work\"}")
        #expect(try Gradbook.run(["lesson", "3", "--notebook", mine.path, "--force"]).status == 0)
        // Written by gradbook now: replaced without --force.
        #expect(try Gradbook.run(["lesson", "4", "--notebook", mine.path]).status == 0)
        #expect(try Gradbook.run(["lesson", "99", "--notebook", mine.path]).status == 66)
        #expect(try Gradbook.run(["lesson", "3", "--auto", "--notebook", mine.path]).status == 64)
        let allIntoFile = try Gradbook.run(["lesson", "--notebook", mine.path])
        #expect(allIntoFile.status == 1 && allIntoFile.stderr.contains("is a file; every lesson needs a folder"))
    }
}
