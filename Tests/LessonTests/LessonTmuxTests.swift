// The built gradbook under tmux, walking lesson 0 as a person would: read, press Enter, try an expression,
// answer the first exercise (a prediction) with a typical slip, then rightly, leave with :quit, and find the place kept.

import Foundation
import TerminalDriver
import Testing

@Suite("A lesson under tmux", .serialized)
struct LessonTmuxTests {
    @Test("a person walks lesson 0: Enter, an own expression, a wrong then right answer, :quit keeps the place")
    func walkLessonZero() throws {
        guard TmuxSession.isAvailable else {
            print("⚠︎ SKIPPED: tmux is not installed, so the lesson runner was not walked in a terminal (apt-get install tmux).")
            return
        }
        guard let binary = TmuxSession.binary else {
            print("⚠︎ SKIPPED: the gradbook binary was not found next to the tests.")
            return
        }
        let session = try TmuxSession(binary: binary, arguments: "lesson 0", environment: ["GRADBOOK_LESSONS": LessonFiles.folder.path], rows: 50)
        #expect(try session.waitFor("[1/9]"))
        #expect(try session.screen().contains("Out[3]: 10"))
        try session.send("Enter")
        #expect(try session.waitFor("[2/9]"))
        try session.send("f(10)", "Enter")
        #expect(try session.waitFor("Out[7]: 101"))
        try session.send("Enter")
        #expect(try session.waitFor("[3/9]"))
        try session.send("Enter")
        #expect(try session.waitFor("answer>"))
        try session.send("2*5^3", "Enter")
        #expect(try session.waitFor("That is a*t^3 alone"))
        try session.send("245", "Enter")
        #expect(try session.waitFor("Right."))
        #expect(try session.waitFor("[4/9]"))
        try session.send(":quit", "Enter")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!session.isRunning)
        let progress = try String(contentsOf: session.stateFolder.appendingPathComponent("gradbook/lessons.json"), encoding: .utf8)
        #expect(progress.contains("\"current\" : \"00-using-gradbook\""))
        #expect(progress.contains("\"step\" : 3"))
    }

    @Test("an error at a lesson's pause puts its caret under the spot typed after the prompt")
    func caretAtAPause() throws {
        guard TmuxSession.isAvailable, let binary = TmuxSession.binary else { return }
        let session = try TmuxSession(binary: binary, arguments: "lesson 0", environment: ["GRADBOOK_LESSONS": LessonFiles.folder.path], rows: 50)
        #expect(try session.waitFor("[1/9]"))
        try session.send("1 + sinn(2)", "Enter")
        #expect(try session.waitFor("no function called 'sinn'"))
        let lines = try session.screen().split(separator: "\n").map(String.init)
        let typed = try #require(lines.firstIndex { $0.hasPrefix("[1/9] 1 + sinn(2)") })
        let column = { (line: String, mark: Character) in line.firstIndex(of: mark).map { line.distance(from: line.startIndex, to: $0) } }
        #expect(column(lines[typed], "s") == column(lines[typed + 1], "^"), "\(lines[typed])\n\(lines[typed + 1])")
        try session.send(":quit", "Enter")
    }
}
