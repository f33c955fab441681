// Every shipped lesson: it reads, it replays with exactly the outputs it shows, its exercises accept their
// answers and reject their stated wrong answers, and the numbers in its prose come from its cells.
//
// RECORD_LESSONS=1 rewrites the ```gradbook blocks from what gradbook prints now and fails on purpose, so a
// person reviews the new text (git diff) before it is accepted.

import Foundation
import GradbookCore
import Testing

@Suite("The shipped lessons")
struct LessonTests {
    @Test("there is one lesson for each number from 0 to 15")
    func everyLessonIsThere() throws {
        let numbers = try LessonFiles.names.map { try #require(Int($0.prefix { $0.isNumber })) }
        #expect(numbers == Array(0...15))
        // :help lesson states the range; a lesson added must change it there too.
        let help = Notebook().run(":help lesson").outputs.map(\.text).joined(separator: "\n")
        #expect(help.contains("(0 to \(numbers.last ?? 0);"), "\(help)")
    }

    @Test("each lesson reads, states 5 to 15 minutes, has exercises and ends with what you learned", arguments: LessonFiles.names)
    func shape(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        let minutes = try #require(lesson.minutes, "\(name) does not say 'About N minutes'")
        #expect((5...15).contains(minutes))
        #expect(lesson.exercises.count >= (lesson.number == 13 ? 8 : 2))
        let lastProse = lesson.blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }.last ?? ""
        #expect(lastProse.contains("## What you learned"), "\(name) should end with a '## What you learned' section")
        #expect(!lesson.cells.isEmpty)
    }

    @Test("each lesson replays with exactly the outputs it shows and no failed statement", arguments: LessonFiles.names)
    func replays(_ name: String) throws {
        let url = LessonFiles.folder.appendingPathComponent(name)
        let stored = try String(contentsOf: url, encoding: .utf8)
        let (replayed, failures) = Lesson.replaying(stored)
        #expect(failures.isEmpty, "\(name): the cells at lines \(failures) have a failing statement")
        // Timings (:time) differ at every run: the lesson is compared with them set aside.
        let differs = !Lesson.showsTheSame(stored, replayed)
        if ProcessInfo.processInfo.environment["RECORD_LESSONS"] == "1", differs {
            try replayed.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded new outputs in \(name); review them (git diff) and run the tests again without RECORD_LESSONS")
            return
        }
        if differs {
            Issue.record("\(name) shows outputs gradbook no longer prints:\n\(LessonFiles.diff(expected: stored, actual: replayed))")
        }
    }

    @Test("every exercise accepts its reference answer and rejects its stated wrong answer", arguments: LessonFiles.names)
    func exercises(_ name: String) throws {
        LessonTests.walkExercises(try LessonFiles.lesson(name)) { session, exercise in
            let checker = session.checker(for: exercise)
            let right = checker.check(exercise.answer)
            #expect(right.isCorrect, "\(name):\(exercise.line): '\(exercise.answer)' was rejected: \(right.difference ?? "")")
            let wrong = checker.check(exercise.wrong)
            #expect(!wrong.isCorrect, "\(name):\(exercise.line): the wrong answer '\(exercise.wrong)' was accepted")
            #expect(wrong.difference != nil)
        }
    }

    /// Runs a lesson's cells in order in one session, and calls `body` at each exercise with the session as it is there.
    static func walkExercises(_ lesson: Lesson, _ body: (LessonSession, Exercise) -> Void) {
        let session = LessonSession()
        for block in lesson.blocks {
            switch block {
            case .cell(let cell): _ = session.run(cell)
            case .exercise(let exercise): body(session, exercise)
            case .prose: break
            }
        }
    }

    /// Exercises where the typical slips cannot give a different answer, and why (a choice has no slips).
    static let slipExemptions: [String: String] = [
        "08-the-training-loop.md:131": "the point is that a zero loss gives a zero gradient; any multiple of 0 is 0",
    ]

    @Test("every exercise rejects the typical slips: a flipped sign, a factor of 2 too many, a factor of 2 forgotten",
          arguments: LessonFiles.names)
    func exercisesRejectSlips(_ name: String) throws {
        LessonTests.walkExercises(try LessonFiles.lesson(name)) { session, exercise in
            let place = "\(name):\(exercise.line)"
            guard !exercise.isChoice, LessonTests.slipExemptions[place] == nil else { return }
            let checker = session.checker(for: exercise)
            for slip in ["-(\(exercise.answer))", "2*(\(exercise.answer))", "(\(exercise.answer))/2"] {
                #expect(!checker.check(slip).isCorrect, "\(place): the slip '\(slip)' was accepted")
            }
        }
    }

