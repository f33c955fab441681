// explain(backward(EXPR)): the backward pass told one connection at a time, output first.

/// Tells a backward pass as numbered steps, one per connection (edge) of the graph, in reverse
/// topological order: dL/d(input) = dL/d(node) · d(node)/d(input), with the numbers, so a learner can see
/// how each connection contributes to each gradient. Vectors and matrices are told at tensor
/// granularity (shapes and summaries), and a network's steps are grouped by layer.
struct BackwardStory {
    var format: NumberFormat
    /// Steps told before the rest is summarised.
    static let stepLimit = 120
    /// Graphs with more nodes than this name unnamed nodes by tag instead of by formula (formulas cost time).
    static let formulaNamingLimit = 150

    func explanation(of output: Node, title: String) -> Explanation {
        let pass = Backpropagation(from: output)
        let order = pass.order
        let wording = NodeWording(format: format)
        let outputName = title.count <= 12 && !title.contains(" ") ? title : "L"
        var tags: [ObjectIdentifier: Int] = [:]
        let allowFormula = order.count <= BackwardStory.formulaNamingLimit
        func name(_ node: Node) -> String { node === output ? outputName : wording.short(node, tags: &tags, allowFormula: allowFormula) }
        func d(_ node: Node) -> String { "d\(outputName)/d\(name(node))" }

        let layers = NodeWording.layers(of: order)
        var lines: [String] = []
        var step = 0, hidden = 0
        var received: [ObjectIdentifier: [(via: String, amount: String)]] = [:]
        // What each input has received so far, element by element (one element for a number), so a node
        // reached by several connections shows its running total, tensors as well as numbers.
        var running: [ObjectIdentifier: [Double]] = [:]
        func receive(_ input: Node, _ part: [Double]) {
            let sofar = running[ObjectIdentifier(input)] ?? []
            running[ObjectIdentifier(input)] = sofar.count == part.count ? zip(sofar, part).map { $0 + $1 } : part
        }
        func runningText(_ input: Node) -> String {
            let elements = running[ObjectIdentifier(input)] ?? [0]
            return input.isTensor ? wording.shortSummary(Tensor(shape: input.shape, elements: elements)) : format.text(elements.first ?? 0)
        }
        var section = ""
        lines.append(" 0. \(d(output)) = 1 (the output's gradient with respect to itself)")
        for node in order.reversed() where !node.inputs.isEmpty {
            let group = sectionTitle(node, layers: layers)
            // A stable form whose steps overflowed passes its gradient straight to its operand (one
            // more connection, told after its own), and its innermost step passes nothing.
            let shortcut = pass.stableShortcut(at: node)
            var edges: [(position: Int?, input: Node)] = node.inputs.enumerated().map { ($0.offset, $0.element) }
            if let shortcut { edges.append((nil, shortcut.operand)) }
            for (position, input) in edges where input.operation != .constant {
                let amount: String, text: String
                if pass.isCutStep(node) {
                    step += 1
                    guard step <= BackwardStory.stepLimit else { hidden += 1; continue }
                    lines.append("\(step < 10 ? " " : "")\(step). \(d(input)) ← nothing through \(name(node)) here: the stable step above already carried this path")
                    continue
                } else if let shortcut, position == nil {
                    let upstream = node.isTensor ? (pass.tensorGradient(of: node)?.elements ?? []) : [pass.gradient(of: node) ?? 0]
                    let local = shortcut.localDerivatives
                    let part = local.indices.map { upstream[upstream.count == 1 ? 0 : $0] * local[$0] }
                    receive(input, part)
                    amount = input.isTensor ? wording.shortSummary(Tensor(shape: input.shape, elements: part)) : format.text(part.first ?? 0)
                    let localText = input.isTensor ? wording.shortSummary(Tensor(shape: input.shape, elements: local)) : format.text(local.first ?? 0)
                    let upstreamText = node.isTensor ? wording.shortSummary(Tensor(shape: node.shape, elements: upstream)) : format.text(upstream.first ?? 0)
                    text = "\(d(input)) ← \(d(node)) · d\(name(node))/d\(name(input)) = \(upstreamText) · \(localText) = \(amount)"
                        + "   (\(LocalRule.stable(shortcut.kind)), in one stable step: its steps overflow, round to 0 or lose their digits here)"
                } else if node.isTensor || input.isTensor || !node.operation.isElementwise {
                    let upstream = node.isTensor ? (pass.tensorGradient(of: node)?.elements ?? []) : [pass.gradient(of: node) ?? 0]
                    let parts = VectorJacobianProducts.contributions(of: node, upstream: upstream)
                    let part = parts.indices.contains(position ?? 0) ? parts[position ?? 0] : []
                    amount = input.isTensor ? wording.shortSummary(Tensor(shape: input.shape, elements: part)) : format.text(part.first ?? 0)
                    receive(input, input.isTensor ? part : [part.first ?? 0])
                    let shape = input.isTensor ? " (\(Tensor.describe(input.shape)))" : ""
                    text = "\(d(input))\(shape) ← \(d(node)) through \(wording.operation(of: node)): \(LocalRule.tensor(node.operation, position: position ?? 0)) = \(amount)"
                } else {
                    let upstream = pass.gradient(of: node) ?? 0
                    let local = node.localDerivative(withRespectTo: position ?? 0)
                    amount = format.text(upstream * local)
                    receive(input, [upstream * local])
                    text = "\(d(input)) ← \(d(node)) · d\(name(node))/d\(name(input)) = \(format.text(upstream)) · \(format.text(local)) = \(amount)"
                        + "   (\(LocalRule.scalar(node, position: position ?? 0, format: format)))"
                }
                var contributions = received[ObjectIdentifier(input), default: []]
                contributions.append((name(node), amount))
                received[ObjectIdentifier(input)] = contributions
                step += 1
                guard step <= BackwardStory.stepLimit else { hidden += 1; continue }
                if group != section, !layers.isEmpty {
                    lines.append("── \(group) ──")
                    section = group
                }
                let total = contributions.count > 1 ? "; adds to \(d(input)), now \(runningText(input)) in all" : ""
                lines.append("\(step < 10 ? " " : "")\(step). \(text)\(total)")
            }
        }
        if hidden > 0 { lines.append("… \(hidden) more connection\(hidden == 1 ? "" : "s") not shown.") }
        lines.append(contentsOf: summary(order: order, pass: pass, received: received, name: name, d: d))
        let heading = "backward pass from \(title) = \(wording.value(of: output)): each connection passes the gradient back to an input, times the local derivative (output first)"
        return Explanation(heading: heading, lines: lines)
    }

