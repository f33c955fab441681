// numdiff's re-run: a graph computed forward again with one node's value changed, through every operation.

import Foundation

extension Node {
    /// A graph prepared for computing forward again with one node (the target) set to other values.
    ///
    /// Only the nodes that depend on the target are recomputed; everything else keeps the value it has.
    /// A target that is an intermediate keeps its new value: that is how a numeric derivative with respect
    /// to `h` in `y = f(h)` holds everything upstream of `h` fixed. Every operation is re-run by the same
    /// forward rules that computed it (`TensorForward.compute`), so stacks, indexing, reductions, softmax,
    /// matrix products and network calls all move with the target.
    struct Rerun {
        /// Where a recomputed node reads an input from.
        private enum Slot {
            case target
            case step(Int)
            /// A node that does not move, with its elements (its value, for a number) read out once: a partial
            /// update reads them element by element, tens of thousands of times per weight of a layer.
            case fixed(Node, elements: [Double])
        }

        private struct Step {
            let node: Node
            let inputs: [Slot]
            /// A number computed from numbers by a scalar rule (the fast path).
            let isScalar: Bool
            /// A stable form (log(1 + exp(u)), …) computed from its operand, as `Node.make` computes it.
            let stable: (kind: StableForm.Kind, operand: Slot)?
            /// u, when the step is 1 - sigmoid(u) or 1 - tanh(u)^2, computed from u as `Node.make` does.
            let complement: (ofTanh: Bool, operand: Slot)?
            /// For the sum or mean of all of a vector's or matrix's elements: the running sums of the operand's
            /// own elements, in the order the forward rule adds them (`prefixSums[k]` adds the first k). A re-run
            /// whose operand moved from position k on starts from there: the same additions, so the same sum to
            /// the last bit, in fewer of them.
            let prefixSums: [Double]?
        }

        let target: Node
        private let steps: [Step]
        private let positions: [ObjectIdentifier: Int]

        /// Prepares re-running `roots` (and every node they depend on) with `target` changed.
        init(of roots: [Node], nudging target: Node) {
            self.target = target
            var positions: [ObjectIdentifier: Int] = [:]
            var steps: [Step] = []
            let targetID = ObjectIdentifier(target)
            func slot(_ input: Node) -> Slot {
                let id = ObjectIdentifier(input)
                if id == targetID { return .target }
                if let position = positions[id] { return .step(position) }
                return .fixed(input, elements: input.isTensor ? input.elements : [input.value])
            }
            for node in Node.topologicalOrder(from: roots) where ObjectIdentifier(node) != targetID {
                let slots = node.inputs.map(slot)
                guard slots.contains(where: { if case .fixed = $0 { false } else { true } }) else { continue }
                positions[ObjectIdentifier(node)] = steps.count
                let isScalar = !node.isTensor && node.operation.isElementwise && !node.inputs.contains(where: \.isTensor)
                // A target inside the form's steps (numdiff with respect to exp(u) itself) must move the
                // logarithm through them: only otherwise is the value a function of the operand alone.
                var stable: (kind: StableForm.Kind, operand: Slot)?
                if let form = node.stableForm, !form.steps.contains(where: { $0 === target }) {
                    stable = (form.kind, slot(form.operand))
                }
                var complement: (ofTanh: Bool, operand: Slot)?
                if let sigmoid = node.complementedSigmoid, sigmoid !== target { complement = (false, slot(sigmoid.inputs[0])) }
                if let (square, tanh) = node.complementedTanhSquare, square !== target, tanh !== target {
                    complement = (true, slot(tanh.inputs[0]))
                }
                var prefixSums: [Double]?
                switch node.operation {
                case .sum(axis: nil), .mean(axis: nil):
                    if let operand = node.inputs.first, operand.isTensor, !operand.isSymbolic, let elements = operand.tensor?.elements {
                        var running = [Double](repeating: 0, count: elements.count + 1)
                        var total = 0.0
                        for index in elements.indices {
                            total += elements[index]
                            running[index + 1] = total
                        }
                        prefixSums = running
                    }
                default: break
                }
                steps.append(Step(node: node, inputs: slots, isScalar: isScalar, stable: stable, complement: complement,
                                  prefixSums: prefixSums))
            }
            self.steps = steps
            self.positions = positions
        }

