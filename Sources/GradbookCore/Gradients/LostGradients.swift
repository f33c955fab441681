// Gradients that became 0 on the way back only because a number was too small or too large for a
// double, followed as far as the targets so that such a 0 is never shown as if it were exact.

import Foundation

/// The part of each scalar node's gradient that the backward sweep could not represent, by position in
/// the sweep's order.
///
/// A local derivative computed as 0 at an overflowed input (log'(u) = 1/u at u = inf), or a product of a
/// gradient and a local derivative too small for a double, stands for a number too small to represent,
/// not for 0. Later local derivatives multiply it like any gradient, and they can make it large again:
/// `grad(log(exp(exp(2.8*x^2)/4)^2 + 1), x)` at x = 1.61 is about 6400, yet the sweep's 0 reached x
/// intact, since every local derivative after the log (up to 1e154) was finite. So the lost part is kept
/// beside the gradient as log2 of a bound on its size, multiplied along each edge, and a gradient whose
/// lost part is not negligible is not a number gradbook can give (`isUnknown`).
///
/// Vectors and matrices have their own, element by element (`LostTensorGradients`).
struct LostGradients: ~Copyable {
    /// How many positions the sweep has; the storage below is made at the first lost part, one slot each.
    private let count: Int
    /// log2 of a bound on the size of each node's lost part (-inf where nothing is lost), and the position where
    /// each began (the largest one, where parts met), for the note. Dense rather than hashed: once one part is
    /// lost, say to underflow along a long chain, nearly every node behind it has one, and a dictionary there
    /// cost more than the rest of the sweep. Memory of its own rather than two arrays, whose uniqueness and
    /// bounds were checked at every write: a chain of 20,000 steps behind an underflow passes 80,000 parts.
    private var log2Bounds: UnsafeMutablePointer<Double>?
    private var origins: UnsafeMutablePointer<Int>?
    /// The last local derivative (no power of two) a part passed through, with log2 of its size, and the last distance apart of two
    /// parts summed, with what it adds to the larger: a loop passes its parts through the same numbers at every step.
    private var lastDerivative = Double.nan, lastDerivativeLog2 = Double.nan
    private var lastSumApart = Double.nan, lastSumOffset = Double.nan

    init(count: Int) { self.count = count }

    deinit {
        log2Bounds?.deallocate()
        origins?.deallocate()
    }

    var isEmpty: Bool { log2Bounds == nil }

    /// log2 of a bound on the size of the lost part of the gradient at `position`, if it has one.
    @inline(__always)
    func log2Bound(at position: Int) -> Double? {
        guard let log2Bounds else { return nil }
        precondition(position >= 0 && position < count, "a lost part's position is outside the sweep")
        let bound = log2Bounds[position]
        return bound > -.infinity ? bound : nil
    }

    /// Where the lost part of the gradient at `position` began.
    func origin(at position: Int) -> Int? { log2Bound(at: position) == nil ? nil : origins.unsafelyUnwrapped[position] }

    /// Adds a lost part of size at most 2^`log2Size` to the gradient at `position`, which began at `origin`.
    mutating func add(log2Size: Double, at position: Int, origin: Int) {
        guard log2Size > -.infinity else { return }
        precondition(position >= 0 && position < count, "a lost part's position is outside the sweep")
        if log2Bounds == nil {
            let bounds = UnsafeMutablePointer<Double>.allocate(capacity: count)
            bounds.initialize(repeating: -.infinity, count: count)
            let starts = UnsafeMutablePointer<Int>.allocate(capacity: count)
            starts.initialize(repeating: 0, count: count)
            (log2Bounds, origins) = (bounds, starts)
        }
        let bounds = log2Bounds.unsafelyUnwrapped, starts = origins.unsafelyUnwrapped
        let existing = bounds[position]
        guard existing > -.infinity else {
            bounds[position] = log2Size
            starts[position] = origin
            return
        }
        bounds[position] = sum(existing, log2Size)
        if log2Size > existing { starts[position] = origin }
    }

    /// `LostGradients.sum`, remembering the last sum's logarithm: along a chain whose gradient underflowed, every
    /// step adds parts the same distance apart, and the two calls for it were a fifth of `backward(v)` after a loop.
    @inline(__always)
    private mutating func sum(_ a: Double, _ b: Double) -> Double {
        guard a.isFinite, b.isFinite else { return Self.sum(a, b) }
        let (larger, smaller) = a >= b ? (a, b) : (b, a)
        let apart = smaller - larger
        if apart < -54 { return larger }
        if apart != lastSumApart { (lastSumApart, lastSumOffset) = (apart, log2(1 + exp2(apart))) }
        return larger + lastSumOffset
    }

    /// Passes the lost part at `index` back along an edge whose local derivative is `derivative` (finite):
    /// an exact 0 (a relu that is off) stops it.
    @inline(__always)
    mutating func pass(from index: Int, to input: Int, derivative: Double) {
        guard derivative != 0, let bound = log2Bound(at: index) else { return }
        // log2|derivative| is below its exponent + 1 (for a subnormal, below -1022 too, which its bits give): where even that leaves the part more than 2^-55 of what the
        // input has already, the sum is what it has, exactly (`sum`), and the logarithm is not worked out. Behind a
        // gradient that underflowed along a chain (v = v*x + 0.1), x meets a part half the last one's size at every
        // step, through a local derivative that is no power of two.
        if let existing = log2Bound(at: input), existing < .infinity, bound + Double(Int(derivative.exponentBitPattern) - 1022) < existing - 55 { return }
        add(log2Size: bound + log2OfSize(derivative), at: input, origin: origins.unsafelyUnwrapped[index])
    }

