// The logarithms that overflow when computed step by step, recognised where a node is built, so every
// pass (forward value, numdiff's re-run, backprop, grad, forward mode) computes them in one stable step.

import Foundation

/// A standard form written the textbook way: log(1 + exp(u)) (softplus), log(sigmoid(u)),
/// log(1 - sigmoid(u)) and log(sum(exp(v))) (log-sum-exp).
///
/// The graph keeps the nodes exactly as typed, so `graph`, `explain` and `backward` show what the person
/// wrote. Only the numbers change: the logarithm's value comes from `StableKernels`, and where the steps
/// overflow (1 + exp(1000) is inf, sigmoid(-800) is 0) the gradient goes from the logarithm straight to
/// u with the form's own derivative (sigmoid(u), sigmoid(-u), softmax(v)) instead of as 0·∞ through the
/// steps. Elsewhere the steps are exact enough and every pass uses them, bit for bit as before.
struct StableForm {
    typealias Kind = StableKernels.Form

    let kind: Kind
    /// The logarithm node.
    let node: Node
    /// u, or the vector or matrix v.
    let operand: Node
    /// The nodes between the logarithm and the operand, outermost first (1 + exp(u), then exp(u)).
    let steps: [Node]
    /// The step that reads the operand: its edge is the one a shortcut replaces.
    var innermost: Node { steps[steps.count - 1] }

    /// The form `operation` applied to `inputs` makes, if any.
    static func match<Inputs: RandomAccessCollection<Node>>(_ operation: Node.Operation, _ inputs: Inputs)
        -> (kind: Kind, operand: Node, steps: [Node])? where Inputs.Index == Int {
        guard case .function(.log) = operation, inputs.count == 1 else { return nil }
        let argument = inputs[0]
        switch argument.operation {
        case .add:
            let (a, b) = (argument.inputs[0], argument.inputs[1])
            let exponential = isOne(a) ? b : (isOne(b) ? a : nil)
            guard let exponential, exponential.operation == .function(.exp) else { return nil }
            return (.softplus, exponential.inputs[0], [argument, exponential])
        case .function(.sigmoid):
            return (.logSigmoid, argument.inputs[0], [argument])
        case .subtract:
            let sigmoid = argument.inputs[1]
            guard Node.isOneMinusSigmoid(argument.inputs[0], sigmoid) else { return nil }
            return (.logOneMinusSigmoid, sigmoid.inputs[0], [argument, sigmoid])
        case .sum(axis: nil):
            let exponential = argument.inputs[0]
            guard exponential.operation == .function(.exp), exponential.isTensor else { return nil }
            return (.logSumExp, exponential.inputs[0], [argument, exponential])
        default:
            return nil
        }
    }

    private static func isOne(_ node: Node) -> Bool {
        node.operation == .constant && !node.isTensor && node.value == 1
    }

    /// d(log node)/d(operand), elementwise, at the node's current values.
    var localDerivatives: [Double] {
        let u = operand.elements
        switch kind {
        case .softplus: return u.map { MathFunction.logistic($0) }
        case .logSigmoid: return u.map { MathFunction.logistic(-$0) }
        case .logOneMinusSigmoid: return u.map { -MathFunction.logistic($0) }
        case .logSumExp:
            let total = node.value
            return u.map { Foundation.exp($0 - total) }
        }
    }

    /// Whether computing step by step breaks here: the argument of the logarithm, or its reciprocal
    /// (the logarithm's local derivative), overflowed to inf or fell below the normal numbers (where
    /// digits are lost, down to 0), so the chain rule through the steps would give 0·∞ or lose
    /// precision. Only then do the passes take the shortcut, so everywhere else their numbers are the
    /// step-by-step ones, unchanged.
    var stepsBreak: Bool {
        let broken: (Double) -> Bool = { !$0.isNormal || !(1 / $0).isNormal }
        // 1 - sigmoid(u) is computed as sigmoid(-u) and keeps its digits (the end of this file): only an underflow
        // past u ≈ 745 breaks it.
        if kind == .logOneMinusSigmoid { return steps[0].elements.contains(where: broken) }
        // An inner step below the normal numbers (exp(-722) is 2.7e-314, with 32 of its 52 bits) carries
        // its lost digits into the gradient, though the sum it feeds is normal; one that underflowed to 0
        // (exp(-745.2)) lost them all: log(sum(exp([a, a, c]))) at a = -745.2, c = -708.4 has the gradient
        // 1.1e-16 in a, and step by step it was 0.
        return steps[0].elements.contains(where: broken) || steps.dropFirst().contains { $0.elements.contains(where: Self.lostDigits) }
    }

    /// Below the normal numbers, or 0 (an exponential's underflow: the steps hold no exact zeros otherwise).
    private static func lostDigits(_ value: Double) -> Bool { value.isFinite && !value.isNormal }

    /// Whether each step is used by nothing but the form (`parents` counts a node's users in the pass's
    /// graph): only then can the steps' own edge to the operand be dropped without losing another path.
    func stepsArePrivate(_ parents: (Node) -> Int) -> Bool {
        steps.allSatisfy { parents($0) == 1 }
    }
}

extension Node {
    /// The stable form this node computes, if any (a cheap check: most nodes are not a logarithm).
    var stableForm: StableForm? {
        guard case .function(.log) = operation, !isSymbolic,
              let (kind, operand, steps) = StableForm.match(operation, inputs) else { return nil }
        return StableForm(kind: kind, node: self, operand: operand, steps: steps)
    }

