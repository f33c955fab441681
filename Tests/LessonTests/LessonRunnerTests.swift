// The interactive lesson runner over scripted lines: Enter, :back, the learner's own expressions, a wrong
// then a right exercise answer, :quit with the place kept, and resuming there.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

@Suite("The lesson runner", .serialized)
final class LessonRunnerTests {
    /// The temporary folders this test made (`temporaryProgress`), removed when it ends.
    private var folders: [URL] = []

    deinit { for folder in folders { try? FileManager.default.removeItem(at: folder) } }

    /// Walks lesson 0 over `lines` and returns the screen and the progress file's state.
    func walk(_ lines: [String], progress: LessonProgress) throws -> (screen: String, outcome: LessonRunner.Outcome) {
        let lesson = try LessonFiles.lesson("00-using-gradbook.md")
        var screen = ""
        let source = ScriptedLineSource(lines) { screen += $0 }
        let output = OutputSink(standard: { screen += $0 }, error: { screen += $0 })
        let runner = LessonRunner(lesson: lesson, lines: source, output: output, progress: progress)
        let state = progress.load()
        let outcome = runner.run(from: state.current == lesson.slug ? state.step : 0)
        return (screen, outcome)
    }

    func temporaryProgress() -> LessonProgress {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-lessons-\(UUID().uuidString)")
        folders.append(folder)
        return LessonProgress(url: folder.appendingPathComponent("gradbook/lessons.json"))
    }

    @Test("Enter, :back, an own expression, a wrong then a right answer, through to the end")
    func walksTheFirstLesson() throws {
        let progress = temporaryProgress()
        let lines = ["", ":back", "", "x + 100", "", "", "245", "", "", "5", "4", "", "", "a*t^2 + t", ""]
        let (screen, outcome) = try walk(lines, progress: progress)
        #expect(outcome == .finished)
        #expect(screen.contains("Lesson 0: Using gradbook"))
        // The keys are explained in lines wrapped to the width (80 here), not one 105-character line.
        #expect(screen.contains("At each pause: Enter continues,"))
        let introduction = screen.components(separatedBy: "\n").prefix(4)
        #expect(introduction.allSatisfy { $0.count <= 80 }, "\(introduction)")
        #expect(screen.contains("(step 1 again; its cells are not run again)"))
        #expect(screen.contains("[2/9] x + 100\nOut[7]: 103"))
        #expect(screen.contains("answer> 5\nNot yet: your answer is 5, which is too large.\nhint: g(2) is 3*2 - 1"))
        #expect(screen.contains("answer> 4\nRight."))
        #expect(screen.contains("End of lesson 0."))
        #expect(progress.load().completed == ["00-using-gradbook"])
        // The cells ran once each: :back showed step 1 again without running it.
        #expect(screen.components(separatedBy: "In [1]: 2 + 3*4").count == 3)
        #expect(!screen.contains("In [2]: 2 + 3*4"))
    }

    @Test("after the last hint a wrong answer shows the answer and why; :next at answer> does so at once")
    func revealsTheAnswer() throws {
        let progress = temporaryProgress()
        let lines = ["", "", "", "245", "", "", "1", "2", "3", "", "", ":next", ":quit"]
        let (screen, _) = try walk(lines, progress: progress)
        #expect(screen.contains("answer> 3\nNot yet: your answer is 3, which is too small.\nThe answer: 4\ng(2) = 5 and g(0) = -1"))
        #expect(screen.contains("answer> :next\nThe answer: a*t^2 + t"))
    }

    @Test("commands at answer> run and are not counted as answers: :vars, :help and ?name, then :back is explained")
    func commandsAtAnswerPrompt() throws {
        let progress = temporaryProgress()
        let lines = ["", "", "", "245", "", "", ":vars", "?sigmoid", ":back", "5", "4", ":quit"]
        let (screen, _) = try walk(lines, progress: progress)
        // The first real answer, 5, gets the first hint: none of the commands used up a try.
        #expect(screen.contains("answer> 5\nNot yet: your answer is 5, which is too large.\nhint: g(2) is 3*2 - 1"))
        #expect(screen.contains("sigmoid(x)"))
        #expect(screen.contains("Answer this first, or type :next to see the answer"))
        #expect(!screen.contains("answer> :vars\nNot yet"))
        #expect(screen.contains("answer> 4\nRight."))
    }

    @Test("a definition the exercise asks for runs at answer> without using up a try, and the answer can use it")
    func definitionAtAnswerPrompt() throws {
        let progress = temporaryProgress()
        let lines = ["", "", "", "245", "", "", "g(t) = 3*t - 1", "g(2) + g(0)", ":quit"]
        let (screen, _) = try walk(lines, progress: progress)
        #expect(screen.contains("answer> g(t) = 3*t - 1\n(That defines a name in the lesson's session; now type your answer.)"))
        #expect(screen.contains("answer> g(2) + g(0)\nRight."))
        #expect(!screen.contains("without a name ="))
    }

    @Test("a rounded answer at answer> is right: lesson 3's loss -log(0.5) as 0.693")
    func roundedAnswerInLesson() throws {
        let lesson = try LessonFiles.lesson("03-measuring-the-mistake.md")
        let exercise = try #require(lesson.exercises.first { $0.answer == "-log(0.5)" })
        var attempt = ExerciseAttempt(checker: ExerciseChecker(exercise: exercise))
        #expect(attempt.submit("0.69") == .wrong(difference: "too few digits: 0.69 is right as far as it goes, but type at least 3 significant digits (or an expression gradbook can work out).", hint: exercise.hints.first))
        #expect(attempt.submit("0.693") == .correct(explanation: exercise.explanation))
    }

