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
        gradbook_note_creation(Int64(serial), Unmanaged.passUnretained(self).toOpaque(), value, firstDistance, secondDistance,
                               UInt32(clamping: size))
    }

    @inline(__always)
    private static func distance(from serial: Int, back input: Int) -> UInt32 {
        UInt32(clamping: Swift.min(serial - input, Int(GRADBOOK_READ_THE_NODE)))
    }

    /// Calls `visit` on every node reachable from `root` in creation order, marking each with `mark`, as
    /// `walk(from:mark:oldestSerial:_:)` does in its own order. False, having marked and visited nothing, where the
    /// creation record cannot help (`CreationOrder.find`).
    static func walkInCreationOrder(from root: Node, mark: Int, oldestSerial: Int = .min,
                                    _ visit: (Node, Unmanaged<Node>) -> Void) -> Bool {
        withExtendedLifetime(root) {
            guard let creation = CreationOrder.find(from: root, oldestSerial: oldestSerial) else { return false }
            creation.forEachNode { _, handle in
                handle._withUnsafeGuaranteedRef { node in
                    node.traversalMark = mark
                    visit(node, handle)
                }
            }
            return true
        }
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
        // (A cut-off close below the root leaves few nodes whatever the whole graph's size: a training loop's
        // `grad` with respect to a weight whose history is long.)
        guard !turnedOff, root.serial - Swift.max(oldestSerial, 0) >= Int(smallestGraphScanned),
              let record = gradbook_creation_record(), root.serial < Int(gradbook_creation_record_capacity()),
              record[root.serial].graph_size >= smallestGraphScanned else { return nil }
        var order = CreationOrder(record: record, top: root.serial, lowest: Swift.max(oldestSerial, 0))
        guard order.findReachable() else { return nil }
        return order
    }

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

    /// Marks everything reachable, reading only the record. False if an entry is missing, or if the scan met
    /// many more serials outside the graph than in it (and would go on doing so).
    private mutating func findReachable() -> Bool {
        reached[0] = 1
        var pending = 1, offset = 0
        while pending > 0 {
            if reached[offset] != 0 {
                pending -= 1
                count += 1
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
            } else if offset > 4 * count + 4096 {
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

    /// Calls `body` with each reached serial and its node, oldest first, having asked for the node and its
    /// inputs' entries a few nodes ahead: the visit reads them, and each of those reads, waited for in turn,
    /// missed the cache (nodes lie wherever malloc put them; an input's entry may be far back).
    func forEachNode(_ body: (Int, Unmanaged<Node>) -> Void) {
        let lookahead = 16
        var ahead = span - 1, offset = span - 1
        var prefetched = 0
        while offset >= 0 {
            while prefetched < lookahead, ahead >= 0 {
                if reached[ahead] != 0 {
                    let serial = top - ahead, entry = record[serial]
                    gradbook_prefetch_node(entry.node)
                    // And the inputs' entries, for their values (`BackwardTape.plainEntry`): an input made long
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
                let serial = top - offset
                body(serial, Unmanaged<Node>.fromOpaque(record[serial].node.unsafelyUnwrapped))
                prefetched -= 1
            }
            offset -= 1
        }
    }
}
