// The seeing builtins: each returns a `Picture` (implemented in `Evaluator+Seeing.swift`).

extension Builtin {
    private static func picture(_ name: String, usage: String, _ summary: String, example: String, shows: String? = nil,
                                options: [String] = [], arity: ClosedRange<Int>) -> Builtin {
        Builtin(name, usage: usage, summary, example: example, shows: shows, options: options, arity: arity,
                theme: .pictures, implementation: .picture)
    }

    static let pictures: [Builtin] = [
        picture("graph", usage: "graph(EXPR, depth = 8)", "the computation graph, with each node's operation, value and gradient.",
                example: "x = -4; z = 2*x + 2 + x; graph(relu(z) + z*x)", options: ["depth"], arity: 1...1),
        picture("explain", usage: "explain(backward(EXPR)) or explain(diff(EXPR, x))",
                "the backward pass edge by edge, or the derivation rule by rule.",
                example: "x = 2; y = x^2 + 3*x; explain(backward(y)); explain(diff(x^2*sin(x), x))", arity: 1...1),
        picture("plot", usage: "plot(EXPR, x, a, b), plot([f, g], x, a, b) or plot(h)",
                "curves for x from a to b, or a vector such as train's loss history; :export FILE.svg plot(…) saves one.",
                example: "plot([tanh(x), diff(tanh(x), x)], x, -3, 3)", arity: 1...4),
        picture("boundary", usage: "boundary(net, data)", "a 2-input classifier's decision regions, with the data points on top.",
                example: "net = mlp(2, [4, 1], act = tanh); train(net, xor(), lr = 0.5, epochs = 300); boundary(net, xor())", arity: 2...2),
        picture("latex", usage: "latex(EXPR)",
                "the formula (or diff(…)'s result) as LaTeX, ready for a report; a matrix as a bmatrix (W_{1,2} for W[1, 2]).",
                example: "latex(diff(tanh(w*x + b), w))", shows: "(1 - \\tanh\\left(b + w x\\right)^{2}) x, and so on", arity: 1...1),
    ]
}
