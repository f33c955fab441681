// Plots are drawn at the resolution they are shown: bounded output for a huge vector, and nothing visible lost.

import Foundation
import Testing
@testable import GradbookCore

@Suite("Plots at the resolution they are shown")
struct PlotResolutionTests {
    /// 1,000,000 samples of a wiggly curve with one spike and one undefined sample.
    static let series: Plot.Series = {
        let count = 1_000_000
        var y = (0..<count).map { sin(Double($0) / 997) + 0.1 * sin(Double($0) / 3) }
        y[123_457] = 40
        y[777_777] = .nan
        return Plot.Series(label: "v", x: (1...count).map(Double.init), y: y)
    }()

    @Test("each pixel column keeps the lowest and highest sample it had, and at most five samples")
    func columnsKeepTheirExtremes() {
        let frame = PlotFrame(Plot(series: [PlotResolutionTests.series], xLabel: "index", title: "v"))
        let columns = 556
        let column = { (x: Double) in Int(flooring: PlotFrame.fraction(of: x, in: frame.xRange) * Double(columns), clampedTo: 0...(columns - 1)) }
        let kept = frame.visibleSamples(of: PlotResolutionTests.series, columns: columns, column: column)
        #expect(kept.x.count <= 5 * columns)
        func extremes(_ series: Plot.Series) -> [Int: (Double, Double)] {
            var result: [Int: (Double, Double)] = [:]
            for (x, y) in zip(series.x, series.y) where y.isFinite {
                let old = result[column(x)] ?? (y, y)
                result[column(x)] = (min(old.0, y), max(old.1, y))
            }
            return result
        }
        let before = extremes(PlotResolutionTests.series), after = extremes(kept)
        #expect(before.count == columns && after.count == columns)
        #expect(before.allSatisfy { after[$0.key]?.0 == $0.value.0 && after[$0.key]?.1 == $0.value.1 })
        #expect(kept.y.contains(40) && kept.y.contains { $0.isNaN }, "the spike and the undefined sample are still drawn")
    }

    @Test("a plot with 241 samples is drawn from every sample, as before")
    func smallPlotsAreWhole() {
        let small = Plot.Series(label: "s", x: (0..<241).map(Double.init), y: (0..<241).map { Double($0 % 7) })
        let frame = PlotFrame(Plot(series: [small], xLabel: "x", title: "s"))
        #expect(frame.visibleSamples(of: small, columns: 120) { Int($0) / 2 }.x == small.x)
    }

    @Test(":export of a plot of a million-element vector writes a file of bounded size, and the terminal picture still shows the spike")
    func hugePlotExportIsSmall() throws {
        let folder = try temporaryFolder("plot")
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = Notebook(workingDirectory: folder)
        _ = notebook.run("v = sin(linspace(0, 3000, 1000000))")
        let written = notebook.run(":export v.svg plot(v)")
        #expect(diagnostic(of: written) == nil)
        let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("v.svg").path)[.size] as? Int ?? 0
        #expect(size > 0 && size < 200_000, "\(size) bytes")
    }
}
