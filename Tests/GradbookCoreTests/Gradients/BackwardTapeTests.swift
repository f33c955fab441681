// The backward tape's shortcuts (the common steps recorded without asking the operation, the plain part of the
// sweep in a tight loop, the rows of `backward(v)` found while recording) against plain definitions.

import Foundation
@testable import GradbookCore
import Testing

@Suite("The backward tape")
struct BackwardTapeTests {
    /// A random graph of numbers over three leaves: every operation the tape writes down itself, and the ones it
    /// asks `Operation` about, each step using the one before it and one picked at random.
    private func randomGraph(size: Int, seed: UInt64) -> (leaves: [Node], nodes: [Node]) {
        var numbers = SeededNumbers(seed: seed)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let leaves = [Node.leaf("a", value: 0.7), Node.leaf("b", value: -1.3), Node.leaf("c", value: 0.25)]
        var nodes = leaves
        let twoInputs: [Node.Operation] = [.add, .subtract, .multiply, .divide, .maximum, .minimum]
        let oneInput: [Node.Operation] = [.negate, .function(.tanh), .function(.sigmoid), .function(.sin), .function(.relu)]
        while nodes.count < size {
            let last = nodes[nodes.count - 1], other = nodes[next(nodes.count)]
            // Keep values moderate, so every gradient is an ordinary number and the comparison below is fair.
            let tamed = abs(last.value) > 10 ? Node.make(.function(.tanh), last) : last
            if next(3) == 0 {
                nodes.append(Node.make(oneInput[next(oneInput.count)], tamed))
            } else {
                let operation = twoInputs[next(twoInputs.count)]
                let divisor = operation == .divide ? Node.make(.add, Node.make(.multiply, other, other), Node.constant(1)) : other
                nodes.append(Node.make(operation, tamed, divisor))
            }
        }
        return (leaves, nodes)
    }

    /// Reverse mode written out plainly: every node by descending serial (a topological order), each local
    /// derivative from `Node.localDerivative`, which the tape's own record of +, −, × and negation never calls.
    private func referenceGradients(of output: Node) -> [ObjectIdentifier: Double] {
        let order = Node.topologicalOrder(from: [output]).sorted { $0.serial > $1.serial }
        var gradients: [ObjectIdentifier: Double] = [ObjectIdentifier(output): 1]
        for node in order {
            let upstream = gradients[ObjectIdentifier(node)] ?? 0
            guard upstream != 0 else { continue }
            for (position, input) in node.inputs.enumerated() {
                gradients[ObjectIdentifier(input), default: 0] += upstream * node.localDerivative(withRespectTo: position)
            }
        }
        return gradients
    }

    @Test("on random graphs of numbers, every node's gradient is what plain reverse mode gives", arguments: [1, 2, 3, 4, 5])
    func randomGraphsAgree(seed: Int) throws {
        let (leaves, nodes) = randomGraph(size: 3000, seed: UInt64(seed))
        let output = try #require(nodes.last)
        let pass = Backpropagation(from: output)
        let reference = referenceGradients(of: output)
        var compared = 0
        for node in Node.topologicalOrder(from: [output]) {
            let expected = reference[ObjectIdentifier(node)] ?? 0
            let got = try #require(pass.gradient(of: node))
            #expect(abs(got - expected) <= 1e-9 * max(1, abs(expected)), "\(node.operation): \(got) against \(expected)")
            compared += 1
        }
        #expect(compared > 1000)
        #expect(leaves.contains { (pass.gradient(of: $0) ?? 0) != 0 })
    }

    @Test("an exact 0 local derivative near the top passes nothing and the quick sweep goes on; a 0 that stands for an underflow is still followed")
    func exactZeroEdgesInTheQuickSweep() throws {
        // tanh(100·x) at x = 1 is 1 exactly, so its local derivative is an exact 0; 200 plain steps sit above it.
        func graph(at value: Double) -> (x: Node, output: Node) {
            let x = Node.leaf("x", value: value)
            let saturated = Node.make(.function(.tanh), Node.make(.multiply, Node.constant(100), x))
            var y = Node.make(.add, Node.make(.multiply, saturated, x), Node.make(.multiply, x, x))
            for _ in 0..<200 { y = Node.make(.add, Node.make(.multiply, y, Node.constant(0.5)), x) }
            return (x, y)
        }
        let (x, output) = graph(at: 1)
        // d/dx of y₀ = tanh(100x)·x + x² is 0 + 1 + 2 = 3 at x = 1; each step y ← y/2 + x makes it g/2 + 1.
        var expected = 3.0
        for _ in 0..<200 { expected = expected * 0.5 + 1 }
        let got = try #require(Backpropagation(from: output).gradient(of: x))
        #expect(abs(got - expected) <= 1e-15 * expected, "\(got) against \(expected)")
        let reference = try #require(referenceGradients(of: output)[ObjectIdentifier(x)])
        #expect(abs(got - reference) <= 1e-15 * expected)
        // x·x·x·1e300 at x = 1e-200: x·x rounds to 0, so the edge to x from (x·x)·x has a local derivative of 0
        // that is not exact. Plain steps above it must not hide it: the gradient cannot be given (nan).
        let tiny = Node.leaf("x", value: 1e-200)
        var lost = Node.make(.multiply, Node.make(.multiply, Node.make(.multiply, tiny, tiny), tiny), Node.constant(1e300))
        for _ in 0..<50 { lost = Node.make(.add, Node.make(.multiply, lost, Node.constant(0.5)), Node.constant(1)) }
        #expect(Backpropagation(from: lost).gradient(of: tiny)?.isNaN == true)
    }

