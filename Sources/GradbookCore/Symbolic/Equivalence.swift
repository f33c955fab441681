// A == B for formulas: simplify A − B, else compare at seeded sample points inside the common domain (every
// scale, both sides of each threshold, the person's values first), telling rounding from a real difference
// by a bound on each side's rounding error; when they differ, return a point where they do and the typical
// slip that fits; when too few points could be compared, say that it cannot tell.

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
    /// The quotient rule's minus taken as a plus: (u/v)' written as (u'·v + u·v')/v², as happens when
    /// the derivative of 1/v is taken as +v'/v². `denominator` is v.
    case quotientSign(denominator: FormulaID)
    /// The power rule's exponent is off: (u^c)' written as `written` instead of `correct` (c·u^(c-1)),
    /// the exponent kept (c·u^c) or raised (c·u^(c+1)). `power` is u^c.
    case powerRule(power: FormulaID, correct: FormulaID, written: FormulaID)
}

/// Whether two formulas are the same function of their variables, and if not, where they differ.
public struct EquivalenceResult: Equatable, Sendable {
    /// What the evidence supports. `equivalent` and `different` are promises: the first rests on
    /// simplification or on agreement at many points of every scale and both sides of every threshold,
    /// the second on a point where they differ by more than rounding. Anything less is `undecided`.
    public enum Verdict: Equatable, Sendable {
        case equivalent, different, undecided
    }

    /// How the verdict was reached.
    public enum Basis: Equatable, Sendable {
        /// A − B simplified to the constant 0 while it was built.
        case simplification
        /// A and B were compared at this many sample points where both are defined.
        case sampling(points: Int)
        /// No sample point was found where both A and B are defined, so nothing could be compared.
        case noCommonPoint
        /// A and B agreed at every point, but at too many only within the rounding of numbers below
        /// 2.2e-308 (subnormal numbers hold few digits), which cannot tell a 1% difference from none.
        case belowPrecision(points: Int)
    }

    public let verdict: Verdict
    /// A point where A and B differ (nil when they agree, or when there was no common point).
    public let counterexample: [Variable: Double]?
    /// A's value at the counterexample.
    public let leftValue: Double?
    /// B's value at the counterexample.
    public let rightValue: Double?
    /// The slip that turns B into A, when one fits.
    public let likelyMistake: Mistake?
    public let basis: Basis
    /// When the comparison started from the person's values (`anchor`) and both sides agreed there,
    /// but not elsewhere: their common value at the anchor.
    public var valueAtAnchor: Double? = nil
    /// For derivatives: a point where the sides differ though they agree just beside it on every side, with the two
    /// values there. That is a kink, where a derivative's value is a convention (gradbook's max(x, 0) gives 1 at
    /// x = 0, step(x) gives 0), so it is not held against the candidate.
    public var differsOnlyAtKink: (point: [Variable: Double], left: Double, right: Double)? = nil
    /// For sides found equal: a point where one of them is a number and the other is not, because a step of it is
    /// undefined there (`exp(log(x)) == x` at x = -1), not because a number overflowed. They are then the same function
    /// only where both are defined, and `true` says so.
    public var definedOnOneSideOnly: OneSidedPoint? = nil

    /// A point where only one side is defined, both sides' values there (one of them nan or infinite), and the step
    /// of the other side that is undefined.
    public struct OneSidedPoint: Sendable {
        public var point: [Variable: Double]
        public var left: Double, right: Double
        public var undefinedStep: UndefinedStep
    }

    /// A step that has no value at a finite input (`UndefinedOperation`; a formula's division is a power).
    public typealias UndefinedStep = UndefinedOperation

    public static func == (a: EquivalenceResult, b: EquivalenceResult) -> Bool {
        a.verdict == b.verdict && a.counterexample == b.counterexample && a.leftValue == b.leftValue && a.rightValue == b.rightValue
            && a.likelyMistake == b.likelyMistake && a.basis == b.basis && a.valueAtAnchor == b.valueAtAnchor
            && a.differsOnlyAtKink?.point == b.differsOnlyAtKink?.point
            && a.definedOnOneSideOnly?.point == b.definedOnOneSideOnly?.point
    }

