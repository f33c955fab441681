// Exercises ask for the learner's own working and answer the mistake made: a derivation is not answered by
// gradbook's diff(…), a forgotten bias is told about the bias, an exercise can be tried again with :back, and no
// exercise's answer is on screen above its question.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

@Suite("Exercises ask for the learner's working")
struct ExerciseHonestyTests {
    @Test("every formula exercise refuses its own target typed as the answer, and any diff(…) or grad(…) call", arguments: LessonFiles.names)
    func derivationIsNotDiff(_ name: String) throws {
        LessonTests.walkExercises(try LessonFiles.lesson(name)) { session, exercise in
            guard case .formula(let target) = exercise.kind else { return }
            let checker = session.checker(for: exercise)
            let calls = ExerciseChecker.workingCall(in: target) != nil ? [target] : []
            for answer in calls + ["diff(\(exercise.answer), w)", "grad(\(exercise.answer), [x])"] {
                let verdict = checker.check(answer)
                #expect(!verdict.isCorrect, "\(name):\(exercise.line): '\(answer)' was accepted")
            }
            if target.hasPrefix("diff(") {
                #expect(checker.check(target).difference?.hasPrefix("diff(…) asks gradbook to work it out") == true)
            }
        }
    }

    @Test("a forgotten bias gets the bias hint, in a number and in a formula exercise (lesson 1)")
    func mistakeGetsItsHint() throws {
        let lesson = try LessonFiles.lesson("01-weighted-connections.md")
        let sum = try #require(lesson.exercises.first { $0.answer == "2.75" })
        var attempt = ExerciseAttempt(checker: ExerciseChecker(exercise: sum))
        guard case .wrong(_, let hint) = attempt.submit("2.5") else { Issue.record("2.5 was not wrong"); return }
        #expect(hint?.contains("add the bias") == true)
        let unit = try #require(lesson.exercises.first { $0.answer == "tanh(u*p + v*q + c)" })
        var formula = ExerciseAttempt(checker: ExerciseChecker(exercise: unit))
        // Written differently from the mistake as listed, it is still that mistake.
        guard case .wrong(_, let biasHint) = formula.submit("tanh(q*v + p*u)") else { Issue.record("no bias was accepted"); return }
        #expect(biasHint?.contains("bias c is missing") == true)
        guard case .wrong(_, let activationHint) = formula.submit("c + u*p + v*q") else { Issue.record("no tanh was accepted"); return }
        #expect(activationHint?.contains("passes it through tanh") == true)
        // Another wrong answer gets the general hints, in order.
        var other = ExerciseAttempt(checker: ExerciseChecker(exercise: unit))
        guard case .wrong(_, let general) = other.submit("tanh(u + v + c)") else { Issue.record("accepted"); return }
        #expect(general == unit.hints.first)
    }

    @Test("every mistake: listed in a lesson is rejected and answered with its own hint, in the lesson's session", arguments: LessonFiles.names)
    func everyMistakeGetsItsHint(_ name: String) throws {
        LessonTests.walkExercises(try LessonFiles.lesson(name)) { session, exercise in
            for mistake in exercise.mistakes {
                var attempt = ExerciseAttempt(checker: session.checker(for: exercise))
                guard case .wrong(_, let hint) = attempt.submit(mistake.answer) else {
                    Issue.record("\(name):\(exercise.line): the mistake '\(mistake.answer)' was accepted")
                    continue
                }
                #expect(hint == mistake.hint, "\(name):\(exercise.line): '\(mistake.answer)' got the hint \(hint ?? "none")")
            }
        }
    }

    @Test("a mistake: field must be written ANSWER => HINT")
    func mistakeSyntax() {
        #expect(throws: LessonError.self) {
            try LessonReader.lesson(from: "# T\n```exercise\nQ?\nanswer: 1\ntolerance: 0\nwrong: 2\nmistake: 2\nexplain: E\n```\n", fileName: "00-t.md")
        }
    }

    @Test(":back at the pause after an exercise asks it again, so a right answer can follow a wrong one")
    func retryWithBack() throws {
        let lesson = try LessonFiles.lesson("00-using-gradbook.md")
        let index = try #require(lesson.steps.firstIndex { if case .exercise(let exercise)? = $0.action { exercise.answer == "4" } else { false } })
        var screen = ""
        // The pauses up to g's exercise, with lesson 0's first exercise (the prediction 245) answered on the way.
        let lines = ["", "", "", "245", "", ""] + ["4", "", ":back", "5", "4", ":quit"]
        #expect(index == 5)
        let source = ScriptedLineSource(lines) { screen += $0 }
        let runner = LessonRunner(lesson: lesson, lines: source, output: OutputSink(standard: { screen += $0 }, error: { screen += $0 }))
        runner.run()
        #expect(screen.contains("(step \(index + 1) again: try the exercise once more)"))
        #expect(screen.contains("answer> 5\nNot yet: your answer is 5, which is too large."))
        #expect(screen.components(separatedBy: "answer> 4\nRight.").count == 3)
    }

    /// Exercises whose answer a cell above shows on purpose, and why.
    static let answerShownExemptions: [String: String] = [:]

    @Test("no exercise's answer is on screen above its question: not its value in a cell's output, not its formula",
          arguments: LessonFiles.names)
    func answersAreNotShownAbove(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        var shownAbove = ""
        let session = LessonSession()
        for block in lesson.blocks {
            switch block {
            case .cell(let cell):
                shownAbove += session.run(cell).text + "\n"
            case .exercise(let exercise):
                let place = "\(name):\(exercise.line)"
                guard ExerciseHonestyTests.answerShownExemptions[place] == nil, !exercise.isChoice else { continue }
                let outputs = shownAbove.split(separator: "\n").filter { !$0.hasPrefix("In [") }.joined(separator: "\n")
                if case .number = exercise.kind, let value = ExerciseHonestyTests.value(exercise, in: session) {
                    let text = session.notebook.format.text(value)
                    // Small whole numbers are everywhere, and a number the question itself gives is no giveaway.
                    if text.contains(".") || text.filter(\.isNumber).count >= 3, !exercise.question.contains(text) {
                        #expect(!outputs.contains(text), "\(place): the answer \(text) is shown above the question in: \(outputs.suffix(300))")
                    }
                } else if case .formula = exercise.kind {
                    // A result that is the answer, as a whole (not a formula that merely contains it).
                    let results = outputs.split(separator: "\n").map { $0.replacing(#/^Out\[\d+\]: /#, with: "").trimmingCharacters(in: .whitespaces) }
                    #expect(!results.contains(exercise.answer), "\(place): the answer \(exercise.answer) is shown above the question")
                }
            case .prose:
                break
            }
        }
    }

    /// The reference answer's value in the lesson's session as it stands at the exercise (nothing is changed).
    static func value(_ exercise: Exercise, in session: LessonSession) -> Double? {
        session.checker(for: exercise).referenceValue
    }
}
