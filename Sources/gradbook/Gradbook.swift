// The gradbook command: the REPL on a terminal, -e CODE, run FILE, or a script piped to stdin.

import ArgumentParser
import Foundation
import GradbookCore
import GradbookTerminal

@main
struct Gradbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradbook",
        abstract: "A notebook-style REPL for learning and checking backpropagation.",
        discussion: """
            With no arguments on a terminal, gradbook starts the interactive REPL (:help inside it). \
            With -e CODE, run FILE or a piped script it runs the code, prints each result, and exits with \
            status 1 if any statement failed. gradbook lesson lists the lessons. gradbook jupyter install sets \
            gradbook up as a Jupyter kernel.

            Examples:
              gradbook -e 'diff(x^2*sin(x), x)'
              gradbook run session.gb
              gradbook lesson 0
            """,
        version: "0.1.0",
        subcommands: [Repl.self, Run.self, LessonCommand.self, Serve.self, JupyterCommand.self],
        defaultSubcommand: Repl.self
    )
}

/// Options every mode shares.
struct DisplayOptions: ParsableArguments {
    @Flag(name: .long, help: "Never colour the output (NO_COLOR=1 does the same).")
    var noColor = false
}

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start the interactive REPL, or run -e code or a piped script."
    )

    // Unconditional: code such as `-x + 1` starts with a dash and is still the value of -e (found by
    // HostileInputTests; it used to be a usage error).
    @Option(name: .customShort("e"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Run CODE (statements separated by ; or new lines) and exit. May be repeated.", valueName: "code"))
    var code: [String] = []

    @OptionGroup var display: DisplayOptions

    func run() throws {
        try Repl.run(code: code, noColor: display.noColor)
    }

    /// The REPL, or `-e` code, or a piped script; also called without the argument parser (`Gradbook.main`).
    static func run(code: [String], noColor: Bool) throws {
        let terminal = Terminal(noColorFlag: noColor)
        if !code.isEmpty {
            let runner = ScriptRunner(style: terminal.style, width: terminal.outputWidth, errorWidth: terminal.errorWidth)
            var succeeded = true
            for snippet in code {
                let outcome = runner.run(snippet, name: "-e")
                succeeded = succeeded && outcome.succeeded
                if outcome.quit { break }
            }
            NotebookKeptUntilExit.keep(runner.notebook)
            if !succeeded { throw ExitCode(1) }
            return
        }
        if !terminal.inputIsTerminal {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let text: String
            switch ScriptFile.decode(data, name: "<stdin>") {
            case .success(let decoded): text = decoded
            case .failure(let diagnostic):
                StandardStream.writeError(DiagnosticRenderer(style: terminal.style).located(diagnostic) + "\n")
                throw ExitCode(66)
            }
            let runner = ScriptRunner(style: terminal.style, width: terminal.outputWidth, errorWidth: terminal.errorWidth)
            let outcome = runner.run(text, name: "<stdin>")
            NotebookKeptUntilExit.keep(runner.notebook)
            if !outcome.succeeded { throw ExitCode(1) }
            return
        }
        let notebook = Notebook()
        notebook.exercises = LessonLibrary.standardAnswers()
        InterruptSignal.install(notebook.interruption)
        let history = HistoryFile(environment: ProcessInfo.processInfo.environment)
        let editor = LineEditor(style: terminal.style, history: history, interruption: notebook.interruption) {
            Completion(bindings: notebook.bindings, listDirectory: FileListing.entries)
        }
        let banner = Banner.text(version: Gradbook.configuration.version, style: terminal.style)
        StandardStream.write(terminal.outputWidth.map { WordWrap(width: $0).text(banner) } ?? banner)
        let repl = REPL(notebook: notebook, lines: editor, style: terminal.style)
        repl.lessons = LessonLibrary.standard()
        repl.width = { terminal.outputWidth }
        if terminal.outputIsTerminal { repl.showProgress() }
        repl.run()
    }
}

struct Run: ParsableCommand {
    // Named here, not derived from the type: deriving it (String(describing:)) looked up conformances through every
    // one in the binary, a fifth of an empty run's start-up.
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a gradbook script file and exit.")

    @ArgumentParser.Argument(help: "The script to run.")
    var file: String

    @OptionGroup var display: DisplayOptions

    func run() throws {
        try Run.run(file: file, noColor: display.noColor)
    }

    /// Runs the script `file`; also called without the argument parser (`Gradbook.main`).
    static func run(file: String, noColor: Bool) throws {
        let terminal = Terminal(noColorFlag: noColor)
        let text: String
        switch ScriptFile.read(URL(fileURLWithPath: file), name: file) {
        case .success(let read): text = read
        case .failure(.unreadable(let reason)):
            StandardStream.writeError("gradbook: \(VisibleText.escaping(reason.sentence))\n")
            throw ExitCode(66)
        case .failure(.notUTF8(let diagnostic)):
            StandardStream.writeError(DiagnosticRenderer(style: terminal.style).located(diagnostic) + "\n")
            throw ExitCode(66)
        }
        // A lesson (lessons/NN-slug.md) runs straight through, as `gradbook lesson N --auto` does.
        if file.hasSuffix(".md") {
            let passed = LessonLauncher.automatic(file: URL(fileURLWithPath: file), output: .terminal, style: terminal.style)
            if !passed { throw ExitCode(1) }
            return
        }
        let runner = ScriptRunner(style: terminal.style, width: terminal.outputWidth, errorWidth: terminal.errorWidth)
        let outcome = runner.run(text, name: file)
        NotebookKeptUntilExit.keep(runner.notebook)
        if !outcome.succeeded { throw ExitCode(1) }
    }
}

/// The notebook of a script or `-e` run, held until the process exits rather than dismantled just before: the
/// system takes back the memory at once, while releasing a training loop's 60,000 nodes one by one took
/// milliseconds of every such command. (Nothing of a notebook outlives the process: files are written when
/// their statement runs.)
enum NotebookKeptUntilExit {
    nonisolated(unsafe) private static var kept: [Notebook] = []

    static func keep(_ notebook: Notebook) {
        kept.append(notebook)
    }
}
