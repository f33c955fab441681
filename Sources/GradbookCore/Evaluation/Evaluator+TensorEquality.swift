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
        if let doubt = elementDoubt(left, right, a, b, comparison: comparison, tolerance: tolerance) {
            var undecided = Comparison(isEqual: false)
            undecided.doubt = doubt
            return undecided
        }
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

    /// Why neither true nor false can be said of two vectors or matrices, as for numbers (`withRounding`): an element
    /// that is infinite only because a step on the way overflowed or met a 0 that rounded (`isBeyondDouble`), or one where
    /// the numbers as typed and the steps on numbers alone (`ForwardRounding.typingBounds`) could move a side by as much as
    /// the difference, or hide one larger than the tolerance: [1e20 + 1 - 1e20, 2] == [1, 2] was false, and == [0, 2] true.
    private func elementDoubt(_ left: Node, _ right: Node, _ a: Tensor, _ b: Tensor, comparison: ElementComparison,
                              tolerance: GradientCheck.Tolerance) -> String? {
        for (side, node, tensor) in [("left", left, a), ("right", right, b)] {
            if let element = tensor.elements.indices.first(where: { tensor.elements[$0].isInfinite && !Evaluator.isBeyondDouble(node, element: $0) }) {
                return "the \(side) side's element \(tensor.elementPosition(element)) is \(format.text(tensor.elements[element])) only because a step on the way overflowed or met a 0 that only rounded to 0 (see the note), so its true value (perhaps a finite number) is not known."
            }
        }
        let leftBounds = ForwardRounding.typingBounds(of: left) ?? [], rightBounds = ForwardRounding.typingBounds(of: right) ?? []
        func bound(_ bounds: [Double], _ element: Int) -> Double {
            let found = bounds.count == 1 ? bounds[0] : element < bounds.count ? bounds[element] : 0
            return found.isFinite ? found : 0
        }
        for element in a.elements.indices {
            let (x, y) = (a.elements[element], b.elements[element])
            guard x.isFinite, y.isFinite else { continue }
            let rounding = bound(leftBounds, element) + bound(rightBounds, element)
            guard rounding > 0 else { continue }
            let allowance = tolerance.allowance(around: y)
            let differs = comparison.outside.contains(element)
            // (Unequal where rounding could be the whole difference; equal where it could hide one beyond the tolerance.)
            guard differs ? Swift.abs(x - y) <= rounding + allowance : rounding > allowance else { continue }
            let digits = NumberFormat(digits: 2)
            let values = differs ? "the sides are \(format.text(x)) and \(format.text(y))" : "both sides are \(format.text(x))"
            let consequence = differs ? "as much as their difference, so it may be rounding alone" : "so a difference beyond the tolerance cannot be ruled out"
            return "at \(a.elementPosition(element)) \(values), but the numbers as typed and the steps on numbers alone could move them by up to \(digits.text(rounding)), \(consequence)."
        }
        return nil
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
