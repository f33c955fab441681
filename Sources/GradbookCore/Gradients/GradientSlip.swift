// The slip that explains a whole hand-derived gradient's difference from the right one, if one does.

/// A typical mistake in a hand-derived vector or matrix gradient, found only when it explains every
/// element (within tolerance), never from a few elements that happen to fit.
public enum GradientSlip: Equatable, Sendable {
    /// yours = factor · right everywhere (½ for a forgotten 2, −1 for a flipped sign).
    case factor(Double)
    /// yours is the right matrix transposed.
    case transposed
    /// right − yours = constant everywhere.
    case constantMissing(Double)
    /// right − yours = factor · W everywhere, W a value of the same shape (an L2 term's gradient 2λ·W).
    case termMissing(factor: Double, name: String)

    /// The first slip that explains every element of `yours` against `right`.
    ///
    /// `candidates` are named values of the same shape that a missing term may be proportional to
    /// (the target of check, the leaves of both sides of ==).
    public static func explaining(_ yours: Tensor, right: Tensor, candidates: [(name: String, tensor: Tensor)],
                                  tolerance: GradientCheck.Tolerance) -> GradientSlip? {
        let mine = yours.elements, truth = right.elements
        // One element fits any factor or constant: a slip needs at least two to be told from chance.
        guard mine.count == truth.count, mine.count >= 2, mine.allSatisfy(\.isFinite), truth.allSatisfy(\.isFinite) else { return nil }
        func spans(_ x: [Double]) -> Bool { x.filter { $0 != 0 }.count >= 2 }
        func fits(_ model: [Double]) -> Bool {
            zip(mine, model).allSatisfy { tolerance.accepts($0, reference: $1) }
        }
        if spans(truth), let factor = fittedFactor(mine, truth), factor != 1, fits(truth.map { factor * $0 }) { return .factor(rounded(factor)) }
        if right.isMatrix, right.shape[0] == right.shape[1] {
            let transposed = LinearAlgebra.transpose(truth, rows: right.shape[0], columns: right.shape[1])
            if transposed != truth, fits(transposed) { return .transposed }
        }
        let difference = zip(truth, mine).map { $0 - $1 }
        let mean = difference.reduce(0, +) / Double(difference.count)
        if mean != 0, fits(truth.map { $0 - mean }) { return .constantMissing(rounded(mean)) }
        for candidate in candidates where candidate.tensor.shape == right.shape && spans(candidate.tensor.elements) {
            if let factor = fittedFactor(difference, candidate.tensor.elements), factor != 0,
               fits(zip(truth, candidate.tensor.elements).map { $0 - factor * $1 }) {
                return .termMissing(factor: rounded(factor), name: candidate.name)
            }
        }
        return nil
    }

    /// The least-squares c in y ≈ c·x (nil when x is all zeros).
    private static func fittedFactor(_ y: [Double], _ x: [Double]) -> Double? {
        let xx = x.reduce(0) { $0 + $1 * $1 }
        guard xx > 0 else { return nil }
        return zip(y, x).reduce(0) { $0 + $1.0 * $1.1 } / xx
    }

    /// A fitted number shown as the simple one it almost surely is (0.4999999999 → 0.5).
    private static func rounded(_ value: Double) -> Double {
        let simple = (value * 1e6).rounded() / 1e6
        return Swift.abs(simple - value) <= 1e-9 * max(1, Swift.abs(value)) ? simple : value
    }

    /// The slip as a sentence, with yours on the side called `yours` and the right one `right`.
    public func sentence(yours: String, right: String) -> String {
        let format = NumberFormat()
        switch self {
        case .factor(-1): return "the slip: \(yours) is \(right) with its sign flipped, everywhere."
        case .factor(0.5): return "the slip: \(yours) is half of \(right), everywhere (a factor of 2 dropped?)."
        case .factor(2): return "the slip: \(yours) is twice \(right), everywhere."
        case .factor(let factor): return "the slip: \(yours) is \(format.text(factor)) times \(right), everywhere (a constant factor off)."
        case .transposed: return "transposed? \(yours) is \(right) transposed (the rows and columns swapped)."
        case .constantMissing(let constant):
            return "a constant off? \(yours) − \(right) is \(format.text(-constant)) everywhere."
        case .termMissing(let factor, let name):
            let term = factor == 1 ? name : "\(format.text(factor))*\(name)"
            return "a term missing? \(right) − \(yours) is \(term) everywhere, the gradient of a term such as \(format.text(factor / 2))*sum(\(name)^2) (an L2 penalty)."
        }
    }
}
