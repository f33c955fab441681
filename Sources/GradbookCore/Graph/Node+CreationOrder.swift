// Finding a large graph by its creation record: a scan down the serials, not a chase from node to node.

import CCreationRecord
import Foundation

extension Node {
    /// Writes this node's entry in the creation record (CreationRecord.h): where it is, its value, how far back
    /// its inputs were made, and an estimate of its graph's size. Called once, at the end of `init`.
    @inline(__always)
    func noteCreation(first: Node?, second: Node?, others: [Node]) {
        var firstDistance: UInt32 = 0, secondDistance: UInt32 = 0
        var size: UInt64 = 1
        if let first {
            firstDistance = Self.distance(from: serial, back: first.serial)
            size += UInt64(gradbook_recorded_graph_size(Int64(first.serial)))
        }
        if let second {
            secondDistance = Self.distance(from: serial, back: second.serial)
            size += UInt64(gradbook_recorded_graph_size(Int64(second.serial)))
        }
        if !others.isEmpty {
            secondDistance = UInt32(GRADBOOK_READ_THE_NODE)
            for other in others { size += UInt64(gradbook_recorded_graph_size(Int64(other.serial))) }
        }
        // An input too far back for four bytes: the walk asks the node for all of them.
        if firstDistance == UInt32(GRADBOOK_READ_THE_NODE) { secondDistance = firstDistance }
        let (step, function) = others.isEmpty ? recordedStep(hasFirst: first != nil, hasSecond: second != nil)
            : (UInt8(GRADBOOK_STEP_READ_THE_NODE), 0)
        gradbook_note_creation(Int64(serial), Unmanaged.passUnretained(self).toOpaque(), value, firstDistance, secondDistance,
                               UInt32(clamping: size), step, function)
    }

    /// What the creation record says this node computes (`GRADBOOK_STEP_*`), and for a function which one: the steps
    /// a backward pass can take from the record alone, for a number made from at most two numbers.
    @inline(__always)
    private func recordedStep(hasFirst: Bool, hasSecond: Bool) -> (step: UInt8, function: UInt8) {
        guard !dependsOnTensors, !isSymbolic else { return (UInt8(GRADBOOK_STEP_READ_THE_NODE), 0) }
        switch scalarRule {
        case .add where hasSecond: return (UInt8(GRADBOOK_STEP_ADD), 0)
        case .subtract where hasSecond: return (UInt8(GRADBOOK_STEP_SUBTRACT), 0)
        case .multiply where hasSecond: return (UInt8(GRADBOOK_STEP_MULTIPLY), 0)
        case .negate where hasFirst && !hasSecond: return (UInt8(GRADBOOK_STEP_NEGATE), 0)
        case .other where !hasFirst:
            return (UInt8(isLeaf ? GRADBOOK_STEP_LEAF : GRADBOOK_STEP_SOURCE), 0)
        case .other where !hasSecond:
            if case .function(let function) = operation { return (UInt8(GRADBOOK_STEP_FUNCTION), function.creationCode) }
            return (UInt8(GRADBOOK_STEP_READ_THE_NODE), 0)
        default: return (UInt8(GRADBOOK_STEP_READ_THE_NODE), 0)
        }
    }

    @inline(__always)
    private static func distance(from serial: Int, back input: Int) -> UInt32 {
        UInt32(clamping: Swift.min(serial - input, Int(GRADBOOK_READ_THE_NODE)))
    }
}

/// The nodes reachable from one node, found in the creation record (CreationRecord.h) and visited oldest first.
///
/// Serials are a topological order, so scanning them downward from the output finds its graph: each reached
/// serial's entry says how far back its inputs are, and those entries lie at known places. Chasing the same
/// graph from node to node waits for each node before it can read the next (about 40 ns a node on a
/// 100,000-node graph here); the scan reads one flat array.
///
/// The caller keeps the root alive while it uses this: the entries' node addresses are unretained.
struct CreationOrder: ~Copyable {
    /// Below this estimated size (`graph_size`) a depth-first walk is quick enough, and the record is not scanned.
    static let smallestGraphScanned: UInt32 = 2048

    let record: UnsafeMutablePointer<gradbook_creation_entry>
    /// The root's serial: offsets below count down from it.
    let top: Int
    /// Serials below this are not entered (a walk's `oldestSerial`).
    let lowest: Int
    /// One byte per serial, by offset below `top`: whether it is reached.
    private var reached: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How far below `top` the scan went: every reached serial is within it.
    private(set) var span = 0
    /// How many nodes were reached.
    private(set) var count = 0

