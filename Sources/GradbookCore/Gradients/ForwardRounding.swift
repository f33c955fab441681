// How much the forward values of a graph of numbers lost to rounding, step by step: what backprop's number rests on.

import Foundation

/// A running bound on the rounding error of each value of a graph of numbers, as computed (first order, like
/// `FormulaEvaluation.boundedValues`, but over the graph as typed, not its simplified formula).
///
/// `(x + 1e20 - 1e20)*x` at x = 2: x + 1e20 rounds to 1e20, the difference is 0 where the maths has 2, and backprop,
/// which reads those values, gives 2 for a slope of 4. The simplified formula (x^2) rounds nothing, so `check` saw two
/// methods disagree and called it wrong. A value whose error bound is as large as itself shows that backprop's number
/// may be off by rounding alone.
enum ForwardRounding {
    /// The value that lost the largest share of its digits, with its error bound, when some value lost at least half
    /// of them (an error bound above 2^-26 of its size, or any error in a value computed as 0); nil otherwise, and for
    /// graphs with vectors or matrices, which are not followed.
    static func worstLoss(in root: Node) -> (node: Node, error: Double)? {
        guard !root.isTensor, !root.dependsOnTensors, !root.isSymbolic else { return nil }
        let (order, _) = Node.topologicalTraversal(from: [root])
        return withExtendedLifetime(root) {
            var errors = [Double](repeating: 0, count: order.count)
            var worst: (position: Int, share: Double)?
            let u = Double.ulpOfOne / 2
            for (position, handle) in order.enumerated() {
                let node = handle.takeUnretainedValue()
                let inputs = Array(node.inputs)
                guard !inputs.isEmpty else { continue }
                guard inputs.count <= 2 else { return nil }
                let x = inputs[0].value, y = inputs.count > 1 ? inputs[1].value : 0
                let ex = errors[inputs[0].traversalIndex], ey = inputs.count > 1 ? errors[inputs[1].traversalIndex] : 0
                let exponentIsConstant = inputs.count > 1 && inputs[1].operation == .constant
                var error = u * Swift.abs(node.value)
                if case .function = node.operation { error *= 2 }  // libm: within one ulp
                for (which, inputError) in [(0, ex), (1, ey)] where inputError > 0 && which < inputs.count {
                    let slope = node.operation.elementDerivative(withRespectTo: which, x: x, y: y, output: node.value,
                                                                 exponentIsConstant: exponentIsConstant)
                    error += Swift.abs(slope) * inputError
                }
                guard error.isFinite else { return nil }
                errors[position] = error
                guard error > 0 else { continue }
                let share = node.value == 0 ? Double.infinity : error / Swift.abs(node.value)
                if share > 0x1p-26, share > (worst?.share ?? 0) { worst = (position, share) }
            }
            return worst.map { (order[$0.position].takeUnretainedValue(), errors[$0.position]) }
        }
    }
}
