// Deterministic pseudo-random points for comparing formulas numerically (seeded; see Random/RandomNumbers.swift).

import Foundation

/// The points at which two formulas are compared, in this order:
/// 1. the person's own values (`anchor`), when names are bound, and then each bound name moved by ±1
///    while the others keep their values (so a difference is shown as close to their point as can be);
/// 2. a few small "nice" values (so a counterexample reads well);
/// 3. `planned` points, such as both sides of every kink and domain edge (see Thresholds.swift), added
///    with `plan(_:)` once the first two kinds are used up (often one of them already tells the sides apart);
/// 4. random points of every scale: uniform in [-3, 3], and magnitudes spread evenly on a log scale
///    over [1e-3, 1e3] and over [1e-6, 1e6], either sign (each variable drawn independently).
struct SamplePoints {
    /// Values tried first; 0 is left out because many domains (log, 1/x) exclude it.
    static let niceValues: [Double] = [1, 2, -1, 0.5, 3, -2, 1.5, -0.5]
    /// Half-width of the moderate range (exp and powers stay well inside Double there).
    static let range = 3.0
    /// The decades of the two log-scale ranges: 10^-3…10^3, and 10^-6…10^6.
    static let decades: [ClosedRange<Double>] = [-3...3, -6...6]

    let variables: [Variable]
    private var generator: RandomNumbers
    /// The points tried before the random ones.
    private var fixed: [[Variable: Double]]
    private(set) var attempt = 0

    /// Whether every point still to come is random (the fixed ones have all been given out).
    var fixedPointsDone: Bool { attempt >= fixed.count }

    init(variables: Set<Variable>, seed: UInt64, anchor: [Variable: Double] = [:]) {
        let sorted = variables.sorted()
        var fixed: [[Variable: Double]] = []
        let nice = Self.niceValues
        func nicePoint(_ i: Int) -> [Variable: Double] {
            var point: [Variable: Double] = [:]
            for (j, v) in sorted.enumerated() { point[v] = nice[(i + 3 * j) % nice.count] }
            return point
        }
        let anchored = sorted.filter { anchor[$0] != nil }
        if !anchored.isEmpty {
            // Free names take the first nice values; bound ones their own.
            let first = nicePoint(0).merging(anchor.filter { variables.contains($0.key) }) { _, own in own }
            fixed.append(first)
            for v in anchored.prefix(6) {
                for step in [1.0, -1.0] {
                    var moved = first
                    // -0.7 + 1 is 0.30000000000000004: shown as a counterexample, 0.3 reads (and is) better.
                    moved[v] = Self.rounded((first[v] ?? 0) + step, digits: 12)
                    fixed.append(moved)
                }
            }
        }
        fixed += (0..<nice.count).map(nicePoint)
        self.variables = sorted
        self.fixed = sorted.isEmpty ? [[:]] : fixed
        generator = RandomNumbers(seed: seed)
    }

    /// Adds points to try after the fixed ones given so far (and before the random ones); a planned point
    /// may leave variables out, which keep the first nice values.
    mutating func plan(_ planned: [[Variable: Double]]) {
        guard !variables.isEmpty else { return }
        fixed += planned.map { point in
            var full = Self.basePoint(Set(variables), anchor: [:])
            for (v, value) in point where full[v] != nil { full[v] = value }
            return full
        }
    }

    /// The first point: the anchor's values for bound names, the first nice values for the others.
    /// Thresholds are searched from here.
    static func basePoint(_ variables: Set<Variable>, anchor: [Variable: Double]) -> [Variable: Double] {
        var point: [Variable: Double] = [:]
        for (j, v) in variables.sorted().enumerated() { point[v] = anchor[v] ?? niceValues[(3 * j) % niceValues.count] }
        return point
    }

    /// The next point to try.
    mutating func next() -> [Variable: Double] {
        defer { attempt += 1 }
        if attempt < fixed.count { return fixed[attempt] }
        var point: [Variable: Double] = [:]
        for v in variables { point[v] = randomValue() }
        return point
    }

    /// One coordinate: a third of the time uniform in [-range, range], otherwise a random sign times a
    /// magnitude spread evenly over the decades of one of the log-scale ranges.
    private mutating func randomValue() -> Double {
        let kind = Int.random(in: 0...2, using: &generator)
        if kind == 0 { return Self.rounded(Double.random(in: -Self.range...Self.range, using: &generator), digits: 3) }
        let magnitude = Foundation.pow(10, Double.random(in: Self.decades[kind - 1], using: &generator))
        return Self.rounded(Bool.random(using: &generator) ? magnitude : -magnitude, digits: 3)
    }

    /// `x` to `digits` significant digits: a point shown as a counterexample is then exactly the
    /// point that was tested, and pasting it back gives the same values.
    static func rounded(_ x: Double, digits: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        return Double(NumberFormat.printed(x, digits: digits - 1, style: .exponent)) ?? x
    }

    /// The value with the fewest significant digits (at least 3) between `target` and `root`, on the
    /// side of `target` and at least half as far from `root`: `relu(x - 4)` is tested at 4.04, not at
    /// 4.0400000000000001.
    static func roundedAway(from root: Double, toward target: Double) -> Double {
        for digits in 3...17 {
            let candidate = rounded(target, digits: digits)
            if (candidate - root) * (target - root) > 0, Swift.abs(candidate - root) >= Swift.abs(target - root) / 2 { return candidate }
        }
        return target
    }
}