    /// `log2OfSize`, remembering the last derivative that is no power of two (a loop's x = 0.9, met at every other step).
    @inline(__always)
    private mutating func log2OfSize(_ derivative: Double) -> Double {
        if derivative.significandBitPattern == 0, derivative.isNormal { return Double(derivative.exponent) }
        if derivative != lastDerivative { (lastDerivative, lastDerivativeLog2) = (derivative, log2(Swift.abs(derivative))) }
        return lastDerivativeLog2
    }

    /// log2(|derivative|); exactly the exponent for a power of two, without the call (the 1 of a sum, the 0.5 of
    /// v = v*x + 0.1 at x = 0.5: the factors a long chain passes its lost part through at every step).
    static func log2OfSize(_ derivative: Double) -> Double {
        if derivative.significandBitPattern == 0, derivative.isNormal { return Double(derivative.exponent) }
        return log2(Swift.abs(derivative))
    }

    /// Passes the lost part at `index` back along an edge whose local derivative is at most 2^`log2Factor`.
    mutating func pass(from index: Int, to input: Int, log2Factor: Double) {
        guard let bound = log2Bound(at: index) else { return }
        add(log2Size: bound + log2Factor, at: input, origin: origins.unsafelyUnwrapped[index])
    }

    /// Whether the gradient computed as `gradient` at `position` is not what the lost part could make it:
    /// a lost part above 2^-27 of the gradient (half its digits), or, for a gradient of 0, one that may be
    /// larger than 2^-1000 (about 1e-301). Below that, 0 stays: it is the limit the formula has there
    /// (log'(u) → 0 as u → inf), and the largest it can be wrong by is far below anything else gradbook
    /// shows; above it, a 0 could stand for 2e-200 (log(x*x) at x = 1e200) or for 6400.
    func isUnknown(_ gradient: Double, at position: Int) -> Bool {
        guard let bound = log2Bound(at: position) else { return false }
        return Self.isUnknown(gradient, bound: bound)
    }

    /// The positions whose gradient is not known (`isUnknown`), among those with a lost part, in order.
    func unknownPositions(gradients: (Int) -> Double) -> [Int] {
        guard !isEmpty else { return [] }
        return (0..<count).filter { isUnknown(gradients($0), at: $0) }
    }
}

extension LostGradients {
    /// log2(2^a + 2^b), without leaving the logarithms.
    static func sum(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity || b == .infinity { return b }
        if b == -.infinity || a == .infinity { return a }
        let (larger, smaller) = a >= b ? (a, b) : (b, a)
        // Past 2^-54 apart, 1 + 2^(smaller - larger) rounds to 1 and its logarithm is 0: the larger, exactly, without
        // the two calls (a chain whose gradient underflowed adds a part half the size at every step).
        if smaller - larger < -54 { return larger }
        return larger + log2(1 + exp2(smaller - larger))
    }

    /// Whether `gradient` is not what a lost part of size at most 2^`bound` could make it (see `isUnknown`).
    static func isUnknown(_ gradient: Double, bound: Double) -> Bool {
        guard bound > -.infinity, gradient.isFinite else { return false }
        if gradient == 0 { return bound > -1000 }
        // log2|gradient| lies in [exponent, exponent + 1): only a bound within that of the threshold needs the
        // logarithm (a loop's 25,000 gradients stuck in subnormals each asked for one, a tenth of `backward(v)`).
        let exponent = Double(gradient.exponent)
        if bound >= exponent + 1 - 27 { return true }
        if bound < exponent - 27 { return false }
        return bound >= log2(Swift.abs(gradient)) - 27
    }
}

/// `LostGradients` for vectors and matrices, element by element: log2 of a bound on each element's lost part
/// (-inf where nothing is lost), by position in the sweep's order.
///
/// Elementwise steps pass each element's part on times its local derivative, as for numbers; any other step
/// (a matrix product, a reduction, a broadcast it cannot follow) makes the parts of its inputs of unknown size,
/// so a gradient they reach is nan rather than a number that may be wrong.
struct LostTensorGradients {
    private(set) var bounds: [Int: [Double]] = [:]
    /// Where the first lost part of each node began, for the note.
    private(set) var origins: [Int: Int] = [:]

    var isEmpty: Bool { bounds.isEmpty }

    /// Adds a part of size at most 2^`log2Size` to element `element` (of `count`) of the gradient at `position`.
    mutating func add(log2Size: Double, at position: Int, element: Int, count: Int, origin: Int) {
        guard log2Size > -.infinity else { return }
        var elements = bounds[position] ?? [Double](repeating: -.infinity, count: count)
        guard elements.indices.contains(element) else { return }
        elements[element] = LostGradients.sum(elements[element], log2Size)
        bounds[position] = elements
        if origins[position] == nil { origins[position] = origin }
    }
}
