// A backward pass read straight off the creation record, for a large graph of plain numbers: one pass down the
// serials finds the graph and sweeps it, reading no node.

import CCreationRecord

/// The gradient of one output with respect to every node of a large graph of numbers, where every step is one the
/// creation record describes (+, −, ×, negation, a function of one number, leaves and constants) and every part passed
/// back is finite.
///
/// Serials are a topological order, so going down them from the output is a reverse topological order: by the time
/// the pass reaches a node, every user of it has passed it its part, and it can pass its own on at once. Found this
/// way, the graph is found, recorded and swept in one pass over the record. `BackwardTape` finds it, then records it,
/// then sweeps it: three passes over memory, which is what a 100,000-node pass is bound by.
///
/// A part too small for a double (an underflow, as behind a loop's gradient that shrinks at every step) is followed as
/// the tape's sweep follows it (`Backpropagation.passBack`): its lost part goes on beside the gradient (`LostGradients`),
/// in the same order, so the gradients it makes unknown and the leaves' 0s it stands behind are the tape's.
///
/// Anything else and the pass gives up (nil), and the tape takes over, with its notes on kinks, gradients that stop
/// being finite and stable forms: a step the record does not describe (log, a division, vectors), a function at its
/// kink, a local derivative of 0 (it may stand for a number too small to represent) or not finite, a product with a
/// factor of 0, a part that overflowed. Giving up costs the part of the pass done so far.
struct RecordSweep {
    /// The graph's nodes in creation order, unretained (the caller holds the output).
    let order: [Unmanaged<Node>]
    /// Each node's gradient, by position in `order`.
    let gradients: [Double]
    /// Positions in `order` by serial.
    let positions: SerialPositions
    /// Positions of the leaves, in creation order.
    let leafPositions: [Int]
    /// Positions of the named intermediate results, when asked for (as `BackwardTape.namedPositions`).
    let namedPositions: [Int]?
    /// The functions of numbers in the graph: the steps a note about the pass can concern (`BackwardTape.unusualSteps`).
    let unusualSteps: [Unmanaged<Node>]
    /// The gradients a lost part makes unknown (now nan in `gradients`), by ascending position, as `Backpropagation`
    /// keeps them: where the part began and its size.
    let unknownGradients: [(position: Int, origin: Int, size: LostSize)]
    /// The leaves whose 0 a lost part too small to make it unknown stands behind, by position: where it began, and log2
    /// of its size.
    let roundedZeroGradients: [Int: (origin: Int, log2Bound: Double)]

