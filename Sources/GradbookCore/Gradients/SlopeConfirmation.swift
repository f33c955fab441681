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
            // Ridders' tableau from this step down to a twentieth of it; its rounding at least that of the
            // shortest step, and as the tableau carried it into the estimate (`extrapolate`).
            guard noise / (step / 30) <= allowance / 4, safeStep(probe, edges: edges, limit: step) == step else { continue }
            let tableau = extrapolate(probe.difference, firstStep: step)
            let error = tableau.error + noise * tableau.roundingGain
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

    /// What the second look made of an estimate that contradicts the exact slope.
    enum SecondLook {
        /// The estimate stands as it is (it agrees with the slope, or nothing better can be said).
        case stands
        /// Differences on the scale the slope sets agree with it: this estimate takes the place of Ridders'.
        case local(Estimate)
        /// The estimate contradicts the slope, which is trusted, and cannot be confirmed: why it is unreliable.
        case unreliable(NumericUnreliability)
    }

    /// Who asks for a second look, and so when the exact slope is trusted over an unconfirmed estimate.
    enum Asker {
        /// check, where the symbolic derivative `symbolic` also testifies: an estimate that looks reliable is looked at
        /// again where it disagrees with backprop, and backprop is trusted where it is finite and symbolic agrees.
        case check(symbolic: Double)
        /// numdiff, which shows the number: an estimate with no reason against it is looked at again where it
        /// disagrees with backprop, and the slope is trusted where it is finite and the estimate's own error bound
        /// does not cover the gap (that bound is noted instead).
        case numdiff
    }

    /// The second numeric look, for check and numdiff alike: before `estimate` may contradict the exact `slope`
    /// (backprop's), differences on the scale that slope sets (`localSlope`) look again. Where they agree with the
    /// slope they are the estimate; where the slope is trusted and they cannot confirm it, the estimate is marked
    /// unreliable: no step could look again (`unconfirmed`), or the slope changes faster than the shortest usable
    /// step (`averaged`). Numbers in the reasons are written in `format`.
    static func secondLook(at estimate: Estimate, of output: Node, at target: Node, slope: Double, asker: Asker,
                           tolerance: GradientCheck.Tolerance, format: NumberFormat) -> SecondLook {
        let estimateIsReliable = estimate.isReliable(within: tolerance.allowance(around: estimate.derivative))
        let disagrees: Bool
        switch asker {
        case .check: disagrees = estimateIsReliable && !tolerance.accepts(slope, reference: estimate.derivative)
        case .numdiff: disagrees = estimate.unreliability == nil && !tolerance.accepts(estimate.derivative, reference: slope)
        }
        guard disagrees else { return .stands }
        let allowance = tolerance.allowance(around: slope)
        let local = localSlope(of: output, at: target, near: slope, allowance: allowance)
        if let local, tolerance.accepts(local.derivative, reference: slope) { return .local(local) }
        // (An infinite slope beside a finite estimate is an overflow, which the estimate rightly exposes.)
        let slopeIsTrusted: Bool
        switch asker {
        case .check(let symbolic): slopeIsTrusted = slope.isFinite && tolerance.accepts(symbolic, reference: slope)
        // numdiff's own error bound is a promise too: where the slope lies outside it, the bound is wrong.
        case .numdiff: slopeIsTrusted = slope.isFinite && (estimateIsReliable || Swift.abs(estimate.derivative - slope) > estimate.error)
        }
        guard slopeIsTrusted else { return .stands }
        guard local != nil else { return .unreliable(.unconfirmed(slope: format.text(slope))) }
        guard let variation = slopeVariation(of: output, at: target, near: slope, allowance: allowance, format: format) else { return .stands }
        return .unreliable(.averaged(slope: format.text(slope), change: variation.change, second: variation.second, step: variation.step))
    }
}
