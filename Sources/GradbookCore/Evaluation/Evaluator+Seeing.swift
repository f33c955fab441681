// The seeing builtins: graph, explain, plot, boundary and latex. Each returns a `Picture`.

extension Evaluator {
    /// Samples per curve (about two per braille dot column, so steep parts stay joined up).
    static let plotSamples = 241

    func callSeeing(_ name: String, _ arguments: [Argument], at range: SourceRange) throws(Diagnostic) -> Value {
        var positional: [Expression] = []
        var depth = GraphText.defaultDepth
        for argument in arguments {
            guard let label = argument.label else { positional.append(argument.value); continue }
            guard label == "depth", name == "graph", let labelRange = argument.labelRange else {
                throw .unknownLabel(label, function: name, at: argument.labelRange ?? range)
            }
            let requested = try wholeNumber(argument.value, role: .depth, at: labelRange)
            guard requested >= 1 else { throw .wrongKind(.depth, at: argument.value.range) }
            depth = Int(min(requested, 64))
        }
        switch name {
        case "graph":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: graph(EXPR) or graph(EXPR, depth = 3), for example `graph(x^2 + 1)`")
            let root = try node(positional[0], role: .argument(of: "graph"))
            if !root.isSymbolic { try refuseDroppedHistory(source.text(in: range), ofEveryNameIn: root, at: range) }
            return .picture(.graph(GraphPicture(root: root, title: source.text(in: positional[0].range), depthLimit: depth)))
        case "explain":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: explain(backward(EXPR)) or explain(diff(EXPR, x)), for example `explain(diff(x^2*sin(x), x))`")
            return .picture(.explanation(try explanation(of: positional[0])))
        case "latex":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: latex(EXPR), for example `latex(x^2/2)`")
            let node = try node(positional[0], role: .argument(of: "latex"))
            let bridge = makeBridge()
            let elements = bridge.elementFormulas(of: node)
            if bridge.stopReason == .tooLarge {
                throw .latexTooLarge(limit: FormulaBridge.maximumConvertedSize, at: range)
            }
            try checkWork(of: bridge.store, .latex, at: range)
            return .picture(.latex(LaTeX.text(of: elements, shape: node.shape, in: bridge.store)))
        case "plot":
            return .picture(.plot(try plot(positional, at: range)))
        case "boundary":
            try checkCount(name, positional, expected: 2, at: range, hint: "usage: boundary(net, data), for example `boundary(mlp(2, [4, 1]), xor())`")
            let network = try networkArgument(positional[0])
            guard case .dataset(let data) = try evaluate(positional[1]) else {
                throw .wrongKind(.boundaryData, at: positional[1].range)
            }
            guard data.inputs.columns == 2, network.layers.first?.inputs == 2 else {
                throw .wrongKind(.boundaryInputs, at: range)
            }
            return .picture(.boundary(BoundaryText.boundary(of: network, on: data, title: "decision regions of \(source.text(in: positional[0].range)) on \(source.text(in: positional[1].range))")))
        default:
            throw .unknownFunction(name, suggestion: nil, at: range)
        }
    }

    /// explain(diff(f, x)) derives step by step; explain(backward(f)) and explain(f) tell the backward pass.
    private func explanation(of expression: Expression) throws(Diagnostic) -> Explanation {
        if case .call("diff", _, let arguments) = expression.kind, arguments.count == 2, arguments.allSatisfy({ $0.label == nil }) {
            let output = try scalar(arguments[0].value, role: .expressionToDifferentiate)
            let target = try target(arguments[1].value, of: "diff")
            judgeFreeTarget(target, in: output)
            if let node = target.node { try refuseDroppedHistory(source.text(in: expression.range), of: output, from: [node], at: expression.range) }
            let bridge = makeBridge()
            let variable = target.node.map { bridge.treatAsVariable($0) } ?? Variable(name: target.name, id: nil)
            let formula = bridge.formula(of: output)
            limitWork(of: bridge.store)
            let derivative = bridge.store.tidied([bridge.store.derivative(of: formula, withRespectTo: variable)])[0]
            try checkWork(of: bridge.store, .typed(source.text(in: expression.range)), at: expression.range)
            var story = DerivationStory(store: bridge.store, variable: variable)
            return story.explanation(of: formula, title: source.text(in: expression.range), printedResult: bridge.text(of: derivative))
        }
        var inner = expression
        if case .call("backward", _, let arguments) = expression.kind, arguments.count == 1 { inner = arguments[0].value }
        let output = try numericNode(inner, for: "explain")
        try refuseDroppedHistory(source.text(in: expression.range), ofEveryNameIn: output, at: expression.range)
        return BackwardStory(format: format).explanation(of: output, title: source.text(in: inner.range))
    }