    /// The graph of `root`, or nil where the record cannot help: a small graph (by its estimate or its cut-off), a node past
    /// the record, an entry missing, or a graph spread thinly over many serials (a leaf made long before the
    /// rest), where scanning the serials between would cost more than walking the graph.
    ///
    /// (`GRADBOOK_WALK_NODES` set in the environment turns the scan off, to compare the two.)
    static func find(from root: Node, oldestSerial: Int = .min) -> CreationOrder? {
        guard let record = recordWorthScanning(from: root, oldestSerial: oldestSerial) else { return nil }
        var order = CreationOrder(record: record, top: root.serial, lowest: Swift.max(oldestSerial, 0))
        guard order.findReachable() else { return nil }
        return order
    }

    /// The creation record, where scanning it for the graph of `root` may pay (see `find`): nil for a small graph, by
    /// its estimate or its cut-off, a node past the record, or with the scan turned off.
    static func recordWorthScanning(from root: Node, oldestSerial: Int) -> UnsafeMutablePointer<gradbook_creation_entry>? {
        // (A cut-off close below the root leaves few nodes whatever the whole graph's size: a training loop's
        // `grad` with respect to a weight whose history is long.)
        guard !turnedOff, root.serial - Swift.max(oldestSerial, 0) >= Int(smallestGraphScanned),
              let record = gradbook_creation_record(), root.serial < Int(gradbook_creation_record_capacity()),
              record[root.serial].graph_size >= smallestGraphScanned else { return nil }
        return record
    }

    /// How far the scan may go past the reached serials before it gives up (`findReachable`): more than this many
    /// serials outside the graph for `count` inside it, and walking the nodes is cheaper.
    @inline(__always)
    static func scanIsTooSparse(offset: Int, count: Int) -> Bool { offset > 4 * count + 4096 }

    private init(record: UnsafeMutablePointer<gradbook_creation_entry>, top: Int, lowest: Int) {
        self.record = record
        self.top = top
        self.lowest = lowest
        capacity = 1 << 12
        reached = .allocate(capacity: capacity)
        reached.initialize(repeating: 0, count: capacity)
    }

    private static let turnedOff = getenv("GRADBOOK_WALK_NODES") != nil

    deinit { reached.deallocate() }

    /// Whether the graph of `root` has more than `limit` nodes, read from the record: at once where its size estimate
    /// (never below the true count) is within `limit`, else by a scan that stops once it has counted past `limit`. Nil
    /// where the record cannot tell (see `find`). A note asks this before writing a node out as a formula: a walk of
    /// 5,000 nodes through a set took a twentieth of `backward(v)` after a long loop.
    static func graph(of root: Node, hasMoreNodesThan limit: Int) -> Bool? {
        guard !turnedOff, let record = gradbook_creation_record(), root.serial >= 0,
              root.serial < Int(gradbook_creation_record_capacity()), record[root.serial].node != nil else { return nil }
        if Int(record[root.serial].graph_size) <= limit { return false }
        var order = CreationOrder(record: record, top: root.serial, lowest: 0)
        guard order.findReachable(stoppingPast: limit) else { return nil }
        return order.count > limit
    }

    /// Marks everything reachable, reading only the record, or stops once more than `limit` nodes are reached (with
    /// `span` unset: only `count` is to be read then). False if an entry is missing, or if the scan met many more
    /// serials outside the graph than in it (and would go on doing so).
    private mutating func findReachable(stoppingPast limit: Int = .max) -> Bool {
        reached[0] = 1
        var pending = 1, offset = 0
        while pending > 0 {
            if reached[offset] != 0 {
                pending -= 1
                count += 1
                if count > limit { return true }
                let serial = top - offset
                let entry = record[serial]
                guard let address = entry.node else { return false }
                if entry.second_distance == UInt32(GRADBOOK_READ_THE_NODE) {
                    Unmanaged<Node>.fromOpaque(address)._withUnsafeGuaranteedRef { node in
                        for input in node.inputs { reach(input.serial, pending: &pending) }
                    }
                } else {
                    if entry.first_distance != 0 { reach(serial - Int(entry.first_distance), pending: &pending) }
                    if entry.second_distance != 0 { reach(serial - Int(entry.second_distance), pending: &pending) }
                }
            } else if Self.scanIsTooSparse(offset: offset, count: count) {
                return false
            }
            offset += 1
        }
        span = offset
        return true
    }

