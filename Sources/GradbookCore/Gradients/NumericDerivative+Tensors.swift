// The numeric gradient with respect to a whole vector or matrix: each element nudged in turn.

extension NumericDerivative {
    /// The most elements a numeric gradient nudges one by one (each costs several forward passes).
    public static let maximumNudgedElements = 20_000
    /// The most elements re-estimated by Ridders' method when the quick estimate is in doubt.
    static let maximumRefinedElements = 400

    /// A numeric gradient, element by element, with each element's error estimate and, where it cannot
    /// be trusted, why.
    public struct TensorEstimate: Sendable {
        public var gradient: Tensor
        public var errors: [Double]
        /// Storage index → why that element's estimate is unreliable.
        public var unreliable: [Int: NumericUnreliability]
    }

    /// The numeric gradient with respect to every element of a vector or matrix.
    ///
    /// Each element is first estimated quickly: central differences at steps h and h/2 combined by
    /// Richardson extrapolation ((4·D(h/2) − D(h))/3, error O(h⁴)), with h = 1e-3·max(1, |w|), and
    /// |D(h/2) − D(h)| as its error estimate. That is the "two forward passes per weight" that makes
    /// numeric gradients so much slower than one backward pass for all weights. An element whose step
    /// would cross a pole, domain edge or kink, or whose quick estimate is not finite or not settled,
    /// is estimated again by Ridders' method with steps that keep clear of the edge (`estimate`).
    public static func tensorEstimate(of output: Node, at target: Node, interruption: Interruption?, range: SourceRange,
                                      describe: (Node) -> String = { _ in "a part" },
                                      progress: (_ done: Int, _ count: Int) -> Void = { _, _ in }) throws(Diagnostic) -> TensorEstimate {
        guard let tensor = target.tensor else { return TensorEstimate(gradient: Tensor(shape: target.shape, repeating: .nan), errors: [], unreliable: [:]) }
        guard tensor.count <= maximumNudgedElements else {
            throw .numericGradientTooLarge(tensor.count, at: range)
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
            let coarse = probe.difference(h), fine = probe.difference(h / 2)
            var estimate = (4 * fine - coarse) / 3, error = Swift.abs(fine - coarse)
            let crossesEdge = !edges.isEmpty && safeStep(probe, edges: edges, limit: h) != h
            let isSettled = estimate.isFinite && error <= 1e-6 * max(1, Swift.abs(estimate))
            if (crossesEdge || !isSettled), refined < maximumRefinedElements {
                refined += 1
                let careful = self.estimate(probe, edges: edges, describe: describe)
                estimate = careful.derivative
                error = careful.error
                if let reason = careful.unreliability { result.unreliable[index] = reason }
            }
            result.gradient.elements[index] = estimate
            result.errors[index] = error
        }
        return result
    }

    /// The numeric gradient alone (see `tensorEstimate`).
    public static func tensorGradient(of output: Node, at target: Node, interruption: Interruption?, range: SourceRange) throws(Diagnostic) -> Tensor {
        try tensorEstimate(of: output, at: target, interruption: interruption, range: range).gradient
    }
}