    @Test("a chain 300,000 nodes deep: the gradient matches forward mode carried along the loop")
    func deepChain() throws {
        let x = Node.leaf("x", value: 0.9999)
        var v = Node.leaf("v", value: 0.5)
        // Forward mode by hand: v' = v'·x + v for v ← v·x + 0.1.
        var value = 0.5, derivative = 0.0
        for _ in 0..<100_000 {
            v = Node.make(.add, Node.make(.multiply, v, x), Node.constant(0.1))
            (value, derivative) = (value * 0.9999 + 0.1, derivative * 0.9999 + value)
        }
        #expect(v.value == value)
        let got = try #require(Backpropagation(from: v).gradient(of: x))
        #expect(abs(got - derivative) <= 1e-9 * abs(derivative), "\(got) against \(derivative)")
    }

    @Test("backward(v)'s rows: the leaves and the named intermediates, each in creation order, found while recording or when asked",
          arguments: [true, false])
    func leavesAndNamedIntermediates(whileRecording: Bool) throws {
        let notebook = Notebook()
        notebook.run("x = 0.9; w = -0.4; v = 0.5; repeat 50 { h = tanh(v*w); v = v*x + h }")
        guard case .value(let value, _)? = notebook.bindings["v"], let output = value.node else {
            Issue.record("v is not bound to a node")
            return
        }
        let pass = Backpropagation(from: output, findingNamedIntermediates: whileRecording)
        let graph = Node.topologicalOrder(from: [output])
        let leaves = graph.filter(\.isLeaf).sorted { $0.serial < $1.serial }
        let named = graph.filter { !$0.inputs.isEmpty && $0.label != nil }.sorted { $0.serial < $1.serial }
        #expect(pass.leaves.map(ObjectIdentifier.init) == leaves.map(ObjectIdentifier.init))
        #expect(pass.namedIntermediates.map(ObjectIdentifier.init) == named.map(ObjectIdentifier.init))
        #expect(named.count == 100)
        let visited = pass.compactMapLeavesAndNamedIntermediates { node, isLeaf, gradient in (node.name ?? "?", isLeaf, gradient) }
        #expect(visited.map(\.0) == (leaves + named).map { $0.name ?? "?" })
        #expect(visited.map(\.1) == leaves.map { _ in true } + named.map { _ in false })
        #expect(zip(visited, leaves + named).allSatisfy { $0.0.2 == pass.gradient(of: $0.1) })
    }

    @Test("a node's packed facts read back as made: tensor, symbolic, names, lost parts, and the newest dropped history")
    func packedFacts() {
        let x = Node.leaf("x", value: 2), a = Node.freeSymbol("a"), w = Node.leaf("w", tensor: Tensor(shape: [2], elements: [1, 2]))
        let product = Node.make(.multiply, x, a)
        #expect(!x.isTensor && !x.isSymbolic && x.dependsOnNames && !x.dependsOnTensors && !x.graphMayHaveLostParts)
        #expect(product.isSymbolic && product.dependsOnNames && !product.isTensor)
        let scaled = Node.make(.multiply, [w, x])
        #expect(scaled.isTensor && scaled.dependsOnTensors && !scaled.isSymbolic && scaled.shape == [2])
        let numbers = Node.make(.add, Node.constant(1), Node.constant(2))
        #expect(!numbers.dependsOnNames && numbers.value == 3)
        let tiny = Node.leaf("t", value: 1e-200)
        #expect(Node.make(.multiply, tiny, tiny).graphMayHaveLostParts && !Node.make(.add, tiny, tiny).graphMayHaveLostParts)
        #expect(!x.reachesDroppedHistory && x.newestDroppedHistory == .min && !x.wasBoundUnderItsName)
        // A loop that drops its history: the leaf standing for the dropped steps, and every node made from it,
        // name that leaf's serial.
        let y = Node.leaf("y", value: 0.5)
        var v = y
        for _ in 0..<5 { v = Node.make(.add, Node.make(.multiply, v, y), Node.constant(0.1)) }
        let cut = Node.historyCut(of: v, as: "v", cell: nil, repetition: 5, loopStart: y.serial + 1)
        #expect(cut.reachesDroppedHistory && cut.newestDroppedHistory == cut.serial)
        let later = Node.make(.multiply, Node.make(.add, cut, x), y)
        #expect(later.reachesDroppedHistory && later.newestDroppedHistory == cut.serial)
    }

