// Walking a computation graph without recursion: topological order, leaves, substitution.

extension Node {
    /// Every node reachable from `roots`, each once, inputs before the nodes that use them.
    /// With `oldestSerial`, nodes created before it are left out (see `walk`).
    public static func topologicalOrder(from roots: [Node], oldestSerial: Int = .min) -> [Node] {
        topologicalTraversal(from: roots, oldestSerial: oldestSerial).order.map { $0.takeUnretainedValue() }
    }

    /// A depth-first walk in post-order (inputs before users), with an explicit stack so depth is no
    /// limit. Each node's `traversalIndex` is its position in `order` while its mark is `mark`.
    ///
    /// The order holds the nodes unretained: the roots keep their graphs alive (nodes never change
    /// their inputs), so the caller must keep the roots alive for as long as it uses the order.
    static func topologicalTraversal(from roots: [Node], oldestSerial: Int = .min) -> (order: [Unmanaged<Node>], mark: Int) {
        traversal(fromEach: roots, oldestSerial: oldestSerial)
    }

    /// The same from one root, without an array for it (every `grad` of a training step walks from one).
    static func topologicalTraversal(from root: Node, oldestSerial: Int = .min) -> (order: [Unmanaged<Node>], mark: Int) {
        traversal(fromEach: CollectionOfOne(root), oldestSerial: oldestSerial)
    }

    @inline(__always)
    private static func traversal(fromEach roots: some Sequence<Node>, oldestSerial: Int) -> (order: [Unmanaged<Node>], mark: Int) {
        let mark = freshTraversalMark()
        var order: [Unmanaged<Node>] = []
        order.reserveCapacity(16)
        walk(from: roots, mark: mark, oldestSerial: oldestSerial) { node, handle in
            node.traversalIndex = order.count
            order.append(handle)
        }
        return (order, mark)
    }

    /// Whether `node` is in `traversal.order` (its scratch space still says so: no later walk reused it).
    static func isVisited(_ node: Node, by traversal: (order: [Unmanaged<Node>], mark: Int)) -> Bool {
        node.traversalMark == traversal.mark && node.traversalIndex < traversal.order.count
            && traversal.order[node.traversalIndex].toOpaque() == Unmanaged.passUnretained(node).toOpaque()
    }

    /// The depth-first walk behind every traversal: marks each node reachable from `roots` with `mark`
    /// and calls `visit` on it once, after all its inputs (post-order).
    ///
    /// Inputs created before `oldestSerial` are not entered. Serials are a topological order (an input is
    /// always older than its users), so a walk looking for paths from some nodes back to an output can
    /// stop at anything older than the oldest of them: nothing there depends on them. This is what keeps
    /// a training loop's `grad` from walking every earlier step of the loop.
    ///
    /// Unretained handles: every node on the stack is kept alive by the roots' graphs, and skipping the
    /// reference counting of each push and pop is a large part of a 100,000-node traversal.
    @inline(__always)
    static func walk<Roots: Sequence<Node>>(from roots: Roots, mark: Int, oldestSerial: Int = .min,
                                             _ visit: (Node, Unmanaged<Node>) -> Void) {
        // The first frames live on the call stack: a training step runs several walks a few nodes deep, and
        // allocating a stack for each was a tenth of a step. Deeper walks spill into an array.
        withUnsafeTemporaryAllocation(of: WalkFrame.self, capacity: WalkStack.inlineCapacity) { buffer in
            // No walk visits more nodes than were made from `oldestSerial` to its newest root: a chain that long
            // (a loop's, 40,000 deep) fills a stack of that size, which it now gets at its first move, not after
            // ten doublings that copied it each time.
            var largestSpan = 0
            if oldestSerial > .min { for root in roots { largestSpan = Swift.max(largestSpan, root.serial - oldestSerial + 1) } }
            var stack = WalkStack(buffer, expectedDepth: largestSpan)
            for root in roots where root.traversalMark != mark {
                root.traversalMark = mark
                stack.push(WalkFrame(node: Unmanaged.passUnretained(root), nextInput: 0))
                while let frame = stack.top {
                    let (handle, next) = (frame.node, frame.nextInput)
                    // The first unvisited input from `next` on, and the position after it.
                    let pushed = handle._withUnsafeGuaranteedRef { node -> (Unmanaged<Node>, Int)? in
                        var position = next
                        while position < Int(node.inputCount) {
                            let input = node.unretainedInput(position)
                            position += 1
                            let isNew = input._withUnsafeGuaranteedRef { input in
                                guard input.traversalMark != mark, input.serial >= oldestSerial else { return false }
                                input.traversalMark = mark
                                return true
                            }
                            if isNew { return (input, position) }
                        }
                        visit(node, handle)
                        return nil
                    }
                    if let (input, position) = pushed {
                        stack.setTopNextInput(position)
                        stack.push(WalkFrame(node: input, nextInput: 0))
                    } else {
                        stack.pop()
                    }
                }
            }
        }
    }