    @Test("an experiment at a pause does not change the lesson's next cell, and the learner is told what was put back")
    func experimentsAreSetAside() throws {
        let lesson = try LessonFiles.lesson("04-nudging-a-weight.md")
        var screen = ""
        let source = ScriptedLineSource(["x = 5", "loss(0.5)", "", ":quit"]) { screen += $0 }
        let output = OutputSink(standard: { screen += $0 }, error: { screen += $0 })
        let runner = LessonRunner(lesson: lesson, lines: source, output: output, progress: temporaryProgress())
        #expect(runner.run() == .quit)
        // The experiment ran (x = 5 gives loss(0.5) = (2.5 - 3)^2 = 0.25) ...
        #expect(screen.contains("loss(0.5)\nOut[6]: 0.25"))
        // ... and the next lesson cell shows what the lesson shows under "About -8", not -4.75.
        let next = try #require(lesson.cells.dropFirst().first?.transcript)
        let shownNext = next.replacing(/In \[(\d+)\]/) { "In [\(Int($0.1)! + 2)]" }.replacing(/Out\[(\d+)\]/) { "Out[\(Int($0.1)! + 2)]" }
        #expect(screen.contains(shownNext), "\(screen)")
        #expect(!screen.contains("-4.75"))
        #expect(screen.contains("(Your experiments changed x; the lesson's own values are back"))
    }

    @Test("with no experiment at the pauses, nothing is said about restoring")
    func noExperimentNoNote() throws {
        let lesson = try LessonFiles.lesson("04-nudging-a-weight.md")
        var screen = ""
        let source = ScriptedLineSource(["loss(0.5)", "", "", ":quit"]) { screen += $0 }
        let runner = LessonRunner(lesson: lesson, lines: source, output: OutputSink(standard: { screen += $0 }, error: { screen += $0 }),
                                  progress: temporaryProgress())
        runner.run()
        #expect(!screen.contains("Your experiments changed"))
    }

    @Test(":quit keeps the place, and the next run resumes there with the earlier cells run quietly")
    func resumes() throws {
        let progress = temporaryProgress()
        let (_, first) = try walk(["", "", ":quit"], progress: progress)
        #expect(first == .quit)
        #expect(progress.load().current == "00-using-gradbook")
        #expect(progress.load().step == 2)
        let (screen, _) = try walk(["f(x)", ":quit"], progress: progress)
        #expect(screen.contains("Resuming at step 3"))
        #expect(screen.contains("[3/9] f(x)\nOut[8]: 10"))
    }

    @Test("an unwritable progress file never stops a lesson")
    func unwritableProgress() throws {
        let progress = LessonProgress(url: URL(fileURLWithPath: "/proc/gradbook-cannot-write/lessons.json"))
        let (screen, outcome) = try walk(["", ":quit"], progress: progress)
        #expect(outcome == .quit)
        #expect(screen.contains("Out[1]: 14"))
        #expect(progress.load() == LessonProgress.State())
    }

    @Test("an automatic run answers each exercise with its reference answer and finds no problem")
    func automaticRun() throws {
        let lesson = try LessonFiles.lesson("05-the-chain-rule.md")
        var screen = ""
        let runner = LessonRunner(lesson: lesson, lines: nil, output: OutputSink(standard: { screen += $0 }, error: { screen += $0 }))
        #expect(runner.run() == .finished)
        #expect(runner.problems.isEmpty)
        #expect(screen.contains("answer> 3*exp(3*y)\nRight."))
    }

    @Test("an exercise names the chain rule slip and the learner's side of ==")
    func wordsTheDifference() {
        let exercise = Exercise(question: "d/dx sin(x^2)?", answer: "2*x*cos(x^2)", kind: .formula(target: "diff(sin(x^2), x)"),
                                wrong: "cos(x^2)", hints: [], explanation: "", line: 1)
        let verdict = ExerciseChecker(exercise: exercise).check("cos(x^2)")
        #expect(!verdict.isCorrect)
        #expect(verdict.difference?.contains("your answer is 0.540302 but the right one is 1.0806") == true)
        #expect(verdict.difference?.contains("inner factor is missing") == true)
        #expect(ExerciseChecker(exercise: exercise).check("2*x*cos(x^2").difference?.contains("never closed") == true)
    }

    @Test("the library finds a lesson by number, padded number, slug or name")
    func findsLessons() {
        let library = LessonLibrary(folder: LessonFiles.folder, progress: temporaryProgress())
        for name in ["3", "03", "03-measuring-the-mistake", "measuring-the-mistake"] {
            #expect(library.file(for: name)?.lastPathComponent == "03-measuring-the-mistake.md")
        }
        #expect(library.file(for: "99") == nil)
        #expect(library.listing().contains("13  Check your own derivations"))
    }

    @Test("feedback, cells and the learner's own results break at spaces to the lesson's width (80 here)", arguments: ["05-the-chain-rule.md", "09-why-backprop-is-essential.md"])
    func everythingFitsTheWidth(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        let index = try #require(lesson.steps.firstIndex { if case .exercise? = $0.action { true } else { false } })
        guard case .exercise(let exercise)? = lesson.steps[index].action else { return }
        var screen = ""
        let lines = Array(repeating: "", count: index) + [exercise.wrong, exercise.wrong, ":quit"]
        let source = ScriptedLineSource(lines) { screen += $0 }
        let runner = LessonRunner(lesson: lesson, lines: source, output: OutputSink(standard: { screen += $0 }, error: { screen += $0 }),
                                  progress: temporaryProgress())
        runner.run()
        #expect(screen.contains("Not yet:"))
        let tooWide = screen.split(separator: "\n").filter { $0.count > 80 }
        #expect(tooWide.isEmpty, "\(tooWide)")
    }
}