    /// The pass from `root`, leaving out nodes made before `oldestSerial` as the tape does; nil where the record cannot
    /// help (`CreationOrder.recordWorthScanning`) or a step needs the tape (above).
    init?(from root: Node, oldestSerial: Int = .min, findingNamedIntermediates: Bool = false) {
        guard !root.dependsOnTensors,
              let record = CreationOrder.recordWorthScanning(from: root, oldestSerial: oldestSerial) else { return nil }
        let top = root.serial, lowest = Swift.max(oldestSerial, 0)
        // The nodes as the pass meets them, newest first, each with its gradient, complete by then; turned round at
        // the end. (Positions below count in this order, k; in `order` a node is at count - 1 - k.)
        var visited: [Unmanaged<Node>] = [], visitedGradients: [Double] = []
        // Room for the whole graph at once, if its size is known to be moderate (the record's estimate counts a node
        // reached two ways twice, and no graph holds more nodes than serials since its cut-off).
        let expected = Swift.min(Int(record[top].graph_size), top - lowest + 1, Self.largestReservation)
        // Offsets reach about as far back as the graph has nodes (exactly so for a loop's): room for them at once, so
        // the table is not copied as it doubles (within a bound, since the estimate may count a node many times).
        var table = OffsetTable(capacityFor: Swift.min(expected + 2 * Self.lookahead, Self.largestFirstTable))
        _ = table.reach(0)
        table.gradients[0] = 1
        visited.reserveCapacity(expected)
        visitedGradients.reserveCapacity(expected)
        var leaves: [Int] = [], named: [Int] = [], unusual: [Unmanaged<Node>] = []
        // The parts of gradients lost to underflow, by offset; storage only from the first.
        var lost = LostGradients(count: table.capacity)
        var followsLostParts = false
        var pending = 1, offset = 0
        while pending > 0 {
            let here = offset
            offset += 1
            guard table.isReached(here) else {
                if CreationOrder.scanIsTooSparse(offset: here, count: visited.count) { return nil }
                continue
            }
            pending -= 1
            // Ask now for what a step a little further down will read: its inputs' entries, for their values, and
            // their gradients, to add to. Each is anywhere in memory, and waiting for each in turn was most of the pass.
            let ahead = top - here - Self.lookahead
            if ahead >= lowest {
                let coming = record[ahead]
                if coming.second_distance != UInt32(GRADBOOK_READ_THE_NODE) {
                    let first = Int(coming.first_distance), second = Int(coming.second_distance)
                    gradbook_prefetch_entry(record + (ahead - first))
                    gradbook_prefetch_entry(record + (ahead - second))
                    table.prefetch(here + Self.lookahead + first)
                    table.prefetch(here + Self.lookahead + second)
                }
            }
            let serial = top - here
            let entry = record[serial]
            guard let address = entry.node, let step = RecordedStep(entry, at: serial, record), step.isFinite else { return nil }
            let upstream = table.gradients[here]
            let handle = Unmanaged<Node>.fromOpaque(address)
            if entry.step == UInt8(GRADBOOK_STEP_LEAF) {
                leaves.append(visited.count)
            } else if entry.step == UInt8(GRADBOOK_STEP_FUNCTION) {
                unusual.append(handle)
            }
            if findingNamedIntermediates, entry.labelled != 0, entry.first_distance != 0 { named.append(visited.count) }
            visited.append(handle)
            visitedGradients.append(upstream)
            guard step.first >= 0 else { continue }
            // The inputs are part of the graph whatever the gradient: reached, unless older than the cut-off.
            let first = step.first >= lowest ? top - step.first : -1
            let second = step.second >= lowest ? top - step.second : -1
            if first >= 0, table.reach(first) { pending += 1 }
            if second >= 0, table.reach(second) { pending += 1 }
            // In the tape's sweep's order (first input, then second), so a sum like x*x rounds the same.
            var firstIsPassed = false
            if !followsLostParts {
                // Nearly every step of nearly every graph: its parts normal numbers, as in the tape's plain sweep
                // (`sweepPlainSteps`).
                guard upstream != 0 else { continue }
                if first >= 0 {
                    let part = upstream * step.firstDerivative
                    if part.isNormal {
                        table.gradients[first] += part
                        firstIsPassed = true
                    }
                } else {
                    firstIsPassed = true
                }
                if firstIsPassed {
                    guard second >= 0 else { continue }
                    let part = upstream * step.secondDerivative
                    if part.isNormal {
                        table.gradients[second] += part
                        continue
                    }
                }
                // A part too small (or too large) for a double: from here on, every step is taken as the tape's general
                // sweep takes it (`sweepScalarSteps`), lost parts and all. (Nothing is lost yet, so a first part passed
                // plainly is what that sweep would have passed.)
                followsLostParts = true
            }
            guard Self.passFollowingLostParts(upstream, step, from: here, to: firstIsPassed ? -1 : first, second, into: table.gradients,
                                              holding: table.capacity, &lost) else { return nil }
        }
        // In creation order, as the tape would have it.
        let count = visited.count, span = offset
        let order = Array(visited.reversed())
        var gradients = Array(visitedGradients.reversed())
        let positions: SerialPositions
        if count == span {
            // Every serial from the oldest node to the root is in the graph (a loop's, the common case): a node's
            // position is its serial less the oldest's.
            positions = SerialPositions(everySerialBelow: top, span: span)
        } else {
            positions = SerialPositions(top: top, span: span)
            var position = count
            for offset in 0..<span where table.isReached(offset) {
                position -= 1
                positions.set(top - offset, position)
            }
        }
        func turnedRound(_ positions: [Int]) -> [Int] { positions.reversed().map { count - 1 - $0 } }
        let leafPositions = turnedRound(leaves)
        var unknown: [(position: Int, origin: Int, size: LostSize)] = []
        var roundedZeros: [Int: (origin: Int, log2Bound: Double)] = [:]
        if !lost.isEmpty {
            unknown.reserveCapacity(lost.partCount)
            // What the tape's sweep does with its lost parts at the end (`Backpropagation.init`), by offset here.
            var offsets: [Int] = []  // by position
            offsets.reserveCapacity(count)
            for offset in stride(from: span - 1, through: 0, by: -1) where table.isReached(offset) { offsets.append(offset) }
            func positionOf(offset: Int) -> Int { positions.position(ofSerial: top - offset) }
            for position in 0..<count {
                let offset = offsets[position]
                guard lost.isUnknown(gradients[position], at: offset), let part = lost.part(at: offset) else { continue }
                gradients[position] = .nan
                unknown.append((position, positionOf(offset: part.origin), part.size))
            }
            for position in leafPositions where gradients[position] == 0 {
                guard let part = lost.part(at: offsets[position]) else { continue }
                roundedZeros[position] = (positionOf(offset: part.origin), part.size.log2)
            }
        }
        self.order = order
        self.gradients = gradients
        self.positions = positions
        self.leafPositions = leafPositions
        unknownGradients = unknown
        roundedZeroGradients = roundedZeros
        namedPositions = findingNamedIntermediates ? turnedRound(named) : nil
        unusualSteps = unusual.reversed()
    }

