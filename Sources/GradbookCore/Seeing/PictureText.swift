// Every picture as terminal text: the one place ValueRenderer calls for graph, explain, plot, boundary, latex.

/// Renders a `Picture` for the terminal (or a transcript), with colour only when `style` says so.
public struct PictureText {
    public var format: NumberFormat
    public var style: Style

    public init(format: NumberFormat, style: Style = .plain) {
        self.format = format
        self.style = style
    }

    public func text(_ picture: Picture) -> String {
        switch picture {
        case .graph(let graph): return GraphText(format: format).text(graph)
        case .explanation(let explanation): return ([explanation.heading] + explanation.lines).joined(separator: "\n")
        case .plot(let plot): return PlotText(format: format, style: style).text(plot)
        case .boundary(let boundary): return BoundaryText(format: format, style: style).text(boundary)
        case .latex(let text): return text
        }
    }
}