    /// `walk(from:mark:oldestSerial:_:)` from one root, without an array to hold it.
    @inline(__always)
    static func walk(from root: Node, mark: Int, oldestSerial: Int = .min, _ visit: (Node, Unmanaged<Node>) -> Void) {
        withExtendedLifetime(root) {
            walk(from: CollectionOfOne(root), mark: mark, oldestSerial: oldestSerial, visit)
        }
    }

    /// The most slots a walk, or a record of one, sets aside at once because of the nodes made since its oldest
    /// node alone (`oldestSerial`): a loop's 40,000-node chain gets its room at once, and a small graph far apart in
    /// serials sets aside no more than this (a megabyte of stack frames).
    static let largestReservationBySpan = 1 << 16

    /// A walk's stack: the first `inlineCapacity` frames in a buffer on the call stack, the rest in memory it
    /// allocates and frees itself. A chain 100,000 deep lives almost wholly there, and an array's uniqueness
    /// check on every push, read and pop was a tenth of a large walk.
    struct WalkStack: ~Copyable {
        static let inlineCapacity = 64
        private var frames: UnsafeMutablePointer<WalkFrame>
        private var capacity: Int
        private var count = 0
        /// Whether `frames` is memory this stack allocated (not the call stack's buffer).
        private var ownsFrames = false
        /// The most frames the walk can need, if known (0: not known), up to `Node.largestReservationBySpan`.
        private let expectedDepth: Int

        init(_ buffer: UnsafeMutableBufferPointer<WalkFrame>, expectedDepth: Int = 0) {
            frames = buffer.baseAddress.unsafelyUnwrapped
            capacity = buffer.count
            self.expectedDepth = Swift.min(expectedDepth, Node.largestReservationBySpan)
        }

        deinit {
            if ownsFrames { frames.deallocate() }
        }

        var top: WalkFrame? {
            count > 0 ? frames[count - 1] : nil
        }

        mutating func push(_ frame: WalkFrame) {
            if count == capacity { grow() }
            (frames + count).initialize(to: frame)
            count += 1
        }

        /// Moves the frames to memory twice the size, or the expected depth's if larger (the first move leaves the
        /// call stack's buffer).
        private mutating func grow() {
            let larger = Swift.max(capacity * 2, expectedDepth)
            let moved = UnsafeMutablePointer<WalkFrame>.allocate(capacity: larger)
            moved.moveInitialize(from: frames, count: count)
            if ownsFrames { frames.deallocate() }
            frames = moved
            capacity = larger
            ownsFrames = true
        }

        mutating func setTopNextInput(_ position: Int) {
            frames[count - 1].nextInput = position
        }

        mutating func pop() {
            count -= 1
        }
    }

    /// A node on a walk's stack and the input to look at next. A struct, not a tuple: an array of tuples
    /// looks its element type up at run time each time it is allocated, several times a training step.
    struct WalkFrame {
        var node: Unmanaged<Node>
        var nextInput: Int
    }

    /// `inputs[position]` without retaining it, read from the node itself for the first two.
    @inline(__always)
    func unretainedInput(_ position: Int) -> Unmanaged<Node> {
        switch position {
        case 0: return Unmanaged.passUnretained(firstInput.unsafelyUnwrapped)
        case 1: return Unmanaged.passUnretained(secondInput.unsafelyUnwrapped)
        default: return Unmanaged.passUnretained(inputs[position])
        }
    }

    /// Whether this node's graph has more than `limit` nodes, found by a walk that stops there: what a note can ask
    /// before writing a node out as a formula, which for a loop's 64,000-node chain took a tenth of a second only to be
    /// cut to "a formula too large to write out".
    func hasMoreNodes(than limit: Int) -> Bool {
        if let answer = CreationOrder.graph(of: self, hasMoreNodesThan: limit) { return answer }
        guard limit >= 1 else { return true }
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var pending: [Node] = [self]
        while let node = pending.popLast() {
            for input in node.inputs where seen.insert(ObjectIdentifier(input)).inserted {
                if seen.count > limit { return true }
                pending.append(input)
            }
        }
        return false
    }

    /// This node's graph in topological order (see `topologicalOrder(from:)`).
    public var graph: [Node] { Node.topologicalOrder(from: [self]) }

    /// The leaves and free symbols this node depends on, in creation order.
    public var sources: [Node] {
        graph.filter { $0.inputs.isEmpty && $0.operation != .constant }
    }

    /// The same computation with some nodes swapped for others (what `at x = 2` does to a stored value).
    public func substituting(_ replacements: [ObjectIdentifier: Node], copied: (Node, Node) -> Void = { _, _ in }) -> Node {
        guard !replacements.isEmpty else { return self }
        var rebuilt: [ObjectIdentifier: Node] = replacements
        for node in graph where rebuilt[ObjectIdentifier(node)] == nil && !node.inputs.isEmpty {
            let inputs = node.inputs.map { rebuilt[ObjectIdentifier($0)] ?? $0 }
            if zip(inputs, node.inputs).contains(where: { $0 !== $1 }) {
                let copy = Node.make(node.operation, inputs, cell: node.cell)
                if let label = node.label { copy.labelIfUnnamed(label) }
                rebuilt[ObjectIdentifier(node)] = copy
                copied(node, copy)
            }
        }
        return rebuilt[ObjectIdentifier(self)] ?? self
    }
}
