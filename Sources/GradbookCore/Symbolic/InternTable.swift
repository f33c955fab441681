// The hash-consing index: from a node to its id, as an open-addressing table of ids.
//
// Why not a Dictionary<Node, FormulaID>: hashing and re-hashing nodes on every resize dominated the cost
// of building million-node formulas. Here each node's hash is computed once (a cheap multiplicative mix
// of its fields) and kept, so a resize only moves ids.

/// Finds the id of a node among `nodes`, or the slot where a new one goes.
struct InternTable {
    private var slots = [Int32](repeating: -1, count: 64)
    private var hashes: [UInt64] = []

    /// The id of `node` (hash `hash`) in `nodes`, if stored.
    func find(_ node: FormulaStore.Node, hash: UInt64, in nodes: [FormulaStore.Node]) -> FormulaID? {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] >= 0 {
            let id = Int(slots[i])
            if hashes[id] == hash, nodes[id] == node { return FormulaID(id) }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Records that the node with hash `hash` got the next id (`hashes.count`).
    mutating func insert(hash: UInt64) {
        hashes.append(hash)
        if hashes.count * 2 > slots.count { grow() } else { place(hashes.count - 1) }
    }

    private mutating func place(_ id: Int) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hashes[id]) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = Int32(id)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for id in hashes.indices { place(id) }
    }

    /// A well-mixed 64-bit hash of a node's fields (SplitMix64's finaliser over a running combination).
    static func hash(_ node: FormulaStore.Node) -> UInt64 {
        var h: UInt64
        switch node {
        case .constant(let bits): h = mix(1, bits)
        case .variable(let v): h = mix(mix(2, UInt64(bitPattern: Int64(v.name.hashValue))), UInt64(bitPattern: Int64(v.id ?? -1)))
        case .add(let operands): h = operands.reduce(3) { mix($0, UInt64($1.index)) }
        case .multiply(let operands): h = operands.reduce(4) { mix($0, UInt64($1.index)) }
        case .power(let base, let exponent): h = mix(mix(5, UInt64(base.index)), UInt64(exponent.index))
        case .apply(let f, let argument): h = mix(mix(6, UInt64(f.rawValue.hashValue)), UInt64(argument.index))
        }
        return h
    }

    private static func mix(_ h: UInt64, _ x: UInt64) -> UInt64 {
        var z = (h ^ x) &+ 0x9E37_79B9_7F4A_7C15 &+ (h << 6)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
