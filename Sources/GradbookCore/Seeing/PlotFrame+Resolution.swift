// Drawing a curve at the resolution it is shown: a 10-million-point vector becomes a few points per pixel column.

extension PlotFrame {
    /// The samples of `series` that can be seen when it is drawn `columns` pixel columns wide, `column(x)`
    /// being the pixel column its renderer puts x in (the SVG's pixels, or the terminal's braille dots).
    ///
    /// For each column it keeps, in their order, the first, lowest, highest and last finite samples, and the
    /// first sample that is nan or infinite (the M4 reduction, as time-series plotting libraries use): a
    /// line through them covers exactly the pixels a line through every sample covers, and where a curve is
    /// undefined still breaks it. A series with no more than 4 samples per column is returned whole, so
    /// ordinary plots (241 samples) draw exactly as before; a huge one costs at most 5 points per column.
    ///
    /// Samples are taken to be in increasing x, as every plot gradbook makes is.
    func visibleSamples(of series: Plot.Series, columns: Int, column pixelColumn: (Double) -> Int) -> Plot.Series {
        guard columns > 0, series.x.count > 4 * columns else { return series }
        var kept: [Int] = []
        var column = Int.min
        var first = -1, lowest = -1, highest = -1, last = -1, undefined = -1
        func flush() {
            kept += Set([first, lowest, highest, last, undefined].filter { $0 >= 0 }).sorted()
            (first, lowest, highest, last, undefined) = (-1, -1, -1, -1, -1)
        }
        for index in series.x.indices {
            let here = pixelColumn(series.x[index])
            if here != column {
                flush()
                column = here
            }
            let y = series.y[index]
            guard y.isFinite else {
                if undefined < 0 { undefined = index }
                continue
            }
            if first < 0 { first = index }
            last = index
            if lowest < 0 || y < series.y[lowest] { lowest = index }
            if highest < 0 || y > series.y[highest] { highest = index }
        }
        flush()
        return Plot.Series(label: series.label, x: kept.map { series.x[$0] }, y: kept.map { series.y[$0] })
    }
}
