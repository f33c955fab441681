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
/// beside the gradient as a bound on its size (`LostSize`, with an exponent no double limits), multiplied
/// along each edge, and a gradient whose lost part is not negligible is not a number gradbook can give
/// (`isUnknown`).
///
/// Vectors and matrices have their own, element by element (`LostTensorGradients`).
struct LostGradients: ~Copyable {
    /// One position's lost part, at most `size`, and the position where it began (the largest one, where parts met).
    struct Part {
        var size: LostSize
        var origin: Int
    }

    /// How many positions the sweep has; the storage below is made at the first lost part, one slot each.
    private(set) var count: Int
    /// Each position's part (`LostSize.nothing` where nothing is lost). Dense rather than hashed: once one part is lost,
    /// say to underflow along a long chain, nearly every node behind it has one, and a dictionary there cost more
    /// than the rest of the sweep. Memory of its own rather than an array, whose uniqueness and bounds were checked
    /// at every write: a chain of 20,000 steps behind an underflow passes 80,000 parts.
    private var parts: UnsafeMutablePointer<Part>?
    /// How many positions have a part: room enough for the list of unknown gradients, made at once.
    private(set) var partCount = 0

    init(count: Int) { self.count = count }

    deinit { parts?.deallocate() }

    /// Makes room for positions up to `larger` - 1, none with a part yet: the one-pass sweep (`RecordSweep`) learns how
    /// far back its graph reaches only as it goes.
    mutating func grow(toHold larger: Int) {
        guard larger > count else { return }
        if let parts {
            let moved = UnsafeMutablePointer<Part>.allocate(capacity: larger)
            moved.moveInitialize(from: parts, count: count)
            (moved + count).initialize(repeating: Part(size: .nothing, origin: 0), count: larger - count)
            parts.deallocate()
            self.parts = moved
        }
        count = larger
    }

    var isEmpty: Bool { parts == nil }

    /// The part at `position`, if it has one.
    @inline(__always)
    func part(at position: Int) -> Part? {
        guard let parts else { return nil }
        precondition(position >= 0 && position < count, "a lost part's position is outside the sweep")
        let part = parts[position]
        return part.size.isNone ? nil : part
    }

    /// Whether the gradient at `position` has a lost part: the sweep asks this of every step behind an underflow, and
    /// needs no logarithm for it.
    @inline(__always)
    func hasPart(at position: Int) -> Bool {
        guard let parts else { return false }
        precondition(position >= 0 && position < count, "a lost part's position is outside the sweep")
        return !parts[position].size.isNone
    }

    /// log2 of a bound on the size of the lost part of the gradient at `position`, if it has one.
    func log2Bound(at position: Int) -> Double? { part(at: position)?.size.log2 }

    /// Where the lost part of the gradient at `position` began.
    func origin(at position: Int) -> Int? { part(at: position)?.origin }

    /// Adds a lost part of size at most 2^`log2Size` to the gradient at `position`, which began at `origin`.
    mutating func add(log2Size: Double, at position: Int, origin: Int) {
        guard log2Size > -.infinity else { return }
        add(Part(size: LostSize(log2: log2Size), origin: origin), at: position)
    }

    /// Adds a lost part of size at most `size` to the gradient at `position`, which began at `origin`.
    mutating func add(_ size: LostSize, at position: Int, origin: Int) {
        guard !size.isNone else { return }
        add(Part(size: size, origin: origin), at: position)
    }

    /// Adds a lost part of size |a|·|b| (a product of finite numbers that underflowed) to the gradient at `position`.
    mutating func add(productOf a: Double, _ b: Double, at position: Int, origin: Int) {
        add(Part(size: LostSize(productOf: a, b), origin: origin), at: position)
    }

    /// Adds a lost part of size at most |gradient|·2^`log2Factor` (a gradient through a local derivative that vanished)
    /// to the gradient at `position`. Not inlined: where the logarithm was written in the sweep, the compiler worked it
    /// out at every step, before knowing whether the edge vanished, and that was a fifth of the sweep behind an underflow.
    @inline(never)
    mutating func add(_ gradient: Double, throughVanished log2Factor: Double, at position: Int, origin: Int) {
        add(log2Size: log2(Swift.abs(gradient)) + log2Factor, at: position, origin: origin)
    }

