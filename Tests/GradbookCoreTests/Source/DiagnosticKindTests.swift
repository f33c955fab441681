// An interruption is told apart by its kind, never by its words: no code compares a message's text, and every
// sentence is written in the message catalogue (Source/Diagnostic+*.swift), never at a call site.

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

    /// Every Swift file of every target under Sources/.
    static func sourceFiles() throws -> [URL] {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        return FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" } ?? []
    }

    /// Ways of deciding by a message's words: comparing it, or looking for a piece of it.
    static let messageComparisons = [".message ==", ".message !=", "message.hasPrefix(", "message.hasSuffix(", "message.contains(",
                                     "message.starts(", "message.range(of", "message.firstRange(", "message.lowercased()"]

    @Test("no source file decides anything by comparing a diagnostic's message")
    func noMessageComparisons() throws {
        let files = try Self.sourceFiles()
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in Self.messageComparisons {
                #expect(!text.contains(pattern), "\(file.lastPathComponent) compares a message: \(pattern)")
            }
        }
    }

    /// Where a diagnostic is constructed from a sentence: `Diagnostic(` or `Diagnostic.init(` (not `Diagnostic.name(`,
    /// a factory of the catalogue, nor a name that merely ends in Diagnostic).
    static func containsConstruction(_ line: String) -> Bool {
        let scalars = Array(line.unicodeScalars)
        for word in ["Diagnostic(", "Diagnostic.init("] {
            let pattern = Array(word.unicodeScalars)
            for start in scalars.indices where scalars[start...].starts(with: pattern) {
                guard start > 0 else { return true }
                let before = scalars[start - 1]
                if !(before.properties.isAlphabetic || ("0"..."9").contains(before) || before == "_") { return true }
            }
        }
        return false
    }

    /// Lines of `text` that construct a diagnostic or set its message or hint, comments left out.
    static func sentenceLines(in text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            let code = line.trimmingCharacters(in: .whitespaces)
            guard !code.hasPrefix("//") else { return false }
            return containsConstruction(code) || code.contains(".message =") || code.contains(".hint =")
        }
    }

    @Test("the guard below sees a sentence written at a call site, and not a factory of the catalogue")
    func sentenceGuardSeesConstructions() {
        #expect(Self.sentenceLines(in: #"throw Diagnostic(range, "that is wrong.")"#).count == 1)
        #expect(Self.sentenceLines(in: #"let d = Diagnostic.init(range, "that is wrong.")"#).count == 1)
        #expect(Self.sentenceLines(in: #"copy.message = "other words""#).count == 1)
        #expect(Self.sentenceLines(in: "throw Diagnostic.scriptNotUTF8(byte: byte, at: range)").isEmpty)
        #expect(Self.sentenceLines(in: "throw .singularMatrix(text, at: range)\nlet x = MyDiagnostic(1)").isEmpty)
        #expect(Self.sentenceLines(in: "// Diagnostic(range, \"a comment\")").isEmpty)
    }

    @Test("every diagnostic's sentence is written in the message catalogue (Source/Diagnostic*.swift), nowhere else")
    func sentencesLiveInTheCatalogue() throws {
        let files = try Self.sourceFiles()
        let catalogue = files.filter { $0.path.contains("/GradbookCore/Source/Diagnostic") }
        #expect(catalogue.count >= 4, "the catalogue files were not found")
        for file in files where !catalogue.contains(file) {
            for line in Self.sentenceLines(in: try String(contentsOf: file, encoding: .utf8)) {
                Issue.record("\(file.lastPathComponent) words a diagnostic outside the catalogue; add a factory to Source/Diagnostic+…Messages.swift: \(line)")
            }
        }
    }
}
