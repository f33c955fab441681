// Where a formula stops being smooth near a point (poles, domain edges, kinks), read from its graph,
// and how far a numeric step may reach without crossing one.

import Foundation

extension NumericDerivative {
    /// A place where the formula is not smooth: a pole (1/u at u = 0, log u at 0, tan at π/2), a domain
    /// edge (sqrt u at 0) or a kink (relu, abs, step, sign at 0), as a condition on one node's argument.
    struct Edge {
        typealias Kind = NumericUnreliability.Edge
        /// The node that is not smooth there (the division, the log, the relu).
        let node: Node
        /// The value whose crossing matters (the denominator, the log's argument).
        let argument: Node
        let kind: Kind
        /// The argument's values at which the edge lies (log1p's at -1, asin's at -1 and 1); most are at 0.
        var points: [Double] = [0]
        /// What is measured against `points`: the argument's own values, or for a maximum or minimum the
        /// distance from a tie (a kink with no node of its own).
        var measure = Measure.argument

        enum Measure {
            case argument
            /// max(a, b) or min(a, b): a − b element by element, with b broadcast as the operation broadcast it.
            case difference(Node)
            /// max(v) (over all, or over each column or row): the largest minus the next largest of each group.
            case gap(axis: Int?)
        }

        /// The values whose reaching one of `points` is the edge, in one re-run of the graph.
        func values(in outcome: Node.Rerun.Outcome) -> [Double] {
            let a = outcome.elements(of: argument)
            switch measure {
            case .argument:
                return a
            case .difference(let other):
                let b = outcome.elements(of: other)
                let left = Broadcast.sourceIndices(of: argument.shape, in: node.shape)
                let right = Broadcast.sourceIndices(of: other.shape, in: node.shape)
                return zip(left, right).map { a[$0] - b[$1] }
            case .gap(let axis):
                let columns = argument.shape.count == 2 ? argument.shape[1] : a.count
                let groups = axis == nil || argument.shape.count < 2 ? 1 : (axis == 1 ? columns : a.count / max(1, columns))
                var largest = [Double](repeating: -.infinity, count: groups), next = largest
                for index in a.indices {
                    let group = groups == 1 ? 0 : (axis == 1 ? index % columns : index / columns)
                    if a[index] > largest[group] {
                        (next[group], largest[group]) = (largest[group], a[index])
                    } else if a[index] > next[group] {
                        next[group] = a[index]
                    }
                }
                // A group of one element has no tie to reach.
                return zip(largest, next).map { $1 == -.infinity ? .infinity : $0 - $1 }
            }
        }

        /// How far `value` lies from the nearest point where the argument is at this edge.
        func distance(from value: Double) -> Double {
            if case .function(.tan) = node.operation {
                // tan's poles are at π/2 + kπ.
                let offset = (value - Double.pi / 2).truncatingRemainder(dividingBy: Double.pi)
                let remainder = offset < 0 ? offset + Double.pi : offset
                return Swift.min(remainder, Double.pi - remainder)
            }
            return points.map { Swift.abs(value - $0) }.min() ?? .infinity
        }

        /// Which side of the edge `value` is on, so a step that jumps over it is caught.
        func side(of value: Double) -> Double {
            if case .function(.tan) = node.operation { return ((value - Double.pi / 2) / Double.pi).rounded(.down) }
            // Between which points: the sum of each point's side.
            return points.reduce(0) { side, point in side + (value > point ? 1 : (value < point ? -1 : 0)) }
        }
    }

    /// Every edge among the nodes that depend on the target (the only ones a nudge can move).
    static func edges(of output: Node, movingWith target: Node) -> [Edge] {
        var dependent: Set<ObjectIdentifier> = [ObjectIdentifier(target)]
        var edges: [Edge] = []
        for node in output.graph where node.inputs.contains(where: { dependent.contains(ObjectIdentifier($0)) }) {
            dependent.insert(ObjectIdentifier(node))
            if let edge = edge(at: node, dependent: dependent, target: target) { edges.append(edge) }
        }
        return edges
    }

