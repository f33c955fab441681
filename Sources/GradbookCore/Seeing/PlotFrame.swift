// The ranges and scales a plot is drawn in, shared by the terminal and SVG renderers.

import Foundation

/// The x and y ranges of a plot and the mapping of samples onto a grid of pixels.
///
/// The y range covers every finite sample, except that a few huge values (near a pole such as 1/x at 0)
/// would flatten the rest of the curve: when the full range is over `outlierRatio` times the range of
/// the middle 96% of samples, the range is clipped to that middle and the note says so.
struct PlotFrame {
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>
    var isClipped = false
    let plot: Plot
    static let outlierRatio = 10.0

    init(_ plot: Plot) {
        self.plot = plot
        let xs = plot.series.flatMap(\.x).filter(\.isFinite)
        let (xLow, xHigh) = (xs.min() ?? 0, xs.max() ?? 1)
        xRange = xLow...(xHigh > xLow ? xHigh : xLow + max(1, abs(xLow)))
        let ys = plot.series.flatMap(\.y).filter(\.isFinite).sorted()
        guard var low = ys.first, var high = ys.last else {
            yRange = -1...1
            return
        }
        let middleLow = ys[Int(Double(ys.count - 1) * 0.02)], middleHigh = ys[Int(Double(ys.count - 1) * 0.98)]
        if middleHigh > middleLow, high - low > PlotFrame.outlierRatio * (middleHigh - middleLow) {
            let margin = 0.25 * (middleHigh - middleLow)
            (low, high) = (middleLow - margin, middleHigh + margin)
            isClipped = true
        }
        if high - low < 1e-12 * max(1, abs(high)) { (low, high) = (low - max(1, abs(low) / 2), high + max(1, abs(high) / 2)) }
        yRange = low...high
    }

    /// The pixel row (0 at the top) of value y, or nil when it is outside the y range.
    func pixelY(_ y: Double, height: Int) -> Double {
        Self.fractionFromTop(of: y, in: yRange) * Double(height - 1)
    }

    func pixelX(_ x: Double, width: Int) -> Double {
        Self.fraction(of: x, in: xRange) * Double(width - 1)
    }

    /// Where `value` lies in `range`: 0 at the lower bound, 1 at the upper. Halving both first keeps a
    /// range as wide as ±1e308 from overflowing to inf (and every pixel to nan).
    static func fraction(of value: Double, in range: ClosedRange<Double>) -> Double {
        let width = range.upperBound - range.lowerBound
        if width.isFinite { return (value - range.lowerBound) / width }
        return (value / 2 - range.lowerBound / 2) / (range.upperBound / 2 - range.lowerBound / 2)
    }

    /// Where `value` lies in `range` measured down from the top: 0 at the upper bound, 1 at the lower.
    static func fractionFromTop(of value: Double, in range: ClosedRange<Double>) -> Double {
        let width = range.upperBound - range.lowerBound
        if width.isFinite { return (range.upperBound - value) / width }
        return (range.upperBound / 2 - value / 2) / (range.upperBound / 2 - range.lowerBound / 2)
    }

    /// The value a fraction `t` of the way through `range`; the inverse of `fraction(of:in:)`, and as
    /// careful about ranges whose width overflows.
    static func value(atFraction t: Double, in range: ClosedRange<Double>) -> Double {
        let width = range.upperBound - range.lowerBound
        if width.isFinite { return range.lowerBound + width * t }
        return range.lowerBound * (1 - t) + range.upperBound * t
    }

    /// The character row of value y (`height` rows of 4 pixels), or nil when outside the range.
    func row(of y: Double, height: Int) -> Int? {
        guard yRange.contains(y) else { return nil }
        let pixel = pixelY(y, height: height * 4) / 4
        guard !pixel.isNaN else { return nil }
        return Int(flooring: pixel, clampedTo: 0...(height - 1))
    }

