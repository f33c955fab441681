// libFuzzer entry point over the whole pipeline: text → tokens → syntax tree → evaluation →
// derivatives → rendering. Built together with GradbookCore's sources by scripts/fuzz.sh.

/// Runs one fuzz input as a notebook cell and renders what it shows. Any crash, overflow or sanitizer
/// report is a bug; errors (diagnostics) are the expected answer to hostile input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let notebook = Notebook()
    // Hostile input must never read or write real files (":save Package.swift").
    notebook.allowsFileAccess = false
    let renderer = CellRenderer(style: .plain)
    for cell in text.split(separator: "\u{1}", omittingEmptySubsequences: false).prefix(8) {
        let result = notebook.run(String(cell))
        _ = renderer.text(result, promptWidth: 8)
    }
    return 0
}
