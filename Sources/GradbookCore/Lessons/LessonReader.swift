// Markdown → Lesson: prose, ```gradbook cells (transcript style) and ```exercise blocks (key: value fields).

import Foundation

/// A problem in a lesson file: the line and what is wrong there.
public struct LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

/// Reads a lesson file. The format is documented in lessons/README.md.
///
/// The title is the first `# ` heading (a leading `3 ·` or `3.` is dropped); the length is the first
/// `About N minutes` in the prose. Fences other than ```gradbook and ```exercise stay prose.
public enum LessonReader {
    /// Reads `text`, named `fileName` (`03-measuring-the-mistake.md`, which gives the number and slug).
    public static func lesson(from text: String, fileName: String) throws(LessonError) -> Lesson {
        let slug = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        let number = Int(slug.prefix { $0.isNumber }) ?? 0
        let blocks = try self.blocks(in: text)
        let prose = blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }.joined(separator: "\n")
        guard let title = title(in: prose) else { throw LessonError(line: 1, message: "the lesson has no '# ' title") }
        return Lesson(number: number, slug: slug, title: title, minutes: minutes(in: prose), blocks: blocks)
    }

    /// The file's blocks in order.
    static func blocks(in text: String) throws(LessonError) -> [Block] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [Block] = []
        var prose: [String] = []
        var index = 0
        func flushProse() {
            let joined = prose.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !joined.isEmpty { blocks.append(.prose(joined)) }
            prose = []
        }
        while index < lines.count {
            let fence = lines[index].trimmingCharacters(in: .whitespaces)
            guard fence == "```gradbook" || fence == "```exercise" else {
                prose.append(lines[index])
                index += 1
                continue
            }
            let start = index + 1
            guard let end = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "```" }) else {
                throw LessonError(line: index + 1, message: "this \(fence) block is never closed with ```")
            }
            flushProse()
            let body = Array(lines[start..<end])
            if fence == "```gradbook" {
                blocks.append(.cell(try cell(body, line: index + 1)))
            } else {
                blocks.append(.exercise(try ExerciseReader.exercise(body, line: index + 1)))
            }
            index = end + 1
        }
        flushProse()
        return blocks
    }

    /// A ```gradbook block's cells: transcript style when it shows `In [n]:` prompts, else one cell.
    static func cell(_ body: [String], line: Int) throws(LessonError) -> LessonCell {
        guard body.contains(where: { $0.hasPrefix("In [") }) else {
            let code = body.joined(separator: "\n")
            guard !code.allSatisfy(\.isWhitespace) else { throw LessonError(line: line, message: "this gradbook block is empty") }
            return LessonCell(inputs: [code], transcript: nil, line: line)
        }
        guard body.first?.hasPrefix("In [") == true else {
            throw LessonError(line: line + 1, message: "a gradbook block with prompts must start with 'In [n]:'")
        }
        var inputs: [String] = []
        var shown: [[String]] = []
        var numbers: [Int?] = []
        for text in body {
            if text.hasPrefix("In ["), let colon = text.firstIndex(of: ":") {
                let rest = text[text.index(after: colon)...]
                inputs.append(String(rest.dropFirst(rest.hasPrefix(" ") ? 1 : 0)))
                shown.append([])
                numbers.append(Int(text.dropFirst(4).prefix { $0 != "]" }))
            } else if let range = text.range(of: "...: "), text[..<range.lowerBound].allSatisfy({ $0 == " " }), !inputs.isEmpty {
                inputs[inputs.count - 1] += "\n" + text[range.upperBound...]
            } else if !shown.isEmpty {
                shown[shown.count - 1].append(text)
            }
        }
        var cell = LessonCell(inputs: inputs, transcript: body.joined(separator: "\n"), line: line)
        cell.shown = shown.map { $0.joined(separator: "\n") }
        cell.numbers = numbers
        return cell
    }

    /// The first `# ` heading, without a leading lesson number (`3 · `, `3. `).
    static func title(in prose: String) -> String? {
        guard let heading = prose.split(separator: "\n").first(where: { $0.hasPrefix("# ") }) else { return nil }
        var title = heading.dropFirst(2).trimmingCharacters(in: .whitespaces)
        if let match = title.firstMatch(of: /^\d+\s*[·.:]\s*/) { title = String(title[match.range.upperBound...]) }
        return title
    }

    /// The N of the first `About N minutes`.
    static func minutes(in prose: String) -> Int? {
        guard let match = prose.firstMatch(of: /[Aa]bout (\d+) minutes/) else { return nil }
        return Int(match.1)
    }
}
