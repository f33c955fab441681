// Shared helpers for the lesson tests: the lessons folder, reading a lesson, a line diff, quoted numbers.

import Foundation
import GradbookCore

enum LessonFiles {
    /// The repository's lessons/ folder.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")

    /// The lesson files' names, in order (`00-using-gradbook.md`, …).
    static var names: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
    }

    static func lesson(_ name: String) throws -> Lesson {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try LessonReader.lesson(from: text, fileName: name)
    }

    /// Numbers worth checking: those with a decimal point, or with at least three digits (`0.25`, `337`).
    /// Digits inside names (`W1`, `x2`) are not numbers; thousands separators are ignored (`1,348`).
    static func quotedNumbers(in text: String) -> [String] {
        let plain = text.replacing(/(\d),(\d{3})/, with: { "\($0.1)\($0.2)" })
        return plain.matches(of: /(?:^|[^\w.])(\d+(?:\.\d+)?(?:e-?\d+)?)(?!\w)/).map { String($0.output.1) }
            .filter { $0.contains(".") || $0.count >= 3 }
    }

    /// Number words before "times" and the like, which claim a figure: "ten times as long" (10), "twice as fast"
    /// (2), "two and a half times" (2.5), "a hundred times" (100), "30 percent" is left to `quotedNumbers`.
    static func wordFigures(in text: String) -> [(words: String, value: Double)] {
        let units: [String: Double] = ["two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                                       "ten": 10, "twenty": 20, "fifty": 50, "a hundred": 100, "a thousand": 1000, "a million": 1e6]
        var figures: [(String, Double)] = []
        let flat = text.replacingOccurrences(of: "\n", with: " ").lowercased()
        for match in flat.matches(of: /\b(twice|(?:a )?[a-z]+)( and a half)? times (as|the|faster|slower|larger|smaller|more)\b/) {
            let word = String(match.1)
            guard let base = word == "twice" ? 2 : units[word] else { continue }
            figures.append((String(match.0), base + (match.2 == nil ? 0 : 0.5)))
        }
        return figures
    }

    /// A line diff: `-` expected, `+` actual, with line numbers.
    static func diff(expected: String, actual: String) -> String {
        LineDiff.text(expected: expected, actual: actual)
    }
}
