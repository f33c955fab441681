// gradbook lesson N --notebook: each lesson as an nbformat 4 notebook for the gradbook kernel, its cells in the
// lesson's order, and :answer, which checks an exercise in a notebook with the runner's feedback and hints.

import Foundation
import GradbookCore
import Testing

@Suite("Lessons as notebooks")
struct LessonNotebookTests {
    /// The notebook of `name`, decoded by Foundation's JSON reader (not by the code that wrote it).
    static func notebook(_ name: String) throws -> [String: Any] {
        let text = LessonNotebook.text(try LessonFiles.lesson(name))
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A cell's source as one string (nbformat stores a list of lines, each but the last ending in a newline).
    static func source(_ cell: [String: Any]) -> String { (cell["source"] as? [String] ?? []).joined() }

    @Test("each lesson's notebook is nbformat 4.5 JSON for the gradbook kernel, with a unique id on every cell", arguments: LessonFiles.names)
    func validNotebook(_ name: String) throws {
        let notebook = try LessonNotebookTests.notebook(name)
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "gradbook")
        #expect((metadata["language_info"] as? [String: Any])?["name"] as? String == "gradbook")
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /[A-Za-z0-9_-]{1,64}/) != nil })
        for cell in cells {
            #expect(["markdown", "code"].contains(cell["cell_type"] as? String))
            #expect(cell["metadata"] is [String: Any] && cell["source"] is [String])
            if cell["cell_type"] as? String == "code" {
                #expect(cell["outputs"] as? [Any] != nil && cell["execution_count"] is NSNull)
            }
        }
    }

    @Test("the notebook has the lesson's prose, cells and exercises in the lesson's order", arguments: LessonFiles.names)
    func lessonOrder(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        let cells = try #require(try LessonNotebookTests.notebook(name)["cells"] as? [[String: Any]])
        // The code cells are the lesson's inputs and one :answer cell per exercise, in file order.
        var expectedCode: [String] = []
        var exercises = 0
        for block in lesson.blocks {
            if case .cell(let cell) = block { expectedCode += cell.inputs }
            if case .exercise = block { exercises += 1; expectedCode.append(":answer \(lesson.number).\(exercises) ") }
        }
        #expect(cells.filter { $0["cell_type"] as? String == "code" }.map(LessonNotebookTests.source) == expectedCode)
        // Each prose block and exercise question is a Markdown cell, in order (the first followed by how to use the notebook).
        let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }.map(LessonNotebookTests.source)
        var texts: [String] = []
        for block in lesson.blocks {
            if case .prose(let text) = block { texts.append(text.replacing(/<!--[\s\S]*?-->/, with: "").trimmingCharacters(in: .whitespacesAndNewlines)) }
            if case .exercise(let exercise) = block { texts.append(exercise.question) }
        }
        let shown = markdown.filter { !$0.hasPrefix("*This is lesson") }
        #expect(shown.count == texts.count)
        for (cell, text) in zip(shown, texts) { #expect(cell.hasSuffix(text), "\(name): \(cell.prefix(80)) is not \(text.prefix(80))") }
        #expect(markdown.count == texts.count + 1 && markdown[1].hasPrefix("*This is lesson \(lesson.number) as a notebook"))
    }

    @Test("each code cell's metadata keeps what the lesson shows for it: In [n], the input and the expected lines give back the lesson's block",
          arguments: LessonFiles.names)
    func expectationsRebuildTheLesson(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        let code = try #require(try LessonNotebookTests.notebook(name)["cells"] as? [[String: Any]]).filter { $0["cell_type"] as? String == "code" }
        var rebuilt: [String] = []
        for cell in code {
            guard let meta = (cell["metadata"] as? [String: Any])?["gradbook"] as? [String: Any], let expected = meta["expected"] as? String,
                  let number = meta["number"] as? Int else { continue }
            let lines = LessonNotebookTests.source(cell).split(separator: "\n", omittingEmptySubsequences: false)
            var text = (["In [\(number)]: " + (lines.first ?? "")] + lines.dropFirst().map { CellRenderer.continuationPrompt(number) + $0 })
            if !expected.isEmpty { text.append(expected) }
            rebuilt.append(text.joined(separator: "\n"))
        }
        // Every prompted block of the lesson, written out again from the notebook alone.
        let blocks = lesson.cells.compactMap(\.transcript)
        #expect(rebuilt.joined(separator: "\n") == blocks.joined(separator: "\n"))
        #expect(!rebuilt.isEmpty)
    }

    @Test("an exercise cell says its exercise, and its metadata has the lesson's answer and wrong answer")
    func exerciseCells() throws {
        let cells = try #require(try LessonNotebookTests.notebook("03-measuring-the-mistake.md")["cells"] as? [[String: Any]])
        let answer = try #require(cells.first { LessonNotebookTests.source($0).hasPrefix(":answer 3.1") })
        let meta = try #require((answer["metadata"] as? [String: Any])?["gradbook"] as? [String: Any])
        #expect(meta["exercise"] as? String == "3.1" && meta["answer"] as? String == "0.25" && meta["wrong"] as? String == "-0.5")
        let index = try #require(cells.firstIndex { LessonNotebookTests.source($0).hasPrefix(":answer 3.1") })
        #expect(LessonNotebookTests.source(cells[index - 1]).hasPrefix("**Exercise 3.1.** With x = 2 and t = 3 as above"))
    }
}

