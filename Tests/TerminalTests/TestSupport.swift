// Shared helpers for the terminal tests: a scripted REPL session captured as text.

import Foundation
import GradbookCore
@testable import GradbookTerminal

/// Collects everything a session writes, in order, as one text.
final class Capture {
    var text = ""
}

/// Runs a REPL over scripted `lines` (`"^C"` is Ctrl-C, `"^D"` Ctrl-D) and returns the screen as plain text:
/// prompts with the typed lines, then results and errors, interleaved as a terminal shows them.
func session(_ lines: [String], notebook: Notebook = Notebook()) -> String {
    let capture = Capture()
    let source = ScriptedLineSource(lines) { capture.text += $0 }
    let output = OutputSink(standard: { capture.text += $0 }, error: { capture.text += $0 })
    REPL(notebook: notebook, lines: source, output: output).run()
    return capture.text
}

/// A fresh empty folder for files a test writes.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