    /// Whether the formulas are the same function (a promise; see `Verdict`).
    public var isEquivalent: Bool { verdict == .equivalent }

    static func agreeing(_ basis: Basis) -> EquivalenceResult {
        EquivalenceResult(
            verdict: .equivalent, counterexample: nil, leftValue: nil, rightValue: nil, likelyMistake: nil, basis: basis)
    }

    func with(mistake: Mistake?) -> EquivalenceResult {
        var result = EquivalenceResult(
            verdict: verdict, counterexample: counterexample, leftValue: leftValue,
            rightValue: rightValue, likelyMistake: mistake, basis: basis)
        result.valueAtAnchor = valueAtAnchor
        result.differsOnlyAtKink = differsOnlyAtKink
        result.definedOnOneSideOnly = definedOnOneSideOnly
        return result
    }
}

/// The numeric settings of the comparison, named so their reasons stay next to them.
public enum EquivalenceSettings {
    /// Loose agreement, for fitting a slip to the samples (A = k·B, A = B + c): |a − b| ≤ tolerance ·
    /// max(1, |a|, |b|). The slip's constant is itself computed from rounded values.
    public static let relativeTolerance = 1e-9
    /// Two sides agree at a point when they differ by no more than this many times the sum of their
    /// rounding-error bounds (FormulaEvaluation.boundedValues): the bounds are first order, so a
    /// margin covers the second-order terms and libm's last ulp.
    public static let roundingMargin = 4.0
    /// … or by no more than this relative amount (a floor for formulas with no rounding at all).
    public static let relativeFloor = 1e-13
    /// How many points inside the common domain are compared, besides the planned ones.
    public static let samplePointCount = 60
    /// Fewer points than this where both sides are defined is too little to call them equal.
    public static let convincingPointCount = 10
    /// How many random points are tried before giving up on finding `samplePointCount` inside the domain.
    public static let maximumAttempts = 600
    /// The most formula operations one comparison evaluates in all (points × operations per point): about
    /// a second in a release build. Past it, fewer points are compared, and fewer than
    /// `convincingPointCount` is "cannot tell"; hand-written formulas use a tiny part of it.
    public static let evaluationBudget = 40_000_000
    /// The default seed ("gradbook" in ASCII), so every run picks the same points.
    public static let defaultSeed: UInt64 = 0x6772_6164_626F_6F6B

    /// Whether a and b agree within `relativeTolerance`.
    static func agree(_ a: Double, _ b: Double) -> Bool {
        Swift.abs(a - b) <= relativeTolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
    }

    /// Whether two computed values are equal up to their rounding errors.
    static func agreeWithinRounding(_ a: FormulaEvaluation.Bounded, _ b: FormulaEvaluation.Bounded) -> Bool {
        if a.value == b.value { return true }
        let allowance = roundingMargin * (a.error + b.error) + relativeFloor * Swift.max(Swift.abs(a.value), Swift.abs(b.value))
        return Swift.abs(a.value - b.value) <= allowance
    }
}

/// One sample point where both formulas are finite, with their values there.
struct Sample {
    let point: [Variable: Double]
    let leftBounded: FormulaEvaluation.Bounded
    let rightBounded: FormulaEvaluation.Bounded
    var left: Double { leftBounded.value }
    var right: Double { rightBounded.value }
    var agrees: Bool { EquivalenceSettings.agreeWithinRounding(leftBounded, rightBounded) }
    /// Whether both sides are subnormal and their rounding bounds are wider than 1e-6 of them: agreement
    /// there is no evidence of equality (exp(-740)*x and 1.01*exp(-740)*x round to neighbours).
    var isBelowPrecision: Bool {
        let size = Swift.max(Swift.abs(left), Swift.abs(right))
        return size < Double.leastNormalMagnitude && leftBounded.error + rightBounded.error > 1e-6 * size
    }
}

extension FormulaStore {
    /// Whether `a` and `b` are the same function of their free symbols.
    ///
    /// First a − b is built; if it simplifies to 0 they are equal. Otherwise both are evaluated at
    /// seeded points (`SamplePoints`: `anchor` first when given, both sides of every threshold, every
    /// scale); points where either side is NaN or infinite are outside the common domain and skipped.
    /// They differ when some point shows more than rounding between them; they are equal when at least
    /// `convincingPointCount` points were compared and all agree; otherwise gradbook cannot tell.
    public func equivalence(
        _ a: FormulaID, _ b: FormulaID, anchor: [Variable: Double] = [:], seed: UInt64 = EquivalenceSettings.defaultSeed
    ) -> EquivalenceResult {
        equivalence(a, b, anchor: anchor, seed: seed, stoppingAtDifference: false)
    }

