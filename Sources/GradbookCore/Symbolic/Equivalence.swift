// A == B for formulas with free symbols: simplify A − B, else compare at seeded sample points inside the
// common domain; when they differ, return a point where they do and the typical slip that fits.

/// A typical slip that explains why two formulas differ. The English wording is written elsewhere.
public enum Mistake: Equatable, Sendable {
    /// The sign is flipped: A = −B at every sample point.
    case flippedSign
    /// Off by a constant factor k (k ≠ ±1, k ≠ 0): A = k·B at every sample point.
    case constantFactor(Double)
    /// Off by a constant term c (c ≠ 0): A = B + c at every sample point, as when the 1 of
    /// tanh' = 1 − tanh² is dropped.
    case constantOffset(Double)
    /// The chain rule's inner factor is missing: for f(u), f'(u) was written where f'(u)·u' is due.
    /// `inner` is u and `innerDerivative` is u', at the outermost place where the factor was dropped.
    case missingInnerFactor(inner: FormulaID, innerDerivative: FormulaID)
    /// The product rule was replaced by the product of the derivatives: (u·v)' taken as u'·v'.
    /// `factors` are the u, v, … whose derivatives were multiplied.
    case productOfDerivatives(factors: [FormulaID])
}

/// Whether two formulas are the same function of their variables, and if not, where they differ.
public struct EquivalenceResult: Equatable, Sendable {
    /// How the verdict was reached.
    public enum Basis: Equatable, Sendable {
        /// A − B simplified to the constant 0 while it was built.
        case simplification
        /// A and B were compared at this many sample points where both are defined.
        case sampling(points: Int)
        /// No sample point was found where both A and B are defined, so nothing could be compared.
        case noCommonPoint
    }

    public let isEquivalent: Bool
    /// A point where A and B differ (nil when they agree, or when there was no common point).
    public let counterexample: [Variable: Double]?
    /// A's value at the counterexample.
    public let leftValue: Double?
    /// B's value at the counterexample.
    public let rightValue: Double?
    /// The slip that turns B into A, when one fits.
    public let likelyMistake: Mistake?
    public let basis: Basis

    static func agreeing(_ basis: Basis) -> EquivalenceResult {
        EquivalenceResult(
            isEquivalent: true, counterexample: nil, leftValue: nil, rightValue: nil, likelyMistake: nil,
            basis: basis)
    }

    func with(mistake: Mistake?) -> EquivalenceResult {
        EquivalenceResult(
            isEquivalent: isEquivalent, counterexample: counterexample, leftValue: leftValue,
            rightValue: rightValue, likelyMistake: mistake, basis: basis)
    }
}

/// The numeric settings of the comparison, named so their reasons stay next to them.
public enum EquivalenceSettings {
    /// Two values agree when |a − b| ≤ tolerance · max(1, |a|, |b|). Relative, because equal formulas
    /// written differently round differently (a few ulps, times the cancellation in the formula); with a
    /// floor of 1 because near zero the rounding error is absolute, of the size of the terms that
    /// cancelled (sin(x)^2 + cos(x)^2 − 1 is about 1e-16, not 0). 1e-9 leaves seven orders of
    /// magnitude for rounding and still separates x from x + 1e-6.
    public static let relativeTolerance = 1e-9
    /// How many points inside the common domain are compared.
    public static let samplePointCount = 40
    /// How many points are tried before giving up on finding `samplePointCount` inside the domain.
    public static let maximumAttempts = 400
    /// The default seed ("gradbook" in ASCII), so every run picks the same points.
    public static let defaultSeed: UInt64 = 0x6772_6164_626F_6F6B

    /// Whether a and b agree within `relativeTolerance`.
    static func agree(_ a: Double, _ b: Double) -> Bool {
        Swift.abs(a - b) <= relativeTolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
    }
}

/// One sample point where both formulas are finite, with their values there.
struct Sample {
    let point: [Variable: Double]
    let left: Double
    let right: Double
}

