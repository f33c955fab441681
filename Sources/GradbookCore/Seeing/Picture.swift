// What the seeing builtins return: graphs, explanations, plots, decision boundaries and LaTeX.

/// A result meant to be looked at: drawn as text in the terminal and exportable to a file.
public enum Picture: Sendable {
    /// `graph(EXPR)`: the computation graph with values and gradients.
    case graph(GraphPicture)
    /// `explain(…)`: a backward pass or a derivation as numbered steps, already worded.
    case explanation(Explanation)
    /// `plot(…)`: one or more curves.
    case plot(Plot)
    /// `boundary(net, data)`: a classifier's decision regions with the data points.
    case boundary(Boundary)
    /// `latex(EXPR)`: a formula as LaTeX source.
    case latex(String)
}

/// The graph of one value, with the backward pass from it (when it is a number, not a formula).
public struct GraphPicture: Sendable {
    public var root: Node
    /// What the person typed for the value (`y`, `mse(net(X), Y)`), used as the output's name.
    public var title: String
    /// How many levels below the root are drawn before `…`.
    public var depthLimit: Int
}

/// A story told in numbered steps: a heading, the steps (grouped under optional section titles), a summary.
public struct Explanation: Sendable {
    public var heading: String
    public var lines: [String]
}

/// Curves sampled on a grid of x values, to draw as text or SVG.
public struct Plot: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var x: [Double]
        public var y: [Double]
    }
    public var series: [Series]
    public var xLabel: String
    public var title: String
}

/// A 2-input classifier's predicted class over a grid covering the data, and the data points.
public struct Boundary: Sendable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// Predicted class per grid cell, row-major from the top row (largest y) down.
    public var grid: [[Int]]
    /// The data points and their classes.
    public var points: [(x: Double, y: Double, label: Int)]
    public var title: String
    public var accuracy: Double
}