    /// The layer heading for a network's node: `loss`, `layer 2`, or `inputs`.
    private func sectionTitle(_ node: Node, layers: [ObjectIdentifier: Int]) -> String {
        guard !layers.isEmpty else { return "" }
        if let layer = layers[ObjectIdentifier(node)] { return "layer \(layer)" }
        return node.graph.contains { layers[ObjectIdentifier($0)] != nil } ? "loss" : "inputs"
    }

    /// Each leaf's gradient as the sum of what each connection gave it.
    private func summary(order: [Node], pass: Backpropagation, received: [ObjectIdentifier: [(via: String, amount: String)]],
                         name: (Node) -> String, d: (Node) -> String) -> [String] {
        let wording = NodeWording(format: format)
        var lines = ["so, for each leaf:"]
        for leaf in pass.leaves {
            let parts = received[ObjectIdentifier(leaf)] ?? []
            let total = wording.gradient(of: leaf, in: pass)
            if parts.count <= 1 {
                let via = parts.first.map { " (all through \($0.via))" } ?? " (no connection reaches it)"
                lines.append("  \(d(leaf)) = \(total)\(via)")
            } else {
                let sum = parts.map { "\($0.amount) via \($0.via)" }.joined(separator: " + ")
                lines.append("  \(d(leaf)) = \(sum) = \(total)")
            }
        }
        return lines
    }
}

/// The local derivative of each operation in words, as shown beside a step.
enum LocalRule {
    /// For a number: the rule, with the value it gives where that helps.
    static func scalar(_ node: Node, position: Int, format: NumberFormat) -> String {
        let other = node.inputs.count > 1 ? node.inputs[1 - position] : node
        switch node.operation {
        case .add: return operandRule(.add, position: position) + ": a sum passes the gradient through unchanged"
        case .multiply: return operandRule(.multiply, position: position) + ": the other factor, \(format.text(other.value))"
        case .subtract, .divide, .power, .negate: return operandRule(node.operation, position: position)
        case .maximum, .minimum:
            return Arithmetic.routingExplanation(node.operation, position: position, x: node.inputs[0].value, y: node.inputs[1].value)
        case .function(let function): return function.rawValue + "'(u) = " + functionRule(function) + " at u = " + format.text(node.inputs[0].value)
        default: return ""
        }
    }

