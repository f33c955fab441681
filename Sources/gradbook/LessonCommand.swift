// gradbook lesson [N] [--auto] [--restart]: list the lessons, or walk through one.

import ArgumentParser
import Foundation
import GradbookCore
import GradbookTerminal

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List the lessons, or walk through one (by number or name).",
        discussion: """
            With no argument: the lessons with their length and your progress; on a terminal it then continues
            the lesson you were in (or starts the first one not done). Progress is kept in
            $XDG_STATE_HOME/gradbook/lessons.json (else ~/.local/state/gradbook/lessons.json).
            """
    )

    @ArgumentParser.Argument(help: "The lesson: a number (3), a name (03-measuring-the-mistake) or a .md file.")
    var name: String?

    @Flag(name: .long, help: "Run without pausing: every cell runs, every exercise is answered with its reference answer.")
    var auto = false

    @Flag(name: .long, help: "Start the lesson from the beginning instead of where you left off.")
    var restart = false

    @OptionGroup var display: DisplayOptions

    func run() throws {
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
}