    @inline(__always)
    private mutating func reach(_ serial: Int, pending: inout Int) {
        guard serial >= lowest else { return }
        let offset = top - serial
        if offset >= capacity { grow(toHold: offset) }
        if reached[offset] == 0 {
            reached[offset] = 1
            pending += 1
        }
    }

    private mutating func grow(toHold offset: Int) {
        var larger = capacity * 2
        while larger <= offset { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.moveInitialize(from: reached, count: capacity)
        (moved + capacity).initialize(repeating: 0, count: larger - capacity)
        reached.deallocate()
        reached = moved
        capacity = larger
    }

    /// The entry of a reached serial (or of any serial whose node is alive).
    @inline(__always)
    func entry(_ serial: Int) -> gradbook_creation_entry { record[serial] }

    /// Calls `body` with each reached serial, its entry and its node, oldest first, having asked a few nodes ahead for
    /// the inputs' entries and, where the node will be read (`readingEveryNode`, or an entry that cannot say what the
    /// node computes), for the node: each of those reads, waited for in turn, missed the cache (nodes lie wherever
    /// malloc put them; an input's entry may be far back).
    func forEachEntry(readingEveryNode: Bool, _ body: (Int, gradbook_creation_entry, Unmanaged<Node>) -> Void) {
        let lookahead = 16
        var ahead = span - 1, offset = span - 1
        var prefetched = 0
        while offset >= 0 {
            while prefetched < lookahead, ahead >= 0 {
                if reached[ahead] != 0 {
                    let serial = top - ahead, entry = record[serial]
                    if readingEveryNode || entry.step == UInt8(GRADBOOK_STEP_READ_THE_NODE) { gradbook_prefetch_node(entry.node) }
                    // And the inputs' entries, for their values (`BackwardTape.recordedEntry`): an input made long
                    // before lies far back in the record.
                    if entry.second_distance != UInt32(GRADBOOK_READ_THE_NODE) {
                        gradbook_prefetch_entry(record + (serial - Int(entry.first_distance)))
                        gradbook_prefetch_entry(record + (serial - Int(entry.second_distance)))
                    }
                    prefetched += 1
                }
                ahead -= 1
            }
            if reached[offset] != 0 {
                let serial = top - offset, entry = record[serial]
                body(serial, entry, Unmanaged<Node>.fromOpaque(entry.node.unsafelyUnwrapped))
                prefetched -= 1
            }
            offset -= 1
        }
    }
}

extension MathFunction {
    /// The function in one byte, as the creation record keeps it: its place in `allCases`. (A switch, not a
    /// search of `allCases`: it runs for every function node made.)
    var creationCode: UInt8 {
        switch self {
        case .abs: 0
        case .acos: 1
        case .asin: 2
        case .atan: 3
        case .cos: 4
        case .cosh: 5
        case .elu: 6
        case .erf: 7
        case .erfc: 8
        case .exp: 9
        case .expm1: 10
        case .gelu: 11
        case .log: 12
        case .log10: 13
        case .log1p: 14
        case .log2: 15
        case .relu: 16
        case .sigmoid: 17
        case .sign: 18
        case .sin: 19
        case .sinh: 20
        case .softplus: 21
        case .sqrt: 22
        case .step: 23
        case .tan: 24
        case .tanh: 25
        }
    }

    /// The function whose `creationCode` is `code`. (A switch too: `allCases` makes an array each time it is read.)
    init?(creationCode code: UInt8) {
        switch code {
        case 0: self = .abs
        case 1: self = .acos
        case 2: self = .asin
        case 3: self = .atan
        case 4: self = .cos
        case 5: self = .cosh
        case 6: self = .elu
        case 7: self = .erf
        case 8: self = .erfc
        case 9: self = .exp
        case 10: self = .expm1
        case 11: self = .gelu
        case 12: self = .log
        case 13: self = .log10
        case 14: self = .log1p
        case 15: self = .log2
        case 16: self = .relu
        case 17: self = .sigmoid
        case 18: self = .sign
        case 19: self = .sin
        case 20: self = .sinh
        case 21: self = .softplus
        case 22: self = .sqrt
        case 23: self = .step
        case 24: self = .tan
        case 25: self = .tanh
        default: return nil
        }
    }
}
