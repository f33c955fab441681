// gradbook lesson [N] [--auto] [--restart] [--notebook PATH]: list the lessons, walk through one, or write
// them as Jupyter notebooks.

import ArgumentParser
import Foundation
import GradbookCore
import GradbookTerminal

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List the lessons, or walk through one (by number or name).",
        discussion: """
            With no argument: the lessons with their length and your progress; on a terminal it then continues \
            the lesson you were in (or starts the first one not done). Progress is kept in \
            $XDG_STATE_HOME/gradbook/lessons.json (else ~/.local/state/gradbook/lessons.json).

            --notebook writes lessons as Jupyter notebooks for the gradbook kernel (gradbook jupyter install): \
            the prose as Markdown cells, each cell as a code cell, each exercise as a cell `:answer N.K ` to \
            complete and run. With N, PATH is the file (or a folder to put it in); without N, PATH is a folder \
            that gets every lesson, as lesson-00-using-gradbook.ipynb and so on.

            Examples:
              gradbook lesson 3
              gradbook lesson 3 --notebook lesson-3.ipynb
              gradbook lesson --notebook course/
            """
    )

    @ArgumentParser.Argument(help: "The lesson: a number (3), a name (03-measuring-the-mistake) or a .md file.")
    var name: String?

    @Flag(name: .long, help: "Run without pausing: every cell runs, every exercise is answered with its reference answer.")
    var auto = false

    @Flag(name: .long, help: "Start the lesson from the beginning instead of where you left off.")
    var restart = false

    @Option(name: .long, help: ArgumentHelp("Write the lesson (or, without N, every lesson) as a Jupyter notebook in PATH instead of running it.",
                                            valueName: "path"))
    var notebook: String?

    @Flag(name: .long, help: "With --notebook: replace a file that gradbook did not write.")
    var force = false

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if notebook != nil, auto || restart { throw ValidationError("--notebook writes notebooks; it does not run the lesson, so it takes no --auto or --restart.") }
        if force, notebook == nil { throw ValidationError("--force goes with --notebook.") }
    }

    func run() throws {
        if let notebook { return try writeNotebooks(to: notebook) }
        let terminal = Terminal(noColorFlag: display.noColor)
        let library = LessonLibrary.standard()
        let output = OutputSink.terminal
        if name == nil, auto || !terminal.inputIsTerminal {
            StandardStream.write(library.listing() + "\n")
            return
        }
        if auto || !terminal.inputIsTerminal {
            guard let name, let file = library.file(for: name) else {
                StandardStream.writeError("gradbook: there is no lesson '\(name ?? "")'; gradbook lesson lists them.\n")
                throw ExitCode(66)
            }
            if !LessonLauncher.automatic(file: file, output: output, style: terminal.style, width: LessonLauncher.width()) { throw ExitCode(1) }
            return
        }
        if name == nil { StandardStream.write(library.listing() + "\n\n") }
        let notebook = Notebook()
        InterruptSignal.install(notebook.interruption)
        let editor = LineEditor(style: terminal.style, history: HistoryFile(url: nil), interruption: notebook.interruption) {
            Completion(bindings: notebook.bindings, listDirectory: FileListing.entries)
        }
        if !LessonLauncher.interactive(name, library: library, lines: editor, output: output, style: terminal.style, restart: restart,
                                           notebook: notebook) {
            throw ExitCode(66)
        }
    }

    /// `--notebook PATH`: one lesson to a file (or into a folder), or every lesson into a folder.
    private func writeNotebooks(to path: String) throws {
        let library = LessonLibrary.standard()
        let target = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder)
        let files: [URL]
        if let name {
            guard let file = library.file(for: name) else {
                StandardStream.writeError("gradbook: there is no lesson '\(name)'; gradbook lesson lists them.\n")
                throw ExitCode(66)
            }
            files = [file]
        } else {
            guard !library.files.isEmpty else {
                StandardStream.writeError("gradbook: no lessons found (set GRADBOOK_LESSONS to the lessons folder).\n")
                throw ExitCode(66)
            }
            guard !exists || isFolder.boolValue else {
                StandardStream.writeError("gradbook: \(path) is a file; every lesson needs a folder (gradbook lesson --notebook course/), or name one lesson.\n")
                throw ExitCode(1)
            }
            files = library.files
        }
        let intoFolder = name == nil || (exists && isFolder.boolValue)
        if intoFolder, !exists {
            do { try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true) } catch {
                StandardStream.writeError("gradbook: could not make the folder \(path): \(error.localizedDescription)\n")
                throw ExitCode(1)
            }
        }
        var written: [String] = []
        for file in files {
            let lesson: Lesson
            switch LessonLibrary.load(file) {
            case .success(let read): lesson = read
            case .failure(let problem):
                StandardStream.writeError("gradbook: \(problem.description)\n")
                throw ExitCode(1)
            }
            let url = intoFolder ? target.appendingPathComponent(LessonNotebook.fileName(lesson)) : target
            if let problem = LessonNotebook.write(lesson, to: url, force: force) {
                StandardStream.writeError("gradbook: could not write \(url.path): \(problem).\n")
                throw ExitCode(1)
            }
            written.append(intoFolder ? url.lastPathComponent : url.path)
        }
        let shown = written.count == 1 ? written[0] : "\(written.count) notebooks (\(written[0]) … \(written[written.count - 1]))"
        print("wrote \(shown)\(intoFolder ? " in \(target.path)" : ""); open with the gradbook kernel (gradbook jupyter install).")
    }
}
