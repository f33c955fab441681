// Backpropagation that records its own work as graph nodes, so a gradient can be differentiated again.

import Foundation

/// The gradients of one output with respect to chosen nodes, built as nodes of the same graph.
///
/// The sweep is `Backpropagation`'s (reverse topological order, contributions added with `+` in the
/// order the tape adds them), but every upstream gradient, local derivative and sum is a `Node` made by
/// `Node.make`: the result is computed from the very values it depends on, so `grad`, `diff`, `numdiff`,
/// `check` and `backward` of a gradient give the second derivative (PyTorch's `create_graph=True`).
/// The values are the tape's: each rule multiplies the same numbers in the same order
/// (`GradientGraph+Rules.swift`).
///
/// Only nodes created since the oldest target are visited (nothing older can depend on a target), and
/// only nodes that depend on a target get a gradient: a training step's `grad` costs the size of the step,
/// not of the loop's history.
struct GradientGraph {
    /// The cell the new nodes are attributed to.
    let cell: Int?

    /// d(output)/d(target) for each target: a node of the target's shape, 0 (or zeros) where no path
    /// leads from the target to the output. Returns nil when `shouldStop` says so (Ctrl-C).
    ///
    /// `traversal` is `Node.topologicalTraversal(from: output, oldestSerial:)` from the oldest target, if the
    /// caller has walked already; it is walked again when a later walk has reused the nodes' scratch space.
    func gradients(of output: Node, withRespectTo targets: [Node], traversal: (order: [Unmanaged<Node>], mark: Int)? = nil,
                   shouldStop: () -> Bool = { false }) -> [Node]? {
        guard let oldest = targets.lazy.map(\.serial).min() else { return [] }
        let (order, mark) = traversal.flatMap { output.traversalMark == $0.mark ? $0 : nil }
            ?? Node.topologicalTraversal(from: output, oldestSerial: oldest)
        // Whether a path leads from a target to each node: only those pass a gradient back. The targets are
        // flagged by their place in the order (no hashing: this runs once per grad of a training step).
        // (Both tables in memory of their own rather than arrays: an array of anything but a class looks its storage
        // type up at run time each time one is made, which cost a training step's grad a sixteenth of its time.)
        let leadsFromTarget = UnsafeMutableBufferPointer<Bool>.allocate(capacity: order.count)
        leadsFromTarget.initialize(repeating: false)
        defer { leadsFromTarget.deallocate() }
        for target in targets where Node.isVisited(target, by: (order, mark)) {
            leadsFromTarget[target.traversalIndex] = true
        }
        for index in order.indices where !leadsFromTarget[index] {
            leadsFromTarget[index] = order[index]._withUnsafeGuaranteedRef { node in
                node.inputs.contains { $0.traversalMark == mark && leadsFromTarget[$0.traversalIndex] }
            }
        }
        lazy var targetIDs = Set(targets.map(ObjectIdentifier.init))
        let adjoints = UnsafeMutableBufferPointer<Node?>.allocate(capacity: order.count)
        adjoints.initialize(repeating: nil)
        defer {
            _ = adjoints.deinitialize()
            adjoints.deallocate()
        }
        adjoints[order.count - 1] = ones(like: output)
        // How many users each node has in this graph, counted only if a stable form needs to know.
        lazy var parents: [Int] = {
            var counts = [Int](repeating: 0, count: order.count)
            for handle in order { for input in handle.takeUnretainedValue().inputs where input.traversalMark == mark { counts[input.traversalIndex] += 1 } }
            return counts
        }()
        // Parts of gradients lost to underflow or to 1/inf, as the tape follows them (LostGradients.swift).
        var lost = LostGradients(count: order.count)
        // What the products' factors that rounded to 0 lost, each node worked out once for the whole pass (made at
        // the first such factor: a training step's grad has none).
        var lostParts: LostPartMemo?
        for index in order.indices.reversed() {
            if index % 1024 == 0, shouldStop() { return nil }
            guard leadsFromTarget[index], let upstream = adjoints[index] else { continue }
            let handle = order[index]
            // log(1 + exp(u)) whose steps overflowed: straight to u, as the tape does (BackwardTape).
            if handle._withUnsafeGuaranteedRef({ $0.scalarRule == .log }) {
                let node = handle.takeUnretainedValue()
                if node.stableForm?.stepsBreak == true,
                   let form = node.stableShortcut(parents: { $0.traversalMark == mark ? parents[$0.traversalIndex] : 0 }),
                   !form.steps.contains(where: { targetIDs.contains(ObjectIdentifier($0)) }) {
                    let operand = form.operand
                    if operand.traversalMark == mark, leadsFromTarget[operand.traversalIndex] {
                        let contribution = stableContribution(of: form, upstream: upstream)
                        let slot = operand.traversalIndex
                        adjoints[slot] = adjoints[slot].map { make(.add, $0, contribution) } ?? contribution
                    }
                    continue
                }
            }
            // The node and its inputs unretained (the output's graph holds them): a long loop's grad passes
            // through tens of thousands of steps, and counting references was a third of its time.
            handle._withUnsafeGuaranteedRef { node in
                for position in 0..<Int(node.inputCount) {
                    let input = node.unretainedInput(position)
                    let (leadsFromATarget, slot, inputIsTensor) = input._withUnsafeGuaranteedRef { input in
                        (input.traversalMark == mark && leadsFromTarget[input.traversalIndex], input.traversalIndex, input.isTensor)
                    }
                    guard leadsFromATarget,
                          var contribution = node.isTensor || inputIsTensor ? contribution(of: node, toInput: position, upstream: upstream)
                            : scalarContribution(of: node, toInput: position, upstream: upstream) else { continue }
                    if !node.isTensor, !inputIsTensor, contribution.value == 0 || !lost.isEmpty {
                        passLostParts(of: node, toInput: position, at: index, slot: slot, upstream: upstream.value,
                                      contribution: &contribution, lost: &lost, lostParts: &lostParts)
                    }
                    if let existing = adjoints[slot] {
                        adjoints[slot] = make(.add, existing, contribution)
                    } else {
                        adjoints[slot] = contribution
                    }
                }
            }
        }
        return targets.map { target in
            guard Node.isVisited(target, by: (order, mark)), let gradient = adjoints[target.traversalIndex] else { return zeros(like: target) }
            // A gradient its lost part could change is nan, as on the tape, and stays connected to the target.
            if !lost.isEmpty, !target.isTensor, lost.isUnknown(gradient.value, at: target.traversalIndex) {
                return make(.multiply, constant(.nan), target)
            }
            return gradient
        }
    }

