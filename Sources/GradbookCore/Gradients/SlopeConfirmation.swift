// A second numeric look, on the scale the exact slope sets, before a numeric estimate may overrule it.
//
// Ridders' steps start at a fraction of |x|. sin(exp(x/4)) + 2x at x = 68.4 turns over every 9e-7 in x, so every
// tableau, from its largest steps to its smallest, averaged over many turns and agreed on 2.01 ± 0.001 while the
// slope is -3.2e6: check called a right gradient wrong. Steps on which the formula moves by only a small part of
// itself (by the slope backprop claims) see what the formula does at the point; there, differences measure the
// slope again. If they agree with backprop, the estimate from larger steps was averaging over a change faster than
// its steps, and these differences take its place; if backprop is wrong, they disagree with it too, and the
// verdict stands.

extension NumericDerivative {
    /// Differences on the scale where `slope` would move the output by 1e-4 of its size (extrapolated from two
    /// steps), when they resolve the slope to within `allowance`; nil where no such step is safe or precise.
    static func localSlope(of output: Node, at target: Node, near slope: Double, allowance: Double) -> Estimate? {
        guard slope.isFinite, slope != 0, allowance > 0 else { return nil }
        let probe = Probe(output, at: target)
        let value = probe.value(at: probe.x)
        guard value.isFinite else { return nil }
        // On this scale the slope moves f by 1e-4 of itself (of 1 where f is 0): (sin(x^3)^2 + 1)^(x/3) is
        // 9.7e-9 at x = -170 with slope 0.034, so it doubles within 3e-7.
        var h = 1e-4 * (value == 0 ? 1 : Swift.abs(value)) / Swift.abs(slope)
        h = Swift.min(h, 1e-3 * Swift.max(1, Swift.abs(probe.x)))
        let edges = edges(of: output, movingWith: target)
        let noise = Swift.max(2.3e-16 * Swift.abs(value), roundingNoise(of: output, movingWith: target) ?? 0)
        // Shorter steps while the two differences still disagree: the slope may turn faster than the formula
        // grows (sin(x^4) at x = -103 turns every 1.4e-6, a third of the first step), until rounding wins.
        for _ in 0..<8 {
            // A step must still move x by many of its last digits (the rounding bound below judges the rest).
            guard h.isFinite, h > 1e3 * probe.x.ulp, h > 1e6 * Double.leastNormalMagnitude else { return nil }
            guard safeStep(probe, edges: edges, limit: h) == h else { return nil }
            let coarse = probe.difference(h), fine = probe.difference(h / 2)
            let estimate = (4 * fine - coarse) / 3
            let rounding = noise / (h / 2)
            if rounding > allowance / 2 { return nil }
            let error = Swift.abs(fine - coarse) + rounding
            if estimate.isFinite, error <= allowance / 2 {
                return Estimate(derivative: estimate, error: error, firstStep: h)
            }
            h /= 10
        }
        return nil
    }
}