    @Test("a * in a formula written in prose is shown, also before a bracket (2*(a - t) was shown as 2(a - t))", arguments: LessonFiles.names)
    func proseKeepsMultiplication(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        var prose = lesson.blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }
        for exercise in lesson.exercises { prose += [exercise.question, exercise.explanation] + exercise.hints }
        let renderer = ProseRenderer(style: .plain, width: 10_000)
        for text in prose {
            let shown = renderer.text(text)
            // Every product written against a bracket, outside code spans, must be shown as written.
            let outsideCode = text.replacing(/`[^`]*`/, with: " ")
            for match in outsideCode.matches(of: /[A-Za-z0-9)]\*\(/) {
                #expect(shown.contains(String(match.0)), "\(name): '\(match.0)' is not shown as written in: \(shown.prefix(200))")
            }
        }
    }

    @Test("every number quoted in the prose appears in one of the lesson's cells", arguments: LessonFiles.names)
    func proseNumbersComeFromCells(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        // An exercise's question states its givens, and the learner computes its answer: both count as cells.
        let exerciseText = lesson.exercises.flatMap { [$0.question, $0.answer, $0.wrong] }
        let cellText = (lesson.cells.map { ($0.transcript ?? $0.inputs.joined(separator: "\n")) } + exerciseText)
            .joined(separator: "\n")
        let cellNumbers = Set(LessonFiles.quotedNumbers(in: cellText))
        var prose = lesson.blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }
        for exercise in lesson.exercises { prose += [exercise.explanation] + exercise.hints }
        let missing = Set(prose.flatMap(LessonFiles.quotedNumbers)).subtracting(cellNumbers)
        #expect(missing.isEmpty, "\(name) quotes numbers no cell shows: \(missing.sorted())")
    }

    /// Figures written in words that no cell needs to show, and why.
    static let wordFigureExemptions: [String: String] = [:]

    @Test("a figure written in words ('ten times', 'four times as long', 'twice as fast') appears as a number in a cell",
          arguments: LessonFiles.names)
    func wordFiguresComeFromCells(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        let exerciseText = lesson.exercises.flatMap { [$0.question, $0.answer, $0.wrong] }
        let cellText = (lesson.cells.map { ($0.transcript ?? $0.inputs.joined(separator: "\n")) } + exerciseText).joined(separator: "\n")
        let shown = Set(cellText.matches(of: /\d+(?:\.\d+)?(?:e-?\d+)?/).compactMap { Double(String($0.0)) })
        var prose = lesson.blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }
        for exercise in lesson.exercises { prose += [exercise.explanation] + exercise.hints }
        for figure in prose.flatMap(LessonFiles.wordFigures) where LessonTests.wordFigureExemptions["\(name) \(figure.words)"] == nil {
            #expect(shown.contains(figure.value), "\(name): '\(figure.words)' claims \(figure.value), which no cell shows")
        }
    }
}

@Suite("Lessons that measure live")
struct LiveMeasurementTests {
    @Test("a replay is compared with its lesson with the times of :time set aside, and nothing else")
    func timesAreSetAside() {
        let shown = "In [1]: :time g = grad(L, w)\nwall time: 2.87 ms\nIn [2]: 4*256\nOut[2]: 1024"
        #expect(Lesson.showsTheSame(shown, shown.replacingOccurrences(of: "2.87 ms", with: "41.5 s")))
        #expect(Lesson.showsTheSame(shown, shown.replacingOccurrences(of: "2.87 ms", with: "850 ns")))
        // A missing time line, or a changed result, is still a difference.
        #expect(!Lesson.showsTheSame(shown, shown.replacingOccurrences(of: "wall time: 2.87 ms\n", with: "")))
        #expect(!Lesson.showsTheSame(shown, shown.replacingOccurrences(of: "1024", with: "1023")))
    }

    @Test("lesson 9 times grad against numdiff on networks of growing size, and states no speed-up it does not show")
    func lessonNineTimesBothMethods() throws {
        let lesson = try LessonFiles.lesson("09-why-backprop-is-essential.md")
        let inputs = lesson.cells.flatMap(\.inputs)
        let timedGrads = inputs.filter { $0.hasPrefix(":time") && $0.contains("grad(") }
        let timedNumdiffs = inputs.filter { $0.hasPrefix(":time") && $0.contains("numdiff(") }
        #expect(timedGrads.count >= 3 && timedNumdiffs.count >= 3, "\(inputs)")
        let prose = lesson.blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }.joined(separator: " ")
        #expect(!prose.contains("thousand times"))
        // The 9-vs-10 contradiction: backward is a small multiple of forward, never "about as much".
        #expect(!prose.contains("about as much as a forward pass"))
    }

    @Test("lesson 10 times a forward pass, a backward pass and a training run, and shows what the forward pass keeps")
    func lessonTenMeasures() throws {
        let lesson = try LessonFiles.lesson("10-compute-cost.md")
        let inputs = lesson.cells.flatMap(\.inputs)
        #expect(inputs.contains { $0.hasPrefix(":time") && $0.contains("train(") })
        #expect(inputs.contains { $0.hasPrefix(":time") && $0.contains("grad(") })
        #expect(inputs.contains { $0.hasPrefix(":time L = ") })
        let prose = lesson.blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }.joined(separator: " ")
        #expect(!prose.contains("fraction of a second") && !prose.contains("well under a second"))
        #expect(prose.contains("keeps every layer's outputs"))
    }
}
