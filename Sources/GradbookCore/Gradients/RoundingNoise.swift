// How much rounding inside a formula makes its value jitter as one input moves: the noise a finite difference
// must rise above. ε·|f| is right for a well-conditioned formula; log(1 + u^4) with u^4 = 1.7e-11 keeps only
// about five digits of the sum 1 + u^4, so its value moves in stairs a hundred billion times taller, and a
// difference over a small step measures the stairs (a 16 % error that Ridders' tableau called precise).

extension NumericDerivative {
    /// A first-order bound on the rounding error of `output`'s value that varies with `target`: each node
    /// that depends on the target adds ε·|its value| and passes on its inputs' errors times its local
    /// derivatives (running error analysis, as in Higham's "Accuracy and Stability of Numerical
    /// Algorithms", §3.3), with sin's and cos's slopes taken as 1, their largest, since the differences
    /// probe points where they may turn many times. Parts that do not move with the target round the same
    /// way at every step, so they shift the formula but add no noise. Nil for graphs with vectors or
    /// matrices, or where a local derivative is not finite: the caller then keeps ε·|f|.
    static func roundingNoise(of output: Node, movingWith target: Node) -> Double? {
        guard !output.dependsOnTensors else { return nil }
        let tape = BackwardTape(from: output)
        guard let targetIndex = tape.position(of: target) else { return nil }
        let unitRoundoff = 1.12e-16
        var error = [Double](repeating: 0, count: tape.entries.count)
        var moves = [Bool](repeating: false, count: tape.entries.count)
        moves[targetIndex] = true
        for (index, entry) in tape.entries.enumerated() where index != targetIndex {
            guard entry.kind == .scalar || entry.kind == .scalarAtKink else { continue }
            // 1 - sigmoid(u) is computed from u as sigmoid(-u) (Node+StableForms.swift), not by a subtraction that
            // would carry sigmoid(u)'s rounding into a tiny difference.
            if let sigmoid = tape.order[index]._withUnsafeGuaranteedRef({ $0.complementedSigmoid }),
               let operand = sigmoid.inputs.first, let position = tape.position(of: operand) {
                guard moves[position] else { continue }
                moves[index] = true
                let value = tape.order[index]._withUnsafeGuaranteedRef { $0.value }
                let slope = value * MathFunction.logistic(operand.value)
                error[index] = (error[position] == 0 ? 0 : slope * error[position]) + unitRoundoff * Swift.abs(value)
                continue
            }
            let first = Int(entry.firstInput), second = Int(entry.secondInput)
            let firstMoves = first >= 0 && moves[first], secondMoves = second >= 0 && moves[second]
            guard firstMoves || secondMoves else { continue }
            moves[index] = true
            var bound = 0.0
            if firstMoves, error[first] != 0 {
                // sin and cos at every point a difference probes, not only at x: sin(exp((9 - x)^2/4)) at x ≈ 0
                // turns 1.3 times over a usable step, and its slope there, cos = 0.075, made the rounding look
                // thirteen times smaller than it is a step away.
                let oscillates = tape.order[index]._withUnsafeGuaranteedRef { $0.operation == .function(.sin) || $0.operation == .function(.cos) }
                bound += (oscillates ? 1 : Swift.abs(entry.firstDerivative)) * error[first]
            }
            if secondMoves, error[second] != 0 { bound += Swift.abs(entry.secondDerivative) * error[second] }
            let (value, isExact) = tape.order[index]._withUnsafeGuaranteedRef { ($0.value, $0.roundsExactly) }
            if !isExact { bound += unitRoundoff * Swift.abs(value) }
            guard bound.isFinite else { return nil }
            error[index] = bound
        }
        return error[error.count - 1]
    }
}

extension Node {
    /// Whether this step's result is exact whatever its inputs (barring overflow and underflow): a sign change, or
    /// a product or quotient by a power of two (x/4 in exp(x/4) added 7e-6 of rounding that was never there, and
    /// hid the one step that could resolve sin(exp(x/4)) at x = 87).
    var roundsExactly: Bool {
        switch operation {
        case .negate: return true
        case .multiply: return inputs.contains { $0.isPowerOfTwoConstant }
        case .divide: return inputCount == 2 && unretainedInput(1)._withUnsafeGuaranteedRef { $0.isPowerOfTwoConstant }
        default: return false
        }
    }

    private var isPowerOfTwoConstant: Bool {
        operation == .constant && !dependsOnTensors && value.isNormal && value.significand == 1
    }
}