    /// Calls `body` for each pixel on the segments between consecutive finite samples. A segment is
    /// skipped when it leaves the range on both ends in opposite directions (a pole, as tan at π/2).
    func forEachPixel(of series: Plot.Series, width: Int, height: Int, _ body: (Int, Int) -> Void) {
        let points = zip(series.x, series.y).map { (pixelX($0, width: width), $1.isFinite ? pixelY($1, height: height) : Double.nan) }
        for index in points.indices {
            let (x0, y0) = points[index]
            guard !y0.isNaN else { continue }
            let (x1, y1) = index + 1 < points.count ? points[index + 1] : (x0, y0)
            guard !y1.isNaN else { plot(x0, y0, width, height, body); continue }
            let limit = Double(height - 1)
            if (y0 < 0 && y1 > limit) || (y1 < 0 && y0 > limit) { continue }
            // A sample far outside the clipped y range lies billions of pixels away: step only along the
            // part of the segment that crosses the grid, so the work (and the step count) stays small.
            guard let (tStart, tEnd) = Self.visiblePart(from: (x0, y0), to: (x1, y1), width: width, height: height) else { continue }
            let (ax, ay) = (x0 + tStart * (x1 - x0), y0 + tStart * (y1 - y0))
            let (bx, by) = (x0 + tEnd * (x1 - x0), y0 + tEnd * (y1 - y0))
            let steps = Int(max(abs(bx - ax), abs(by - ay)).rounded(.up))
            for step in 0...max(steps, 0) {
                let t = steps == 0 ? 0 : Double(step) / Double(steps)
                plot(ax + t * (bx - ax), ay + t * (by - ay), width, height, body)
            }
        }
    }

    /// The parameter interval [t0, t1] ⊆ [0, 1] of the segment p0→p1 that lies within the pixel grid
    /// (widened by one pixel, so rounding at the edges still draws), or nil when the segment misses it.
    /// Liang–Barsky clipping.
    static func visiblePart(from p0: (Double, Double), to p1: (Double, Double), width: Int, height: Int) -> (Double, Double)? {
        let (dx, dy) = (p1.0 - p0.0, p1.1 - p0.1)
        guard dx.isFinite, dy.isFinite else { return nil }
        var (t0, t1) = (0.0, 1.0)
        let edges: [(Double, Double)] = [
            (-dx, p0.0 + 1), (dx, Double(width) - p0.0),
            (-dy, p0.1 + 1), (dy, Double(height) - p0.1),
        ]
        for (p, q) in edges {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let r = q / p
            if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
            if t0 > t1 { return nil }
        }
        return (t0, t1)
    }

    private func plot(_ x: Double, _ y: Double, _ width: Int, _ height: Int, _ body: (Int, Int) -> Void) {
        guard let px = Int(rounding: x, within: 0..<width), let py = Int(rounding: y, within: 0..<height) else { return }
        body(px, py)
    }

    /// Tick labels on the y axis: the top, the bottom, and 0 when it is inside.
    struct Tick {
        var value: Double
        var text: String
        var frame: PlotFrame
        func row(_ height: Int) -> Int? { frame.row(of: value, height: height) }
    }

    func tickLabels(_ format: NumberFormat) -> [Tick] {
        let short = NumberFormat(digits: min(format.digits, 3))
        var values = [yRange.upperBound, yRange.lowerBound]
        if yRange.contains(0), abs(yRange.upperBound) > 1e-9, abs(yRange.lowerBound) > 1e-9 { values.insert(0, at: 1) }
        return values.map { Tick(value: $0, text: short.text($0), frame: self) }
    }

    /// The character columns at which some curve has a nan or infinite sample.
    func undefinedColumns(width: Int) -> Set<Int> {
        var columns: Set<Int> = []
        for series in plot.series {
            for (x, y) in zip(series.x, series.y) where !y.isFinite && x.isFinite {
                let column = pixelX(x, width: width)
                guard !column.isNaN else { continue }
                columns.insert(Int(flooring: column + 0.5, clampedTo: 0...(width - 1)))
            }
        }
        return columns
    }

    /// Where each curve is undefined (as x intervals), and whether the range was clipped.
    func notes(_ format: NumberFormat) -> [String] {
        var notes: [String] = []
        for series in plot.series {
            let bad = zip(series.x, series.y).filter { !$0.1.isFinite }.map(\.0)
            guard let first = bad.first, let last = bad.last else { continue }
            let count = bad.count == 1 ? "at \(plot.xLabel) = \(format.text(first))" : "at \(bad.count) points between \(plot.xLabel) = \(format.text(first)) and \(format.text(last))"
            notes.append("\(series.label) is nan or infinite \(count) (marked × on the axis).")
        }
        if isClipped { notes.append("a few very large values are outside the y range shown (\(format.text(yRange.lowerBound)) to \(format.text(yRange.upperBound))).") }
        return notes
    }

    /// About five round tick values covering `range` (steps of 1, 2 or 5 times a power of ten), for SVG axes.
    static func niceTicks(_ range: ClosedRange<Double>) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let rough = span / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
        var ticks: [Double] = []
        var tick = ceil(range.lowerBound / step) * step
        while tick <= range.upperBound + step * 1e-9, ticks.count < 20 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return ticks
    }
}
