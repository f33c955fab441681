// The progress file is read as hostile input: a damaged one is kept as a backup (said once), and no value in
// it can crash the listing, a lesson, or :lesson in the REPL. Each test works in its own temporary folder.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

@Suite("Reading lesson progress from disk")
struct LessonProgressTests {
    /// A progress file holding `bytes`, in a fresh folder (removed by the caller).
    func progress(holding bytes: Data?) throws -> (LessonProgress, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("lessons.json")
        if let bytes { try bytes.write(to: url) }
        return (LessonProgress(url: url), folder)
    }

    static let hostile: [(String, Data)] = [
        ("a step past Int's range", Data(#"{"completed": [], "current": "05-the-chain-rule", "step": 9223372036854775807}"#.utf8)),
        ("a negative step", Data(#"{"current": "05-the-chain-rule", "step": -3}"#.utf8)),
        ("a step that is text", Data(#"{"step": "3"}"#.utf8)),
        ("a fractional step", Data(#"{"step": 1.5}"#.utf8)),
        ("a step too large to be an Int", Data(#"{"step": 1e300}"#.utf8)),
        ("completed as a string", Data(#"{"completed": "00-using-gradbook"}"#.utf8)),
        ("an empty lesson name", Data(#"{"current": ""}"#.utf8)),
        ("a truncated file", Data(#"{"completed": ["00-using-gr"#.utf8)),
        ("not JSON", Data("hello, world\n".utf8)),
        ("a JSON array", Data("[1, 2, 3]".utf8)),
        ("binary bytes", Data((0..<256).map { UInt8($0) })),
        ("a file larger than any progress", Data(("{\"completed\": [" + String(repeating: "\"a\", ", count: 300_000) + "\"a\"]}").utf8)),
    ]

    @Test("a damaged file is kept as a backup, said once, and progress starts afresh", arguments: hostile)
    func damagedFile(_ name: String, _ bytes: Data) throws {
        let (progress, folder) = try progress(holding: bytes)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (state, notice) = progress.read()
        #expect(state == LessonProgress.State())
        let backup = folder.appendingPathComponent("lessons.json.damaged")
        #expect(notice == "note: your lesson progress file \(folder.path)/lessons.json is damaged, so progress starts afresh; it is kept as \(backup.path).")
        #expect(try Data(contentsOf: backup) == bytes)
        #expect(progress.read().notice == nil)
    }

    @Test("a second damaged file does not replace the first backup")
    func backupsAreKept() throws {
        let (progress, folder) = try progress(holding: Data("first".utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = progress.read()
        try Data("second".utf8).write(to: folder.appendingPathComponent("lessons.json"))
        #expect(progress.read().notice?.hasSuffix("lessons.json.damaged-2.") == true)
        #expect(try Data(contentsOf: folder.appendingPathComponent("lessons.json.damaged")) == Data("first".utf8))
    }

    @Test("missing fields keep their defaults; a valid file reads back as it was saved")
    func lenientAboutMissingFields() throws {
        let (progress, folder) = try progress(holding: Data(#"{"current": "01-weighted-connections"}"#.utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        let (state, notice) = progress.read()
        #expect(notice == nil && state.current == "01-weighted-connections" && state.step == 0 && state.completed.isEmpty)
        progress.reached(step: 4, of: "02-the-forward-pass")
        progress.finished("01-weighted-connections")
        let saved = progress.read()
        #expect(saved.notice == nil && saved.state.step == 4 && saved.state.completed == ["01-weighted-connections"])
    }

    @Test("the listing and a lesson started from its saved step survive a hostile step")
    func hostileStepDoesNotCrash() throws {
        let bytes = Data(#"{"current": "00-using-gradbook", "step": 9223372036854775807}"#.utf8)
        let (progress, folder) = try progress(holding: bytes)
        defer { try? FileManager.default.removeItem(at: folder) }
        let listing = LessonLibrary(folder: LessonFiles.folder, progress: progress).listing()
        #expect(listing.hasPrefix("note: your lesson progress file"))
        #expect(listing.contains("Using gradbook"))
        // A step beyond the lesson (as an older file could hold) starts at its last step, never past it.
        let lesson = try LessonFiles.lesson("00-using-gradbook.md")
        var screen = ""
        let output = OutputSink(standard: { screen += $0 }, error: { screen += $0 })
        LessonRunner(lesson: lesson, lines: ScriptedLineSource([":quit"]) { screen += $0 }, output: output).run(from: Int.max)
        #expect(screen.contains("Resuming at step \(lesson.steps.count)"))
    }
}
