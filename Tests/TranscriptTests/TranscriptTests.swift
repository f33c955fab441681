// Golden sessions: each Transcripts/*.transcript is fed to one Notebook and must render exactly as stored.
//
// Format: a line starting `In [n]: ` is an input (further input lines start with spaces and `...: `);
// every other line until the next input is the expected output, exactly as the REPL shows it in plain
// mode. Set RECORD_TRANSCRIPTS=1 to rewrite the files from what gradbook prints now; the test then
// fails on purpose, so a person reviews the new baseline before it is accepted.

import Foundation
import GradbookCore
import Testing

@Suite("Golden transcripts")
struct TranscriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")

    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".transcript") }.sorted()
    }

    @Test("the transcript folder has transcripts")
    func folderIsNotEmpty() {
        #expect(TranscriptTests.files.count >= 5)
    }

    @Test("each transcript replays exactly", arguments: TranscriptTests.files)
    func replays(_ name: String) throws {
        let url = TranscriptTests.folder.appendingPathComponent(name)
        let stored = try String(contentsOf: url, encoding: .utf8)
        let replayed = Transcript.replay(stored)
        if ProcessInfo.processInfo.environment["RECORD_TRANSCRIPTS"] == "1" {
            try replayed.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded a new baseline for \(name); review it and run the tests again without RECORD_TRANSCRIPTS")
            return
        }
        if replayed != stored {
            Issue.record("\(name) differs from what gradbook prints now:\n\(Transcript.diff(expected: stored, actual: replayed))")
        }
    }
}

/// Reading and replaying transcript files.
enum Transcript {
    /// The inputs of a transcript: each cell's lines, prompts removed.
    static func inputs(of text: String) -> [String] {
        var cells: [[String]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("In ["), let colon = line.firstIndex(of: ":") {
                let rest = line[line.index(after: colon)...]
                cells.append([String(rest.dropFirst(rest.hasPrefix(" ") ? 1 : 0))])
            } else if let range = line.range(of: "...: "), line[..<range.lowerBound].allSatisfy({ $0 == " " }), !cells.isEmpty {
                cells[cells.count - 1].append(String(line[range.upperBound...]))
            }
        }
        return cells.map { $0.joined(separator: "\n") }
    }

    /// The session gradbook prints for the transcript's inputs, in the transcript's own format.
    static func replay(_ text: String) -> String {
        let notebook = Notebook()
        let renderer = CellRenderer(style: .plain)
        var lines: [String] = []
        for input in inputs(of: text) {
            let number = notebook.cellCount + 1
            let inputLines = input.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append(CellRenderer.inputPrompt(number) + (inputLines.first.map(String.init) ?? ""))
            for more in inputLines.dropFirst() { lines.append(CellRenderer.continuationPrompt(number) + more) }
            let result = notebook.run(input)
            let output = renderer.text(result, promptWidth: CellRenderer.inputPrompt(number).count)
            if !output.isEmpty { lines.append(output) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line diff: `-` expected, `+` actual, with line numbers.
    static func diff(expected: String, actual: String) -> String {
        LineDiff.text(expected: expected, actual: actual)
    }
}
