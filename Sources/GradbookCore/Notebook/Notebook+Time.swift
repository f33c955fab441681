// :time STATEMENT, IPython's %time: run the statement as if typed, and say how long it took.
//
// The clock is the notebook's (`Notebook.clock`), so the core reads no clock of its own choosing and tests
// give it one that ticks by a fixed step.

extension Notebook {
    /// A monotonic clock's reading: the time since some fixed instant.
    public typealias Clock = () -> Duration

    /// The process's monotonic clock.
    public static var wallClock: Clock { { ContinuousClock.now - clockOrigin } }
    private static let clockOrigin = ContinuousClock.now

    /// Runs the statement after `:time` exactly as a cell would (its result, notes and errors, and its bindings when
    /// it succeeds), and puts `wall time: 1.52 ms` above what it shows.
    ///
    /// The statement is parsed from the cell's own text with everything but it blanked out, so its offsets are the
    /// cell's: a caret under an error points where it was typed, and `:save` records the statement without `:time`.
    func runTimed(_ argument: String, statement: Statement, source: SourceText, into result: inout CellResult) {
        let inner = Notebook.argumentOnly(of: statement, in: source)
        let firstOutput = result.outputs.count
        var ranSomething = false
        let start = clock()
        for parsed in Parser.statements(in: inner) {
            switch parsed {
            case .failure(let diagnostic):
                result.outputs.append(Output(kind: .error(diagnostic.located(in: source)), text: diagnostic.message))
            case .success(let timed):
                run(timed, in: source, into: &result)
                ranSomething = true
            }
            if result.wantsQuit || result.wasInterrupted { return }
        }
        let elapsed = clock() - start
        guard ranSomething, !result.outputs[firstOutput...].contains(where: \.isError) else { return }
        result.outputs.insert(Output(kind: .info, text: "wall time: " + Notebook.durationText(elapsed)), at: firstOutput)
    }

    /// The cell's text with only `statement`'s argument left (everything else spaces, newlines kept), so what is
    /// parsed from it has the same offsets as in the cell.
    static func argumentOnly(of statement: Statement, in source: SourceText) -> SourceText {
        var scalars = source.scalars
        let lower = max(0, min(statement.range.lowerBound, scalars.count))
        let upper = max(lower, min(statement.range.upperBound, scalars.count))
        // Skip the ':' and the command's name; the argument starts after them.
        var argumentStart = lower + 1
        while argumentStart < upper, Lexer.isNamePart(scalars[argumentStart]) { argumentStart += 1 }
        for index in scalars.indices where (index < argumentStart || index >= upper) && scalars[index] != "\n" {
            scalars[index] = " "
        }
        return SourceText(String(String.UnicodeScalarView(scalars)), name: source.name, firstLine: source.firstLine)
    }

    /// A duration with three significant digits and a unit a person reads at a glance: `850 ns`, `12.3 µs`,
    /// `1.52 ms`, `2.04 s`.
    static func durationText(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) + Double(attoseconds) / 1e18
        let (scaled, unit): (Double, String) =
            total < 1e-6 ? (total * 1e9, "ns") : total < 1e-3 ? (total * 1e6, "µs") : total < 1 ? (total * 1e3, "ms") : (total, "s")
        return NumberFormat(digits: 3).text(max(0, scaled)) + " " + unit
    }
}