    @inline(__always)
    private mutating func add(_ part: Part, at position: Int) {
        precondition(position >= 0 && position < count, "a lost part's position is outside the sweep")
        if parts == nil {
            let made = UnsafeMutablePointer<Part>.allocate(capacity: count)
            made.initialize(repeating: Part(size: .nothing, origin: 0), count: count)
            parts = made
        }
        let parts = parts.unsafelyUnwrapped
        let existing = parts[position]
        if existing.size.isNone {
            parts[position] = part
            partCount += 1
        } else if part.size > existing.size {
            parts[position] = Part(size: .sum(larger: part.size, smaller: existing.size), origin: part.origin)
        } else {
            parts[position].size = .sum(larger: existing.size, smaller: part.size)
        }
    }

    /// Passes the lost part at `index` back along an edge whose local derivative is `derivative` (finite):
    /// an exact 0 (a relu that is off) stops it.
    @inline(__always)
    mutating func pass(from index: Int, to input: Int, derivative: Double) {
        guard derivative != 0, let here = part(at: index) else { return }
        // The part passed on is below 2^(its exponent + the derivative's + 2): where that leaves it more than 2^-55 of
        // what the input has already, the sum is what it has (`LostSize.+`), and nothing is worked out. Behind a
        // gradient that underflowed along a chain (v = v*x + 0.1), x meets a part half the last one's size at every step.
        let factor = LostSize(magnitudeOf: derivative)
        if let existing = part(at: input), here.size.exponent + factor.exponent + 2 < existing.size.exponent - 55 { return }
        add(Part(size: here.size.times(factor), origin: here.origin), at: input)
    }

    /// `pass(from:to:derivative:)` for a derivative of ±1, whose factor leaves a part as it is.
    @inline(__always)
    mutating func passUnchanged(from index: Int, to input: Int) {
        guard let here = part(at: index) else { return }
        if let existing = part(at: input), here.size.exponent + 2 < existing.size.exponent - 55 { return }
        add(here, at: input)
    }

    /// Passes the lost part at `index` back along an edge whose local derivative is at most 2^`log2Factor`.
    mutating func pass(from index: Int, to input: Int, log2Factor: Double) {
        guard let here = part(at: index) else { return }
        add(log2Size: here.size.log2 + log2Factor, at: input, origin: here.origin)
    }

    /// Whether the gradient computed as `gradient` at `position` is not what the lost part could make it:
    /// a lost part above 2^-27 of the gradient (half its digits), or, for a gradient of 0, one that may be
    /// larger than 2^-1000 (about 1e-301). Below that, 0 stays: it is the limit the formula has there
    /// (log'(u) → 0 as u → inf), and the largest it can be wrong by is far below anything else gradbook
    /// shows; above it, a 0 could stand for 2e-200 (log(x*x) at x = 1e200) or for 6400.
    func isUnknown(_ gradient: Double, at position: Int) -> Bool {
        guard let part = part(at: position) else { return false }
        return part.size.makesUnknown(gradient)
    }

    /// The positions whose gradient is not known (`isUnknown`), among those with a lost part, in order.
    func unknownPositions(gradients: (Int) -> Double) -> [Int] {
        guard !isEmpty else { return [] }
        return (0..<count).filter { isUnknown(gradients($0), at: $0) }
    }
}

/// The size of a lost part as significand × 2^exponent, the significand in [1, 2): far smaller than a double can
/// hold (a chain behind an underflow halves it 20,000 times), yet passed on and summed by multiplying and adding
/// significands. Kept as log2 of the size, every step of such a chain took a logarithm and every sum an exponential
/// and a logarithm; they were a third of `backward(v)` after `repeat 32000 { v = v*x + 0.1 }` at x = 0.9.
struct LostSize: Comparable {
    /// 0 for no part; inf for a part of unknown size.
    var significand: Double
    /// A whole number, as a double so that no size is out of its range (exp(x) at x = -1e300 passes back
    /// 2^(-1.4e300)); -inf for no part, inf for a part of unknown size, so that comparing exponents first orders them.
    var exponent: Double

    static let nothing = LostSize(significand: 0, exponent: -.infinity)
    static let unbounded = LostSize(significand: .infinity, exponent: .infinity)
    /// 2^-1074, the smallest subnormal: what a product that rounded to a multiple of it may have lost.
    static let smallestSubnormal = LostSize(significand: 1, exponent: -1074)
    var isNone: Bool { significand == 0 }

    init(significand: Double, exponent: Double) {
        self.significand = significand
        self.exponent = exponent
    }

    /// 2^`log2`.
    init(log2: Double) {
        if log2 == -.infinity || log2.isNaN { self = .nothing; return }
        if log2 == .infinity { self = .unbounded; return }
        let whole = log2.rounded(.down)
        self.init(significand: Foundation.exp2(log2 - whole), exponent: whole)
        if significand >= 2 { (significand, exponent) = (1, exponent + 1) }
    }

