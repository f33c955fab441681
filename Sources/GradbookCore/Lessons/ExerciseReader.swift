// The ```exercise block's fields: the question, then `answer:`, `wrong:`, `hint:`, `explain:` and friends.

import Foundation

/// Reads an ```exercise block (the syntax is in lessons/README.md).
///
/// Lines before the first field are the question. A field is `name: value` at the start of a line; lines
/// indented by two or more spaces continue the field above. `hint:` may appear up to three times.
enum ExerciseReader {
    /// The field names, in the order the README lists them.
    static let fieldNames: Set<String> = ["answer", "compare", "tolerance", "wrong", "mistake", "hint", "explain"]

    static func exercise(_ body: [String], line: Int) throws(LessonError) -> Exercise {
        var question: [String] = []
        var fields: [(name: String, value: String, line: Int)] = []
        for (offset, text) in body.enumerated() {
            if let (name, value) = field(in: text) {
                fields.append((name, value, line + 1 + offset))
            } else if text.hasPrefix("  "), !fields.isEmpty {
                fields[fields.count - 1].value += "\n" + text.trimmingCharacters(in: .whitespaces)
            } else if fields.isEmpty {
                question.append(text)
            } else if !text.allSatisfy(\.isWhitespace) {
                throw LessonError(line: line + 1 + offset, message: "expected a field (answer:, wrong:, hint:, explain: …) or a line indented to continue one")
            }
        }
        func value(_ name: String) -> String? { fields.last { $0.name == name }?.value }
        func required(_ name: String) throws(LessonError) -> String {
            guard let value = value(name), !value.isEmpty else { throw LessonError(line: line, message: "this exercise has no '\(name):' field") }
            return value
        }
        let answer = try required("answer")
        let kind: Exercise.Kind
        if let tolerance = value("tolerance") {
            guard let number = Double(tolerance), number >= 0 else {
                throw LessonError(line: line, message: "'tolerance: \(tolerance)' is not a non-negative number")
            }
            kind = .number(tolerance: number)
        } else {
            kind = .formula(target: value("compare") ?? answer)
        }
        let hints = fields.filter { $0.name == "hint" }.map(\.value)
        guard hints.count <= Exercise.maximumHints else { throw LessonError(line: line, message: "an exercise has at most three hints") }
        var mistakes: [Exercise.Mistake] = []
        for field in fields where field.name == "mistake" {
            let parts = field.value.components(separatedBy: "=>")
            guard parts.count == 2, !parts[0].allSatisfy(\.isWhitespace), !parts[1].allSatisfy(\.isWhitespace) else {
                throw LessonError(line: field.line, message: "write a mistake as 'mistake: ANSWER => the hint for it'")
            }
            mistakes.append(Exercise.Mistake(answer: parts[0].trimmingCharacters(in: .whitespacesAndNewlines),
                                             hint: parts[1].trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let text = question.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw LessonError(line: line, message: "this exercise asks no question (write it before the fields)") }
        var exercise = Exercise(question: text, answer: answer, kind: kind, wrong: try required("wrong"), hints: hints,
                                explanation: try required("explain"), line: line)
        exercise.mistakes = mistakes
        return exercise
    }

    /// `name: value` when the line starts with a known field name.
    private static func field(in text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = String(text[..<colon])
        guard fieldNames.contains(name) else { return nil }
        return (name, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
}
