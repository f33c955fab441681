// boundary(net, data) in the terminal: each character is one point of a grid, shaded by the class the
// network predicts there; the data points are drawn on top (micrograd's demo picture).

/// Draws a `Boundary` as text, and computes one from a network and a data set.
struct BoundaryText {
    var format: NumberFormat
    var style: Style
    /// Shading of each class's region, and the mark of each class's points.
    static let regions: [Character] = ["·", "░", "▒", "▓"]
    static let marks: [Character] = ["o", "●", "◆", "■"]
    static let columns = 60, rows = 22

    func text(_ boundary: Boundary) -> String {
        var cells = boundary.grid.map { $0.map { (class: $0, mark: Optional<Int>.none) } }
        let rows = cells.count, columns = cells.first?.count ?? 0
        for point in boundary.points {
            guard let column = Int(rounding: PlotFrame.fraction(of: point.x, in: boundary.xRange) * Double(columns - 1), within: 0..<columns),
                  let row = Int(rounding: PlotFrame.fractionFromTop(of: point.y, in: boundary.yRange) * Double(rows - 1), within: 0..<rows) else { continue }
            cells[row][column].mark = point.label
        }
        let short = NumberFormat(digits: 3)
        let top = short.text(boundary.yRange.upperBound), bottom = short.text(boundary.yRange.lowerBound)
        let gutter = max(top.count, bottom.count)
        var lines = [boundary.title]
        for (index, row) in cells.enumerated() {
            let label = index == 0 ? top : (index == rows - 1 ? bottom : "")
            var line = String(repeating: " ", count: gutter - label.count) + label + (label.isEmpty ? " │" : " ┤")
            for cell in row {
                if let mark = cell.mark {
                    line += style.apply(.series(mark), String(BoundaryText.marks[mark % BoundaryText.marks.count]))
                } else {
                    line += style.apply(.series(cell.class), String(BoundaryText.regions[cell.class % BoundaryText.regions.count]))
                }
            }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: gutter) + " └" + String(repeating: "─", count: columns))
        let left = short.text(boundary.xRange.lowerBound), right = short.text(boundary.xRange.upperBound)
        lines.append(String(repeating: " ", count: gutter + 2) + left + String(repeating: " ", count: max(1, columns - left.count - right.count)) + right + "  x1")
        let classes = Set(boundary.grid.flatMap { $0 } + boundary.points.map(\.label)).sorted()
        let legend = classes.map { "\(BoundaryText.regions[$0 % BoundaryText.regions.count]) predicted \($0)  \(BoundaryText.marks[$0 % BoundaryText.marks.count]) data \($0)" }
        lines.append(String(repeating: " ", count: gutter + 2) + legend.joined(separator: "   ") + "   accuracy \(format.text(boundary.accuracy))")
        return lines.joined(separator: "\n")
    }

    /// The predicted class over a grid covering the data (with a margin), from one batched forward pass.
    static func boundary(of network: Network, on data: Dataset, title: String) -> Boundary {
        let inputs = data.inputs
        let xs = (0..<inputs.rows).map { inputs[$0, 0] }, ys = (0..<inputs.rows).map { inputs[$0, 1] }
        // The finite points, with a margin; a wild point (inf, or ±1e308) must not turn the grid into nan.
        func padded(_ values: [Double]) -> ClosedRange<Double> {
            let finite = values.filter(\.isFinite)
            let low = finite.min() ?? 0, high = finite.max() ?? 1
            let margin = max(high / 2 * 0.3 - low / 2 * 0.3, 0.25)
            let (paddedLow, paddedHigh) = (low - margin, high + margin)
            return (paddedLow.isFinite ? paddedLow : low)...(paddedHigh.isFinite ? paddedHigh : high)
        }
        let xRange = padded(xs), yRange = padded(ys)
        var grid: [Double] = []
        for row in 0..<rows {
            let height = yRange.upperBound - yRange.lowerBound, t = Double(row) / Double(rows - 1)
            let y = height.isFinite ? yRange.upperBound - height * t : PlotFrame.value(atFraction: 1 - t, in: yRange)
            for column in 0..<columns {
                grid += [PlotFrame.value(atFraction: Double(column) / Double(columns - 1), in: xRange), y]
            }
        }
        let predicted = network.predictedClasses(Tensor(shape: [rows * columns, 2], elements: grid)).map { max(0, Int($0)) }
        let labels = labels(of: data)
        let points = (0..<inputs.rows).map { (x: xs[$0], y: ys[$0], label: labels[$0]) }
        let correct = zip(network.predictedClasses(inputs).map { Int($0) }, labels).filter { $0 == $1 }.count
        return Boundary(xRange: xRange, yRange: yRange, grid: (0..<rows).map { Array(predicted[($0 * columns)..<(($0 + 1) * columns)]) },
                        points: points, title: title, accuracy: Double(correct) / Double(max(1, inputs.rows)))
    }

    /// Each example's class: the index of the largest target (one-hot), else 1 for a target above 0.5 (0/1
    /// labels) or above 0 (±1 labels), else 0.
    static func labels(of data: Dataset) -> [Int] {
        let targets = data.targets
        if targets.columns > 1 {
            return (0..<targets.rows).map { row in (0..<targets.columns).max { targets[row, $0] < targets[row, $1] } ?? 0 }
        }
        return targets.elements.map { $0 > 0 ? 1 : 0 }
    }
}
