// The slopes on the two sides of a kink: what a derivative "at the kink" can honestly be compared with.

import Foundation

extension NumericDerivative {
    /// The slope of `output` just left and just right of the target's value, each with an error estimate: what `check`
    /// judges by where the point is exactly at a kink (relu(x) at 0: 0 and 1, so no derivative, and anything between is
    /// a fair slope to use; relu(x) - relu(-x) at 0: 1 and 1, so the derivative is 1 though each relu has a kink there).
    ///
    /// One-sided differences (f(x ± h) - f(x)) / ±h at twelve steps halving from 1e-4 times max(1, |x|), each pair of
    /// successive steps extrapolated once (Richardson: 2·q(h/2) - q(h), which removes the error proportional to h);
    /// the two extrapolations that agree best give the slope, and their difference its error. Steps only shrink, so a
    /// second kink near the point is crossed by the largest at most, and those then disagree and are not chosen. Nil
    /// where a side is not finite.
    public static func oneSidedSlopes(of output: Node, at target: Node) -> (left: Double, right: Double, error: Double)? {
        oneSidedSlopes(Probe(output, at: target))
    }

    /// The same for each element of a vector or matrix `target` at `elements` (one re-run prepared for all), stopping
    /// at Ctrl-C as the numeric estimate does.
    static func oneSidedSlopes(of output: Node, at target: Node, elements: [Int], interruption: Interruption?,
                               range: SourceRange) throws(Diagnostic) -> [Int: (left: Double, right: Double, error: Double)] {
        guard !elements.isEmpty else { return [:] }
        let rerun = Node.Rerun(of: [output], nudging: target)
        var found: [Int: (left: Double, right: Double, error: Double)] = [:]
        for element in elements {
            if interruption?.isRequested == true { throw .interrupted(at: range) }
            found[element] = oneSidedSlopes(Probe(rerun, output: output, element: element))
        }
        return found
    }

    /// The most elements of a vector or matrix at kinks whose two sides' slopes a check measures (25 re-runs of the
    /// graph each); past it, the elements at kinks are not judged (`TensorCheckReport.unmeasuredKinks`).
    static let largestKinkCount = 1_024

    private static func oneSidedSlopes(_ probe: Probe) -> (left: Double, right: Double, error: Double)? {
        let x = probe.x, here = probe.value(at: x)
        guard x.isFinite, here.isFinite else { return nil }
        let scale = Swift.max(1, Swift.abs(x))
        func slope(towards side: Double) -> (slope: Double, error: Double)? {
            var quotients: [Double] = []
            var step = 1e-4 * scale
            for _ in 0..<12 {
                let moved = x + side * step
                let quotient = (probe.value(at: moved) - here) / (moved - x)
                guard quotient.isFinite else { return nil }
                quotients.append(quotient)
                step /= 2
            }
            let extrapolated = zip(quotients.dropFirst(), quotients).map { 2 * $0 - $1 }
            var best: (slope: Double, error: Double)?
            for (finer, coarser) in zip(extrapolated.dropFirst(), extrapolated) {
                let error = Swift.abs(finer - coarser)
                if best == nil || error < best!.error { best = (finer, error) }
            }
            return best
        }
        guard let left = slope(towards: -1), let right = slope(towards: 1) else { return nil }
        return (left.slope, right.slope, Swift.max(left.error, right.error))
    }

    /// The slopes on the two sides of the point where the numeric estimate found it `unreliable` exactly at an edge and
    /// they are what to judge by (check's and numdiff's one rule): at a kink, always; at a domain edge the function is
    /// defined on both sides of, only where the two slopes differ (sqrt(x^2) at 0 is |x|), since a function that merely
    /// crosses the edge with one slope (sqrt(x^4) at 0) is no kink. Nil elsewhere, at a pole, and
    /// where a side is not finite (sqrt(x) at 0).
    static func sidesToJudgeBy(_ unreliable: NumericUnreliability?, of output: Node, at target: Node,
                               tolerance: GradientCheck.Tolerance) -> (left: Double, right: Double, error: Double)? {
        guard case .atEdge(let edge, _)? = unreliable, edge != .pole, edge != .zeroDivisor, let sides = oneSidedSlopes(of: output, at: target) else { return nil }
        return edge == .kink || slopeThroughKink(sides, tolerance: tolerance) == nil ? sides : nil
    }

    /// The derivative at a kink whose two sides' slopes agree within `tolerance`, measured well inside it (their error
    /// at most half the allowance, as a numeric reference must be): relu(x) - relu(-x) at 0 has 1. Nil where they
    /// differ, so there is no derivative.
    static func slopeThroughKink(_ sides: (left: Double, right: Double, error: Double), tolerance: GradientCheck.Tolerance) -> Double? {
        let allowance = tolerance.allowance(around: sides.right)
        guard sides.error <= allowance / 2, Swift.abs(sides.left - sides.right) <= allowance else { return nil }
        return (sides.left + sides.right) / 2
    }

    /// Whether `slope` lies between a kink's two sides' slopes (within `tolerance` and their error): a fair slope to use
    /// there, as gradbook's convention is, where there is no derivative.
    static func isBetweenKinkSlopes(_ slope: Double, _ sides: (left: Double, right: Double, error: Double),
                                    tolerance: GradientCheck.Tolerance) -> Bool {
        let (low, high) = (Swift.min(sides.left, sides.right), Swift.max(sides.left, sides.right))
        // (The allowance around the sides, not around `slope`: an infinite slope would allow everything.)
        let slack = tolerance.allowance(around: Swift.max(Swift.abs(low), Swift.abs(high))) + 2 * sides.error
        return slope.isFinite && slope >= low - slack && slope <= high + slack
    }
}
