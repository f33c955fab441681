// Every formula a lesson shows can be pasted back: each one in its prose, questions, hints and explanations, and
// in the feedback gradbook gives to typical wrong answers, parses with gradbook's own parser.
//
// A formula is found two ways: a `code span` (unless it is a shell command, a prompt or a file name), and,
// outside code, a run of words joined by operators that starts with a product, power, quotient or call
// (`3*2 - 1`, `sigmoid(z)*(1 - sigmoid(z))`, `2*(w*x - t)*x`).

import Foundation
import Testing
@testable import GradbookCore

@Suite("Formulas shown in lessons")
struct LessonFormulaTests {
    /// The `code spans` of `text` that are meant as gradbook input.
    static func codeSpans(in text: String) -> [String] {
        text.matches(of: /`([^`]+)`/).map { $0.output.1.replacingOccurrences(of: "\n", with: " ") }.filter { span in
            !(span.hasPrefix("gradbook") || span.hasPrefix("swift ") || span.hasPrefix("$") || span.hasPrefix("%") || span.hasPrefix("RECORD_")
              || span.contains("In [") || span.contains("Out[") || span.contains("...:") || span.hasPrefix("--")
              || span.hasSuffix(".md") || span.hasSuffix(".json") || span.hasPrefix("```") || span.hasPrefix("<!--")
              || span.hasPrefix("~") || span.hasPrefix("answer>") || span.contains("…") || span.contains("×")
              // A lone operator, keyword or name is named, not shown as a formula.
              || !span.contains(where: { $0.isLetter || $0.isNumber }) || span.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil)
        }
    }

    /// Formulas written outside code spans, as the learner reads them (Markdown emphasis removed): maximal runs of
    /// operands joined by ` + `, ` - `, ` = ` that contain an operand with `*`, `^`, `/` or a call; words inside an
    /// open bracket belong to the formula. A word ending in sentence punctuation ends it. Each side of ` = ` is
    /// its own formula.
    static func bareFormulas(in text: String) -> [String] {
        let outside = withoutProseParentheses(ProseRenderer(style: .plain, width: 100_000).text(text.replacing(/`[^`]*`/, with: " ; ")))
        let words = outside.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        var formulas: [String] = []
        var current: [String] = []
        var expectsOperand = true
        func depth(_ text: String) -> Int { text.filter { "([".contains($0) }.count - text.filter { ")]".contains($0) }.count }
        func isOperand(_ word: String) -> Bool {
            word.wholeMatch(of: /[A-Za-z0-9_.()\[\]*\/^,-]+/) != nil && word.contains(where: { $0.isLetter || $0.isNumber })
        }
        func isFormulaLike(_ word: String) -> Bool {
            word.contains(where: { "*^/".contains($0) }) || word.firstMatch(of: /[A-Za-z0-9]\(/) != nil
        }
        func finish() {
            while let last = current.last, ["+", "-", "="].contains(last) { current.removeLast() }
            let joined = current.joined(separator: " ")
            if isFormulaLike(joined) {
                for side in joined.components(separatedBy: " = ") where isFormulaLike(side) { formulas.append(balanced(side)) }
            }
            current = []
            expectsOperand = true
        }
        for word in words {
            // Punctuation inside an open bracket is the formula's own (`numdiff(exp(a), a, 0.1)`).
            let insideBracket = depth((current + [word]).joined(separator: " ")) > 0
            let ends = !insideBracket && (word.last.map { ".,;:!?".contains($0) } ?? false)
            let bare = ends ? String(word.dropLast()) : word
            if !current.isEmpty, depth(current.joined(separator: " ")) > 0 {
                // Inside an open bracket every word is part of the formula (so a formula with words in it is caught).
                current.append(bare)
                expectsOperand = !isOperand(bare)
            } else if expectsOperand, isOperand(bare) || (bare.hasPrefix("(") && bare.count > 1) {
                current.append(bare)
                expectsOperand = false
            } else if !expectsOperand, ["+", "-", "="].contains(bare) {
                current.append(bare)
                expectsOperand = true
                continue
            } else {
                finish()
                if isOperand(bare) || (bare.hasPrefix("(") && bare.count > 1) { current.append(bare); expectsOperand = false }
            }
            if ends, depth(current.joined(separator: " ")) <= 0 { finish() }
        }
        finish()
        return formulas.filter { !$0.isEmpty && isFormulaLike($0) }
    }

    /// The text with the brackets of parenthetical remarks ("(You can type grad(L, [b])[1].)") turned into spaces:
    /// a `(` after a space whose matching `)` is followed by a space, punctuation or the end, not by an operator.
    static func withoutProseParentheses(_ text: String) -> String {
        var characters = Array(text)
        var open: [Int] = []
        for index in characters.indices {
            if characters[index] == "(" { open.append(index) }
            guard characters[index] == ")", let start = open.popLast() else { continue }
            let before = start == 0 ? " " : characters[start - 1]
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            if before.isWhitespace, after.isWhitespace || ".,;:!?".contains(after) {
                characters[start] = " "
                characters[index] = " "
            }
        }
        return String(characters)
    }

    /// A formula without the brackets of the sentence around it: an unmatched `)` at the end or `(` at the start.
    static func balanced(_ formula: String) -> String {
        var text = Substring(formula)
        func depth(_ text: Substring) -> Int { text.filter { "([".contains($0) }.count - text.filter { ")]".contains($0) }.count }
        while depth(text) < 0, let last = text.last, ")]".contains(last) { text = text.dropLast() }
        while depth(text) > 0, let first = text.first, "([".contains(first) { text = text.dropFirst() }
        return String(text)
    }

    /// Whether gradbook's parser reads `formula` with no error.
    static func parses(_ formula: String) -> Bool {
        let statements = Parser.statements(in: SourceText(formula))
        return !statements.isEmpty && statements.allSatisfy { if case .success = $0 { true } else { false } }
    }

    /// Everything a lesson shows in words: prose, questions, hints and explanations.
    static func shownText(_ lesson: Lesson) -> [String] {
        // A fenced block of text in the prose (lesson 6's table with blanks) is read line by line like the prose
        // around it; its fences are not code spans.
        var texts = lesson.blocks.compactMap { if case .prose(let text) = $0 { text.replacing(/```[a-z]*/, with: "") } else { nil } }
        for exercise in lesson.exercises { texts += [exercise.question, exercise.explanation] + exercise.hints + exercise.mistakes.map(\.hint) }
        return texts
    }

    @Test("the extraction finds formulas in prose and skips words and commands")
    func extraction() {
        #expect(LessonFormulaTests.bareFormulas(in: "hint: g(2) is 3*2 - 1, and g(0) = -1.") == ["g(2)", "3*2 - 1", "g(0)"])
        #expect(LessonFormulaTests.bareFormulas(in: "**Right.** It is t*(a*t + 1).") == ["t*(a*t + 1)"])
        #expect(LessonFormulaTests.bareFormulas(in: "the output is activation(weighted sum), so") == ["activation(weighted sum)"])
        #expect(LessonFormulaTests.bareFormulas(in: "The chain rule: 2*(inside) times x.") == ["2*(inside)"])
        #expect(LessonFormulaTests.bareFormulas(in: "so sigmoid(z)*(1 - sigmoid(z)) is the slope") == ["sigmoid(z)*(1 - sigmoid(z))"])
        #expect(LessonFormulaTests.codeSpans(in: "run `gradbook lesson 3`, then `w*x + b`") == ["w*x + b"])
        #expect(!LessonFormulaTests.parses("2(a - t)*x") || LessonFormulaTests.parses("2(a - t)*x") == false)
        #expect(LessonFormulaTests.parses("2*(a - t)*x"))
    }

    /// Text shown on purpose as something that does not parse, and why.
    static let exemptions: [String: String] = [
        "00-using-gradbook.md 2x": "shown as what does not work: `2*x`, not `2x`",
    ]

    @Test("every formula in a lesson's prose, questions, hints and explanations parses", arguments: LessonFiles.names)
    func shownFormulasParse(_ name: String) throws {
        let lesson = try LessonFiles.lesson(name)
        for text in LessonFormulaTests.shownText(lesson) {
            for formula in LessonFormulaTests.codeSpans(in: text) + LessonFormulaTests.bareFormulas(in: text)
            where LessonFormulaTests.exemptions["\(name) \(formula)"] == nil {
                #expect(LessonFormulaTests.parses(formula), "\(name): '\(formula)' does not parse, in: \(text.prefix(160))")
            }
        }
    }

    @Test("every formula in the feedback to an exercise's wrong answer and typical slips parses", arguments: LessonFiles.names)
    func feedbackFormulasParse(_ name: String) throws {
        LessonTests.walkExercises(try LessonFiles.lesson(name)) { session, exercise in
            let checker = session.checker(for: exercise)
            for answer in [exercise.wrong, "-(\(exercise.answer))", "2*(\(exercise.answer))"] {
                let feedback = checker.check(answer).difference ?? ""
                for formula in LessonFormulaTests.codeSpans(in: feedback) + LessonFormulaTests.bareFormulas(in: feedback) {
                    #expect(LessonFormulaTests.parses(formula), "\(name):\(exercise.line): '\(formula)' does not parse, in feedback: \(feedback)")
                }
            }
        }
    }
}