    /// The stable form's shortcut, when this pass should take it: the steps break, and they are used
    /// by nothing else in the graph.
    func stableShortcut(parents: (Node) -> Int) -> StableForm? {
        guard let form = stableForm, form.stepsBreak, form.stepsArePrivate(parents) else { return nil }
        return form
    }
}

// 1 - tanh(u)^2, tanh's slope, has the same trouble past |u| ≈ 19 (tanh rounds to ±1, and tanh'(30) = 3.5e-26 came out
// 0), and is recognised in the same places: `squaredTanh` among nodes, `FormulaStore.squaredTanh` among formulas,
// and `MathFunction.derivative` on the backward tape, each computing `StableKernels.tanhSlope`.
//
// 1 - sigmoid(u), the textbook way to write sigmoid(-u) (σ' = σ(1 - σ)), is a difference of two numbers close to
// 1 once u passes about 37: step by step it rounds to 0, and σ'(40) would be 0 instead of 4.2e-18. Wherever a
// number 1 - sigmoid(u) is computed, it is sigmoid(-u) (`StableKernels.oneMinusSigmoid`), the same number with its
// digits kept; the graph keeps the nodes as typed.
//
// The rule is recognised in one place per representation: among nodes by `isOneMinusSigmoid` below, which
// `Node.make` (numbers and elementwise), numdiff's re-run (`complementedSigmoid`), `FormulaBridge` (formulas back
// to nodes), the rounding bound (`RoundingNoise`) and log(1 - sigmoid(u)) (`StableForm.match`) all ask; among
// formulas, where it is stored as 1 + (-1)*sigmoid(u), by `FormulaStore.complementedSigmoidOperand`
// (Symbolic/StableFormulas.swift), which formula evaluation asks.
extension Node {
    /// Whether `a - b` is 1 - sigmoid(u): `a` is the number 1 and `b` is sigmoid of one operand (a number, or
    /// elementwise a vector or matrix).
    static func isOneMinusSigmoid(_ a: Node, _ b: Node) -> Bool {
        a.operation == .constant && a.value == 1 && !a.isTensor && b.operation == .function(.sigmoid) && b.inputCount == 1
    }

    /// 1 - sigmoid(u) as sigmoid(-u), and 1 - tanh(u)^2 from u (`StableKernels.tanhSlope`), when `a` is the number 1
    /// and `b` is sigmoid(u) or tanh(u)^2 of a number; nil otherwise.
    static func stableComplement(_ a: Node, _ b: Node) -> Double? {
        guard a.operation == .constant, !b.isTensor else { return nil }
        if isOneMinusSigmoid(a, b) {
            return StableKernels.oneMinusSigmoid(b.unretainedInput(0)._withUnsafeGuaranteedRef { $0.value })
        }
        guard let tanh = squaredTanh(a, b) else { return nil }
        return StableKernels.tanhSlope(tanh.unretainedInput(0)._withUnsafeGuaranteedRef { $0.value }, tanh: tanh.value)
    }

    /// 1 - sigmoid(U) and 1 - tanh(U)^2 elementwise, when `a` is the number 1 and `b` is sigmoid(U) or tanh(U)^2 of
    /// a vector or matrix.
    static func stableComplementElements(_ a: Node, _ b: Node) -> [Double]? {
        guard b.isTensor, !b.isSymbolic else { return nil }
        if isOneMinusSigmoid(a, b) { return b.inputs[0].elements.map(StableKernels.oneMinusSigmoid) }
        guard let tanh = squaredTanh(a, b), tanh.isTensor else { return nil }
        return zip(tanh.inputs[0].elements, tanh.elements).map { StableKernels.tanhSlope($0, tanh: $1) }
    }

    /// The tanh node t when `a - b` is 1 - t^2: `a` is the number 1, `b` is t*t (how the backward pass squares) or
    /// t^2, and t is tanh of one operand.
    static func squaredTanh(_ a: Node, _ b: Node) -> Node? {
        guard a.operation == .constant, a.value == 1, !a.isTensor, b.inputCount == 2 else { return nil }
        let base = b.unretainedInput(0), other = b.unretainedInput(1)
        switch b.operation {
        case .multiply:
            guard base.toOpaque() == other.toOpaque() else { return nil }
        case .power:
            guard other._withUnsafeGuaranteedRef({ $0.operation == .constant && !$0.isTensor && $0.value == 2 }) else { return nil }
        default:
            return nil
        }
        let tanh = base.takeUnretainedValue()
        return tanh.operation == .function(.tanh) && tanh.inputCount == 1 ? tanh : nil
    }

    /// The sigmoid node s when this node is 1 - s, a number or elementwise.
    var complementedSigmoid: Node? {
        guard operation == .subtract, inputCount == 2, !isSymbolic, Node.isOneMinusSigmoid(inputs[0], inputs[1]) else { return nil }
        return inputs[1]
    }

    /// The square t^2 (or t*t) and the tanh node t when this node is 1 - tanh(u)^2, a number or elementwise.
    var complementedTanhSquare: (square: Node, tanh: Node)? {
        guard operation == .subtract, inputCount == 2, !isSymbolic, let tanh = Node.squaredTanh(inputs[0], inputs[1]) else { return nil }
        return (inputs[1], tanh)
    }
}
