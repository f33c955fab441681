// gradbook jupyter install: writes the kernelspec that lets Jupyter run gradbook (the kernel: jupyter/).

import ArgumentParser
import Foundation
import GradbookCore
import GradbookTerminal

struct JupyterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jupyter",
        abstract: "Set gradbook up as a Jupyter kernel.",
        subcommands: [JupyterInstall.self]
    )
}

struct JupyterInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the gradbook kernelspec (display name \"gradbook\").",
        discussion: """
            The kernel is a small Python program (ipykernel's wrapper-kernel pattern) that runs \
            `gradbook serve --json`; it is written into the kernelspec's folder, so nothing else is installed. \
            It needs a Python with ipykernel: --python names it; otherwise gradbook uses the first python3 on \
            PATH (an activated virtual environment's comes first) and checks that it can import ipykernel. \
            The kernel runs this gradbook executable, by its full path.

            Where: --user puts it in your Jupyter data folder (~/.local/share/jupyter/kernels/gradbook, or under \
            $JUPYTER_DATA_DIR); --prefix P in P/share/jupyter/kernels/gradbook; with neither, in that Python's \
            prefix (a virtual environment's own folder), where its jupyter finds it.

            Examples:
              python3 -m venv ~/gb && ~/gb/bin/pip install ipykernel jupyterlab
              gradbook jupyter install --python ~/gb/bin/python
              ~/gb/bin/jupyter lab
            """
    )

    @Flag(name: .long, help: "Install for you only, in your Jupyter data folder.")
    var user = false

    @Option(name: .long, help: ArgumentHelp("Install under PREFIX/share/jupyter/kernels/gradbook.", valueName: "prefix"))
    var prefix: String?

    @Option(name: .long, help: ArgumentHelp("The Python that has ipykernel (default: python3 on PATH).", valueName: "python"))
    var python: String?

    func validate() throws {
        if user && prefix != nil { throw ValidationError("give --user or --prefix, not both.") }
    }

    func run() throws {
        let python = try pythonPath()
        guard let pythonPrefix = run(python, ["-c", "import sys, ipykernel; print(sys.prefix)"]) else {
            StandardStream.writeError("gradbook: \(python) cannot import ipykernel, which the kernel needs; install it with \(python) -m pip install ipykernel, or name another Python with --python.\n")
            throw ExitCode(1)
        }
        let folder: URL
        if let prefix {
            folder = URL(fileURLWithPath: (prefix as NSString).expandingTildeInPath).appendingPathComponent("share/jupyter/kernels/gradbook")
        } else if user {
            folder = JupyterInstall.userDataFolder().appendingPathComponent("kernels/gradbook")
        } else {
            folder = URL(fileURLWithPath: pythonPrefix).appendingPathComponent("share/jupyter/kernels/gradbook")
        }
        let gradbook = Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
        do {
            let package = folder.appendingPathComponent("gradbook_kernel")
            try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
            for file in KernelFiles.files {
                try Data((file.text + "\n").utf8).write(to: package.appendingPathComponent(file.name), options: .atomic)
            }
            let spec: [String: Any] = [
                "argv": [python, "-m", "gradbook_kernel", "-f", "{connection_file}"],
                "display_name": "gradbook",
                "language": "gradbook",
                "interrupt_mode": "signal",
                "env": ["GRADBOOK": gradbook, "PYTHONPATH": folder.path],
                "metadata": ["debugger": false],
            ]
            let json = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try (json + Data("\n".utf8)).write(to: folder.appendingPathComponent("kernel.json"), options: .atomic)
        } catch {
            StandardStream.writeError("gradbook: could not write the kernelspec in \(folder.path): \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
        print("installed the gradbook kernel in \(folder.path) (python: \(python); gradbook: \(gradbook)).")
    }

    /// --python, or the first python3 on PATH.
    private func pythonPath() throws -> String {
        if let python { return python.contains("/") ? URL(fileURLWithPath: (python as NSString).expandingTildeInPath).path : python }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let found = path.split(separator: ":").map({ "\($0)/python3" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            StandardStream.writeError("gradbook: no python3 on PATH; the Jupyter kernel needs a Python with ipykernel (name it with --python).\n")
            throw ExitCode(1)
        }
        return found
    }

    /// What `program arguments` printed (trimmed), or nil if it could not run or failed.
    private func run(_ program: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env")
        process.arguments = program.contains("/") ? arguments : [program] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Jupyter's data folder: $JUPYTER_DATA_DIR, else ~/Library/Jupyter on macOS, else $XDG_DATA_HOME/jupyter
    /// or ~/.local/share/jupyter.
    static func userDataFolder() -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["JUPYTER_DATA_DIR"], !folder.isEmpty { return URL(fileURLWithPath: folder) }
        let home = FileManager.default.homeDirectoryForCurrentUser
        #if os(macOS)
        return home.appendingPathComponent("Library/Jupyter")
        #else
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return URL(fileURLWithPath: data).appendingPathComponent("jupyter") }
        return home.appendingPathComponent(".local/share/jupyter")
        #endif
    }
}
