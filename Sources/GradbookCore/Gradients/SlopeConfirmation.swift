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
}