    /// One step's passes as the tape's general sweep makes them (`Backpropagation.passBack`), its lost part with them,
    /// to the inputs at offsets `first` and `second` (-1: none); false where a part is not finite, the tape's to note.
    /// (Not inlined, and handed the gradients rather than the table: the plain steps' loop stays as small as it was.)
    @inline(never)
    private static func passFollowingLostParts(_ upstream: Double, _ step: RecordedStep, from here: Int, to first: Int, _ second: Int,
                                               into gradients: UnsafeMutablePointer<Double>, holding capacity: Int,
                                               _ lost: inout LostGradients) -> Bool {
        // (The table grows as the pass meets inputs further back; the parts keep up.)
        if capacity > lost.count { lost.grow(toHold: capacity) }
        let hasLostPart = lost.hasPart(at: here)
        guard upstream != 0 || hasLostPart else { return true }
        if first >= 0, !pass(upstream, times: step.firstDerivative, from: here, to: first, carryingLostPart: hasLostPart,
                             into: gradients, &lost) {
            return false
        }
        if second >= 0, !pass(upstream, times: step.secondDerivative, from: here, to: second, carryingLostPart: hasLostPart,
                              into: gradients, &lost) {
            return false
        }
        return true
    }

    /// Passes `upstream` times `derivative` (finite, nonzero) from offset `here` to offset `input` where the product or
    /// `upstream` is not a normal number, or `here` has a lost part (`carryingLostPart`), as the tape's `passBack` does:
    /// a product that underflowed adds a lost part, and the lost part goes on times the derivative. False where the
    /// product is not finite, which is the tape's to note.
    @inline(__always)
    private static func pass(_ upstream: Double, times derivative: Double, from here: Int, to input: Int, carryingLostPart: Bool,
                             into gradients: UnsafeMutablePointer<Double>, _ lost: inout LostGradients) -> Bool {
        if derivative == 1 || derivative == -1 {
            // A sum's or a difference's edge: the part passes as it is, and the gradient exactly, subnormal or not
            // (the same numbers `LostSize.times` and `SubnormalProducts` give, without their work; half the edges
            // of a chain `v = v*x + 0.1` behind its underflow).
            if carryingLostPart { lost.passUnchanged(from: here, to: input) }
            if upstream != 0 { gradients[input] += derivative == 1 ? upstream : -upstream }
            return true
        }
        if carryingLostPart { lost.pass(from: here, to: input, derivative: derivative) }
        guard upstream != 0 else { return true }
        // (Not `upstream * derivative`: behind an underflow the gradient is subnormal, see `SubnormalProducts`.)
        let (contribution, isExact) = SubnormalProducts.product(upstream, derivative)
        guard contribution.isFinite else { return false }
        if contribution == 0 {
            lost.add(productOf: upstream, derivative, at: input, origin: here)
        } else if contribution.isSubnormal, !isExact {
            lost.add(.smallestSubnormal, at: input, origin: here)
        }
        gradients[input] += contribution
        return true
    }

    /// The most nodes the pass sets aside room for before it meets them (a million: 16 MB of address space, of which
    /// only what is used is ever backed by memory).
    private static let largestReservation = 1 << 20

    /// The largest table made before the pass knows it needs it (1 MB of gradients).
    private static let largestFirstTable = 1 << 17

    /// How many serials ahead of the step at hand the pass asks for what it will read.
    private static let lookahead = 16
}

