// :answer N.K ANSWER: a lesson's exercise answered in a notebook (Jupyter, the REPL), with the feedback, hints
// and answer the lesson runner gives at its answer> prompt, and no runner.

import Foundation

/// Judges `:answer` for a notebook: finds exercise K of lesson N, checks the answer in the notebook's session
/// and keeps each exercise's attempt, so each wrong answer brings the next hint, as in the terminal.
///
/// An exercise that is over (answered right, or shown after the last hint or `:next`) starts afresh on the
/// next answer, as `:back` asks it again in the terminal.
public final class LessonAnswers: ExerciseAnswering {
    /// Lesson N, or nil when there is no such lesson (or no lessons folder).
    private let lesson: (Int) -> Lesson?
    private var attempts: [String: ExerciseAttempt] = [:]

    public init(lesson: @escaping (Int) -> Lesson?) {
        self.lesson = lesson
    }

    /// `N.K` and what follows it: the exercise's numbers and the answer (trimmed; may be empty).
    static func parse(_ argument: String) -> (lesson: Int, exercise: Int, answer: String)? {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        let label = trimmed.prefix { !$0.isWhitespace }
        let parts = label.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let lesson = Int(parts[0]), let exercise = Int(parts[1]) else { return nil }
        return (lesson, exercise, trimmed.dropFirst(label.count).trimmingCharacters(in: .whitespaces))
    }

    public func answer(_ argument: String, bindings: Bindings, format: NumberFormat, at range: SourceRange) throws(Diagnostic) -> String {
        guard let (number, index, answer) = LessonAnswers.parse(argument) else { throw .answerNeedsExercise(argument, at: range) }
        guard let lesson = lesson(number) else { throw .lessonNotFound(number, at: range) }
        let exercises = lesson.exercises
        guard exercises.indices.contains(index - 1) else {
            throw .noSuchExercise(lesson: number, exercise: index, count: exercises.count, at: range)
        }
        let label = "\(number).\(index)"
        if answer.isEmpty {
            return "Type your answer after :answer \(label) and run the cell again (:answer \(label) :next shows the answer)."
        }
        var checker = ExerciseChecker(exercise: exercises[index - 1], bindings: bindings)
        checker.format = format
        if case .number = checker.exercise.kind, checker.referenceValue == nil { throw .answerNeedsLessonCells(label, at: range) }
        var attempt = attempts[label] ?? ExerciseAttempt(checker: checker)
        attempt.checker = checker
        let feedback = answer == ":next" || answer == ":skip" ? attempt.giveUp() : attempt.submit(answer)
        attempts[label] = feedback.isOver ? nil : attempt
        return feedback.text(style: .plain, prose: ProseRenderer(style: .plain, width: LessonAnswers.unwrapped))
    }

    /// Prose is left unbroken: a notebook (or the REPL's own wrapping) breaks it to the reader's width.
    static let unwrapped = 100_000
}
