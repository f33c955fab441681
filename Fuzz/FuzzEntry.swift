// libFuzzer entry point over the whole pipeline: text → tokens → syntax tree → evaluation →
// derivatives → rendering → exports. Built together with GradbookCore's sources by scripts/fuzz.sh.

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

/// Runs one fuzz input as notebook cells and renders what they show. Any crash, overflow, sanitizer
/// report or unstoppable computation is a bug; errors (diagnostics) are the expected answer to hostile input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let notebook = Notebook()
    // Hostile input must never read or write real files (":save Package.swift").
    notebook.allowsFileAccess = false
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