    @Test("a node keeps its rare fields: a label given later, a cell, a third input, a shape")
    func rareFields() {
        let a = Node.constant(2, cell: 7), b = Node.leaf("b", value: 3)
        let sum = Node.make(.add, a, b, cell: 8)
        #expect(sum.label == nil && sum.cell == 8 && a.cell == 7 && Node.constant(1).cell == nil)
        sum.labelIfUnnamed("s")
        sum.labelIfUnnamed("t")
        #expect(sum.label == "s" && sum.name == "s")
        let stacked = Node.make(.stack, [a, b, sum])
        #expect(stacked.inputs.map(\.value) == [2, 3, 5] && stacked.shape == [3] && stacked.isTensor)
        #expect(stacked.tensor?.elements == [2, 3, 5])
        #expect(!sum.isTensor && sum.shape.isEmpty && sum.tensor == nil)
    }

    @Test("a label is a number in the node: labelling a loop's intermediates allocates no side object, and labels stay right past the table's end")
    func labelsAsNumbers() {
        let x = Node.leaf("x", value: 0.5)
        var v = x
        var made: [Node] = []
        for _ in 0..<3 {
            v = Node.make(.multiply, v, x)
            v.labelIfUnnamed("v")
            made.append(v)
        }
        #expect(made.allSatisfy { $0.label == "v" && $0.hasLabel && !$0.hasExtras })
        // Leaves and constants keep their own names; a node that has no label says so.
        x.labelIfUnnamed("y")
        #expect(x.name == "x" && !x.hasLabel && !Node.make(.add, x, x).hasLabel)
        // More distinct names than two bytes can number: the ones past the table's end go to the side object,
        // and every node still reads back its own (other tests share the table; whichever fills it, the last of these is past it).
        let nodes = (0..<70_000).map { index -> Node in
            let node = Node.make(.add, x, Node.constant(Double(index)))
            node.labelIfUnnamed("label\(index)")
            return node
        }
        #expect(nodes.enumerated().allSatisfy { $0.element.label == "label\($0.offset)" && $0.element.hasLabel })
        #expect(nodes.last?.hasExtras == true)
        #expect(made.allSatisfy { $0.label == "v" })
    }

    /// A random graph of numbers that goes wrong on purpose: leaves far too small and too large for their products,
    /// zeros at kinks, overflows, and the underflowing chain of a loop, so the sweep meets every case it has.
    private func wildGraph(size: Int, seed: UInt64) -> Node {
        var numbers = SeededNumbers(seed: seed)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let values: [Double] = [1e-200, -3e-170, 1e200, 0, 0.5, -2, 1e-310, 7]
        var nodes = (0..<4).map { Node.leaf("w\($0)", value: values[next(values.count)]) }
        let twoInputs: [Node.Operation] = [.add, .subtract, .multiply, .multiply, .divide, .maximum, .minimum, .power]
        let oneInput: [Node.Operation] = [.negate, .function(.relu), .function(.abs), .function(.tanh), .function(.exp),
                                          .function(.log), .function(.sqrt), .function(.sigmoid)]
        while nodes.count < size {
            let last = nodes[nodes.count - 1], other = nodes[next(nodes.count)]
            switch next(9) {
            case 0: nodes.append(Node.make(oneInput[next(oneInput.count)], last))
            case 1: nodes.append(Node.make(.add, Node.make(.multiply, last, Node.constant(0.5)), Node.constant(0.1)))
            case 2: nodes.append(Node.make(.power, last, Node.constant(Double(next(4)))))
            // log(u*u) with u near 1e200: u*u overflows, and log's derivative there is a 0 that stands for 1/inf.
            case 3: nodes.append(Node.make(.function(.log), Node.make(.multiply, other, other)))
            // A product of two tiny numbers, which rounds to 0 from nonzero factors.
            case 4: nodes.append(Node.make(.add, last, Node.make(.multiply, other, Node.make(.multiply, other, Node.constant(1e-200)))))
            default: nodes.append(Node.make(twoInputs[next(twoInputs.count)], last, other))
            }
        }
        return nodes[nodes.count - 1]
    }

