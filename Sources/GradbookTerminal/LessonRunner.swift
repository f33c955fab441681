// Walking a learner through a lesson: prose, cells run notebook-style, exercises, and a pause after each step
// where Enter continues, :back and :next move, :quit leaves, and anything else runs in the lesson's session.

import Foundation
import GradbookCore

/// Runs one lesson, interactively over a `LineSource` or (`isAutomatic`) straight through.
///
/// Automatic runs answer each exercise with its reference answer and compare every cell that shows its
/// output with what gradbook prints now; `succeeded` says whether all of that held.
public final class LessonRunner {
    public let lesson: Lesson
    public let session: LessonSession
    private let lines: LineSource?
    private let output: OutputSink
    private let style: Style
    private let prose: ProseRenderer
    private let progress: LessonProgress?
    /// What each step showed the first time, for `:back`.
    private var shown: [Int: String] = [:]
    /// Problems an automatic run found: failed statements, drifted outputs, rejected reference answers.
    public private(set) var problems: [String] = []

    public enum Outcome: Equatable { case finished, quit }

    /// `lines` nil means an automatic run.
    public init(lesson: Lesson, lines: LineSource?, output: OutputSink = .terminal, style: Style = .plain,
                width: Int = 80, progress: LessonProgress? = nil, notebook: Notebook = Notebook()) {
        self.lesson = lesson
        self.session = LessonSession(notebook: notebook, style: style)
        self.lines = lines
        self.output = output
        self.style = style
        self.prose = ProseRenderer(style: style, width: width)
        self.progress = progress
    }

    public var isAutomatic: Bool { lines == nil }
    public var succeeded: Bool { problems.isEmpty }

    /// Runs from step `start` (0-based; the cells before it run quietly first, so the session is as it was).
    @discardableResult
    public func run(from start: Int = 0) -> Outcome {
        let steps = lesson.steps
        let first = min(max(0, start), max(0, steps.count - 1))
        write(introduction(resuming: first))
        for step in steps[..<first] { if case .cell(let cell)? = step.action { _ = session.run(cell) } }
        session.keepLessonState()
        var index = first
        var isNew = true
        while index < steps.count {
            if isNew {
                progress?.reached(step: index, of: lesson.slug)
                guard show(steps[index], at: index) else { return .quit }
                if index == steps.count - 1 { break }
            }
            switch pause(at: index, of: steps.count) {
            case .next where shown[index + 1] != nil:
                // Going forward again after :back: show what was shown, without running anything twice.
                index += 1
                isNew = false
                write("\n" + (shown[index] ?? ""))
            case .next:
                index += 1
                isNew = true
            case .back:
                index = max(first, index - 1)
                if case .exercise? = steps[index].action {
                    // An exercise is asked again, afresh: going back is how a learner tries it once more.
                    write("\n" + style.apply(.note, "(step \(index + 1) again: try the exercise once more)") + "\n")
                    isNew = true
                } else {
                    isNew = false
                    write("\n" + style.apply(.note, "(step \(index + 1) again; its cells are not run again)") + "\n" + (shown[index] ?? ""))
                }
            case .quit:
                return .quit
            }
        }
        progress?.finished(lesson.slug)
        write("\n" + style.apply(.heading, "End of lesson \(lesson.number).") + closingLine())
        return .finished
    }

    private func introduction(resuming start: Int) -> String {
        let minutes = lesson.minutes.map { ", about \($0) minutes" } ?? ""
        var text = style.apply(.heading, "Lesson \(lesson.number): \(lesson.title)") + " (\(lesson.steps.count) steps\(minutes))"
        if !isAutomatic {
            // Wrapped like the prose: on an 80-column terminal the sentence would break mid-word.
            text += "\n" + prose.text("At each pause: Enter continues, :back shows the step before, :next skips ahead, :quit leaves"
                + " (your place is kept). Anything else you type runs in this lesson's session, so try things.")
        }
        if start > 0 { text += "\n" + style.apply(.note, "Resuming at step \(start + 1); the cells before it were run again quietly.") }
        return text + "\n"
    }

    private func closingLine() -> String {
        guard let next = LessonRunner.nextNumber(after: lesson.number) else { return " That was the last one.\n" }
        return " Next: gradbook lesson \(next) (or :lesson \(next) in the REPL).\n"
    }

    static func nextNumber(after number: Int) -> Int? { number < 15 ? number + 1 : nil }

    // MARK: Steps

    /// Shows a step's prose and runs its cell or exercise; false if the learner quit inside an exercise.
    private func show(_ step: Step, at index: Int) -> Bool {
        var text = step.prose.map(prose.text).joined(separator: "\n\n")
        if step.action != nil { text = restoreLessonState() + text }
        switch step.action {
        case .cell(let cell)?:
            let outcome = session.run(cell)
            session.keepLessonState()
            if isAutomatic { audit(cell, shown: outcome) }
            // Compared as the lesson records it; shown broken at spaces to the width, as the prose is.
            text += (text.isEmpty ? "" : "\n\n") + WordWrap(width: prose.width).text(outcome.text)
            write("\n" + text + "\n")
        case .exercise(let exercise)?:
            text += (text.isEmpty ? "" : "\n\n") + prose.text("**Exercise.** " + exercise.question)
            write("\n" + text + "\n")
            guard let transcript = runExercise(exercise) else { return false }
            text += "\n" + transcript
        case .prose?, nil:
            write("\n" + text + "\n")
        }
        shown[index] = text + "\n"
        return true
    }

