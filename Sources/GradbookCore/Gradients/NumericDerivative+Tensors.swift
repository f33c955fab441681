// The numeric gradient with respect to a whole vector or matrix: each element nudged in turn.

extension NumericDerivative {
    /// The most elements a numeric gradient nudges one by one (each costs several forward passes).
    public static let maximumNudgedElements = 20_000
    /// The forward passes (re-runs of what one element moves) of each element's quick estimate.
    static let quickPassesPerElement = 6
    /// The most elements re-estimated by Ridders' method when the quick estimate is in doubt.
    static let maximumRefinedElements = 400

    /// A numeric gradient, element by element, with each element's error estimate and, where it cannot
    /// be trusted, why.
    public struct TensorEstimate: Sendable {
        public var gradient: Tensor
        public var errors: [Double]
        /// Storage index → why that element's estimate is unreliable.
        public var unreliable: [Int: NumericUnreliability]
        /// The elements whose estimate is 0 because the formula's value did not change over any step tried: the
        /// slope is too small for the steps to see, which does not make it 0.
        public var unchanged: [Int] = []
    }

    /// The numeric gradient with respect to every element of a vector or matrix.
    ///
    /// Each element is first estimated quickly: central differences at steps h, h/2 and h/4 (h = 1e-3·max(1, |w|)),
    /// combined pairwise by Richardson extrapolation ((4·D(h/2) − D(h))/3, error O(h⁴)), the finer one kept and
    /// the gap between the two (or the rounding they carry, if larger) as its error. Each difference re-runs only
    /// what the element moves (`Node.Rerun`: one row of `W @ x`, one element of `tanh`), so this costs six small
    /// re-runs per element, where one backward pass gives every element at once. An element whose step would
    /// cross a pole, domain edge or kink, or whose quick estimate is not finite or not settled, is estimated
    /// again by Ridders' method with steps that keep clear of the edge (`estimate`). (With one extrapolation,
    /// |D(h/2) − D(h)| stood for its error: that is the error of the differences, not of the extrapolation, and
    /// sent hundreds of settled elements to Ridders, most of the time of a 100×100 check.)
    public static func tensorEstimate(of output: Node, at target: Node, interruption: Interruption?, range: SourceRange,
                                      describe: (Node) -> String = { _ in "a part" },
                                      progress: (_ done: Int, _ count: Int) -> Void = { _, _ in }) throws(Diagnostic) -> TensorEstimate {
        guard let tensor = target.tensor else { return TensorEstimate(gradient: Tensor(shape: target.shape, repeating: .nan), errors: [], unreliable: [:]) }
        guard tensor.count <= maximumNudgedElements else {
            throw .numericGradientTooLarge(tensor.count, passes: quickPassesPerElement * tensor.count, at: range)
        }
        let edges = edges(of: output, movingWith: target)
        var result = TensorEstimate(gradient: Tensor(shape: tensor.shape, repeating: 0), errors: [Double](repeating: 0, count: tensor.count), unreliable: [:])
        var refined = 0
        let rerun = Node.Rerun(of: [output], nudging: target)
        for index in 0..<tensor.count {
            if interruption?.isRequested == true { throw .interrupted(at: range) }
            progress(index, tensor.count)
            let probe = Probe(rerun, output: output, element: index)
            let h = 1e-3 * max(1, Swift.abs(probe.x))
            // The differences at h and h/2 from the outcomes the edge check reads too.
            let outcomes = [h, -h, h / 2, -h / 2].map { probe.outcome(at: probe.x + $0) }
            func difference(_ up: Node.Rerun.Outcome, _ down: Node.Rerun.Outcome, _ step: Double) -> Double {
                (up.value(of: output) - down.value(of: output)) / ((probe.x + step) - (probe.x - step))
            }
            let (d1, d2, d4) = (difference(outcomes[0], outcomes[1], h), difference(outcomes[2], outcomes[3], h / 2), probe.difference(h / 4))
            let coarse = (4 * d2 - d1) / 3, fine = (4 * d4 - d2) / 3
            // f's rounding, ε·|f| in each value, carried into `fine` as (4·4/h + 2/h)/3 = 6/h per unit.
            let rounding = 2.3e-16 * Swift.abs(output.value) * 6 / h
            var estimate = fine, error = Swift.max(Swift.abs(fine - coarse), rounding)
            let safe = edges.isEmpty ? h : safeStep(probe, edges: edges, limit: h, known: outcomes)
            let crossesEdge = safe != h
            // Settled to well beyond the digits shown (as an estimate checked by one extrapolation against
            // another; the gap between the differences themselves was held to 1e-6).
            let isSettled = estimate.isFinite && error <= 1e-9 * max(1, Swift.abs(estimate))
            if (crossesEdge || !isSettled), refined < maximumRefinedElements {
                refined += 1
                let careful = self.estimate(probe, edges: edges, describe: describe)
                estimate = careful.derivative
                error = careful.error
                if let reason = careful.unreliability { result.unreliable[index] = reason }
            } else if crossesEdge, let edge = nearestEdge(edges, in: probe) {
                // Past the elements looked at closely, a difference across an edge is no estimate (relu at 0 gave 0.5,
                // settled and "reliable", against backprop's 0): say so rather than use it.
                result.unreliable[index] = .edgeNotLookedAt(edge.kind, atIt: safe == nil, refined: maximumRefinedElements)
            }
            result.gradient.elements[index] = estimate
            result.errors[index] = error
            if estimate == 0, d1 == 0, d2 == 0, d4 == 0, result.unreliable[index] == nil { result.unchanged.append(index) }
        }
        return result
    }

    /// The numeric gradient alone (see `tensorEstimate`).
    public static func tensorGradient(of output: Node, at target: Node, interruption: Interruption?, range: SourceRange) throws(Diagnostic) -> Tensor {
        try tensorEstimate(of: output, at: target, interruption: interruption, range: range).gradient
    }
}