    /// plot(v), plot(f, x, a, b) or plot([f, g, …], x, a, b).
    private func plot(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Plot {
        if arguments.count == 1 {
            let node = try node(arguments[0], role: .argument(of: "plot"))
            guard let tensor = node.tensor, tensor.count >= 2 else {
                throw .wrongKind(.plotArgument, at: arguments[0].range)
            }
            let label = source.text(in: arguments[0].range)
            let xs = (1...tensor.count).map(Double.init)
            return Plot(series: [.init(label: label, x: xs, y: tensor.elements)], xLabel: "index", title: "\(label), \(tensor.count) values")
        }
        guard arguments.count == 4 else {
            throw .argumentCount("plot", expected: "1 or 4 arguments", given: arguments.count, at: range, hint: "usage: `plot(sin(x), x, -3, 3)`, or plot(v) for a vector v, as in `plot([1, 4, 2])`")
        }
        let target = try target(arguments[1], of: "plot")
        let a = try scalar(arguments[2], role: .rangeStart), b = try scalar(arguments[3], role: .rangeEnd)
        guard !a.isSymbolic, !b.isSymbolic, a.value.isFinite, b.value.isFinite, a.value < b.value else {
            throw .wrongKind(.plotRange, at: arguments[2].range.joined(with: arguments[3].range))
        }
        let curves: [Expression]
        if case .list(let elements) = arguments[0].kind { curves = elements } else { curves = [arguments[0]] }
        let xs = (0..<Evaluator.plotSamples).map { PlotFrame.value(atFraction: Double($0) / Double(Evaluator.plotSamples - 1), in: a.value...b.value) }
        var series: [Plot.Series] = []
        for curve in curves {
            let node = try scalar(curve, role: .curve)
            series.append(Plot.Series(label: source.text(in: curve.range), x: xs, y: try samples(of: node, target, xs, curve)))
        }
        let names = series.count == 1 ? series[0].label : "\(series.count) curves"
        return Plot(series: series, xLabel: target.name, title: "\(names), \(target.name) from \(format.text(a.value)) to \(format.text(b.value))")
    }

    /// The values of `node` at each x, with the name `target` set to x and every other name as it is bound.
    private func samples(of node: Node, _ target: Target, _ xs: [Double], _ curve: Expression) throws(Diagnostic) -> [Double] {
        if let moved = target.node { try refuseDroppedHistory("plotting \(source.text(in: curve.range))", of: node, from: [moved], at: curve.range) }
        let bridge = makeBridge()
        let variable = target.node.map { bridge.treatAsVariable($0) } ?? Variable(name: target.name, id: nil)
        let formula = bridge.formula(of: node)
        try checkWork(of: bridge.store, .plotting(typed: source.text(in: curve.range)), at: curve.range)
        var values = bridge.currentValues
        let unbound = bridge.store.variables(in: formula).filter { $0 != variable && values[$0] == nil }.map(\.name).sorted()
        guard unbound.isEmpty else {
            throw .freeSymbolsInNumericOperation("plot", symbols: unbound, at: curve.range)
        }
        var ys: [Double] = []
        for x in xs {
            try checkInterruption(at: curve.range)
            values[variable] = x
            ys.append(bridge.store.evaluate(formula, at: values))
        }
        return ys
    }
}