    /// The lesson's names back before its next cell or exercise, with a line naming what the learner had changed.
    private func restoreLessonState() -> String {
        let changed = session.restoreLessonState()
        guard !changed.isEmpty else { return "" }
        let names = changed.prefix(6).map { "`\($0)`" }.joined(separator: ", ") + (changed.count > 6 ? " and \(changed.count - 6) more" : "")
        return prose.text("(Your experiments changed \(names); the lesson's own values are back, so its cells "
            + "show what the text says.)") + "\n\n"
    }

    /// In an automatic run: a failed statement, or output that differs from what the lesson shows, is a problem.
    private func audit(_ cell: LessonCell, shown outcome: (text: String, hasErrors: Bool)) {
        let place = "\(lesson.slug).md:\(cell.line)"
        if outcome.hasErrors { problems.append("\(place): a statement in this cell failed.") }
        // On a colour terminal the cell's text carries colour; the lesson records what the reader sees.
        let visible = VisibleText.withoutColour(outcome.text)
        if let expected = cell.transcript, !Lesson.showsTheSame(expected, visible) {
            problems.append("\(place): the cell shows something else now:\n" + LessonRunner.diff(expected: expected, actual: visible))
        }
    }

    /// Asks until the exercise is over; returns what was shown, or nil on `:quit`.
    private func runExercise(_ exercise: Exercise) -> String? {
        var attempt = ExerciseAttempt(checker: session.checker(for: exercise))
        var transcript = ""
        while true {
            let answer: String
            if isAutomatic {
                answer = exercise.answer
                write("answer> \(answer)\n")
            } else {
                guard let line = readLine(prompt: "answer> ") else { return nil }
                answer = line.trimmingCharacters(in: .whitespaces)
            }
            transcript += "answer> \(answer)\n"
            let feedback: ExerciseAttempt.Feedback
            switch answer {
            case ":quit": return nil
            case ":next", ":skip": feedback = attempt.giveUp()
            case "": write("Type your answer (or :next to see it).\n"); continue
            case ":back":
                write("Answer this first, or type :next to see the answer; then :back at the step prompt goes back.\n")
                continue
            case let command where command.hasPrefix(":") || command.hasPrefix("?"):
                // :vars, :help, ?sigmoid and the rest run as at a pause; they are not answers.
                runOwn(command, promptWidth: "answer> ".count)
                continue
            case let definition where ExerciseChecker.isDefinition(definition):
                // g(t) = 3*t - 1, as the exercise may ask: it runs, and the answer can use it.
                runOwn(definition, promptWidth: "answer> ".count)
                write("(That defines a name in the lesson's session; now type your answer.)\n")
                continue
            default:
                attempt.checker.bindings = session.notebook.bindings
                feedback = attempt.submit(answer)
            }
            if isAutomatic, case .correct = feedback {} else if isAutomatic {
                problems.append("\(lesson.slug).md:\(exercise.line): the exercise's own answer '\(exercise.answer)' was not accepted.")
            }
            let text = WordWrap(width: prose.width).text(feedback.text(style: style, prose: prose))
            write(text + "\n")
            transcript += text + "\n"
            if feedback.isOver { return transcript }
        }
    }

    // MARK: Pauses

    private enum Move { case next, back, quit }

    /// Waits at the end of a step; runs whatever the learner types in the lesson's session until they move on.
    private func pause(at index: Int, of count: Int) -> Move {
        guard !isAutomatic else { return .next }
        while true {
            let prompt = LessonRunner.pausePrompt(index, of: count)
            guard let line = readLine(prompt: prompt) else { return .quit }
            switch line.trimmingCharacters(in: .whitespaces) {
            case "", ":next": return .next
            case ":back": return .back
            case ":quit", ":q": return .quit
            default: runOwn(line, promptWidth: prompt.count)
            }
        }
    }

    /// The prompt at a pause: the step reached and how many there are.
    static func pausePrompt(_ index: Int, of count: Int) -> String { "[\(index + 1)/\(count)] " }

    /// Runs a learner's own input (continuing while a bracket is open) and shows it notebook-style.
    /// The caret under an error lines up with what was typed after the prompt (`promptWidth` columns).
    private func runOwn(_ first: String, promptWidth: Int) {
        var cell = first
        while Notebook.isIncomplete(cell), let more = readLine(prompt: "   ...: ") {
            if more.allSatisfy(\.isWhitespace) { break }
            cell += "\n" + more
        }
        let result = session.notebook.run(cell)
        let chunks = CellRenderer(style: style, width: prose.width).chunks(result, promptWidth: promptWidth)
        for chunk in chunks { chunk.isError ? output.error(chunk.text + "\n") : output.standard(chunk.text + "\n") }
        if result.wantsQuit { output.standard("(:quit inside a lesson: type it at the pause prompt to leave the lesson)\n") }
    }

    private func readLine(prompt: String) -> String? {
        guard let lines else { return nil }
        switch lines.readLine(prompt: prompt, restartPrompt: nil) {
        case .line(let text), .lineAfterDroppingCell(let text): return text
        case .end: return nil
        }
    }

    private func write(_ text: String) { output.standard(text) }

    /// A line diff: `-` expected, `+` actual.
    static func diff(expected: String, actual: String) -> String {
        LineDiff.text(expected: expected, actual: actual, numbered: false, limit: 30)
    }
}
