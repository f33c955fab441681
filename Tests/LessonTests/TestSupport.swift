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

    /// A line diff: `-` expected, `+` actual, with line numbers.
    static func diff(expected: String, actual: String) -> String {
        LineDiff.text(expected: expected, actual: actual)
    }
}