    /// A 0 that only stands for a number too small to represent, followed as the tape does (LostGradients):
    /// what `node` passes to its input at `position` (in `slot`), given its upstream gradient's value.
    private func passLostParts(of node: Node, toInput position: Int, at index: Int, slot: Int, upstream g: Double,
                               contribution: inout Node, lost: inout LostGradients, lostParts: inout LostPartMemo?) {
        let count = Int(node.inputCount)
        let d = node.localDerivative(withRespectTo: position)
        let x = node.unretainedInput(0)._withUnsafeGuaranteedRef { $0.value }
        let y = count > 1 ? node.unretainedInput(1)._withUnsafeGuaranteedRef { $0.value } : 0
        // A product's 0 from a factor that rounded to 0 on the way is not exact either (BackwardTape).
        let lostFactor = d == 0 && node.scalarRule == .multiply && count == 2
            ? node.unretainedInput(1 - position)._withUnsafeGuaranteedRef { factor in
                guard factor.graphMayHaveLostParts else { return -Double.infinity }
                if lostParts == nil { lostParts = LostPartMemo() }
                return LostValues.log2BoundOfLostPart(of: factor, memo: lostParts.unsafelyUnwrapped)
            } : -.infinity
        let zeroBound = d == 0 && lostFactor == -.infinity ? node.operation.log2BoundOfZeroDerivative(
            withRespectTo: position, x: x, y: y, inputCount: count,
            exponentIsConstant: count > 1 && node.unretainedInput(1)._withUnsafeGuaranteedRef { $0.operation == .constant }) : nil
        let vanished = d == 0 && (lostFactor > -.infinity || zeroBound != nil)
        let vanishedBound = lostFactor > -.infinity ? lostFactor : zeroBound ?? 0
        if lost.hasPart(at: index) {
            if vanished {
                lost.pass(from: index, to: slot, log2Factor: vanishedBound)
            } else if d.isFinite {
                lost.pass(from: index, to: slot, derivative: d)
            } else if g == 0 {
                // nan, kept connected to the input so that a derivative of it is nan too, not 0.
                contribution = make(.multiply, [constant(.nan), node.inputs[position]])
            }
        }
        if g != 0, contribution.value == 0 {
            if vanished {
                lost.add(g, throughVanished: vanishedBound, at: slot, origin: index)
            } else if d != 0 {  // underflowed: not an exact 0
                lost.add(productOf: g, d, at: slot, origin: index)
            }
        }
    }

