// Derivatives by finite differences: nudge one value, re-run the graph, see how the output moves.

import Foundation

/// The numeric derivative of a graph's output with respect to one of its nodes.
public enum NumericDerivative {
    /// The output as a function of one number: a scalar target, or one element of a vector or matrix.
    struct Probe {
        let rerun: Node.Rerun
        let output: Node
        /// The target's elements as they are; `index` is the one that moves.
        let base: [Double]
        let index: Int

        init(_ output: Node, at target: Node) {
            self.init(Node.Rerun(of: [output], nudging: target), output: output, element: 0)
        }

        /// One element of the target, sharing a prepared re-run (preparing one walks the whole graph).
        init(_ rerun: Node.Rerun, output: Node, element index: Int) {
            self.rerun = rerun
            self.output = output
            base = rerun.target.elements
            self.index = index
        }

        var x: Double { base[index] }

        func outcome(at value: Double) -> Node.Rerun.Outcome {
            rerun.run(base: base, index: index, value: value)
        }

        func value(at value: Double) -> Double { outcome(at: value).value(of: output) }

        /// (f(x + h) − f(x − h)) / (the step actually taken), so rounding of x ± h does not skew it.
        func difference(_ h: Double) -> Double {
            let up = x + h, down = x - h
            return (value(at: up) - value(at: down)) / (up - down)
        }
    }

    /// A numeric derivative with what is known about its accuracy.
    public struct Estimate: Sendable {
        public var derivative: Double
        /// Ridders' own error estimate (the spread of its last extrapolations).
        public var error: Double
        /// The first step its differences started from.
        public var firstStep: Double
        /// Why the estimate cannot be trusted, when it cannot.
        public var unreliability: NumericUnreliability?

        /// Whether the estimate may serve as a reference within `tolerance` of its value: it was taken
        /// without crossing an edge, is finite, and its own error estimate is well inside the tolerance.
        public func isReliable(within tolerance: Double) -> Bool {
            unreliability == nil && derivative.isFinite && error <= tolerance / 2
        }
    }

    /// The central difference (f(x + h) - f(x - h)) / 2h for an explicit step `h`; nil when x ± h
    /// round to x itself (the step is lost, and the difference would be a meaningless 0).
    ///
    /// Its truncation error is about f'''(x)·h²/6 and its rounding error about ε·|f|/h, so too large a
    /// step is inaccurate and too small a step is noisy; `ridders` chooses for you.
    public static func centralDifference(of output: Node, at target: Node, step h: Double) -> Double? {
        let probe = Probe(output, at: target)
        guard probe.x + h != probe.x - h else { return nil }
        return probe.difference(h)
    }

    /// The derivative by Ridders' method: central differences at shrinking steps, extrapolated to step
    /// zero (Richardson), stopping when the estimated error stops improving.
    ///
    /// For smooth functions this agrees with the exact derivative to about 1e-10 relative or better.
    /// Ridders needs a first step over which the function changes smoothly; a function that oscillates
    /// fast (sin(x^9)) fools a large one, so several first steps, 1e-1 down to 1e-4 times max(1, |x|),
    /// are tried and the estimate with the smallest error is kept. No step reaches across a pole, a
    /// domain edge or a kink the graph has (`safeStep`): near one the steps shrink with the distance to
    /// it, and at one the estimate is marked unreliable instead of straddling it.
    public static func ridders(of output: Node, at target: Node, describe: (Node) -> String = { _ in "a part" }) -> Estimate {
        // 3e300*x^3 at x = 1e-200 is 0 because x^3 underflowed: steps short enough to follow the formula see only
        // zeros, and longer ones (where x^3 is representable) gave 5.9e278 for a slope of 9e-100.
        if let lost = LostValues.doubt(about: output) {
            return Estimate(derivative: .nan, error: .infinity, firstStep: 0, unreliability: .valueLost(at: describe(lost.origin)))
        }
        return estimate(Probe(output, at: target), edges: edges(of: output, movingWith: target), describe: describe,
                 noise: roundingNoise(of: output, movingWith: target))
    }