        /// The values of every recomputed node with the target's elements set to `targetElements`.
        struct Outcome {
            fileprivate let rerun: Rerun
            fileprivate let target: TargetElements
            fileprivate let scalars: [Double]
            fileprivate let tensors: [[Double]]
            /// The steps whose result only a few elements of changed, as those elements (`tensors` is then empty there).
            fileprivate let partials: [Partial?]

            /// `node`'s elements in this re-run (its stored ones if it does not depend on the target).
            func elements(of node: Node) -> [Double] {
                if node === rerun.target { return target.all }
                guard let position = rerun.positions[ObjectIdentifier(node)] else { return node.elements }
                if let partial = partials[position] { return partial.all }
                return node.isTensor ? tensors[position] : [scalars[position]]
            }

            /// `node`'s value as a number (its first element).
            func value(of node: Node) -> Double {
                if node === rerun.target { return target.element(0) }
                guard let position = rerun.positions[ObjectIdentifier(node)] else { return node.isTensor ? .nan : node.value }
                if let partial = partials[position] { return partial.base.isEmpty ? .nan : partial.element(0) }
                return node.isTensor ? tensors[position].first ?? .nan : scalars[position]
            }
        }

        /// The target's elements in a re-run: `base` with at most one element changed, made into a whole array
        /// only when an operation needs one (a 100×100 matrix copied for each of its 10,000 elements, four
        /// times, was most of a numeric gradient).
        fileprivate struct TargetElements {
            let base: [Double]
            /// The element that moved and its new value (nil: `base` is the whole new value).
            let change: (index: Int, value: Double)?

            var all: [Double] {
                guard let change else { return base }
                var elements = base
                elements[change.index] = change.value
                return elements
            }

            func element(_ position: Int) -> Double {
                if let change, change.index == position { return change.value }
                return position < base.count ? base[position] : .nan
            }

            /// The storage positions that differ from the target's own elements (nil: maybe all of them).
            var changed: Moved? { change.map { Moved($0.index..<$0.index + 1) } }
        }

        /// A step's result in a re-run that changed only the elements at `moved`: its node's own elements with
        /// `values` at those positions, made into a whole array only when an operation needs one. Each step of a chain
        /// of them (W*x, tanh of it, its square) copied its node's elements whole, for every nudge of every weight: most
        /// of a 100×100 `check`.
        fileprivate struct Partial {
            let base: [Double]
            let moved: Moved
            /// The new elements at `moved.indices`, in that order.
            let values: [Double]

            var all: [Double] {
                var elements = base
                for (index, value) in zip(moved.indices, values) { elements[index] = value }
                return elements
            }

            func element(_ position: Int) -> Double {
                let offset = position - moved.first
                if offset >= 0, offset % moved.stride == 0, offset / moved.stride < moved.count { return values[offset / moved.stride] }
                return base[position]
            }

            /// The sum of `total` and the elements in `range`, added in order.
            func adding(_ range: Range<Int>, to total: Double) -> Double {
                var total = total
                // The next moved position at or after the range's start, and its value's index.
                var next = moved.first, valueIndex = 0
                while valueIndex < moved.count, next < range.lowerBound { next += moved.stride; valueIndex += 1 }
                base.withUnsafeBufferPointer { base in
                    for index in range {
                        if index == next, valueIndex < moved.count {
                            total += values[valueIndex]
                            valueIndex += 1
                            next += moved.stride
                        } else {
                            total += base[index]
                        }
                    }
                }
                return total
            }
        }

        /// Recomputes every node that depends on the target, with the target's elements replaced.
        func run(_ targetElements: [Double]) -> Outcome {
            run(TargetElements(base: targetElements, change: nil))
        }

