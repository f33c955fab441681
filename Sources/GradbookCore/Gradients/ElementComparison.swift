// Two gradients compared element by element under a tolerance: how many differ, and the worst one.

/// The outcome of comparing values with a reference, element by element (a number is one element).
public struct ElementComparison: Sendable {
    public var count: Int
    /// Storage indices of the elements outside tolerance.
    public var outside: [Int]
    /// Storage indices whose reference could not be trusted, so they were not judged.
    public var skipped: [Int]
    /// The judged element furthest outside its allowance (or nearest to it, when all pass).
    public var worst: Int?
    /// The largest relative error among the judged elements (for the CS231n band).
    public var largestRelativeError: Double
    /// Whether every judged element passed only because of the absolute tolerance or by relative error.
    public var band: GradientCheck.Band?
    public var values: [Double]
    public var reference: [Double]

    /// Compares `values` with `reference` under `tolerance`; an element with `isTrusted(index)` false is skipped.
    public init(_ values: [Double], _ reference: [Double], tolerance: GradientCheck.Tolerance, isTrusted: (Int) -> Bool = { _ in true }) {
        count = values.count
        self.values = values
        self.reference = reference
        outside = []
        skipped = []
        largestRelativeError = 0
        var worstExcess = -Double.infinity
        var bands: [GradientCheck.Band] = []
        for index in values.indices {
            guard isTrusted(index) else {
                skipped.append(index)
                continue
            }
            let value = values[index], expected = reference[index]
            let difference = value == expected ? 0 : Swift.abs(value - expected)
            // How far past its allowance the element is (NaN and a lone infinity count as infinitely far).
            let excess = tolerance.accepts(value, reference: expected) ? difference / tolerance.allowance(around: expected) : .infinity
            if !tolerance.accepts(value, reference: expected) { outside.append(index) }
            if excess > worstExcess || worst == nil {
                worstExcess = excess
                worst = index
            }
            let relative = difference == 0 ? 0 : GradientCheck.relativeError(value, expected)
            largestRelativeError = max(largestRelativeError, relative.isNaN ? .infinity : relative)
            bands.append(GradientCheck.Band(relativeError: relative, difference: difference, tolerance: tolerance))
        }
        band = outside.isEmpty && !bands.isEmpty ? Self.weakest(bands) : nil
    }

    /// The loosest band among the elements: one close element makes the whole comparison close.
    private static func weakest(_ bands: [GradientCheck.Band]) -> GradientCheck.Band {
        let order: [GradientCheck.Band] = [.exact, .fine, .tiny, .close]
        return bands.max { order.firstIndex(of: $0) ?? 0 < order.firstIndex(of: $1) ?? 0 } ?? .exact
    }

    /// Whether every judged element is within tolerance (and at least one was judged).
    public var agrees: Bool { outside.isEmpty && skipped.count < count }

    /// The worst element's absolute and relative difference.
    public var worstDifference: (absolute: Double, relative: Double)? {
        guard let worst else { return nil }
        let a = values[worst], b = reference[worst]
        return (a == b ? 0 : Swift.abs(a - b), a == b ? 0 : GradientCheck.relativeError(a, b))
    }
}
