// What `:answer` needs from the lessons: the notebook knows nothing of lessons, so the layer above gives it this.

/// Judges an answer typed with `:answer N.K ANSWER` (lesson N, exercise K) in a notebook's session.
///
/// `LessonAnswers` (in Lessons/) is the one there is; a notebook without one says `:answer` is not available.
public protocol ExerciseAnswering: AnyObject {
    /// The feedback the learner reads (the same words as at the lesson runner's `answer>` prompt), for
    /// `argument` (`3.1 2*(w*x - t)*x`), with number answers worked out in `bindings`.
    func answer(_ argument: String, bindings: Bindings, format: NumberFormat, at range: SourceRange) throws(Diagnostic) -> String
}