        /// Recomputes every node that depends on the target, with the target's element `index` set to `value`.
        ///
        /// Where an operation's inputs differ from their own values in a few elements only, only the elements
        /// of its result that read them are recomputed (by the same rule, in the same order, so every number
        /// is the one a whole re-run gives): a weight moves one row of `W @ x` and one element of `tanh` of it.
        func run(base: [Double], index: Int, value: Double) -> Outcome {
            run(TargetElements(base: base, change: (index, value)))
        }

        private func run(_ target: TargetElements) -> Outcome {
            var scalars = [Double](repeating: .nan, count: steps.count)
            var tensors = [[Double]](repeating: [], count: steps.count)
            // The storage positions of each step's result that differ from its node's own (nil: maybe all).
            var changes = [Moved?](repeating: nil, count: steps.count)
            var partials = [Partial?](repeating: nil, count: steps.count)
            lazy var targetAll = target.all
            func scalar(_ slot: Slot) -> Double {
                switch slot {
                case .target: return target.element(0)
                case .step(let position): return scalars[position]
                case .fixed(let node, _): return node.value
                }
            }
            func operand(_ slot: Slot) -> TensorForward.Operand {
                switch slot {
                case .target: return .init(elements: targetAll, shape: self.target.shape)
                case .step(let position):
                    let node = steps[position].node
                    if let partial = partials[position] {
                        // Made whole once, for every operation that reads it whole.
                        if tensors[position].isEmpty { tensors[position] = partial.all }
                        return .init(elements: tensors[position], shape: node.shape)
                    }
                    return .init(elements: node.isTensor ? tensors[position] : [scalars[position]], shape: node.shape)
                case .fixed(let node, let elements): return .init(elements: elements, shape: node.shape)
                }
            }
            func changed(_ slot: Slot) -> Moved? {
                switch slot {
                case .target: return target.changed
                case .step(let position): return changes[position]
                case .fixed: return Moved.nothing
                }
            }
            func element(_ slot: Slot, _ position: Int) -> Double {
                switch slot {
                case .target: return target.element(position)
                case .step(let step):
                    if let partial = partials[step] { return partial.element(position) }
                    return steps[step].node.isTensor ? tensors[step][position] : scalars[step]
                case .fixed(_, let elements): return elements.count == 1 ? elements[0] : elements[position]
                }
            }
            for (position, step) in steps.enumerated() {
                if let (kind, source) = step.stable {
                    let elements = kind.value(operand(source).elements)
                    if step.node.isTensor { tensors[position] = elements } else { scalars[position] = elements.first ?? .nan }
                    continue
                }
                if let (ofTanh, u) = step.complement {
                    let elements = ofTanh ? operand(u).elements.map { StableKernels.tanhSlope($0, tanh: Foundation.tanh($0)) }
                        : operand(u).elements.map(StableKernels.oneMinusSigmoid)
                    if step.node.isTensor { tensors[position] = elements } else { scalars[position] = elements.first ?? .nan }
                    continue
                }
                if step.isScalar {
                    scalars[position] = step.node.operation.apply(to: step.inputs.map(scalar))
                    continue
                }
                if let prefixSums = step.prefixSums, let moved = changed(step.inputs[0]), moved.lowerBound < prefixSums.count {
                    // A sum (or mean) of everything whose operand moved only from `moved.lowerBound` on (or not at all).
                    var total = prefixSums[moved.isEmpty ? prefixSums.count - 1 : moved.lowerBound]
                    if !moved.isEmpty {
                        if case .step(let source) = step.inputs[0], let partial = partials[source] {
                            total = partial.adding(moved.lowerBound..<Swift.min(partial.base.count, prefixSums.count - 1), to: total)
                        } else {
                            operand(step.inputs[0]).elements.withUnsafeBufferPointer { elements in
                                for index in moved.lowerBound..<Swift.min(elements.count, prefixSums.count - 1) { total += elements[index] }
                            }
                        }
                    }
                    if case .mean = step.node.operation { total /= Double(Swift.max(1, prefixSums.count - 1)) }
                    scalars[position] = total
                    continue
                }
                if let partial = Rerun.partialUpdate(of: step, changed: changed, element: element) {
                    partials[position] = partial
                    changes[position] = partial.moved
                    continue
                }
                let elements = TensorForward.compute(step.node.operation, step.inputs.map(operand), shape: step.node.shape)
                if step.node.isTensor { tensors[position] = elements } else { scalars[position] = elements.first ?? .nan }
            }
            return Outcome(rerun: self, target: target, scalars: scalars, tensors: tensors, partials: partials)
        }

