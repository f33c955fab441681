// The slopes on the two sides of a kink: what a derivative "at the kink" can honestly be compared with.

import Foundation

extension NumericDerivative {
    /// The slope of `output` just left and just right of the target's value, each with an error estimate: what `check`
    /// judges by where the point is exactly at a kink (relu(x) at 0: 0 and 1, so no derivative, and anything between is
    /// a fair slope to use; relu(x) - relu(-x) at 0: 1 and 1, so the derivative is 1 though each relu has a kink there).
    ///
    /// One-sided differences (f(x ± h) - f(x)) / ±h at steps from 1e-3 to 1e-10 times max(1, |x|), each pair of
    /// successive steps extrapolated once (Richardson: 2·q(h/2) - q(h), which removes the error proportional to h);
    /// the two extrapolations that agree best give the slope, and their difference its error. Steps only shrink, so a
    /// second kink near the point is crossed by the largest at most, and those then disagree and are not chosen. Nil
    /// where a side is not finite.
    public static func oneSidedSlopes(of output: Node, at target: Node) -> (left: Double, right: Double, error: Double)? {
        oneSidedSlopes(Probe(output, at: target))
    }

    /// The same for each element of a vector or matrix `target` at `elements` (one re-run prepared for all).
    static func oneSidedSlopes(of output: Node, at target: Node, elements: [Int]) -> [Int: (left: Double, right: Double, error: Double)] {
        guard !elements.isEmpty else { return [:] }
        let rerun = Node.Rerun(of: [output], nudging: target)
        var found: [Int: (left: Double, right: Double, error: Double)] = [:]
        for element in elements {
            found[element] = oneSidedSlopes(Probe(rerun, output: output, element: element))
        }
        return found
    }

    private static func oneSidedSlopes(_ probe: Probe) -> (left: Double, right: Double, error: Double)? {
        let x = probe.x, here = probe.value(at: x)
        guard x.isFinite, here.isFinite else { return nil }
        let scale = Swift.max(1, Swift.abs(x))
        func slope(towards side: Double) -> (slope: Double, error: Double)? {
            var quotients: [Double] = []
            var step = 1e-3 * scale
            while step >= 1e-10 * scale {
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
        let slack = tolerance.allowance(around: slope) + 2 * sides.error
        return slope >= Swift.min(sides.left, sides.right) - slack && slope <= Swift.max(sides.left, sides.right) + slack
    }
}
