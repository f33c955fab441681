// Plots and decision boundaries as self-contained SVG: axes with round ticks, labels, a legend.

/// Writes plots and decision boundaries as standalone SVG documents (no scripts, fonts or links).
struct FigureSVG {
    var format: NumberFormat
    /// The comment every SVG gradbook writes starts with (how `:export` recognises its own files).
    static let marker = "<!-- gradbook export: figure -->"
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf"]
    static let width = 640.0, height = 400.0
    static let left = 64.0, right = 20.0, top = 36.0, bottom = 48.0

    private var plotWidth: Double { FigureSVG.width - FigureSVG.left - FigureSVG.right }
    private var plotHeight: Double { FigureSVG.height - FigureSVG.top - FigureSVG.bottom }

    func document(_ body: [String]) -> String {
        (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", FigureSVG.marker,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(FigureSVG.width))\" height=\"\(Int(FigureSVG.height))\" viewBox=\"0 0 \(Int(FigureSVG.width)) \(Int(FigureSVG.height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">",
          "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"] + body + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    func svg(_ plot: Plot) -> String {
        let frame = PlotFrame(plot)
        // Drawn at the resolution of the picture: a 10-million-point vector made a 113 MB file.
        let columns = Int(plotWidth)
        let shown = plot.series.map { series in
            frame.visibleSamples(of: series, columns: columns) { Int(flooring: PlotFrame.fraction(of: $0, in: frame.xRange) * plotWidth, clampedTo: 0...(columns - 1)) }
        }
        var body = axes(x: frame.xRange, y: frame.yRange, title: plot.title, xLabel: plot.xLabel)
        body.append("<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\">")
        for (index, series) in shown.enumerated() {
            for run in finiteRuns(series) {
                let points = run.map { "\(number(x($0.0, frame.xRange))),\(number(y($0.1, frame.yRange)))" }.joined(separator: " ")
                body.append("<polyline stroke=\"\(FigureSVG.colors[index % FigureSVG.colors.count])\" points=\"\(points)\"/>")
            }
        }
        body.append("</g>")
        for series in shown {
            for (px, py) in zip(series.x, series.y) where !py.isFinite {
                let cx = x(px, frame.xRange), cy = FigureSVG.top + plotHeight
                body.append("<path d=\"M\(number(cx - 3)),\(number(cy - 3)) l6,6 m0,-6 l-6,6\" stroke=\"#d62728\" stroke-width=\"1.5\"/>")
            }
        }
        if plot.series.count > 1 { body += legend(plot.series.map(\.label)) }
        return document(body)
    }

    func svg(_ boundary: Boundary) -> String {
        let rows = boundary.grid.count, columns = boundary.grid.first?.count ?? 0
        var body = axes(x: boundary.xRange, y: boundary.yRange, title: boundary.title, xLabel: "x1", yLabel: "x2", grid: false)
        let fills = ["#c6dbef", "#fcbba1", "#c7e9c0", "#fdd0a2"]
        let cellWidth = plotWidth / Double(max(columns, 1)), cellHeight = plotHeight / Double(max(rows, 1))
        body.append("<g shape-rendering=\"crispEdges\">")
        for (row, classes) in boundary.grid.enumerated() {
            var start = 0
            for column in 1...classes.count where column == classes.count || classes[column] != classes[start] {
                body.append("<rect x=\"\(number(FigureSVG.left + Double(start) * cellWidth))\" y=\"\(number(FigureSVG.top + Double(row) * cellHeight))\" width=\"\(number(Double(column - start) * cellWidth + 0.5))\" height=\"\(number(cellHeight + 0.5))\" fill=\"\(fills[classes[start] % fills.count])\"/>")
                start = column
            }
        }
        body.append("</g>")
        for point in boundary.points {
            body.append("<circle cx=\"\(number(x(point.x, boundary.xRange)))\" cy=\"\(number(y(point.y, boundary.yRange)))\" r=\"4\" fill=\"\(FigureSVG.colors[point.label % FigureSVG.colors.count])\" stroke=\"white\" stroke-width=\"1\"/>")
        }
        body.append("<rect x=\"\(number(FigureSVG.left))\" y=\"\(number(FigureSVG.top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#333\"/>")
        return document(body)
    }

    /// The frame, grid lines, tick labels, title and axis labels.
    private func axes(x xRange: ClosedRange<Double>, y yRange: ClosedRange<Double>, title: String, xLabel: String, yLabel: String? = nil, grid: Bool = true) -> [String] {
        let short = NumberFormat(digits: 3)
        var body = ["<defs><clipPath id=\"plot-area\"><rect x=\"\(number(FigureSVG.left))\" y=\"\(number(FigureSVG.top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\"/></clipPath></defs>"]
        body.append("<text x=\"\(number(FigureSVG.width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(Markup.escaped(title))</text>")
        for tick in PlotFrame.niceTicks(xRange) {
            let px = number(x(tick, xRange))
            if grid { body.append("<line x1=\"\(px)\" y1=\"\(number(FigureSVG.top))\" x2=\"\(px)\" y2=\"\(number(FigureSVG.top + plotHeight))\" stroke=\"\(tick == 0 ? "#888" : "#e5e5e5")\"/>") }
            body.append("<text x=\"\(px)\" y=\"\(number(FigureSVG.top + plotHeight + 16))\" text-anchor=\"middle\">\(Markup.escaped(short.text(tick)))</text>")
        }
        for tick in PlotFrame.niceTicks(yRange) {
            let py = number(y(tick, yRange))
            if grid { body.append("<line x1=\"\(number(FigureSVG.left))\" y1=\"\(py)\" x2=\"\(number(FigureSVG.left + plotWidth))\" y2=\"\(py)\" stroke=\"\(tick == 0 ? "#888" : "#e5e5e5")\"/>") }
            body.append("<text x=\"\(number(FigureSVG.left - 6))\" y=\"\(py)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Markup.escaped(short.text(tick)))</text>")
        }
        body.append("<rect x=\"\(number(FigureSVG.left))\" y=\"\(number(FigureSVG.top))\" width=\"\(number(plotWidth))\" height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#333\"/>")
        body.append("<text x=\"\(number(FigureSVG.left + plotWidth / 2))\" y=\"\(number(FigureSVG.height - 10))\" text-anchor=\"middle\">\(Markup.escaped(xLabel))</text>")
        if let yLabel {
            body.append("<text x=\"14\" y=\"\(number(FigureSVG.top + plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(number(FigureSVG.top + plotHeight / 2)))\">\(Markup.escaped(yLabel))</text>")
        }
        return body
    }

    private func legend(_ labels: [String]) -> [String] {
        let width = Double(labels.map(\.count).max() ?? 4) * 7 + 40
        let x0 = FigureSVG.left + plotWidth - width - 8, y0 = FigureSVG.top + 8
        var body = ["<rect x=\"\(number(x0))\" y=\"\(number(y0))\" width=\"\(number(width))\" height=\"\(labels.count * 18 + 8)\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#999\"/>"]
        for (index, label) in labels.enumerated() {
            let ly = y0 + 16 + Double(index) * 18
            body.append("<line x1=\"\(number(x0 + 8))\" y1=\"\(number(ly - 4))\" x2=\"\(number(x0 + 28))\" y2=\"\(number(ly - 4))\" stroke=\"\(FigureSVG.colors[index % FigureSVG.colors.count])\" stroke-width=\"2\"/>")
            body.append("<text x=\"\(number(x0 + 34))\" y=\"\(number(ly))\">\(Markup.escaped(label))</text>")
        }
        return body
    }

    /// Runs of consecutive finite samples (a curve is broken where it is nan or infinite).
    private func finiteRuns(_ series: Plot.Series) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = [[]]
        for (px, py) in zip(series.x, series.y) {
            if py.isFinite { runs[runs.count - 1].append((px, py)) } else if !(runs.last?.isEmpty ?? true) { runs.append([]) }
        }
        return runs.filter { $0.count > 1 }
    }

    private func x(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        FigureSVG.left + PlotFrame.fraction(of: value, in: range) * plotWidth
    }

    /// Pixel y, kept within a band around the plot so huge values stay finite numbers in the file.
    private func y(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        let raw = FigureSVG.top + PlotFrame.fractionFromTop(of: value, in: range) * plotHeight
        return min(FigureSVG.height * 3, max(-FigureSVG.height * 2, raw))
    }

    private func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        guard abs(rounded) < 1e15 else { return String(rounded) }
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