    /// The edge `node` has, if its moving argument can reach one.
    private static func edge(at node: Node, dependent: Set<ObjectIdentifier>, target: Node) -> Edge? {
        func moves(_ input: Node) -> Bool { dependent.contains(ObjectIdentifier(input)) }
        // log(1 + exp(u)), log(sigmoid(u)), log(sum(exp(v))) are smooth in u everywhere (the re-run
        // computes them from u), unless the nudge moves one of their steps directly.
        if let form = node.stableForm, !form.steps.contains(where: { $0 === target }) { return nil }
        switch node.operation {
        case .divide where moves(node.inputs[1]): return Edge(node: node, argument: node.inputs[1], kind: .zeroDivisor)
        case .function(.log), .function(.tan): return Edge(node: node, argument: node.inputs[0], kind: .pole)
        case .function(.sqrt): return Edge(node: node, argument: node.inputs[0], kind: .domainEdge)
        case .function(.log2), .function(.log10): return Edge(node: node, argument: node.inputs[0], kind: .pole)
        case .function(.log1p): return Edge(node: node, argument: node.inputs[0], kind: .pole, points: [-1])
        case .function(.asin), .function(.acos): return Edge(node: node, argument: node.inputs[0], kind: .domainEdge, points: [-1, 1])
        case .function(let function) where function.hasKinkAtZero: return Edge(node: node, argument: node.inputs[0], kind: .kink)
        case .maximum, .minimum:
            // Where the two arguments are equal the slope jumps from one's to the other's.
            return Edge(node: node, argument: node.inputs[0], kind: .kink, measure: .difference(node.inputs[1]))
        case .max(let axis) where node.inputs[0].elements.count > 1:
            return Edge(node: node, argument: node.inputs[0], kind: .kink, measure: .gap(axis: axis))
        case .power where moves(node.inputs[0]):
            // u^n for a whole n ≥ 0 is smooth everywhere; any other exponent has an edge or pole at u = 0.
            let exponent = node.inputs[1]
            let isWholePower = !moves(exponent) && !exponent.isTensor && exponent.value >= 0 && exponent.value == exponent.value.rounded()
            if isWholePower { return nil }
            return Edge(node: node, argument: node.inputs[0], kind: !moves(exponent) && exponent.value > 0 ? .domainEdge : .pole)
        default: return nil
        }
    }

