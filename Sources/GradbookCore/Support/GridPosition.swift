// Turning a computed coordinate into a row, column or level of a text picture.

extension Int {
    /// `value` rounded to the nearest whole number when that lies in `bounds`, and nil otherwise (also
    /// for nan). `Int(_:)` traps on a huge or nan Double, and the values a learner plots can be anything.
    init?(rounding value: Double, within bounds: Range<Int>) {
        let rounded = value.rounded()
        guard rounded >= Double(bounds.lowerBound), rounded < Double(bounds.upperBound) else { return nil }
        self = Int(rounded)
    }

    /// `value` rounded down and clamped into `bounds` (nan goes to the lower bound).
    init(flooring value: Double, clampedTo bounds: ClosedRange<Int>) {
        let floored = value.rounded(.down)
        if floored >= Double(bounds.upperBound) { self = bounds.upperBound }
        else if floored >= Double(bounds.lowerBound) { self = Int(floored) }
        else { self = bounds.lowerBound }
    }
}