        /// `step`'s result when its inputs differ from their own values only within small ranges: the node's
        /// elements with the ones that read those ranges recomputed; nil when the whole result must be.
        ///
        /// Covers elementwise operations (an operand of the result's shape, or a number that did not move) and
        /// a matrix product whose left operand moved within one row and right operand not at all.
        private static func partialUpdate(of step: Step, changed: (Slot) -> Moved?,
                                          element: (Slot, Int) -> Double) -> Partial? {
            let node = step.node
            guard node.isTensor, let stored = node.tensor?.elements, step.inputs.count <= 2 else { return nil }
            var ranges: [Moved] = []
            for slot in step.inputs {
                guard let range = changed(slot) else { return nil }
                ranges.append(range)
            }
            switch node.operation {
            // A logarithm may be a stable form's, whose stored value another rule computed: re-run it whole.
            case .function(.log): return nil
            case .add, .subtract, .multiply, .divide, .power, .negate, .function:
                // Each operand is of the result's shape (read at the same position), or broadcast over it (a
                // number, a row, a column: W*x with x a column) and did not move.
                var positions = Moved.nothing
                for (slot, range) in zip(node.inputs.indices, ranges) {
                    let input = node.inputs[slot]
                    if input.shape == node.shape {
                        guard let union = positions.union(range) else { return nil }
                        positions = union
                    } else if !range.isEmpty {
                        return nil
                    }
                }
                if positions.isEmpty { return Partial(base: stored, moved: .nothing, values: []) }
                // Most of the result moved (a column of a product spans every row): recomputing all of it
                // by the forward rule is faster than element by element here.
                guard positions.count <= stored.count / 2 else { return nil }
                var values: [Double] = []
                values.reserveCapacity(positions.count)
                let isBinary = step.inputs.count == 2
                // The operands' shapes once, not per element (each read of a node's shape retains it).
                let resultShape = node.shape
                let shapes = node.inputs.map(\.shape)
                let sameShape = shapes.map { $0 == resultShape }
                func source(_ operand: Int, _ index: Int) -> Int {
                    sameShape[operand] ? index : Broadcast.sourceIndex(index, of: shapes[operand], in: resultShape)
                }
                for index in positions.indices {
                    let x = element(step.inputs[0], source(0, index))
                    let y = isBinary ? element(step.inputs[1], source(1, index)) : .nan
                    values.append(node.operation.apply(x, y))
                }
                return Partial(base: stored, moved: positions, values: values)
            case .matrixProduct:
                let (a, b) = (node.inputs[0], node.inputs[1])
                if ranges[0].isEmpty, !ranges[1].isEmpty, a.shape.count <= 2, b.shape.count <= 2 {
                    return columnsUpdate(of: step, changed: ranges[1], element: element, stored: stored)
                }
                guard ranges[1].isEmpty, !ranges[0].isEmpty, a.shape.count <= 2 else {
                    return ranges[0].isEmpty && ranges[1].isEmpty ? Partial(base: stored, moved: .nothing, values: []) : nil
                }
                let (m, k, n) = LinearAlgebra.dimensions(a.shape, b.shape)
                let firstRow = ranges[0].lowerBound / Swift.max(k, 1), lastRow = (ranges[0].upperBound - 1) / Swift.max(k, 1)
                guard firstRow == lastRow, firstRow < m else { return nil }
                // Row `firstRow` of the product, by the same kernel, so in the same order (each product added with one
                // fused multiply-add: in Swift that is a call to the C library's fma on this processor's baseline).
                let row = (0..<k).map { element(step.inputs[0], firstRow * k + $0) }
                let product = LinearAlgebra.multiply(row, b.elements, m: 1, k: k, n: n)
                return Partial(base: stored, moved: Moved(firstRow * n..<(firstRow + 1) * n), values: product)
            default:
                return nil
            }
        }