    /// `noise`: how much rounding makes f jitter as x moves (`roundingNoise`), when more than ε·|f|.
    static func estimate(_ probe: Probe, edges: [Edge], describe: (Node) -> String, noise: Double? = nil) -> Estimate {
        // At x = ±inf or nan every step lands on the point itself or on nan; say so rather than blame an edge.
        guard probe.x.isFinite else {
            return Estimate(derivative: .nan, error: .infinity, firstStep: 0,
                            unreliability: .pointNotFinite(value: NumberFormat().text(probe.x)))
        }
        let scale = max(1, Swift.abs(probe.x))
        let largest = 1e-1 * scale
        guard let safe = safeStep(probe, edges: edges, limit: largest) else {
            let edge = nearestEdge(edges, in: probe)
            return Estimate(derivative: .nan, error: .infinity, firstStep: 0,
                            unreliability: edge.map { .atEdge($0.kind, of: describe(part(of: $0, in: probe))) } ?? .noStepSmallEnough)
        }
        var best = Estimate(derivative: .nan, error: .infinity, firstStep: safe)
        var tried: Set<Double> = []
        var smallest: (derivative: Double, error: Double)?
        var coarse: (derivative: Double, error: Double)?
        // The smallest first steps also catch a fast oscillation that larger ones average away (sin(x^3) at
        // x = -115 has a period of 1.6e-4: steps from 1e-4 on saw only the x^2 beside it, and agreed).
        for factor in [1e-2, 1e-1, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8] {
            let firstStep = min(factor * scale, safe)
            guard tried.insert(firstStep).inserted else { continue }
            var estimate = extrapolate(probe.difference, firstStep: firstStep)
            // Rounding: f's own rounding error, at least ε·|f|, as the tableau carried it into the estimate.
            let rounding = max(2.3e-16 * Swift.abs(probe.value(at: probe.x)), noise ?? 0)
            estimate.error = max(estimate.error, rounding * estimate.roundingGain)
            if estimate.error < best.error || best.derivative.isNaN {
                best = Estimate(derivative: estimate.derivative, error: estimate.error, firstStep: firstStep)
            }
            if factor < 1e-4 || smallest == nil { smallest = (estimate.derivative, estimate.error) }
            if coarse == nil { coarse = (estimate.derivative, estimate.error) }
            if best.error <= 1e-13 * Swift.abs(best.derivative) { break }
        }
        // Only where x-sized steps saw no change above f's rounding: cos(x) + 3.9e8 does change over them, and
        // steps of 3874 (1e-5·|f|) averaged its turns into a slope of 2e-8 that called -sin(x) wrong.
        let seenChange = Swift.abs(best.derivative) * largest > 10 * 2.3e-16 * Swift.abs(probe.value(at: probe.x))
        if !(best.error <= 1e-6 * Swift.abs(best.derivative) + 1e-10), !(seenChange && best.derivative.isFinite),
           let wide = wideStepEstimate(probe, edges: edges, above: largest), wide.error < best.error {
            best = wide
        }
        // Steps of very different sizes must tell the same story, or the formula varies faster than they can follow.
        if let smallest, best.derivative.isFinite, smallest.derivative.isFinite,
           // (a difference below 1e-10 is rounding at the smallest steps, not a story: sin(x)^2 at pi)
           Swift.abs(smallest.derivative - best.derivative) > 10 * (smallest.error + best.error) + 1e-12 * Swift.abs(best.derivative) + 1e-10 {
            best.unreliability = .stepsDisagree
        }
        // A confident 0 is also checked against the largest steps: where a value inside f has lost most of its
        // digits (1 - sigmoid(30) is about 850 units of rounding), f moves in stairs, and steps that stay on one
        // stair all measure exactly 0. Only a clear slope over the largest steps overrules it (their own
        // estimate is no better than the function is smooth, so they judge nothing else).
        if best.unreliability == nil, best.derivative == 0, let coarse, coarse.derivative.isFinite,
           Swift.abs(coarse.derivative) > 10 * coarse.error {
            best.unreliability = .hiddenByRounding(slope: NumberFormat().text(coarse.derivative))
        }
        if best.unreliability == nil, !best.derivative.isFinite {
            best.unreliability = .notFiniteNearby(estimate: NumberFormat().text(best.derivative))
        } else if best.unreliability == nil, safe < 1e-2 * scale, let edge = nearestEdge(edges, in: probe),
                  best.error > 1e-6 * Swift.abs(best.derivative) || safe < 1e-7 * Swift.abs(probe.x) {
            // A step below 1e-7·|x| moves x by its last few digits only: the rounding of everything computed
            // from x is then as large as the change the differences measure (relu(sin(x^8)) at x = -17).
            best.unreliability = .nearEdge(edge.kind, of: describe(part(of: edge, in: probe)))
        }
        return best
    }

