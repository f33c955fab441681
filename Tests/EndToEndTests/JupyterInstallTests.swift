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
