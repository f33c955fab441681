// plot(…) in the terminal: curves drawn with Unicode braille (2×4 dots per character), axes with
// tick labels, a legend, and × under every x where a curve is nan or infinite.

/// Draws a `Plot` as text. Colour is given (a `Style`), never detected: with colour each curve has its
/// own; without it, overlaid curves are drawn with distinct marks (•, +, x, …) at character resolution.
struct PlotText {
    var format: NumberFormat
    var style: Style
    static let columns = 60
    static let rows = 15
    /// Marks for overlaid curves when there is no colour.
    static let marks: [Character] = ["•", "+", "x", "o", "*", "#"]

    func text(_ plot: Plot) -> String {
        let frame = PlotFrame(plot)
        let width = PlotText.columns, height = PlotText.rows
        let usesMarks = plot.series.count > 1 && !style.usesColor
        // Per character cell: braille bits per series (last series drawn wins the cell's colour or mark).
        var bits = [[UInt8]](repeating: [UInt8](repeating: 0, count: width), count: height)
        var owner = [[Int]](repeating: [Int](repeating: -1, count: width), count: height)
        for (index, series) in plot.series.enumerated() {
            // As many samples as the dots can show: a column keeps its first, lowest, highest and last.
            let dots = width * 2
            let visible = frame.visibleSamples(of: series, columns: dots) { Int(rounding: frame.pixelX($0, width: dots), within: 0..<dots) ?? -1 }
            frame.forEachPixel(of: visible, width: dots, height: height * 4) { px, py in
                bits[py / 4][px / 2] |= PlotText.brailleBit(px % 2, py % 4)
                owner[py / 4][px / 2] = index
            }
        }
        let gutter = frame.tickLabels(format).map(\.text.count).max() ?? 1
        var lines: [String] = [plot.title]
        let zeroRow = frame.row(of: 0, height: height)
        for row in 0..<height {
            let tick = frame.tickLabels(format).first { $0.row(height) == row }
            let label = tick.map { String(repeating: " ", count: gutter - $0.text.count) + $0.text + " ┤" } ?? String(repeating: " ", count: gutter) + " │"
            var line = label
            for column in 0..<width {
                let series = owner[row][column]
                if series < 0 {
                    line += row == zeroRow ? "┈" : " "
                } else {
                    let glyph = usesMarks ? String(PlotText.marks[series % PlotText.marks.count]) : String(PlotText.braille(bits[row][column]))
                    line += style.apply(.series(series), glyph)
                }
            }
            lines.append(line.trimmingTrailingSpaces())
        }
        lines.append(String(repeating: " ", count: gutter) + " └" + axisLine(frame, width: width))
        lines.append(String(repeating: " ", count: gutter + 2) + xTickLine(frame, width: width) + "  " + plot.xLabel)
        if plot.series.count > 1 {
            let entries = plot.series.enumerated().map { index, series in
                style.apply(.series(index), usesMarks ? String(PlotText.marks[index % PlotText.marks.count]) : "⣿") + " " + series.label
            }
            lines.append(String(repeating: " ", count: gutter + 2) + entries.joined(separator: "   "))
        }
        lines.append(contentsOf: frame.notes(format).map { "note: " + $0 })
        return lines.joined(separator: "\n")
    }

    /// The x axis: `─`, with `×` where some curve is nan or infinite.
    private func axisLine(_ frame: PlotFrame, width: Int) -> String {
        var cells = [Character](repeating: "─", count: width)
        for column in frame.undefinedColumns(width: width) { cells[column] = "×" }
        return String(cells)
    }

    /// The x tick labels at the start, middle and end, placed under their columns.
    private func xTickLine(_ frame: PlotFrame, width: Int) -> String {
        var cells = [Character](repeating: " ", count: width + 8)
        for fraction in [0.0, 0.5, 1.0] {
            let text = Array(format.text(PlotFrame.value(atFraction: fraction, in: frame.xRange)))
            let center = Int((fraction * Double(width - 1)).rounded())
            let start = max(0, min(cells.count - text.count, center - (fraction == 0 ? 0 : (fraction == 1 ? text.count - 1 : text.count / 2))))
            for (offset, character) in text.enumerated() { cells[start + offset] = character }
        }
        return String(cells).trimmingTrailingSpaces()
    }

    /// The braille dot for sub-position (x in 0…1, y in 0…3) of a character cell.
    static func brailleBit(_ x: Int, _ y: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40], right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return x == 0 ? left[y] : right[y]
    }

    static func braille(_ bits: UInt8) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(bits)) ?? " ")
    }
}