    /// An estimate from steps large enough to rise above f's own rounding, when f is so large that steps of
    /// x's size change nothing (x + exp(exp(27/4)/4) is 3.5e92 at x = 0: f(x ± h) round to one number, and
    /// the difference is a meaningless 0). From a first step of 1e-5·|f| the rounding error is below 1e-9 of
    /// f's slope; the estimate is kept only when the change it measures over that step stands well above
    /// f's rounding (sin(x) + 3.5e92 changes by nothing visible, and keeps its unreliable small-step
    /// estimate), no edge lies within the step, and Ridders' own error says the steps agreed.
    private static func wideStepEstimate(_ probe: Probe, edges: [Edge], above largest: Double) -> Estimate? {
        let size = Swift.abs(probe.value(at: probe.x))
        let step = 1e-5 * size
        guard step.isFinite, step > largest, (probe.x + step).isFinite, (probe.x - step).isFinite,
              safeStep(probe, edges: edges, limit: step) == step else { return nil }
        let rounding = 2.3e-16 * size
        let estimate = extrapolate(probe.difference, firstStep: step)
        guard estimate.derivative.isFinite, Swift.abs(estimate.derivative) * step > 1e3 * rounding else { return nil }
        return Estimate(derivative: estimate.derivative, error: Swift.max(estimate.error, rounding * estimate.roundingGain), firstStep: step)
    }

    /// Ridders' tableau: differences at steps h, h/1.4, h/1.4², …, extrapolated to step zero.
    ///
    /// `roundingGain`: how much the estimate moves per unit of rounding error in f, at most. A difference at step
    /// h moves by up to 1/h per unit (two values, each off by one unit, over 2h); each extrapolation takes
    /// (D₁·c − D₀)/(c − 1), which moves by up to (c·g₁ + g₀)/(c − 1), three times its inputs' gains in the first
    /// column. So the rounding an estimate carries is the formula's rounding error times this gain: the step
    /// alone (1/h) understated it by up to ninefold, and an estimate of sin(exp((9 - x)^2/4)) at x ≈ 0, whose
    /// 9 - x moves in stairs of 1.8e-15, claimed ± 2.2e4 while 2.6e4 off.
    static func extrapolate(_ difference: (Double) -> Double, firstStep: Double) -> (derivative: Double, error: Double, roundingGain: Double) {
        let shrink = 1.4
        let shrinkSquared = shrink * shrink
        let size = 10
        var h = firstStep
        var table = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        var gains = table
        table[0][0] = difference(h)
        gains[0][0] = 1 / h
        var best = table[0][0]
        var bestGain = gains[0][0]
        var error = Double.greatestFiniteMagnitude
        for i in 1..<size {
            h /= shrink
            table[0][i] = difference(h)
            gains[0][i] = 1 / h
            var factor = shrinkSquared
            for j in 1...i {
                table[j][i] = (table[j - 1][i] * factor - table[j - 1][i - 1]) / (factor - 1)
                gains[j][i] = (gains[j - 1][i] * factor + gains[j - 1][i - 1]) / (factor - 1)
                factor *= shrinkSquared
                let estimate = max(Swift.abs(table[j][i] - table[j - 1][i]), Swift.abs(table[j][i] - table[j - 1][i - 1]))
                if estimate <= error {
                    error = estimate
                    best = table[j][i]
                    bestGain = gains[j][i]
                }
            }
            if Swift.abs(table[i][i] - table[i - 1][i - 1]) >= 2 * error { break }
        }
        return (best, error, bestGain)
    }
}