        /// A matrix product A @ B whose right operand moved within one row of B (a weight of the layer, `H @ W`
        /// with W nudged): the columns of the result that read the moved elements, worked out by the product's own
        /// kernel (LinearAlgebra.multiply, A times those columns), so each element adds its products in the same order
        /// and rounds the same; nil when the moved elements span rows of B.
        private static func columnsUpdate(of step: Step, changed: Moved, element: (Slot, Int) -> Double,
                                          stored: [Double]) -> Partial? {
            let (a, b) = (step.node.inputs[0], step.node.inputs[1])
            let (m, k, n) = LinearAlgebra.dimensions(a.shape, b.shape)
            guard n > 0, k > 0, m > 0 else { return nil }
            let row = changed.lowerBound / n
            guard (changed.upperBound - 1) / n == row, row < k else { return nil }
            let columns = (changed.lowerBound - row * n)..<(changed.upperBound - row * n)
            let left = a.elements
            // The moved columns of B, read once (reading each through `element` per product was most of the time).
            let width = columns.count
            var right = [Double](repeating: 0, count: k * width)
            for p in 0..<k {
                for (c, j) in columns.enumerated() { right[p * width + c] = element(step.inputs[1], p * n + j) }
            }
            // (A loop here adding each product with Swift's fused multiply-add called the C library for every one, a
            // third of `numdiff` over a layer's weights: 30 s for a 128×128 layer.)
            let product = LinearAlgebra.multiply(left, right, m: m, k: k, n: width)
            // One column is every n-th element, the product itself; several, the span from the first to the last, with
            // the elements between them as they were.
            if columns.count == 1 { return Partial(base: stored, moved: Moved(first: columns.lowerBound, count: m, stride: n), values: product) }
            let span = Moved(columns.lowerBound..<((m - 1) * n + columns.upperBound))
            var values = Array(stored[span.lowerBound..<span.upperBound])
            for i in 0..<m {
                for c in 0..<width { values[i * n + c] = product[i * width + c] }
            }
            return Partial(base: stored, moved: span, values: values)
        }

        /// The storage positions of a re-run result that may differ from its node's own elements: `count`
        /// positions from `first`, `stride` apart (a run of elements, or a column of a matrix).
        struct Moved: Equatable {
            let first: Int, count: Int, stride: Int

            static let nothing = Moved(first: 0, count: 0, stride: 1)

            init(first: Int, count: Int, stride: Int) {
                (self.first, self.count, self.stride) = (first, count, count > 1 ? stride : 1)
            }

            init(_ range: Range<Int>) { self.init(first: range.lowerBound, count: range.count, stride: 1) }

            var isEmpty: Bool { count == 0 }
            var lowerBound: Int { first }
            /// One past the last position.
            var upperBound: Int { isEmpty ? first : first + (count - 1) * stride + 1 }
            var indices: StrideTo<Int> { Swift.stride(from: first, to: first + count * stride, by: stride) }

            /// Positions covering both: the same set, or the span of two runs; nil for two different strided sets.
            func union(_ other: Moved) -> Moved? {
                if other.isEmpty || other == self { return self }
                if isEmpty { return other }
                guard stride == 1, other.stride == 1 else { return nil }
                return Moved(Swift.min(lowerBound, other.lowerBound)..<Swift.max(upperBound, other.upperBound))
            }
        }

        /// The value of the number `output` with the target set to the number `x`.
        func value(of output: Node, at x: Double) -> Double {
            run([x]).value(of: output)
        }
    }
}