    /// `equivalence`, optionally stopping at the first point where the sides differ: the verdict is the
    /// same, but no slip is fitted (that needs every sample).
    ///
    /// `passingKinks`: for derivatives, a point where the sides differ but agree just beside it on every side is a
    /// kink, where each side's value is a convention; it is set aside (`differsOnlyAtKink`), not counted as a difference.
    func equivalence(
        _ a: FormulaID, _ b: FormulaID, anchor: [Variable: Double], seed: UInt64, stoppingAtDifference: Bool,
        passingKinks: Bool = false
    ) -> EquivalenceResult {
        // Points where one side is defined and the other is not are skipped as outside the common domain; the first
        // few are looked at to see whether a step is undefined there (not merely overflowed), for `true` to say.
        var oneSided: EquivalenceResult.OneSidedPoint?, oneSidedLooks = 0
        // (Each side compiled once, when first needed.)
        var sides: [FormulaID: FormulaEvaluation] = [:]
        func notice(_ point: [Variable: Double], _ left: Double, _ right: Double) {
            guard oneSided == nil, oneSidedLooks < 8 else { return }
            oneSidedLooks += 1
            let side = left.isFinite ? b : a
            if sides[side] == nil { sides[side] = FormulaEvaluation(store: self, roots: [side]) }
            if let step = undefinedStep(in: sides[side].unsafelyUnwrapped, at: point) {
                oneSided = .init(point: point, left: left, right: right, undefinedStep: step)
            }
        }
        if subtract(a, b) == zero {
            var result = EquivalenceResult.agreeing(.simplification)
            // (Simplification does not ask where each side is defined: exp(log(x)) - x simplifies to 0.)
            if mayBeUndefinedSomewhere([a, b]) {
                lookForOneSidedPoints(a, b, anchor: anchor, seed: seed, notice)
                result.definedOnOneSideOnly = oneSided
            }
            return result
        }
        var kink: Sample?
        let samples = self.samples(a, b, anchor: anchor, seed: seed, stoppingAtDifference: stoppingAtDifference,
                                   settingAsideKinks: passingKinks ? { kink = kink ?? $0 } : nil, noticingOneSided: notice)
        let variableCount = variables(in: a).union(variables(in: b)).count
        guard !samples.isEmpty else {
            return EquivalenceResult(
                verdict: .undecided, counterexample: nil, leftValue: nil, rightValue: nil, likelyMistake: nil,
                basis: .noCommonPoint)
        }
        guard let differing = samples.first(where: { !$0.agrees }) else {
            let precise = samples.filter { !$0.isBelowPrecision }.count
            let enough = variableCount == 0 || precise >= EquivalenceSettings.convincingPointCount
            let basis: EquivalenceResult.Basis = enough || precise == samples.count ? .sampling(points: samples.count) : .belowPrecision(points: samples.count)
            var result = EquivalenceResult(
                verdict: enough ? .equivalent : .undecided, counterexample: nil, leftValue: nil, rightValue: nil,
                likelyMistake: nil, basis: basis)
            result.differsOnlyAtKink = kink.map { ($0.point, $0.left, $0.right) }
            if result.verdict == .equivalent { result.definedOnOneSideOnly = oneSided }
            return result
        }
        var result = EquivalenceResult(
            verdict: .different, counterexample: differing.point, leftValue: differing.left,
            rightValue: differing.right, likelyMistake: stoppingAtDifference ? nil : Self.signOrFactorMistake(samples),
            basis: .sampling(points: samples.count))
        if !anchor.isEmpty, let first = samples.first, first.agrees,
           anchor.allSatisfy({ first.point[$0.key] == nil || first.point[$0.key] == $0.value }) {
            result.valueAtAnchor = first.left
        }
        return result
    }

