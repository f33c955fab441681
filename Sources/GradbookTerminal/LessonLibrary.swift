// Where the lessons are, which one a learner means ("3", "03", a slug or a path), and their progress file.

import Foundation
import GradbookCore

/// The shipped lessons folder and the learner's progress.
///
/// The folder is `$GRADBOOK_LESSONS` when set, else the first `lessons/` holding `00-*.md` found walking up
/// from the executable (a `swift build` tree) or from the current directory.
public struct LessonLibrary {
    public var folder: URL?
    public var progress: LessonProgress

    public init(folder: URL?, progress: LessonProgress) {
        self.folder = folder
        self.progress = progress
    }

    /// The library the command line and the REPL use.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> LessonLibrary {
        LessonLibrary(folder: findFolder(environment: environment), progress: LessonProgress(environment: environment))
    }

    static func findFolder(environment: [String: String]) -> URL? {
        if let given = environment["GRADBOOK_LESSONS"], !given.isEmpty { return URL(fileURLWithPath: given) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let starts = [executable, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        for start in starts {
            var folder = start
            for _ in 0..<6 {
                let candidate = folder.appendingPathComponent("lessons")
                if hasLessons(candidate) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }

    static func hasLessons(_ folder: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.contains { $0.hasPrefix("00-") && $0.hasSuffix(".md") }
    }

    /// The lesson files, in order of their numbers.
    public var files: [URL] {
        guard let folder else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Reads one lesson file.
    public static func load(_ file: URL) -> Result<Lesson, LessonLoadError> {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return .failure(.unreadable(file.path)) }
        do throws(LessonError) {
            return .success(try LessonReader.lesson(from: text, fileName: file.lastPathComponent))
        } catch {
            return .failure(.malformed(file.path, error))
        }
    }

    /// The file a learner means: a number (`3`, `03`), a slug (`03-measuring-the-mistake`, or the part after
    /// the number), or a path to a `.md` file.
    public func file(for name: String) -> URL? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(".md"), FileManager.default.fileExists(atPath: trimmed) { return URL(fileURLWithPath: trimmed) }
        let slug = trimmed.hasSuffix(".md") ? String(trimmed.dropLast(3)) : trimmed
        return files.first { file in
            let base = file.deletingPathExtension().lastPathComponent
            let number = base.prefix { $0.isNumber }
            return base == slug || (Int(slug).map { Int(number) == $0 } ?? false) || base.dropFirst(number.count + 1) == slug
        }
    }

    /// Lesson `number`, read from its file; nil when there is none (or it does not read).
    public func lesson(numbered number: Int) -> Lesson? {
        guard let file = files.first(where: { Int($0.lastPathComponent.prefix { $0.isNumber }) == number }),
              case .success(let lesson) = LessonLibrary.load(file) else { return nil }
        return lesson
    }

    /// What checks `:answer N.K ANSWER` against these lessons' exercises.
    public func answers() -> LessonAnswers {
        LessonAnswers { self.lesson(numbered: $0) }
    }

    /// `standard().answers()`, with the folder found when `:answer` is first used rather than at start-up:
    /// finding it walks up two folder trees and reads the environment, a sixth of what `gradbook -e` did
    /// before its first statement, and few sessions answer an exercise.
    public static func standardAnswers() -> LessonAnswers {
        var library: LessonLibrary?
        return LessonAnswers { number in
            if library == nil { library = .standard() }
            return library?.lesson(numbered: number)
        }
    }

    /// The listing `gradbook lesson` prints: number, title, minutes, done or not, and where to resume.
    public func listing() -> String {
        guard !files.isEmpty else { return "no lessons found (set GRADBOOK_LESSONS to the lessons folder)." }
        let (state, notice) = progress.read()
        var rows: [[String]] = []
        for file in files {
            guard case .success(let lesson) = LessonLibrary.load(file) else { continue }
            let mark = state.completed.contains(lesson.slug) ? "done"
                : state.current == lesson.slug ? "at step \(min(state.step, max(0, lesson.steps.count - 1)) + 1) of \(lesson.steps.count)" : ""
            rows.append([String(lesson.number), lesson.title, lesson.minutes.map { "\($0) min" } ?? "", mark])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ((notice.map { [$0] } ?? []) + lines).joined(separator: "\n")
    }
}

/// Why a lesson could not be read.
public enum LessonLoadError: Error, CustomStringConvertible {
    case unreadable(String)
    case malformed(String, LessonError)

    public var description: String {
        switch self {
        case .unreadable(let path): return "could not read the lesson '\(path)'."
        case .malformed(let path, let error): return "\(path):\(error.line): \(error.message)."
        }
    }
}
