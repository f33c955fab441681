// Running dot without threads (ChildProcess): input and output through pipes at once, a program that stops
// reading, errors and exit status, and Ctrl-C.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Running another program on one thread")
struct ChildProcessTests {
    @Test("A megabyte goes through cat and back: the pipes are fed and drained together, so neither fills and waits")
    func largeInputAndOutput() throws {
        let input = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let result = try ChildProcess.run("/bin/cat", arguments: [], input: input) { false }
        #expect(result.status == 0)
        #expect(result.output == input)
        #expect(result.errors.isEmpty)
    }

    @Test("A program that exits without reading its input ends normally, and gradbook is not stopped by SIGPIPE")
    func programThatDoesNotRead() throws {
        let input = [UInt8](repeating: 65, count: 1_000_000)
        let result = try ChildProcess.run("/bin/sh", arguments: ["-c", "echo done"], input: input) { false }
        #expect(result.status == 0)
        #expect(String(decoding: result.output, as: UTF8.self) == "done\n")
    }

    @Test("What the program writes to its error stream, and its exit status, are kept apart")
    func errorsAndStatus() throws {
        let result = try ChildProcess.run("/bin/sh", arguments: ["-c", "echo out; echo oops >&2; exit 3"], input: []) { false }
        #expect(result.status == 3)
        #expect(String(decoding: result.output, as: UTF8.self) == "out\n")
        #expect(String(decoding: result.errors, as: UTF8.self) == "oops\n")
    }

    @Test("A program ended by a signal reports 128 + the signal")
    func endedBySignal() throws {
        let result = try ChildProcess.run("/bin/sh", arguments: ["-c", "kill -KILL $$"], input: []) { false }
        #expect(result.status == 128 + 9)
    }

    @Test("Ctrl-C stops a program that would run for a minute, and nothing it printed is kept")
    func stopped() {
        var asked = 0
        #expect(throws: ChildProcessProblem.stopped) {
            try ChildProcess.run("/bin/sh", arguments: ["-c", "echo started; sleep 60"], input: []) {
                asked += 1
                return asked > 3
            }
        }
        #expect(asked == 4)
    }

    @Test("A program that does not exist is reported with the system's reason")
    func missingProgram() {
        #expect(throws: ChildProcessProblem.couldNotStart(String(cString: strerror(ENOENT)))) {
            try ChildProcess.run("/nonexistent/dot", arguments: [], input: []) { false }
        }
    }

    @Test("dot draws a graph to SVG, marked as gradbook's", .enabled(if: ExportFile.graphvizPath() != nil))
    func graphvizDraws() throws {
        let svg = String(decoding: try ExportFile.graphviz("digraph { a -> b }", format: "svg"), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.contains(ExportFile.marker))
    }

    @Test("dot's own complaint about a bad graph is the error", .enabled(if: ExportFile.graphvizPath() != nil))
    func graphvizComplains() {
        do {
            _ = try ExportFile.graphviz("digraph { a -> ", format: "svg")
            Issue.record("dot accepted a graph cut short")
        } catch {
            guard case .graphvizFailed(let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.contains("syntax error"))
        }
    }
}

@Suite("Why dot failed")
struct GraphvizFailureTests {
    @Test("dot's own words when it said something, else how it ended")
    func wording() {
        #expect(ExportFile.failure(of: ChildProcessResult(errors: Array("Error: syntax error in line 1\n".utf8), status: 1))
                == "Error: syntax error in line 1")
        #expect(ExportFile.failure(of: ChildProcessResult(status: 3)) == "dot stopped with exit status 3 and said nothing")
        #expect(ExportFile.failure(of: ChildProcessResult(status: 128 + 9)) == "dot was stopped by signal 9, most likely for want of memory")
        #expect(ExportFile.failure(of: ChildProcessResult(status: 128 + 11)) == "dot was stopped by signal 11")
    }
}
