// Derivatives by finite differences: nudge one value, re-run the graph, see how the output moves.

import Foundation

/// The numeric derivative of a graph's output with respect to one of its nodes.
public enum NumericDerivative {
    /// The central difference (f(x + h) - f(x - h)) / 2h for an explicit step `h`.
    ///
    /// Its truncation error is about f'''(x)·h²/6 and its rounding error about ε·|f|/h, so too large a
    /// step is inaccurate and too small a step is noisy; `ridders` chooses for you.
    public static func centralDifference(of output: Node, at target: Node, step h: Double) -> Double {
        let rerun = Node.Rerun(of: [output], nudging: target)
        return (rerun.value(of: output, at: target.value + h) - rerun.value(of: output, at: target.value - h)) / (2 * h)
    }

    /// The derivative by Ridders' method: central differences at shrinking steps, extrapolated to step
    /// zero (Richardson), stopping when the estimated error stops improving.
    ///
    /// For smooth functions this agrees with the exact derivative to about 1e-10 relative or better.
    /// Ridders needs a first step over which the function changes smoothly; a function that oscillates
    /// fast (sin(x^9)) fools a large one, so several first steps, 1e-1 down to 1e-4 times max(1, |x|),
    /// are tried and the estimate with the smallest error is kept. `step` is that estimate's first step,
    /// so callers can look for kinks within it.
    public static func ridders(of output: Node, at target: Node) -> (derivative: Double, error: Double, largestStep: Double) {
        let rerun = Node.Rerun(of: [output], nudging: target)
        let x = target.value
        let scale = max(1, Swift.abs(x))
        func difference(_ h: Double) -> Double {
            (rerun.value(of: output, at: x + h) - rerun.value(of: output, at: x - h)) / (2 * h)
        }
        var best = (derivative: Double.nan, error: Double.infinity, largestStep: 1e-2 * scale)
        for firstStep in [1e-2, 1e-1, 1e-3, 1e-4] {
            let estimate = extrapolate(difference, firstStep: firstStep * scale)
            if estimate.error < best.error || best.derivative.isNaN {
                best = (estimate.derivative, estimate.error, firstStep * scale)
            }
            if best.error <= 1e-13 * Swift.abs(best.derivative) { break }
        }
        return best
    }

    /// Ridders' tableau: differences at steps h, h/1.4, h/1.4², …, extrapolated to step zero.
    private static func extrapolate(_ difference: (Double) -> Double, firstStep: Double) -> (derivative: Double, error: Double) {
        let shrink = 1.4
        let shrinkSquared = shrink * shrink
        let size = 10
        var h = firstStep
        var table = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        table[0][0] = difference(h)
        var best = table[0][0]
        var error = Double.greatestFiniteMagnitude
        for i in 1..<size {
            h /= shrink
            table[0][i] = difference(h)
            var factor = shrinkSquared
            for j in 1...i {
                table[j][i] = (table[j - 1][i] * factor - table[j - 1][i - 1]) / (factor - 1)
                factor *= shrinkSquared
                let estimate = max(Swift.abs(table[j][i] - table[j - 1][i]), Swift.abs(table[j][i] - table[j - 1][i - 1]))
                if estimate <= error {
                    error = estimate
                    best = table[j][i]
                }
            }
            if Swift.abs(table[i][i] - table[i - 1][i - 1]) >= 2 * error { break }
        }
        return (best, error)
    }

    /// The kinks (relu, abs, step, sign at 0) that lie within `step` of the current point: moving the
    /// target by ±step changes the sign of the kink's argument, so a numeric derivative is not meaningful.
    public static func kinks(of output: Node, at target: Node, within step: Double) -> [Node] {
        let order = output.graph
        let kinkNodes = order.filter {
            if case .function(let function) = $0.operation { return function.hasKinkAtZero }
            return false
        }
        guard !kinkNodes.isEmpty else { return [] }
        let rerun = Node.Rerun(of: [output], nudging: target)
        let upward = rerun.run([target.value + step]), downward = rerun.run([target.value - step])
        var found: [Node] = []
        for node in kinkNodes {
            let argument = node.inputs[0]
            let here = argument.value
            let up = upward.value(of: argument)
            let down = downward.value(of: argument)
            if here == 0 || (up.sign != here.sign && up != 0) || (down.sign != here.sign && down != 0) || up == 0 || down == 0 {
                found.append(node)
            }
        }
        return found
    }
}

extension NumericDerivative {
    /// The most elements a numeric gradient nudges one by one (each costs several forward passes).
    public static let maximumNudgedElements = 20_000

    /// The numeric gradient with respect to every element of a vector or matrix: each element nudged
    /// in turn, central differences at steps h and h/2 combined by Richardson extrapolation
    /// ((4·D(h/2) − D(h))/3, error O(h⁴)), with h = 1e-3·max(1, |w|).
    ///
    /// This is the "two forward passes per weight" that makes numeric gradients so much slower than
    /// one backward pass for all weights.
    public static func tensorGradient(of output: Node, at target: Node, interruption: Interruption?, range: SourceRange) throws(Diagnostic) -> Tensor {
        guard let tensor = target.tensor else { return Tensor(shape: target.shape, repeating: .nan) }
        guard tensor.count <= maximumNudgedElements else {
            throw Diagnostic(range, "a numeric gradient of \(tensor.count) elements would take \(4 * tensor.count) forward passes, more than gradbook runs at once.",
                             hint: "use grad(…) (backpropagation: one pass for all of them).")
        }
        let rerun = Node.Rerun(of: [output], nudging: target)
        func value(nudging index: Int, by h: Double) -> Double {
            var elements = tensor.elements
            elements[index] += h
            return rerun.run(elements).value(of: output)
        }
        var gradient = [Double](repeating: 0, count: tensor.count)
        for index in 0..<tensor.count {
            if interruption?.isRequested == true { throw .interrupted(at: range) }
            let h = 1e-3 * max(1, Swift.abs(tensor.elements[index]))
            let coarse = (value(nudging: index, by: h) - value(nudging: index, by: -h)) / (2 * h)
            let fine = (value(nudging: index, by: h / 2) - value(nudging: index, by: -h / 2)) / h
            gradient[index] = (4 * fine - coarse) / 3
        }
        return Tensor(shape: tensor.shape, elements: gradient)
    }
}
