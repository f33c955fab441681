// A second numeric look, on the scale the exact slope sets, before a numeric estimate may overrule it.
//
// Ridders' steps start at a fraction of |x|. sin(exp(x/4)) + 2x at x = 68.4 turns over every 9e-7 in x, so every
// tableau, from its largest steps to its smallest, averaged over many turns and agreed on 2.01 ± 0.001 while the
// slope is -3.2e6: check called a right gradient wrong. Steps on which the formula moves by only a small part of
// itself (by the slope backprop claims) see what the formula does at the point; there, differences measure the
// slope again. If they agree with backprop, the estimate from larger steps was averaging over a change faster than
// its steps, and these differences take its place; if backprop is wrong, they disagree with it too, and the
// verdict stands.

import Foundation

extension NumericDerivative {
    /// Differences on the scale where `slope` would move the output by 1e-4 of its size (Ridders' tableau from
    /// there), when they resolve the slope to within `allowance`; nil where no such step is safe or precise.
    static func localSlope(of output: Node, at target: Node, near slope: Double, allowance: Double) -> Estimate? {
        guard slope.isFinite, slope != 0, allowance > 0 else { return nil }
        let probe = Probe(output, at: target)
        let value = probe.value(at: probe.x)
        guard value.isFinite else { return nil }
        // On this scale the slope moves f by 1e-4 of itself (of 1 where f is 0): (sin(x^3)^2 + 1)^(x/3) is
        // 9.7e-9 at x = -170 with slope 0.034, so it doubles within 3e-7.
        let h = 1e-4 * (value == 0 ? 1 : Swift.abs(value)) / Swift.abs(slope)
        let edges = edges(of: output, movingWith: target)
        let noise = Swift.max(2.3e-16 * Swift.abs(value), roundingNoise(of: output, movingWith: target) ?? 0)
        // Steps from 1e-8 of that up to a thousand times it, shortest first: the slope may turn
        // faster than the formula grows (sin(x^4) at x = -103 turns every 1.4e-6), and rounding inside the
        // formula may need longer ones (exp(x/4) at x = 79 carries 1e-6 of rounding into sin). The first
        // step whose two differences agree, above the rounding, is the most local look.
        for power in -8...3 {
            let step = h * pow(10, Double(power))
            // A step must still move x by many of its last digits (the rounding bound below judges the rest), and stay
            // short beside x.
            guard step.isFinite, step > 1e3 * probe.x.ulp, step > 1e6 * Double.leastNormalMagnitude,
                  step <= 1e-2 * Swift.max(1, Swift.abs(probe.x)) else { continue }
            // Ridders' tableau from this step down to a twentieth of it, its rounding taken at the shortest.
            let rounding = noise / (step / 30)
            guard rounding <= allowance / 4, safeStep(probe, edges: edges, limit: step) == step else { continue }
            let tableau = extrapolate(probe.difference, firstStep: step)
            let error = tableau.error + rounding
            if tableau.derivative.isFinite, error <= allowance / 2 {
                return Estimate(derivative: tableau.derivative, error: error, firstStep: step)
            }
        }
        return nil
    }

    /// Where the exact slope itself changes by more than `allowance / 2` over the shortest step a second look
    /// would take (on which `slope` moves the output by 1e-4 of its size): how much, and the second derivative
    /// (both as shown, through `format`). Differences then measure an average of the slope, whatever their step:
    /// 1e-20*sin(1e20*x) + x turns every 6e-20, far below the spacing of numbers near 1, and every difference
    /// sees the average slope 1 while the slope at the point is 1 + cos(1e20). Nil where the slope holds, or where
    /// the second derivative is not finite (nothing is claimed then).
    static func slopeVariation(of output: Node, at target: Node, near slope: Double, allowance: Double,
                               format: NumberFormat) -> (change: String, second: String, step: String)? {
        guard !output.dependsOnTensors, slope.isFinite, slope != 0 else { return nil }
        let value = Probe(output, at: target).value(at: target.value)
        let step = Swift.max(1e-4 * (value == 0 ? 1 : Swift.abs(value)) / Swift.abs(slope), 1e3 * target.value.ulp)
        guard let gradient = GradientGraph(cell: nil).gradients(of: output, withRespectTo: [target])?.first,
              let second = Backpropagation(from: gradient).gradient(of: target), second.isFinite,
              Swift.abs(second) * step > allowance / 2 else { return nil }
        return (format.text(Swift.abs(second) * step), format.text(second), format.text(step))
    }

    /// Why an estimate that contradicts the exact slope is not trusted where the slope changes faster than any
    /// usable step (`slopeVariation`): for "the numeric estimate is unreliable here: …".
    static func averaged(_ variation: (change: String, second: String, step: String), slope: String) -> String {
        "it contradicts the exact slope \(slope), but the second derivative here is \(variation.second), so the slope changes by about \(variation.change) within a step of \(variation.step) and differences measure an average of it"
    }

    /// Why an estimate that contradicts the exact slope (`slope`, as shown) is not trusted when no step could look
    /// again (`localSlope` was nil): for "the numeric estimate is unreliable here: …". The formula may turn faster
    /// than the estimate's steps (1/(sin(exp(x/4)) + x) at x = 87 turns every 8e-9), and the steps that could
    /// follow it drown in its rounding, so the differences may be measuring an average, not the slope.
    static func unconfirmed(slope: String) -> String {
        "it contradicts the exact slope \(slope), and no step short enough to follow the formula rises above its rounding, so the differences may be averaging a change faster than their steps"
    }
}
