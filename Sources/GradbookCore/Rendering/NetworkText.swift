// Networks, data sets and training runs as text: a layer table, a data summary, a loss sparkline.

/// Lays out the network values for a person.
public struct NetworkText {
    public var format: NumberFormat

    public init(format: NumberFormat) {
        self.format = format
    }

    /// A table: layer, weight shape, activation, parameter count, and the total.
    public func text(_ network: Network) -> String {
        var table = Table(header: ["layer", "weights", "bias", "activation", "parameters"], alignments: [.left, .left, .left, .left, .right])
        for (index, layer) in network.layers.enumerated() {
            table.add(["\(index + 1)", "W\(index + 1) \(Tensor.describe(layer.weights.shape))", "b\(index + 1) \(Tensor.describe(layer.bias.shape))",
                       layer.activation?.rawValue ?? "none (linear)", "\(layer.parameterCount)"])
        }
        let sizes = ([network.layers.first?.inputs ?? 0] + network.layers.map(\.outputs)).map(String.init).joined(separator: "-")
        return "network \(sizes), \(network.parameterCount) parameters\n" + table.text
    }

    /// The data set's name, size and first rows.
    public func text(_ data: Dataset) -> String {
        var table = Table(header: ["#", "X", "Y"], alignments: [.right, .left, .left])
        for row in 0..<min(data.count, 5) {
            let x = (0..<data.inputs.columns).map { format.text(data.inputs[row, $0]) }.joined(separator: ", ")
            let y = (0..<data.targets.columns).map { format.text(data.targets[row, $0]) }.joined(separator: ", ")
            table.add(["\(row + 1)", "[\(x)]", "[\(y)]"])
        }
        if data.count > 5 { table.add(["…", "", ""]) }
        return "data set \(data.name): \(data.count) examples, \(data.inputs.columns) inputs (X), \(data.targets.columns) target\(data.targets.columns == 1 ? "" : "s") (Y)\n" + table.text
    }

    /// The loss at the start and end, a sparkline of the whole curve, and the accuracy if classifying.
    public func text(_ report: TrainingReport) -> String {
        let history = report.history.elements
        guard let first = history.first, let last = history.last else { return "no epochs were run." }
        var lines = ["trained \(report.networkName) for \(history.count) epoch\(history.count == 1 ? "" : "s") with \(report.optimizer) (lr \(format.text(report.learningRate))): loss \(format.text(first)) → \(format.text(last))"]
        lines.append("loss " + NetworkText.sparkline(history))
        if let accuracy = report.accuracy { lines.append("accuracy \(format.text(accuracy * 100))%") }
        if report.wasInterrupted { lines.append("(interrupted: the weights reached so far are kept)") }
        return lines.joined(separator: "\n")
    }

    /// A one-line plot of `values` in block characters, at most 60 wide.
    static func sparkline(_ values: [Double]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let width = min(60, values.count)
        guard width > 0 else { return "" }
        let samples = (0..<width).map { values[$0 * values.count / width] }
        let finite = samples.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: "?", count: width) }
        return String(samples.map { value in
            guard value.isFinite else { return "?" }
            let level = high > low ? Int(flooring: (value - low) / (high - low) * 7.999, clampedTo: 0...7) : 0
            return blocks[level]
        })
    }
}