    @Test("graphs of numbers swept apart give what the general sweep gives: every gradient, lost part, kink and first non-finite gradient",
          arguments: 1...40)
    func numbersSweptApart(seed: Int) throws {
        let output = wildGraph(size: 60 + 7 * seed, seed: UInt64(seed))
        let apart = Backpropagation(from: output, sweepsNumbersApart: true)
        let general = Backpropagation(from: output, sweepsNumbersApart: false)
        func same(_ a: Double?, _ b: Double?) -> Bool {
            a == b || (a?.isNaN == true && b?.isNaN == true)
        }
        for node in Node.topologicalOrder(from: [output]) {
            let (a, b) = (apart.gradient(of: node), general.gradient(of: node))
            #expect(same(a, b), "seed \(seed), \(node.operation): \(String(describing: a)) against \(String(describing: b))")
            let (lostA, lostB) = (apart.lostGradient(of: node), general.lostGradient(of: node))
            #expect(lostA?.origin === lostB?.origin && same(lostA?.log2Bound, lostB?.log2Bound), "seed \(seed)")
        }
        #expect(apart.kinksUsed.map(ObjectIdentifier.init) == general.kinksUsed.map(ObjectIdentifier.init), "seed \(seed)")
        #expect(apart.firstNonFinite?.node === general.firstNonFinite?.node, "seed \(seed)")
        #expect(same(apart.firstNonFinite?.localDerivative ?? nil, general.firstNonFinite?.localDerivative ?? nil), "seed \(seed)")
        #expect(same(apart.firstNonFinite?.gradient, general.firstNonFinite?.gradient), "seed \(seed)")
    }

    @Test("the wild graphs reach what the comparison is for: lost parts, kinks and gradients that stop being finite")
    func wildGraphsReachEveryCase() {
        var lost = 0, kinks = 0, nonFinite = 0
        for seed in 1...40 {
            let output = wildGraph(size: 60 + 7 * seed, seed: UInt64(seed))
            let pass = Backpropagation(from: output)
            if Node.topologicalOrder(from: [output]).contains(where: { pass.lostGradient(of: $0) != nil }) { lost += 1 }
            if !pass.kinksUsed.isEmpty { kinks += 1 }
            if pass.firstNonFinite != nil { nonFinite += 1 }
        }
        #expect(lost >= 3, "\(lost) of 40 graphs with a gradient made nan by a lost part")
        #expect(kinks >= 3, "\(kinks) of 40 with a kink")
        #expect(nonFinite >= 3, "\(nonFinite) of 40 with a gradient that stopped being finite")
    }

    @Test("a graph's size is known only as far as a limit asks, and a note names a huge step without writing it out")
    func boundedSizeAndDescription() {
        // x, then 2,000 steps of v*x + 0.1: 4,002 nodes, with x and the constant shared.
        let x = Node.leaf("x", value: 0.9), step = Node.constant(0.1)
        var v = Node.leaf("v", value: 0.5)
        for _ in 0..<2_000 { v = Node.make(.add, [Node.make(.multiply, [v, x]), step]) }
        #expect(v.hasMoreNodes(than: 4_000) && !v.hasMoreNodes(than: 4_003))
        #expect(x.hasMoreNodes(than: 0) && !x.hasMoreNodes(than: 1) && Node.make(.negate, [x]).hasMoreNodes(than: 1))
        // Read from the creation record, the answer is the count's at its edge, for graphs whose nodes are shared many
        // ways: a chain through random earlier steps (all of it reached), and steps of random pairs (a part of it).
        var random = SystemRandomNumberGenerator()
        for chained in [true, false] {
            var nodes = [Node.leaf("a", value: 1.1), Node.leaf("b", value: 0.9)]
            for _ in 0..<6_000 {
                let first = chained ? nodes[nodes.count - 1] : nodes.randomElement(using: &random)!
                nodes.append(Node.make(.multiply, [first, nodes.randomElement(using: &random)!]))
            }
            let root = nodes[nodes.count - 1], size = Node.topologicalOrder(from: [root]).count
            #expect(root.hasMoreNodes(than: size - 1) && !root.hasMoreNodes(than: size), "\(size) nodes, chained: \(chained)")
            #expect(root.hasMoreNodes(than: size / 2) && !root.hasMoreNodes(than: size + 5_000))
        }
        // Where the lost part began, 13,000 steps in, the chain is past `largestDescribedGraph`: "a formula too large to
        // write out", found without building it (a shorter one is written out, cut with …).
        let said = run("x = 0.9; v0 = 0.5; v = v0", "repeat 20000 { v = v*x + 0.1 }", "backward(v)").outputs.map(\.text)
        #expect(said.contains { $0.contains("going back through a formula too large to write out") }, "\(said)")
    }

}
