// A lesson as a Jupyter notebook (nbformat 4.5) for the gradbook kernel: prose as Markdown cells, each lesson
// cell as a code cell, each exercise as its question and a `:answer N.K ` cell the learner completes.

import Foundation

/// Writes `gradbook lesson N --notebook FILE.ipynb`.
///
/// Each code cell's metadata keeps what the lesson shows for it (`gradbook.expected`, the transcript lines
/// under its `In [n]:`, and `gradbook.number`, that n), so a notebook run through the kernel can be checked
/// against the lesson's own text (jupyter/tests); the lesson's Markdown stays the one source of truth.
public enum LessonNotebook {
    /// `lesson-03-measuring-the-mistake.ipynb`.
    public static func fileName(_ lesson: Lesson) -> String { "lesson-\(lesson.slug).ipynb" }

    /// The exercise's label in `:answer`: `3.1` is lesson 3's first exercise.
    public static func label(lesson: Lesson, exercise index: Int) -> String { "\(lesson.number).\(index + 1)" }

    /// The notebook's JSON text.
    public static func text(_ lesson: Lesson) -> String {
        var cells: [JSON] = []
        func add(_ type: String, _ source: String, metadata: [(String, JSON)] = []) {
            var cell: [(String, JSON)] = [("id", .string("lesson-\(lesson.number)-\(cells.count + 1)")), ("cell_type", .string(type)),
                                          ("metadata", .object(metadata.isEmpty ? [] : [("gradbook", .object(metadata))]))]
            if type == "code" { cell += [("execution_count", .null), ("outputs", .array([]))] }
            cells.append(.object(cell + [("source", .lines(source))]))
        }
        var exercises = 0
        for block in lesson.blocks {
            switch block {
            case .prose(let text):
                let markdown = ProseRenderer.withoutComments(text).trimmingCharacters(in: .whitespacesAndNewlines)
                if !markdown.isEmpty { add("markdown", markdown) }
                if cells.count == 1 { add("markdown", howToUse(lesson)) }
            case .cell(let cell):
                for (index, input) in cell.inputs.enumerated() {
                    var metadata: [(String, JSON)] = []
                    if cell.transcript != nil, cell.shown.indices.contains(index) {
                        if let number = cell.numbers[index] { metadata.append(("number", .number(number))) }
                        metadata.append(("expected", .string(cell.shown[index])))
                    }
                    add("code", input, metadata: metadata)
                }
            case .exercise(let exercise):
                let label = label(lesson: lesson, exercise: exercises)
                exercises += 1
                add("markdown", "**Exercise \(label).** " + ProseRenderer.withoutComments(exercise.question))
                add("code", ":answer \(label) ", metadata: [("exercise", .string(label)), ("answer", .string(exercise.answer)),
                                                            ("wrong", .string(exercise.wrong))])
            }
        }
        let metadata = JSON.object([
            ("gradbook", .object([("generator", .string(ExportFile.marker)), ("lesson", .number(lesson.number)),
                                  ("varies", .string(Lesson.variesPattern))])),
            ("kernelspec", .object([("name", .string("gradbook")), ("display_name", .string("gradbook")), ("language", .string("gradbook"))])),
            ("language_info", .object([("name", .string("gradbook")), ("file_extension", .string(".gb"))])),
        ])
        return JSON.object([("metadata", metadata), ("nbformat", .number(4)), ("nbformat_minor", .number(5)), ("cells", .array(cells))]).text + "\n"
    }

    /// The note under the title: how cells and exercises work in the notebook.
    static func howToUse(_ lesson: Lesson) -> String {
        "*This is lesson \(lesson.number) as a notebook for the gradbook kernel.* Run the cells in order (Shift-Enter), or all at "
            + "once: they share one session, as in the terminal. An exercise's cell starts with `:answer \(lesson.number).1` (its "
            + "number): type your answer after it and run the cell. A wrong answer brings a hint; `:next` after the number shows "
            + "the answer."
    }

    /// Writes the notebook to `url`, never over a file gradbook did not write unless `force`; the problem, if any,
    /// in a few words.
    public static func write(_ lesson: Lesson, to url: URL, force: Bool) -> String? {
        do throws(ExportProblem) {
            try ExportFile.write(Data(text(lesson).utf8), to: url, force: force)
            return nil
        } catch {
            switch error {
            case .wouldOverwrite(let name): return "\(name) exists and was not written by gradbook; use --force to replace it"
            case .writeFailed(let reason): return reason
            default: return "the file could not be written"
            }
        }
    }
}
