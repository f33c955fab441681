// libFuzzer entry point over the whole pipeline: text → tokens → syntax tree → evaluation →
// derivatives → rendering → exports, and the files :save, :export, :load and load(…) write and read
// (in a folder the fuzzer owns). Built together with GradbookCore's sources by scripts/fuzz.sh.

import Foundation
import Synchronization

/// How long a cell may run before the fuzzer presses Ctrl-C, as a person would (FUZZ_PATIENCE_MS, default
/// 2000). Long computations (train(…, epochs = 9999999)) are legitimate; what must never happen is a
/// computation that ignores Ctrl-C, which then shows up as a libFuzzer timeout. A short patience makes
/// long runs faster, and exercises the interruption paths more.
let patienceNanoseconds = UInt64(ProcessInfo.processInfo.environment["FUZZ_PATIENCE_MS"].flatMap(Int.init) ?? 2000) * 1_000_000

/// Presses Ctrl-C on the running cell once its patience is used up. One thread for the whole run: a
/// timer per cell (DispatchQueue.asyncAfter) cost a fifth of the time of a typical execution.
final class Watchdog: Sendable {
    private let watched = Mutex<(interruption: Interruption?, deadline: UInt64)>((nil, 0))

    init() {
        let pollMicroseconds = useconds_t(max(500, min(50_000, patienceNanoseconds / 4_000)))
        Thread.detachNewThread { [self] in
            while true {
                usleep(pollMicroseconds)
                let now = DispatchTime.now().uptimeNanoseconds
                watched.withLock { watched in
                    guard let interruption = watched.interruption, now >= watched.deadline else { return }
                    interruption.request()
                    watched.interruption = nil
                }
            }
        }
    }

    func watch(_ interruption: Interruption) {
        let deadline = DispatchTime.now().uptimeNanoseconds + patienceNanoseconds
        watched.withLock { $0 = (interruption, deadline) }
    }

    func stop() {
        watched.withLock { $0 = (nil, 0) }
    }
}

let watchdog = Watchdog()

/// The folder the fuzzer owns for `:save`, `:export`, `:load` and `load(…)` (FUZZ_FILES=no turns file access
/// off): a fresh one in /dev/shm (memory, so fsync costs nothing) or the temporary folder, emptied after
/// every input so no input sees another's files, and removed when the run ends normally.
let fileFolder: URL? = {
    guard ProcessInfo.processInfo.environment["FUZZ_FILES"] != "no" else { return nil }
    let parent = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    var template = Array("\(parent)/gradbook-fuzz-files-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { return nil }
    let folder = URL(fileURLWithPath: String(cString: made))
    fileFolderToRemove = folder.path
    atexit { if let path = fileFolderToRemove { try? FileManager.default.removeItem(atPath: path) } }
    return folder
}()

/// `fileFolder`'s path for the exit handler, which cannot capture values.
nonisolated(unsafe) var fileFolderToRemove: String?

/// Whether `text` may run with file access: it must not be able to name a file outside `fileFolder`. Paths
/// come only from the text (a command's argument or a quoted string), so an input with `/` or `~` anywhere
/// runs with file access off: then `:save ../../etc/passwd` or `load("/dev/zero")` is refused, never tried.
func staysInFileFolder(_ text: String) -> Bool {
    !text.contains("/") && !text.contains("~")
}

/// Empties the fuzzer's folder (what the last input wrote).
func emptyFileFolder() {
    guard let folder = fileFolder else { return }
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
}

/// Runs one fuzz input as notebook cells and renders what they show. Any crash, overflow, sanitizer
/// report or unstoppable computation is a bug; errors (diagnostics) are the expected answer to hostile input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let notebook = Notebook(workingDirectory: fileFolder)
    // Hostile input must never read or write real files (":save Package.swift"): only the fuzzer's own folder.
    notebook.allowsFileAccess = fileFolder != nil && staysInFileFolder(text)
    defer { if notebook.allowsFileAccess { emptyFileFolder() } }
    let renderer = CellRenderer(style: .plain)
    for cell in text.split(separator: "\u{1}", omittingEmptySubsequences: false).prefix(8) {
        watchdog.watch(notebook.interruption)
        let result = notebook.run(String(cell))
        watchdog.stop()
        _ = renderer.text(result, promptWidth: 8)
    }
    // What :export would write (plots as SVG, formulas as LaTeX and MathML), built in memory. One format
    // per input, chosen by its length: the three typeset the same formulas, and typesetting is the costly
    // part, so writing all three would triple the time of every input that shows a formula.
    let export = SessionExport(cells: notebook.log, format: notebook.format)
    switch size % 3 {
    case 0: _ = export.html()
    case 1: _ = export.notebook()
    default: _ = export.markdown(baseName: "fuzz")
    }
    return 0
}