    /// The largest step, at most `limit`, over which no edge's argument reaches its edge.
    ///
    /// A step is safe when, at x ± h and x ± h/2, every argument stays on its side of its edge and moves
    /// less than half of its distance to it: a pole's nearby steepness then cannot enter the differences.
    /// Steps are halved until safe; nil when an argument is at its edge already, or no representable
    /// step is safe (the edge is closer than the point's own rounding).
    ///
    /// `known`: the outcomes at x + limit, x − limit, x + limit/2 and x − limit/2, where the caller has them
    /// already (a numeric gradient's quick estimate takes its differences there).
    static func safeStep(_ probe: Probe, edges: [Edge], limit: Double, known: [Node.Rerun.Outcome]? = nil) -> Double? {
        guard !edges.isEmpty else { return limit }
        let here = probe.outcome(at: probe.x)
        let start = edges.map { edge in edge.values(in: here) }
        let atEdge = edges.indices.filter { index in start[index].contains { edges[index].distance(from: $0) == 0 } }
        if !atEdge.isEmpty {
            // A value at its edge that this nudge does not move is not crossed by it: v[3] of max([1, 1, 0])
            // leaves the tie of v[1] and v[2] as it is, and v[2] of relu([0, 1]) leaves relu(v[1]) at its kink.
            // One the nudge moves leaves no safe step. (The edge's other values are checked below as any are:
            // a whole edge with one value at it made every element of sum(relu(v)) unreliable.)
            let probes = known ?? [limit, -limit, limit / 2, -limit / 2].map { probe.outcome(at: probe.x + $0) }
            for index in atEdge where probes.contains(where: { outcome in
                zip(start[index], edges[index].values(in: outcome)).contains { old, new in edges[index].distance(from: old) == 0 && new != old }
            }) { return nil }
        }
        var h = limit
        // No step from a point that is not finite, and none that is not a finite positive number: -inf + inf is
        // nan, never -inf again, and inf / 2 is inf, so halving would not end (`x = -inf; numdiff(1/x, x)` hung).
        guard probe.x.isFinite, h.isFinite, h > 0 else { return nil }
        while probe.x + h != probe.x {
            let outcomes = h == limit ? known ?? [h, -h, h / 2, -h / 2].map { probe.outcome(at: probe.x + $0) }
                                      : [h, -h, h / 2, -h / 2].map { probe.outcome(at: probe.x + $0) }
            let isSafe = zip(edges, start).allSatisfy { edge, before in
                outcomes.allSatisfy { outcome in
                    // (A value the step does not move cannot reach its edge; tested first, since an unmoved -inf
                    // minus itself is nan, which made every step of `numdiff(sum(1/W), W)` with W[1] = -inf unsafe.)
                    zip(before, edge.values(in: outcome)).allSatisfy { old, new in
                        new == old || (edge.side(of: new) == edge.side(of: old) && Swift.abs(new - old) < edge.distance(from: old) / 2)
                    }
                }
            }
            if isSafe { return h }
            h /= 2
        }
        return nil
    }

    /// The edge nearest its argument's edge, for saying why a numeric estimate failed.
    static func nearestEdge(_ edges: [Edge], in probe: Probe) -> Edge? {
        let here = probe.outcome(at: probe.x)
        return edges.min { a, b in
            let da = a.values(in: here).map(a.distance).min() ?? .infinity
            let db = b.values(in: here).map(b.distance).min() ?? .infinity
            return da < db
        }
    }

    /// The part of the formula to name for `edge`: its node, or for a vector or matrix whose values are its
    /// elements, the element nearest the edge. (A vector's node reads as its first element's formula: at
    /// v = [0, 1] the note for `sum(relu(v - 1))` named relu(v[1] - 1) where v[2] sat at the kink.)
    static func part(of edge: Edge, in probe: Probe) -> Node {
        let node = edge.node
        // (max and min keep their own name, max(a, b): one element of them reads as a formula with relu.)
        guard node.isTensor, case .argument = edge.measure else { return node }
        let values = edge.values(in: probe.outcome(at: probe.x))
        let columns = node.shape.last ?? 1
        guard values.count == node.shape.reduce(1, *), columns > 0,
              let nearest = values.indices.min(by: { edge.distance(from: values[$0]) < edge.distance(from: values[$1]) }) else { return node }
        let selection = Selection(rows: [nearest / columns], columns: [nearest % columns], dropsRows: true, dropsColumns: true,
                                  sourceColumns: columns)
        return Node.make(.select(selection), [node], cell: node.cell)
    }
}

extension NumericDerivative {
    /// Why an explicit step `h` is unreliable at this point (it reaches a pole, domain edge or kink), if it is.
    public static func edgeWithin(step h: Double, of output: Node, at target: Node, describe: (Node) -> String) -> NumericUnreliability? {
        let edges = edges(of: output, movingWith: target)
        let probe = Probe(output, at: target)
        guard !edges.isEmpty, safeStep(probe, edges: edges, limit: Swift.abs(h)) != Swift.abs(h),
              let edge = nearestEdge(edges, in: probe) else { return nil }
        return .stepReachesEdge(step: NumberFormat().text(Swift.abs(h)), edge.kind, of: describe(part(of: edge, in: probe)))
    }
}
