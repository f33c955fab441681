// numdiff's re-run: a graph computed forward again with one node's value changed, through every operation.

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
            case fixed(Node)
        }

        private struct Step {
            let node: Node
            let inputs: [Slot]
            /// A number computed from numbers by a scalar rule (the fast path).
            let isScalar: Bool
            /// A stable form (log(1 + exp(u)), …) computed from its operand, as `Node.make` computes it.
            let stable: (kind: StableForm.Kind, operand: Slot)?
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
                return .fixed(input)
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
                steps.append(Step(node: node, inputs: slots, isScalar: isScalar, stable: stable))
            }
            self.steps = steps
            self.positions = positions
        }

        /// The values of every recomputed node with the target's elements set to `targetElements`.
        struct Outcome {
            fileprivate let rerun: Rerun
            fileprivate let targetElements: [Double]
            fileprivate let scalars: [Double]
            fileprivate let tensors: [[Double]]

            /// `node`'s elements in this re-run (its stored ones if it does not depend on the target).
            func elements(of node: Node) -> [Double] {
                if node === rerun.target { return targetElements }
                guard let position = rerun.positions[ObjectIdentifier(node)] else { return node.elements }
                return node.isTensor ? tensors[position] : [scalars[position]]
            }

            /// `node`'s value as a number (its first element).
            func value(of node: Node) -> Double {
                if node === rerun.target { return targetElements.first ?? .nan }
                guard let position = rerun.positions[ObjectIdentifier(node)] else { return node.isTensor ? .nan : node.value }
                return node.isTensor ? tensors[position].first ?? .nan : scalars[position]
            }
        }

        /// Recomputes every node that depends on the target, with the target's elements replaced.
        func run(_ targetElements: [Double]) -> Outcome {
            var scalars = [Double](repeating: .nan, count: steps.count)
            var tensors = [[Double]](repeating: [], count: steps.count)
            func scalar(_ slot: Slot) -> Double {
                switch slot {
                case .target: return targetElements.first ?? .nan
                case .step(let position): return scalars[position]
                case .fixed(let node): return node.value
                }
            }
            func operand(_ slot: Slot) -> TensorForward.Operand {
                switch slot {
                case .target: return .init(elements: targetElements, shape: target.shape)
                case .step(let position):
                    let node = steps[position].node
                    return .init(elements: node.isTensor ? tensors[position] : [scalars[position]], shape: node.shape)
                case .fixed(let node): return .init(elements: node.elements, shape: node.shape)
                }
            }
            for (position, step) in steps.enumerated() {
                if let (kind, source) = step.stable {
                    let elements = kind.value(operand(source).elements)
                    if step.node.isTensor { tensors[position] = elements } else { scalars[position] = elements.first ?? .nan }
                    continue
                }
                if step.isScalar {
                    scalars[position] = step.node.operation.apply(to: step.inputs.map(scalar))
                    continue
                }
                let elements = TensorForward.compute(step.node.operation, step.inputs.map(operand), shape: step.node.shape)
                if step.node.isTensor { tensors[position] = elements } else { scalars[position] = elements.first ?? .nan }
            }
            return Outcome(rerun: self, targetElements: targetElements, scalars: scalars, tensors: tensors)
        }

        /// The value of the number `output` with the target set to the number `x`.
        func value(of output: Node, at x: Double) -> Double {
            run([x]).value(of: output)
        }
    }
}
