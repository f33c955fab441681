// The built gradbook binary, run as a person runs it: -e, run FILE, piped stdin, exit status, colour.

import Foundation
import Testing

/// Runs the `gradbook` executable that `swift build` put next to the test bundle.
enum Gradbook {
    static var executable: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for folder in candidates {
            let url = folder.appendingPathComponent("gradbook")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("gradbook")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs gradbook with `arguments`, feeding `input` on stdin, with `environment` added.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:],
                    executable: URL? = nil) throws -> Outcome {
        try run(arguments, bytes: Data(input.utf8), environment: environment, executable: executable)
    }

    /// Runs gradbook with `bytes` on stdin (which need not be UTF-8).
    static func run(_ arguments: [String], bytes: Data, environment: [String: String] = [:],
                    executable: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable ?? Gradbook.executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env["SWIFT_BACKTRACE"] = "enable=no"
        env.merge(environment) { _, new in new }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(bytes)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: err, as: UTF8.self))
    }
}

@Suite("gradbook as a command")
struct EndToEndTests {
    /// The repository's lesson files, in order.
    static var lessonNames: [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
    }

    @Test("every lesson's automatic run passes with its output piped: exit status 0 and no problem reported", arguments: EndToEndTests.lessonNames)
    func lessonAutoPiped(_ name: String) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        let number = String(Int(name.prefix { $0.isNumber }) ?? -1)
        let outcome = try Gradbook.run(["lesson", number, "--auto"], environment: ["GRADBOOK_LESSONS": folder.path, "COLUMNS": "80"])
        #expect(outcome.status == 0, "\(name): \(outcome.stderr.suffix(600))")
        #expect(outcome.stdout.contains("End of lesson \(number)."), "\(outcome.stdout.suffix(300))")
        #expect(!outcome.stderr.contains("shows something else"), "\(outcome.stderr.suffix(600))")
    }

    @Test("-e prints each result and exits 0")
    func evaluatesCode() throws {
        let outcome = try Gradbook.run(["-e", "1+1; 2*3"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "6\n")
        let two = try Gradbook.run(["-e", "1+1\n2*3"])
        #expect(two.stdout == "2\n6\n")
    }

    @Test("the contract's example session gives y = -20 and dy/dx = 46")
    func contractExample() throws {
        let code = "x = -4; z = 2*x + 2 + x; q = relu(z) + z*x; h = relu(z*z); y = h + q + q*x\ny\ngrad(y, [x])"
        let outcome = try Gradbook.run(["-e", code])
        #expect(outcome.stdout == "-20\n[46]\n")
    }

    @Test("a failing statement prints FILE:LINE:COL to stderr, the rest still run, and the status is 1")
    func failureStatus() throws {
        let outcome = try Gradbook.run(["-e", "x = 2\ny = (x\nx^2"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "4\n")
        #expect(outcome.stderr.hasPrefix("-e:2:5: error:"))
        #expect(outcome.stderr.contains("^"))
    }

    @Test("run FILE runs a script and names the file in errors")
    func runsFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-e2e-\(UUID().uuidString).gb")
        try "# a script\nw = 3\ndiff(w*x^2, x)\nsinn(1)\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try Gradbook.run(["run", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("x"))
        #expect(outcome.stderr.hasPrefix("\(file.path):4:1: error: there is no function called 'sinn'."))
        #expect(outcome.stderr.contains("hint: did you mean sin?"))
    }

    @Test("run with a missing file fails with a clear message")
    func missingFile() throws {
        let outcome = try Gradbook.run(["run", "/nonexistent/script.gb"])
        #expect(outcome.status == 66)
        #expect(outcome.stderr == "gradbook: there is no file '/nonexistent/script.gb': the folder /nonexistent does not exist.\n")
    }

    @Test("piped stdin runs as a script: no prompts, no colour")
    func pipedInput() throws {
        let outcome = try Gradbook.run([], input: "x = 3\nx^2\ndiff(x^3, x)\n")
        #expect(outcome.status == 0)
        #expect(!outcome.stdout.contains("In ["))
        #expect(!outcome.stdout.contains("\u{1B}["))
        #expect(outcome.stdout.hasPrefix("9\n"))
    }

    @Test("piped, an unmatched closing bracket fails its own line and the next line still runs")
    func pipedUnmatchedClosingBracket() throws {
        let outcome = try Gradbook.run([], input: "garbage ) (\n1+1\n")
        #expect(outcome.stdout == "2\n")
        #expect(outcome.stderr.contains("error: ')' has no matching opening bracket."), "\(outcome.stderr)")
    }

    @Test("an unknown option is a usage error with status 64")
    func usageError() throws {
        let outcome = try Gradbook.run(["--frobnicate"])
        #expect(outcome.status == 64)
    }

    @Test("nesting 10,000 brackets deep is an error, not a crash")
    func deepNesting() throws {
        let code = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let outcome = try Gradbook.run(["-e", code])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("nested more than"))
    }

    @Test("colour appears on a terminal and never with NO_COLOR", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func colourOnlyOnTerminal() throws {
        let command = "\(Gradbook.executable.path) -e 'sinn(1)'"
        let script = URL(fileURLWithPath: "/usr/bin/script")
        let coloured = try Gradbook.run(["-q", "-e", "-c", command, "/dev/null"], executable: script)
        #expect(coloured.stdout.contains("\u{1B}["))
        let plain = try Gradbook.run(["-q", "-e", "-c", command, "/dev/null"], environment: ["NO_COLOR": "1"], executable: script)
        #expect(plain.stdout.contains("error:"))
        #expect(!plain.stdout.contains("\u{1B}["))
    }
}