    // MARK: Building blocks

    func make(_ operation: Node.Operation, _ inputs: [Node]) -> Node {
        Node.make(operation, inputs, cell: cell)
    }

    /// `make(operation, [a, b])` and `make(operation, [a])` without the array (a step of a training loop
    /// makes several of these).
    func make(_ operation: Node.Operation, _ a: Node, _ b: Node) -> Node {
        Node.make(operation, a, b, cell: cell)
    }

    func make(_ operation: Node.Operation, _ a: Node) -> Node {
        Node.make(operation, a, cell: cell)
    }

    func constant(_ value: Double) -> Node { .constant(value, cell: cell) }

    func constant(_ tensor: Tensor) -> Node { .constant(tensor, cell: cell) }

    /// 1, or a tensor of ones, of `node`'s shape: the gradient of an output with respect to itself.
    func ones(like node: Node) -> Node {
        node.isTensor ? constant(Tensor(shape: node.shape, repeating: 1)) : constant(1)
    }

    /// 0, or a tensor of zeros, of `node`'s shape: the gradient where no path leads.
    func zeros(like node: Node) -> Node {
        node.isTensor ? constant(Tensor(shape: node.shape, repeating: 0)) : constant(0)
    }
}

extension GradientGraph {
    /// `estimate` (a number or tensor computed another way: numerically, or by forward mode), connected
    /// to the graph so that it differentiates like `exact`, the backprop gradient it estimates.
    ///
    /// The node is estimate + (exact - value of exact): its value is the estimate to the last digit (the
    /// bracket is exactly 0), and its derivatives are the exact gradient's, the true higher derivatives.
    /// Where exact is not finite the bracket is NaN; when the estimate is NaN there too (numdiff at the edge
    /// of sqrt's domain), the node is still the estimate and differentiating it again gives inf or nan, as
    /// it must, never a silent 0. Returns nil when the two cannot be joined (a finite estimate of an
    /// infinite derivative): the caller says so rather than hand back a number with no derivative.
    func value(_ estimate: Node, differentiatedLike exact: Node) -> Node? {
        if GradientGraph.sameElements(estimate, exact) { return exact }
        guard estimate.shape == exact.shape else { return nil }
        let frozen = exact.isTensor ? constant(Tensor(shape: exact.shape, elements: exact.elements)) : constant(exact.value)
        let tracked = make(.add, [estimate, make(.subtract, [exact, frozen])])
        return GradientGraph.sameElements(tracked, estimate) ? tracked : nil
    }

    /// Whether two nodes hold the same numbers (NaN matching NaN).
    static func sameElements(_ a: Node, _ b: Node) -> Bool {
        a.shape == b.shape && zip(a.elements, b.elements).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}
