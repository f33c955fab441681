// The interactive loop: read a cell, run it in the Notebook, show In/Out numbered like a notebook.

import CReadline
import Foundation

/// A minimal interactive loop over GNU readline.
public struct REPL {
    public var notebook: Notebook
    public var terminal: Terminal

    public init(notebook: Notebook, terminal: Terminal) {
        self.notebook = notebook
        self.terminal = terminal
    }

    public func run() {
        let style = terminal.style
        StandardStream.write("gradbook — learn backpropagation by computing it. :help for help, :quit to leave.\n")
        while true {
            let prompt = "In [\(notebook.cellCount + 1)]: "
            guard let line = readline(prompt) else {
                StandardStream.write("\n")
                return
            }
            let text = String(cString: line)
            free(line)
            if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            add_history(text)
            let result = notebook.run(text)
            let renderer = DiagnosticRenderer(style: style)
            for output in result.outputs {
                switch output.kind {
                case .result:
                    let label = "Out[\(result.number)]: "
                    let indented = output.text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: label.count))
                    StandardStream.write(style.apply(.outputPrompt, label) + indented + "\n")
                case .info: StandardStream.write(output.text + "\n")
                case .note: StandardStream.write(style.apply(.note, output.text) + "\n")
                case .error(let diagnostic):
                    StandardStream.write(renderer.interactive(diagnostic, promptWidth: prompt.count) + "\n")
                }
            }
            if result.wantsQuit { return }
        }
    }
}
