// `A == B` for vectors and matrices of numbers: equal within a tolerance suited to computed results,
// and when not, where and how they differ.

extension Evaluator {
    /// Elements agree to about six significant digits: numdiff and grad of the same loss differ by
    /// rounding and truncation (1e-10 relative and less), while a slip (a factor, a sign, a term) is
    /// off by far more.
    static let tensorEqualityRelativeTolerance = 1e-6
    /// Elements that are rounding noise beside the tensor's largest element (a saturated unit's
    /// gradient, 1e-12 beside 1) compare absolutely, at this fraction of that largest magnitude.
    static let tensorEqualityScaledAbsoluteTolerance = 1e-7

    /// The tolerance for two tensors: |a − b| ≤ 1e-7·(largest |element| of either) + 1e-6·|b|.
    static func tensorEqualityTolerance(_ left: Tensor, _ right: Tensor) -> GradientCheck.Tolerance {
        let largest = (left.elements + right.elements).lazy.filter(\.isFinite).map(Swift.abs).max() ?? 0
        return GradientCheck.Tolerance(relative: tensorEqualityRelativeTolerance, absolute: tensorEqualityScaledAbsoluteTolerance * largest)
    }

    /// Two tensors of numbers compared element by element; a mismatch names how many elements differ,
    /// the worst one, and a slip when one explains the whole difference.
    func compareTensors(_ left: Node, _ right: Node, _ leftExpression: Expression, _ rightExpression: Expression) -> Comparison {
        guard let a = left.tensor, let b = right.tensor else { return Comparison(isEqual: false) }
        let tolerance = Evaluator.tensorEqualityTolerance(a, b)
        let comparison = ElementComparison(a.elements, b.elements, tolerance: tolerance)
        guard !comparison.agrees else { return Comparison(isEqual: true) }
        let verb = comparison.outside.count == 1 ? "differs" : "differ"
        var lines = ["\(comparison.outside.count) of \(a.count) elements \(verb) by more than the tolerance (6 significant digits, see :help ==)."]
        if let worst = comparison.worst, let difference = comparison.worstDifference {
            let format = NumberFormat()
            lines.append("the worst, \(a.elementPosition(worst)): left \(format.text(a.elements[worst])), right \(format.text(b.elements[worst])), difference \(format.text(difference.absolute)) (relative \(NumberFormat(digits: 2).text(difference.relative))).")
        }
        // The side gradbook computed (grad, numdiff) is the right one; with neither, the left is taken as right.
        let rightIsComputed = isComputedGradient(rightExpression) && !isComputedGradient(leftExpression)
        let (mine, truth) = rightIsComputed ? (a, b) : (b, a)
        let names = rightIsComputed ? ("the left side", "the right side") : ("the right side", "the left side")
        let candidates = (left.graph + right.graph).compactMap { node -> (name: String, tensor: Tensor)? in
            guard node.isLeaf, let tensor = node.tensor, let name = node.name else { return nil }
            return (name, tensor)
        }
        if let slip = GradientSlip.explaining(mine, right: truth, candidates: candidates, tolerance: tolerance) {
            lines.append(slip.sentence(yours: names.0, right: names.1))
        }
        return Comparison(isEqual: false, explanation: lines.joined(separator: "\n  "))
    }

    /// The sentence for sides of different shapes, naming a transposition when the shapes are swapped.
    func shapeMismatch(_ left: Node, _ right: Node) -> Comparison {
        var explanation = "the left side is \(Tensor.noun(left.shape)) and the right side \(Tensor.noun(right.shape))."
        if left.shape.count == 2, left.shape.reversed() == right.shape {
            explanation += " Transposed? transpose(…) of one side has the other's shape."
        }
        return Comparison(isEqual: false, explanation: explanation)
    }

    /// Whether an expression is a gradient gradbook computes (`grad(…)`, `numdiff(…)`).
    private func isComputedGradient(_ expression: Expression) -> Bool {
        if case .call(let name, _, _) = expression.kind { return name == "grad" || name == "numdiff" }
        return false
    }
}

extension Tensor {
    /// An element's storage index as a person writes it: `[2, 1]` (1-based).
    public func elementPosition(_ index: Int) -> String {
        isMatrix ? "[\(index / columns + 1), \(index % columns + 1)]" : "[\(index + 1)]"
    }
}