    /// |x|, for finite, nonzero x, from its bits alone: the standard library's `significand` and `exponent` were calls
    /// here, and a subnormal x (a gradient stuck behind an underflow) is slow to multiply on the processor.
    @inline(__always)
    init(magnitudeOf x: Double) {
        let fraction: UInt64 = 0x000F_FFFF_FFFF_FFFF, one: UInt64 = 0x3FF0_0000_0000_0000
        let bits = x.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        if biased != 0 {
            self.init(significand: Double(bitPattern: (bits & fraction) | one), exponent: Double(biased - 1023))
        } else {
            // Subnormal: x = m·2^-1074, and its leading digit is m's highest bit, p.
            let m = bits & fraction
            let p = 63 - m.leadingZeroBitCount
            self.init(significand: Double(bitPattern: ((m << (52 - p)) & fraction) | one), exponent: Double(p - 1074))
        }
    }

    /// |a|·|b|, for finite, nonzero a and b.
    init(productOf a: Double, _ b: Double) {
        self = LostSize(magnitudeOf: a).times(LostSize(magnitudeOf: b))
    }

    /// log2 of the size (-inf for none).
    var log2: Double {
        if isNone { return -.infinity }
        if significand == .infinity { return .infinity }
        return exponent + Foundation.log2(significand)
    }

    /// The product of two sizes (`factor` finite).
    @inline(__always)
    func times(_ factor: LostSize) -> LostSize {
        guard significand < .infinity else { return self }
        var product = LostSize(significand: significand * factor.significand, exponent: exponent + factor.exponent)
        if product.significand >= 2 { (product.significand, product.exponent) = (product.significand * 0.5, product.exponent + 1) }
        // (Exponents past ±1.8e308 only from sizes no computation here reaches.)
        return product.exponent < .infinity ? product : .unbounded
    }

    /// The sum of two sizes.
    @inline(__always)
    static func + (a: LostSize, b: LostSize) -> LostSize {
        if a.isNone { return b }
        if b.isNone { return a }
        return b > a ? sum(larger: b, smaller: a) : sum(larger: a, smaller: b)
    }

    /// The sum of two sizes that are not none, `larger` the larger (or equal): where the caller has compared them
    /// already, the sum need not compare again (a chain behind an underflow adds a part at every step).
    @inline(__always)
    static func sum(larger: LostSize, smaller: LostSize) -> LostSize {
        // Past 2^-60 apart, adding the smaller leaves the larger's significand as it is. An unbounded larger is that
        // far apart from any finite size, and from another unbounded one (inf - inf is nan): it stays unbounded.
        let apart = smaller.exponent - larger.exponent
        guard apart >= -60 else { return larger }
        // 2^apart from its bits, apart being a whole number from -60 to 0: adding 2^52 leaves 1023 + apart in the
        // sum's low bits (as in `SubnormalProducts`), without the checks of a conversion to an integer.
        let scale = Double(bitPattern: ((apart + (0x1p52 + 1023)).bitPattern & 0x7FF) << 52)
        var sum = LostSize(significand: larger.significand + smaller.significand * scale, exponent: larger.exponent)
        if sum.significand >= 2 { (sum.significand, sum.exponent) = (sum.significand * 0.5, sum.exponent + 1) }
        return sum
    }

    static func < (a: LostSize, b: LostSize) -> Bool {
        a.exponent != b.exponent ? a.exponent < b.exponent : a.significand < b.significand
    }

    /// Whether a part of this size could make `gradient` another number (`LostGradients.isUnknown`), compared without
    /// logarithms: against 2^-1000 for a gradient of 0, against 2^-27 of it otherwise.
    @inline(__always)
    func makesUnknown(_ gradient: Double) -> Bool {
        guard !isNone, gradient.isFinite else { return false }
        if significand == .infinity { return true }
        if gradient == 0 { return self > LostSize(significand: 1, exponent: -1000) }
        let size = LostSize(magnitudeOf: gradient)
        return self >= LostSize(significand: size.significand, exponent: size.exponent - 27)
    }
}

extension LostGradients {
    /// log2(|derivative|); exactly the exponent for a power of two, without the call.
    static func log2OfSize(_ derivative: Double) -> Double {
        if derivative.significandBitPattern == 0, derivative.isNormal { return Double(derivative.exponent) }
        return log2(Swift.abs(derivative))
    }

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
