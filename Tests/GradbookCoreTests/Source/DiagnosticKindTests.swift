// An interruption is told apart by its kind, never by its words: no code compares a message's text.

import Foundation
import Testing
@testable import GradbookCore

@Suite("diagnostic kinds")
struct DiagnosticKindTests {
    @Test("Ctrl-C's diagnostic is an interruption; the same sentence made any other way is not")
    func kindNotWords() {
        let range = SourceRange(0, 1)
        #expect(Diagnostic.interrupted(at: range).isInterruption)
        #expect(!Diagnostic(range, Diagnostic.interrupted(at: range).message).isInterruption)
        #expect(!Diagnostic.argumentCount("sin", expected: "1 argument", given: 2, at: range).isInterruption)
    }

    @Test("an interruption inside a user function stays an interruption (it is not relocated to the call)")
    func interruptionThroughFunctionCall() throws {
        let notebook = Notebook()
        run("f(t) = t^2 + 1", in: notebook)
        let source = SourceText("y = f(3)")
        let statement = try #require(try Parser.statements(in: source).first?.get())
        let interruption = Interruption()
        interruption.request()
        let evaluator = Evaluator(bindings: notebook.bindings, source: source, cell: 2, interruption: interruption)
        do {
            _ = try evaluator.execute(statement)
            Issue.record("the requested interruption did not stop f(3)")
        } catch {
            #expect(error.isInterruption, "\(error.message)")
            #expect(error.calls.isEmpty)
        }
    }

    @Test("no source file decides anything by comparing a diagnostic's message")
    func noMessageComparisons() throws {
        let core = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in [".message ==", ".message !=", "message.hasPrefix(", "message.contains("] {
                #expect(!text.contains(pattern), "\(file.lastPathComponent) compares a message: \(pattern)")
            }
        }
    }
}
