// Starting a lesson from the command line or from :lesson in the REPL: which one, from which step, and how.

import Foundation
import GradbookCore

/// Finds the lesson a learner asked for and runs it, interactively or automatically.
public enum LessonLauncher {
    /// Walks a learner through the lesson `name` (nil: the one in progress, else the first not done),
    /// resuming where they stopped unless `restart`. Returns false when the lesson could not be found or read.
    @discardableResult
    public static func interactive(_ name: String?, library: LessonLibrary, lines: LineSource, output: OutputSink,
                                   style: Style, width: Int = LessonLauncher.width(), restart: Bool = false,
                                   notebook: Notebook = Notebook()) -> Bool {
        let (state, notice) = library.progress.read()
        if let notice { output.error(notice + "\n") }
        let file: URL?
        if let name, !name.isEmpty {
            file = library.file(for: name)
        } else {
            file = state.current.flatMap(library.file(for:))
                ?? library.files.first { !state.completed.contains($0.deletingPathExtension().lastPathComponent) }
                ?? library.files.first
        }
        guard let file else {
            output.error("gradbook: there is no lesson '\(VisibleText.escaping(name ?? ""))'; gradbook lesson lists them.\n")
            return false
        }
        switch LessonLibrary.load(file) {
        case .failure(let error):
            output.error("gradbook: \(error)\n")
            return false
        case .success(let lesson):
            let start = !restart && state.current == lesson.slug ? state.step : 0
            let runner = LessonRunner(lesson: lesson, lines: lines, output: output, style: style, width: width,
                                      progress: library.progress, notebook: notebook)
            runner.run(from: start)
            return true
        }
    }

    /// Runs a lesson file straight through (cells run, exercises answered with their reference answers);
    /// the problems found go to `output.error`. Returns whether there were none.
    public static func automatic(file: URL, output: OutputSink, style: Style, width: Int = 80) -> Bool {
        switch LessonLibrary.load(file) {
        case .failure(let error):
            output.error("gradbook: \(error)\n")
            return false
        case .success(let lesson):
            let runner = LessonRunner(lesson: lesson, lines: nil, output: output, style: style, width: width)
            runner.run()
            for problem in runner.problems { output.error("\(file.deletingLastPathComponent().path)/\(problem)\n") }
            return runner.succeeded
        }
    }

    /// The terminal's width in columns (at most 100, for reading comfort), else `COLUMNS`, else 80.
    public static func width() -> Int {
        if let columns = Terminal.columns(of: STDOUT_FILENO) { return min(100, columns) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return min(100, columns) }
        return 80
    }
}
