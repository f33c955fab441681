// `gradbook`, `gradbook -e CODE` and `gradbook run FILE` start without the argument parser (it cost more
// than half of an empty run's start-up); they must behave exactly as the parsed commands do.

import Foundation
import Testing

@Suite("The common commands, recognised without the argument parser")
struct FastCommandTests {
    /// Each pair: arguments taking the shortcut, and the same request spelled so the argument parser reads
    /// it (`gradbook repl …`, `gradbook run -- FILE`).
    static func pairs(script: String) -> [([String], [String])] {
        [
            (["-e", "x = 2; x^2"], ["repl", "-e", "x = 2; x^2"]),
            (["-e", "x = 2", "-e", "x^3"], ["repl", "-e", "x = 2", "-e", "x^3"]),
            (["-e", "-x + 1"], ["repl", "-e", "-x + 1"]),
            (["-e", "sin("], ["repl", "-e", "sin("]),
            (["-e", "1/0", "--no-color"], ["repl", "--no-color", "-e", "1/0"]),
            (["-e", "2", "-e", ":quit", "-e", "3"], ["repl", "-e", "2", "-e", ":quit", "-e", "3"]),
            (["run", script], ["run", "--", script]),
            (["--no-color", "run", script], ["run", "--no-color", "--", script]),
            (["run", script + ".missing"], ["run", "--", script + ".missing"]),
        ]
    }

    @Test("the shortcut's output, errors and exit status are the parsed command's")
    func sameAsParsed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-fast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("s.gb").path
        try "x = 2\ny = x^2\nx = 3\ny\nlog(-1)\n".write(toFile: script, atomically: true, encoding: .utf8)
        for (fast, parsed) in Self.pairs(script: script) {
            let a = try Gradbook.run(fast), b = try Gradbook.run(parsed)
            #expect(a.status == b.status, "\(fast)")
            #expect(a.stdout == b.stdout, "\(fast)")
            #expect(a.stderr == b.stderr, "\(fast)")
            #expect(!a.stdout.isEmpty || !a.stderr.isEmpty, "\(fast) printed nothing")
        }
    }

    @Test("piped input with no arguments runs as a script, as `gradbook repl` does")
    func pipedScript() throws {
        let a = try Gradbook.run([], input: "x = 3\nx^2\nnope(\n"), b = try Gradbook.run(["repl"], input: "x = 3\nx^2\nnope(\n")
        #expect(a.status == 1 && b.status == 1)
        #expect(a.stdout == "9\n" && a.stdout == b.stdout)
        #expect(a.stderr == b.stderr)
    }
}
