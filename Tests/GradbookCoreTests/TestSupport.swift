// Helpers shared by the core tests: running cells, and caret markers in source strings.

import Foundation
@testable import GradbookCore

/// A fresh, empty folder of the test's own under the system's temporary directory; the caller removes it.
func temporaryFolder(_ purpose: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-\(purpose)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs `cells` in one fresh notebook and returns the last cell's result.
@discardableResult
func run(_ cells: String..., in notebook: Notebook = Notebook()) -> CellResult {
    var last = CellResult(number: 0)
    for cell in cells { last = notebook.run(cell) }
    return last
}

/// Runs `code` in `notebook`, pressing Ctrl-C (requesting an interruption) `milliseconds` after it starts and
/// again every 20 ms until it returns. One press at a fixed time could come before the cell had begun on a
/// machine busy with parallel tests, and a cell clears earlier presses when it starts: the loop then ran on.
func run(_ code: String, in notebook: Notebook, pressingCtrlCAfter milliseconds: Int) -> CellResult {
    let interruption = notebook.interruption
    let finished = CellFinished()
    DispatchQueue.global().async {
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
        while !finished.isSet {
            interruption.request()
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
    let result = notebook.run(code)
    finished.set()
    return result
}

/// Whether a cell has returned, read from another thread.
final class CellFinished: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    var isSet: Bool { lock.withLock { done } }
    func set() { lock.withLock { done = true } }
}

/// The text of a cell's results (not notes or errors), one per line.
func results(of result: CellResult) -> String {
    result.outputs.filter { if case .result = $0.kind { return true } else { return false } }.map(\.text).joined(separator: "\n")
}

/// The first diagnostic of a cell, if any.
func diagnostic(of result: CellResult) -> Diagnostic? {
    for output in result.outputs { if case .error(let diagnostic) = output.kind { return diagnostic } }
    return nil
}

/// Splits `"sin(x, 1️⃣y"` into the text without the marker and the marker's offset (swift-syntax style).
func marked(_ text: String) -> (text: String, offset: Int) {
    let marker: Unicode.Scalar = "\u{0031}"
    var scalars = Array(text.unicodeScalars)
    guard let index = scalars.indices.first(where: { scalars[$0] == marker && $0 + 2 < scalars.count && scalars[$0 + 1] == "\u{FE0F}" && scalars[$0 + 2] == "\u{20E3}" }) else {
        return (text, 0)
    }
    scalars.removeSubrange(index...(index + 2))
    return (String(String.UnicodeScalarView(scalars)), index)
}

/// The value of a numeric expression evaluated in a fresh notebook, or nil if it failed.
func value(_ code: String) -> Double? { numberAndNotes(code)?.value }

/// The number `code` evaluates to in a fresh notebook and the notes the evaluation left; nil if it failed or gave
/// a formula.
func numberAndNotes(_ code: String) -> (value: Double, notes: [Note])? {
    let notebook = Notebook()
    let source = SourceText(code)
    guard case .success(let statement)? = Parser.statements(in: source).first else { return nil }
    let evaluator = Evaluator(bindings: notebook.bindings, source: source, cell: 1)
    guard let value = try? evaluator.execute(statement), let node = value.node, !node.isSymbolic else { return nil }
    return (node.value, evaluator.notes)
}

/// The nodes bound to `names` after running `code` in a fresh notebook; nil if any is not a value with a node.
func boundNodes(_ names: String..., after code: String) -> [Node]? {
    let notebook = Notebook()
    notebook.run(code)
    var nodes: [Node] = []
    for name in names {
        guard case .value(let value, _)? = notebook.bindings[name], let node = value.node else { return nil }
        nodes.append(node)
    }
    return nodes
}

/// `code`'s node with x and y bound to these numbers, and the leaves x and y; nil if it failed.
func boundGraph(_ code: String, x: Double, y: Double) -> (output: Node, leaves: [Node])? {
    let notebook = Notebook()
    _ = notebook.run("x = \(x)")
    _ = notebook.run("y = \(y)")
    var nodes: [Node] = []
    for text in [code, "x", "y"] {
        let source = SourceText(text)
        guard case .success(let statement)? = Parser.statements(in: source).first,
              let value = try? Evaluator(bindings: notebook.bindings, source: source, cell: 3).execute(statement),
              let node = value.node else { return nil }
        nodes.append(node)
    }
    return (nodes[0], Array(nodes.dropFirst()))
}

/// How far `f`'s value moves when x and y each move by `ulps` units in the last place.
///
/// Rounding inside a formula nudges its intermediate values by about that much, so two exact ways of computing the
/// same value (a formula and its printed form, before and after tidying) may differ by this spread and both be right:
/// sin(exp(y^18/4)) at y = -1.26 is sin of a number near 9e6 that carries 16 × 18 roundings, and its seventh digit
/// depends on whether y^18 was computed as ((y^3)^3)^2. Where the formula is well conditioned the spread is a few
/// units in the last place, so a wrong rewrite, off by O(1), still fails. 0 (no allowance) where it cannot be
/// told: `f` not finite at the point or failing there, so an infinite value never excuses a finite one.
func roundingSpread(x: Double, y: Double, ulps: Int = 4, _ f: (Double, Double) -> Double?) -> Double {
    guard let centre = f(x, y), centre.isFinite else { return 0 }
    func moved(_ value: Double, by steps: Int) -> Double {
        var result = value
        for _ in 0..<Swift.abs(steps) { result = steps > 0 ? result.nextUp : result.nextDown }
        return result
    }
    var spread = 0.0
    for (dx, dy) in [(ulps, 0), (-ulps, 0), (0, ulps), (0, -ulps)] {
        guard let value = f(moved(x, by: dx), moved(y, by: dy)), value.isFinite else { continue }
        spread = Swift.max(spread, Swift.abs(value - centre))
    }
    return spread
}

/// A first-order bound on the rounding error of `code`'s value with x and y bound to these numbers: the running
/// error analysis numdiff uses (`NumericDerivative.roundingNoise`), over every step that depends on x or y, times 4
/// for library functions that round to within an ulp rather than half of one. An expanded polynomial that sums
/// terms near 1e5 to get 1.0001 keeps fewer digits than the product it came from, and this says how many fewer.
/// 0 where it cannot be told (vectors, a local derivative that is not finite).
func roundingBound(_ code: String, x: Double, y: Double) -> Double {
    guard let (output, leaves) = boundGraph(code, x: x, y: y) else { return 0 }
    let bounds = leaves.map { NumericDerivative.roundingNoise(of: output, movingWith: $0) ?? 0 }
    return 4 * bounds.reduce(0, +)
}

/// What `call` evaluates to after `setup` has run in a fresh notebook, as the statement's value (a check's report).
func evaluatedCall(_ setup: String, _ call: String) throws -> Value {
    let notebook = Notebook()
    notebook.run(setup)
    let source = SourceText(call)
    guard case .success(let statement)? = Parser.statements(in: source).first else { throw CheckReportMissing.parse }
    guard let value = try? Evaluator(bindings: notebook.bindings, source: source, cell: 2).execute(statement) else { throw CheckReportMissing.noReport }
    return value
}

/// check's report for a number: `call` after `setup`.
func checkReport(_ setup: String, _ call: String) throws -> GradientCheckReport {
    guard case .check(let report) = try evaluatedCall(setup, call) else { throw CheckReportMissing.noReport }
    return report
}

/// check's report for a vector or matrix: `call` after `setup`.
func tensorCheckReport(_ setup: String, _ call: String) throws -> TensorCheckReport {
    guard case .tensorCheck(let report) = try evaluatedCall(setup, call) else { throw CheckReportMissing.noReport }
    return report
}

enum CheckReportMissing: Error { case parse, noReport }

/// The same pseudo-random numbers on every run (a 64-bit linear congruential generator with Knuth's MMIX
/// constants), for tests that build random graphs and must fail the same way twice.
struct SeededNumbers {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A whole number in 0..<bound.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33) % bound
    }
}
