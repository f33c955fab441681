// The hash-consing index: from a node to its id, as an open-addressing table of ids.
//
// Why not a Dictionary<Node, FormulaID>: hashing and re-hashing nodes on every resize dominated the cost
// of building million-node formulas. Here each node's hash is computed once (a cheap multiplicative mix
// of its fields) and kept, so a resize only moves ids.

/// Finds the id of a node among `nodes`, or the slot where a new one goes.
///
/// Each slot packs the top 32 bits of the node's hash (which also choose the slot) with id + 1, so a
/// probe rarely touches `nodes`, and growing the table needs neither the nodes nor their hashes.
struct InternTable {
    private var slots = [UInt64](repeating: 0, count: 64)
    private var count = 0

    /// The id of `node` (hash `hash`) in `nodes`, if stored.
    func find(_ node: FormulaStore.Node, hash: UInt64, in nodes: [FormulaStore.Node]) -> FormulaID? {
        let mask = slots.count - 1
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: hash >> 32) & mask
        while slots[i] != 0 {
            let slot = slots[i]
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(slot & 0xFFFF_FFFF) - 1
                if nodes[id] == node { return FormulaID(id) }
            }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Records that the node with hash `hash` got id `id`.
    mutating func insert(hash: UInt64, id: Int) {
        count += 1
        if count * 2 > slots.count { grow() }
        place((hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1))
    }

    private mutating func place(_ slot: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: slot >> 32) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        for slot in old where slot != 0 { place(slot) }
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
        case .apply(let f, let argument): h = mix(mix(6, UInt64(bitPattern: Int64(f.rawValue.hashValue))), UInt64(argument.index))
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