/// A step read from the creation record alone: its inputs' serials (-1: none) and its local derivatives, for the steps
/// the record describes (`GRADBOOK_STEP_*`). The one reading of those steps, for `RecordSweep` and `BackwardTape`.
struct RecordedStep {
    var first = -1, second = -1
    var firstDerivative = 0.0, secondDerivative = 0.0

    /// The step of the node at `serial`, whose entry is `entry`; nil for a step the record does not describe, or one
    /// that needs a closer look than the record gives: a product with a factor of 0 (what the factor lost), a function
    /// at its kink, or a local derivative of 0 (which may stand for a number too small to represent). A leaf or a
    /// constant has no inputs.
    @inline(__always)
    init?(_ entry: gradbook_creation_entry, at serial: Int, _ record: UnsafeMutablePointer<gradbook_creation_entry>) {
        let step = Int(entry.step)
        if step == GRADBOOK_STEP_LEAF || step == GRADBOOK_STEP_SOURCE { return }
        guard step != GRADBOOK_STEP_READ_THE_NODE, entry.second_distance != UInt32(GRADBOOK_READ_THE_NODE),
              entry.first_distance != 0 else { return nil }
        first = serial - Int(entry.first_distance)
        switch step {
        case GRADBOOK_STEP_NEGATE:
            firstDerivative = -1
        case GRADBOOK_STEP_FUNCTION:
            guard let function = MathFunction(creationCode: entry.function) else { return nil }
            let x = record[first].value
            if function.hasKinkAtZero, x == 0 { return nil }
            // (What `MathFunction.derivative` gives the walk's `record(_:at:)`, from the same two numbers.)
            firstDerivative = function.derivative(at: x, value: entry.value)
            guard firstDerivative != 0 else { return nil }
        default:
            guard entry.second_distance != 0 else { return nil }
            second = serial - Int(entry.second_distance)
            guard step == GRADBOOK_STEP_MULTIPLY else {
                (firstDerivative, secondDerivative) = (1, step == GRADBOOK_STEP_ADD ? 1 : -1)
                return
            }
            let x = record[first].value, y = record[second].value
            if x == 0 || y == 0 { return nil }
            (firstDerivative, secondDerivative) = (y, x)
        }
    }

    /// Whether both local derivatives are finite (the one-pass sweep leaves any other to the tape).
    var isFinite: Bool { firstDerivative.isFinite && secondDerivative.isFinite }
}

/// Each serial's gradient, by offset below the output's serial, or a mark that the serial is not reached (yet): grown as
/// inputs further back are met. (One array, not a second one of marks: a step reaching an input then adds to its
/// gradient, one cache line where two were two misses.)
private struct OffsetTable: ~Copyable {
    private(set) var gradients: UnsafeMutablePointer<Double>
    private(set) var capacity: Int
    /// A NaN no arithmetic makes (its payload): only unreached slots hold it, and nothing adds to those.
    private static let unreached = Double(bitPattern: 0x7FF4_0000_DEAD_BEEF)

    /// Room for offsets below `count` at least (a power of two, 16,384 or more).
    init(capacityFor count: Int) {
        capacity = 1 << 14
        while capacity < count { capacity *= 2 }
        gradients = .allocate(capacity: capacity)
        gradients.initialize(repeating: Self.unreached, count: capacity)
    }

    deinit { gradients.deallocate() }

    @inline(__always)
    func isReached(_ offset: Int) -> Bool { gradients[offset].bitPattern != Self.unreached.bitPattern }

    /// Marks `offset` reached, with a gradient of 0 so far; true if it was not before.
    @inline(__always)
    mutating func reach(_ offset: Int) -> Bool {
        if offset >= capacity { grow(toHold: offset) }
        guard !isReached(offset) else { return false }
        gradients[offset] = 0
        return true
    }

    /// Starts loading the slot of `offset`, if the table holds it yet.
    @inline(__always)
    func prefetch(_ offset: Int) {
        if offset < capacity { gradbook_prefetch_for_writing(gradients + offset) }
    }

    private mutating func grow(toHold offset: Int) {
        var larger = capacity * 2
        while larger <= offset { larger *= 2 }
        let moved = UnsafeMutablePointer<Double>.allocate(capacity: larger)
        moved.moveInitialize(from: gradients, count: capacity)
        (moved + capacity).initialize(repeating: Self.unreached, count: larger - capacity)
        gradients.deallocate()
        gradients = moved
        capacity = larger
    }
}