    /// d(a OP b)/da = RULE for the arithmetic operations (d(-a)/da for negation; d(a^n)/da for a power's
    /// base, d(a^b)/db for its exponent), worked out by the symbolic differentiator and written by the
    /// formula printer, as `diff(a/b, b)` prints it, so an explanation and `diff` cannot disagree.
    static func operandRule(_ operation: Node.Operation, position: Int) -> String {
        let rules = operandRules[operation] ?? []
        return rules.indices.contains(position) ? rules[position] : ""
    }

    private static let operandRules: [Node.Operation: [String]] = {
        let store = FormulaStore()
        let printer = FormulaPrinter(store: store)
        let a = Variable(name: "a"), b = Variable(name: "b"), n = Variable(name: "n")
        func rule(_ formula: FormulaID, by variable: Variable) -> String {
            let derivative = store.tidied([store.derivative(of: formula, withRespectTo: variable)])[0]
            return "d(\(printer.text(of: formula)))/d\(variable.name) = \(printer.text(of: derivative))"
        }
        let (x, y, m) = (store.variable(a), store.variable(b), store.variable(n))
        let positions = [a, b]
        return [
            .add: positions.map { rule(Arithmetic.formula(.add, x, y, in: store), by: $0) },
            .subtract: positions.map { rule(Arithmetic.formula(.subtract, x, y, in: store), by: $0) },
            .multiply: positions.map { rule(Arithmetic.formula(.multiply, x, y, in: store), by: $0) },
            .divide: positions.map { rule(Arithmetic.formula(.divide, x, y, in: store), by: $0) },
            .power: [rule(Arithmetic.formula(.power, x, m, in: store), by: a), rule(Arithmetic.formula(.power, x, y, in: store), by: b)],
            .negate: [rule(Arithmetic.formula(.negate, x, x, in: store), by: a)],
        ]
    }()

    /// A stable form's derivative, as a person writes it.
    static func stable(_ form: StableKernels.Form) -> String {
        switch form {
        case .softplus: return "d log(1 + exp(u))/du = sigmoid(u)"
        case .logSigmoid: return "d log(sigmoid(u))/du = sigmoid(-u)"
        case .logOneMinusSigmoid: return "d log(1 - sigmoid(u))/du = -sigmoid(u)"
        case .logSumExp: return "d log(sum(exp(v)))/dv = softmax(v)"
        }
    }

    /// f'(u) for each builtin, written from the symbolic rule itself (`FormulaStore.derivativeRule`), so an
    /// explanation says exactly what `diff` and `:help` say: sigmoid'(u) = sigmoid(u)*(1 - sigmoid(u)).
    static func functionRule(_ function: MathFunction) -> String {
        let rule = functionRules[function] ?? ""
        // relu's rule is step(u); say what step means, since the line also shows u's value.
        return function == .relu ? rule + ", 1 if u > 0 else 0" : rule
    }

    private static let functionRules: [MathFunction: String] = {
        let store = FormulaStore()
        let u = store.variable(Variable(name: "u"))
        let printer = FormulaPrinter(store: store)
        return Dictionary(uniqueKeysWithValues: MathFunction.allCases.map { ($0, printer.text(of: store.derivativeRule($0, at: u))) })
    }()

    /// For vectors and matrices: how the gradient passes through the operation (its vector-Jacobian product).
    static func tensor(_ operation: Node.Operation, position: Int) -> String {
        switch operation {
        case .add: return "passed through (summed over broadcast copies)"
        case .subtract: return position == 0 ? "passed through" : "negated"
        case .multiply: return "times the other factor (\(operandRule(.multiply, position: position))), element by element"
        case .divide, .power: return "times \(operandRule(operation, position: position)), element by element"
        case .negate: return "negated"
        case .maximum: return "passed to the elements where this side was the larger (the first at a tie)"
        case .minimum: return "passed to the elements where this side was the smaller (the first at a tie)"
        case .function(let function): return "times \(function.rawValue)'(u) = \(functionRule(function)), element by element"
        case .matrixProduct: return MatrixProduct.explanation(toInput: position)
        case .transpose: return Transpose.explanation
        case .stack: return Stack.explanation
        case .sum: return Reduction.explanation(.sum)
        case .mean: return Reduction.explanation(.mean)
        case .max: return Reduction.explanation(.max)
        case .softmax, .logSoftmax: return Softmax.explanation(isLog: operation == .logSoftmax)
        case .select: return Select.explanation
        default: return ""
        }
    }
}