@Suite(":answer checks a lesson's exercise in a notebook")
struct AnswerCommandTests {
    static let lesson = """
        # 9 · A lesson

        ```gradbook
        In [1]: w = 3
        ```

        ```exercise
        What is 2*w?
        answer: 6
        tolerance: 1e-9
        wrong: 5
        mistake: 3 => That is w itself; double it.
        hint: Double it.
        hint: w is 3.
        explain: 2*3 = 6.
        ```

        ```exercise
        What is the derivative of x^2?
        answer: 2*x
        wrong: x
        hint: Bring the power down.
        explain: The power rule.
        ```
        """

    /// A notebook whose :answer knows the lesson above as lesson 9, with its cell run.
    static func notebook() throws -> Notebook {
        let lesson = try LessonReader.lesson(from: AnswerCommandTests.lesson, fileName: "09-a-lesson.md")
        let notebook = Notebook()
        notebook.exercises = LessonAnswers { $0 == 9 ? lesson : nil }
        _ = notebook.run("w = 3")
        return notebook
    }

    static func shown(_ notebook: Notebook, _ cell: String) -> String {
        CellRenderer(style: .plain).text(notebook.run(cell), promptWidth: 8)
    }

    @Test("wrong answers bring the hints in turn, a known mistake its own hint, and the right answer the explanation")
    func hintsInTurn() throws {
        let notebook = try AnswerCommandTests.notebook()
        #expect(AnswerCommandTests.shown(notebook, ":answer 9.1 5") == "Not yet: your answer is 5, which is too small.\nhint: Double it.")
        #expect(AnswerCommandTests.shown(notebook, ":answer 9.1 3") == "Not yet: your answer is 3, which is too small.\nhint: That is w itself; double it.")
        // Number answers are worked out in the notebook's session, as at the runner's answer> prompt.
        #expect(AnswerCommandTests.shown(notebook, ":answer 9.1 2*w") == "Right. 2*3 = 6.")
        // Over: the next answer starts afresh, with the first hint again.
        #expect(AnswerCommandTests.shown(notebook, ":answer 9.1 7").hasSuffix("hint: Double it."))
    }

    @Test("after the last hint a wrong answer shows the answer; :next shows it at once; a formula is judged with ==")
    func revealing() throws {
        let notebook = try AnswerCommandTests.notebook()
        #expect(AnswerCommandTests.shown(notebook, ":answer 9.2 x").hasPrefix("Not yet: at x = "))
        let revealed = AnswerCommandTests.shown(notebook, ":answer 9.2 x^2")
        #expect(revealed.contains("The answer: 2*x\nThe power rule."), "\(revealed)")
        #expect(AnswerCommandTests.shown(notebook, ":answer 9.2 :next") == "The answer: 2*x\nThe power rule.")
        #expect(AnswerCommandTests.shown(notebook, ":answer 9.2 x*2").hasPrefix("Right."))
    }

    @Test("an answer cell changes no binding and shows no result: _ is still the last result")
    func changesNothing() throws {
        let notebook = try AnswerCommandTests.notebook()
        _ = notebook.run("w + 1")
        _ = notebook.run(":answer 9.1 6")
        #expect(AnswerCommandTests.shown(notebook, "_") == "Out[4]: 4")
    }

    @Test("an empty answer says how to answer; a number exercise before its cells ran says to run them", arguments: [
        (":answer 9.1", "Type your answer after :answer 9.1 and run the cell again (:answer 9.1 :next shows the answer)."),
        (":answer 9.1   ", "Type your answer after :answer 9.1 and run the cell again (:answer 9.1 :next shows the answer)."),
    ])
    func emptyAnswer(_ cell: String, _ expected: String) throws {
        #expect(AnswerCommandTests.shown(try AnswerCommandTests.notebook(), cell) == expected)
    }

    @Test("what :answer cannot check is an error with its reason", arguments: [
        (":answer 9", "':answer 9' does not start with an exercise's number"),
        (":answer six 6", "':answer six 6' does not start with an exercise's number"),
        (":answer 9.3 6", "lesson 9 has 2 exercises, so there is no exercise 9.3."),
        (":answer 9.0 6", "lesson 9 has 2 exercises, so there is no exercise 9.0."),
        (":answer 4.1 6", "there is no lesson 4 here, so it has no exercises to answer."),
        (":answer", ":answer needs an argument."),
    ])
    func problems(_ cell: String, _ message: String) throws {
        let result = try AnswerCommandTests.notebook().run(cell)
        let errors = result.outputs.compactMap { if case .error(let diagnostic) = $0.kind { diagnostic.message } else { nil } }
        #expect(errors.count == 1 && errors[0].hasPrefix(message), "\(errors)")
    }

    @Test("a number exercise whose lesson cells have not run in this session says to run them first")
    func cellsNotRun() throws {
        let lesson = try LessonReader.lesson(from: AnswerCommandTests.lesson.replacingOccurrences(of: "answer: 6", with: "answer: 2*w"),
                                             fileName: "09-a-lesson.md")
        let notebook = Notebook()
        notebook.exercises = LessonAnswers { _ in lesson }
        let result = notebook.run(":answer 9.1 6")
        let message = result.outputs.compactMap { if case .error(let diagnostic) = $0.kind { diagnostic.message } else { nil } }.first
        #expect(message?.hasPrefix("exercise 9.1 is worked out from the values the lesson's cells above it make") == true)
    }

    @Test("without lessons at hand, :answer says where it works")
    func withoutLessons() {
        let result = Notebook().run(":answer 3.1 0.25")
        let message = result.outputs.compactMap { if case .error(let diagnostic) = $0.kind { diagnostic.message } else { nil } }.first
        #expect(message == ":answer checks an answer to a lesson's exercise, and this session has no lessons at hand.")
    }
}