    /// The fixed points and up to `samplePointCount` random ones where both `a` and `b` are finite; only
    /// up to the first where they differ when `stoppingAtDifference` (all a yes-or-no question needs).
    ///
    /// `settingAsideKinks`: called with each point where the sides differ but agree just beside it on every side
    /// (`equivalence`'s `passingKinks`), which is then left out.
    ///
    /// `noticingOneSided`: called with each point where one side is finite and the other is not (skipped all the same).
    func samples(_ a: FormulaID, _ b: FormulaID, anchor: [Variable: Double] = [:], seed: UInt64,
                 stoppingAtDifference: Bool = false, settingAsideKinks: ((Sample) -> Void)? = nil,
                 noticingOneSided: (([Variable: Double], Double, Double) -> Void)? = nil) -> [Sample] {
        let evaluation = FormulaEvaluation(store: self, roots: [a, b])
        let variables = variables(in: a).union(variables(in: b))
        var evaluationsLeft = EquivalenceSettings.evaluationBudget / Swift.max(evaluation.stepCount, 1)
        var points = SamplePoints(variables: variables, seed: seed, anchor: anchor)
        var found: [Sample] = [], randomFound = 0, randomTried = 0, planned = false
        // Each attempt evaluates both formulas in full, so each is a safe point to stop at.
        while !pollForStop(), evaluationsLeft > 0 {
            if points.fixedPointsDone, !planned {
                // Thresholds are searched only when the first points have not told the sides apart, with
                // at most half of what the budget has left.
                planned = true
                points.plan(thresholdPoints(
                    of: [a, b], variables: variables.sorted(), base: SamplePoints.basePoint(variables, anchor: anchor),
                    evaluations: &evaluationsLeft, keeping: evaluationsLeft / 2))
                continue
            }
            let isRandom = points.fixedPointsDone
            if isRandom {
                if points.variables.isEmpty || randomFound >= EquivalenceSettings.samplePointCount
                    || randomTried >= EquivalenceSettings.maximumAttempts { break }
                randomTried += 1
            }
            evaluationsLeft -= 1
            let point = points.next()
            let values = evaluation.boundedValues(at: point)
            let (left, right) = (values[0], values[1])
            guard left.value.isFinite, right.value.isFinite, left.error.isFinite, right.error.isFinite else {
                if let noticingOneSided, left.value.isFinite != right.value.isFinite { noticingOneSided(point, left.value, right.value) }
                continue
            }
            let sample = Sample(point: point, leftBounded: left, rightBounded: right)
            if let settingAsideKinks, !sample.agrees, Self.agreeBeside(point, evaluation) {
                settingAsideKinks(sample)
                continue
            }
            found.append(sample)
            if isRandom { randomFound += 1 }
            if stoppingAtDifference, !sample.agrees { break }
        }
        return found
    }

    /// Whether both sides agree a little either side of `point` along every variable, at a millionth, a billionth and a
    /// trillionth of its size (at least of 1): then a difference at the point itself is at a kink, not between two
    /// functions. (At a millionth alone, diff(relu(x), x) == step(x - 1e-7) passed: they differ on all of (0, 1e-7).)
    private static func agreeBeside(_ point: [Variable: Double], _ evaluation: FormulaEvaluation) -> Bool {
        guard !point.isEmpty else { return false }
        for (variable, value) in point {
            let scale = Swift.max(1, Swift.abs(value))
            for step in [-1e-6, 1e-6, -1e-9, 1e-9, -1e-12, 1e-12] {
                var beside = point
                beside[variable] = value + step * scale
                let values = evaluation.boundedValues(at: beside)
                guard values[0].value.isFinite, values[1].value.isFinite,
                      EquivalenceSettings.agreeWithinRounding(values[0], values[1]) else { return false }
            }
        }
        return true
    }

    /// A = −B, A = k·B for one constant k ≠ ±1, or A = B + c for one constant c ≠ 0, at every sample.
    static func signOrFactorMistake(_ samples: [Sample]) -> Mistake? {
        let agree = EquivalenceSettings.agree
        // The fits are loose (1e-9, absolute below 1): where the two sides themselves agree that loosely at
        // every sample (values near 4e-322), any slip fits, and naming one would be a guess.
        guard samples.contains(where: { !agree($0.left, $0.right) }) else { return nil }
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