extension FormulaStore {
    /// Whether `a` and `b` are the same function of their free symbols.
    ///
    /// First a − b is built; if it simplifies to 0 they are equal. Otherwise both are evaluated at up to
    /// `samplePointCount` seeded points; points where either side is NaN or infinite are outside the
    /// common domain and skipped. When a point disagrees, a sign flip or a constant factor is looked for.
    public func equivalence(
        _ a: FormulaID, _ b: FormulaID, seed: UInt64 = EquivalenceSettings.defaultSeed
    ) -> EquivalenceResult {
        if subtract(a, b) == zero { return .agreeing(.simplification) }
        let samples = self.samples(a, b, seed: seed)
        guard !samples.isEmpty else {
            return EquivalenceResult(
                isEquivalent: false, counterexample: nil, leftValue: nil, rightValue: nil, likelyMistake: nil,
                basis: .noCommonPoint)
        }
        guard let differing = samples.first(where: { !EquivalenceSettings.agree($0.left, $0.right) }) else {
            return .agreeing(.sampling(points: samples.count))
        }
        return EquivalenceResult(
            isEquivalent: false, counterexample: differing.point, leftValue: differing.left,
            rightValue: differing.right, likelyMistake: Self.signOrFactorMistake(samples),
            basis: .sampling(points: samples.count))
    }

    /// Up to `samplePointCount` points where both `a` and `b` are finite.
    func samples(_ a: FormulaID, _ b: FormulaID, seed: UInt64) -> [Sample] {
        let evaluation = FormulaEvaluation(store: self, roots: [a, b])
        var points = SamplePoints(variables: variables(in: a).union(variables(in: b)), seed: seed)
        var found: [Sample] = []
        // Without variables every point is the same point.
        let attempts = points.variables.isEmpty ? 1 : EquivalenceSettings.maximumAttempts
        // Each attempt evaluates both formulas in full, so each is a safe point to stop at.
        while found.count < EquivalenceSettings.samplePointCount, points.attempt < attempts, !pollForStop() {
            let point = points.next()
            let values = evaluation.values(at: point)
            if values[0].isFinite, values[1].isFinite {
                found.append(Sample(point: point, left: values[0], right: values[1]))
            }
        }
        return found
    }

    /// A = −B, A = k·B for one constant k ≠ ±1, or A = B + c for one constant c ≠ 0, at every sample.
    static func signOrFactorMistake(_ samples: [Sample]) -> Mistake? {
        let agree = EquivalenceSettings.agree
        if samples.allSatisfy({ agree($0.left, -$0.right) }) { return .flippedSign }
        if let factor = constantFactor(samples) { return .constantFactor(factor) }
        return constantOffset(samples).map { .constantOffset($0) }
    }

    /// The k with A = k·B at every sample (k ≠ 0, ±1), if there is one.
    private static func constantFactor(_ samples: [Sample]) -> Double? {
        let agree = EquivalenceSettings.agree
        guard let pivot = samples.max(by: { Swift.abs($0.right) < Swift.abs($1.right) }), pivot.right != 0 else {
            return nil
        }
        let k = pivot.left / pivot.right
        guard k.isFinite, k != 0, !agree(k, 1), !agree(k, -1) else { return nil }
        guard samples.allSatisfy({ agree($0.left, k * $0.right) }) else { return nil }
        return simpleFraction(near: k) ?? k
    }

    /// The c ≠ 0 with A = B + c at every sample, if there is one. A single point (a formula without
    /// variables) says nothing about "everywhere", so it takes three.
    private static func constantOffset(_ samples: [Sample]) -> Double? {
        guard samples.count >= 3, let first = samples.first else { return nil }
        let c = first.left - first.right
        guard c.isFinite, !EquivalenceSettings.agree(first.left, first.right) else { return nil }
        guard samples.allSatisfy({ EquivalenceSettings.agree($0.left, $0.right + c) }) else { return nil }
        return simpleFraction(near: c) ?? c
    }

    /// p/q with q ≤ 12 when it is within the tolerance of x (so a factor 2 is reported as 2, not 1.9999999999).
    static func simpleFraction(near x: Double) -> Double? {
        for q in 1...12 {
            let p = (x * Double(q)).rounded()
            if p != 0, EquivalenceSettings.agree(p / Double(q), x) { return p / Double(q) }
        }
        return nil
    }
}
