// Large graphs found by the creation record and visited in creation order (Node+CreationOrder.swift), against the
// depth-first walk they replace: the same nodes, every input before its users, and the same gradients.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Finding a large graph by its creation record")
struct CreationOrderTests {
    /// A random graph of numbers over three leaves, each step using the one before it and one picked at random:
    /// the steps the record writes down itself (+, −, ×, negation), the ones it leaves to the node, products with
    /// a factor of 0, relu at its kink, and now and then a factor of 1e-200 so that some gradients underflow and
    /// the lost-part sweep has work to do.
    private func randomGraph(size: Int, seed: UInt64, underflows: Bool = false) -> (leaves: [Node], nodes: [Node]) {
        var numbers = SeededNumbers(seed: seed)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let leaves = [Node.leaf("a", value: 0.7), Node.leaf("b", value: -1.3), Node.leaf("c", value: 0)]
        var nodes = leaves
        let twoInputs: [Node.Operation] = [.add, .subtract, .multiply, .maximum]
        let oneInput: [Node.Operation] = [.negate, .function(.tanh), .function(.sigmoid), .function(.relu)]
        while nodes.count < size {
            let last = nodes[nodes.count - 1], other = nodes[next(nodes.count)]
            let tamed = abs(last.value) > 10 ? Node.make(.function(.tanh), last) : last
            switch next(8) {
            case 0, 1: nodes.append(Node.make(oneInput[next(oneInput.count)], tamed))
            case 2 where underflows: nodes.append(Node.make(.multiply, tamed, Node.constant(1e-200)))
            default: nodes.append(Node.make(twoInputs[next(twoInputs.count)], tamed, other))
            }
        }
        return (leaves, nodes)
    }

    /// Whether two gradients agree: both unknown (NaN), or equal but for the order the sums were taken in.
    private func agree(_ first: Double?, _ second: Double?) -> Bool {
        guard let first, let second else { return first == nil && second == nil }
        if first.isNaN || second.isNaN { return first.isNaN && second.isNaN }
        if !first.isFinite || !second.isFinite { return first == second }
        return abs(first - second) <= 1e-12 * max(1e-300, abs(first), abs(second))
    }

    @Test("on large random graphs, every node gets the gradient the depth-first walk gives it", arguments: [1, 2, 3, 4])
    func sameGradientsAsTheWalk(seed: Int) throws {
        let (leaves, nodes) = randomGraph(size: 6000, seed: UInt64(seed), underflows: seed.isMultiple(of: 2))
        let output = try #require(nodes.last)
        let found = CreationOrder.find(from: output) != nil
        #expect(found, "a graph this large and dense is found by the record")
        let byCreation = Backpropagation(from: output)
        let byWalk = Backpropagation(from: output, sweepsNumbersApart: true, findingByCreation: false)
        #expect(byCreation.order.count == byWalk.order.count)
        #expect(Set(byCreation.order.map(ObjectIdentifier.init)) == Set(byWalk.order.map(ObjectIdentifier.init)))
        var disagreements: [String] = []
        for node in byWalk.order where !agree(byCreation.gradient(of: node), byWalk.gradient(of: node)) {
            disagreements.append("\(node.operation) #\(node.serial): \(String(describing: byCreation.gradient(of: node))) against \(String(describing: byWalk.gradient(of: node)))")
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        // What the lost-part sweep says of each node: the same origin and bound both ways.
        for node in byWalk.order {
            #expect(byCreation.lostGradient(of: node)?.origin === byWalk.lostGradient(of: node)?.origin)
            #expect(byCreation.roundedZeroGradient(of: node)?.log2Bound == byWalk.roundedZeroGradient(of: node)?.log2Bound)
        }
        #expect(byCreation.kinksUsed.count == byWalk.kinksUsed.count)
        if seed.isMultiple(of: 2) {
            // The factors of 1e-200 made some gradients tiny, the lost-part sweep's business.
            #expect(byWalk.order.contains { byWalk.gradient(of: $0).map { $0 != 0 && abs($0) < 1e-150 } ?? false })
        } else {
            #expect(leaves.contains { (byWalk.gradient(of: $0) ?? 0) != 0 })
        }
    }

    @Test("the creation order visits every node of the graph once, each after all its inputs")
    func creationOrderIsTopological() throws {
        let (_, nodes) = randomGraph(size: 5000, seed: 9)
        let output = try #require(nodes.last)
        var visited: Set<ObjectIdentifier> = []
        var inputsFirst = true
        guard let creation = CreationOrder.find(from: output) else {
            Issue.record("a graph this large and dense is found by the record")
            return
        }
        creation.forEachEntry(readingEveryNode: true) { _, _, handle in
            let node = handle.takeUnretainedValue()
            if !node.inputs.allSatisfy({ visited.contains(ObjectIdentifier($0)) }) { inputsFirst = false }
            visited.insert(ObjectIdentifier(node))
        }
        #expect(inputsFirst)
        #expect(visited == Set(Node.topologicalOrder(from: [output]).map(ObjectIdentifier.init)))
    }

    @Test("a cut-off (oldestSerial) leaves out the same older nodes both ways")
    func cutOffAsTheWalk() throws {
        let (leaves, nodes) = randomGraph(size: 6000, seed: 5)
        let output = try #require(nodes.last)
        let cut = nodes[3000].serial
        let byCreation = Backpropagation(from: output, oldestSerial: cut)
        let byWalk = Backpropagation(from: output, oldestSerial: cut, sweepsNumbersApart: true, findingByCreation: false)
        #expect(byCreation.order.count == byWalk.order.count)
        #expect(byCreation.order.allSatisfy { $0.serial >= cut })
        for leaf in leaves { #expect(byCreation.gradient(of: leaf) == nil) }
        for node in nodes[3000...] { #expect(agree(byCreation.gradient(of: node), byWalk.gradient(of: node))) }
    }

    @Test("a graph spread thinly over the serials (a leaf made long before the rest) is walked node by node, with the same gradients")
    func sparseGraphFallsBack() throws {
        let x = Node.leaf("x", value: 0.5)
        // Nodes made in between and let go: a long session's history between x and the graph that uses it.
        for _ in 0..<60 { _ = randomGraph(size: 5000, seed: 11) }
        var y = x
        for index in 0..<3000 { y = Node.make(index.isMultiple(of: 2) ? .add : .multiply, y, x) }
        let found = CreationOrder.find(from: y) != nil
        #expect(!found, "the scan gives up rather than read 300,000 serials for 3,001 nodes")
        let pass = Backpropagation(from: y)
        let byWalk = Backpropagation(from: y, sweepsNumbersApart: true, findingByCreation: false)
        #expect(agree(pass.gradient(of: x), byWalk.gradient(of: x)))
        #expect(pass.order.count == 3001)
    }

    @Test("a large graph with a vector in it (numbers stacked, more than two inputs to a node) gives the same gradients both ways")
    func stackedNumbers() throws {
        let (leaves, nodes) = randomGraph(size: 4000, seed: 7)
        let stacked = Node.make(.stack, [nodes[3999], nodes[2500], nodes[100], leaves[0]])
        let output = Node.make(.sum(axis: nil), [Node.make(.multiply, stacked, stacked)])
        let byCreation = Backpropagation(from: output)
        let byWalk = Backpropagation(from: output, sweepsNumbersApart: true, findingByCreation: false)
        #expect(byCreation.order.count == byWalk.order.count)
        for leaf in leaves { #expect(agree(byCreation.gradient(of: leaf), byWalk.gradient(of: leaf))) }
        #expect((byWalk.gradient(of: leaves[0]) ?? 0) != 0)
    }

    @Test("nodes let go of give their record back, and a graph made afterwards is still found")
    func recordAfterManyDeaths() throws {
        for seed in 0..<20 { _ = randomGraph(size: 10_000, seed: UInt64(seed)) }
        let (_, nodes) = randomGraph(size: 5000, seed: 3)
        let output = try #require(nodes.last)
        let pass = Backpropagation(from: output)
        let byWalk = Backpropagation(from: output, sweepsNumbersApart: true, findingByCreation: false)
        #expect(pass.order.count == byWalk.order.count)
    }

    // MARK: The pass straight off the record (RecordSweep)

    /// A random graph whose every step the record describes and whose gradients stay plain: the chain from step to
    /// step passes its gradient on through sums, differences, negations and factors of about 0.5 to 1.3, so in 6,000
    /// steps it neither underflows nor overflows, and each step takes in another node through a function whose slope is
    /// bounded away from 0 (a function of sin of it). Every `labelEvery`-th step is named after a binding, as a loop names what it makes.
    /// (A step can still cancel to exactly 0, and a product with it then is not plain: seeds 26 and 27 meet one. A
    /// graph of a seed is the start of the larger one of the same seed.)
    private func plainGraph(size: Int, seed: UInt64, labelEvery: Int = 0) -> (leaves: [Node], nodes: [Node]) {
        var numbers = SeededNumbers(seed: seed)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let leaves = [Node.leaf("a", value: 0.7), Node.leaf("b", value: -1.3), Node.leaf("c", value: 2.1)]
        var nodes = leaves
        let functions: [MathFunction] = [.tanh, .sigmoid, .atan, .softplus]
        func tamed(_ node: Node) -> Node {
            Node.make(.function(functions[next(functions.count)]), Node.make(.function(.sin), node))
        }
        while nodes.count < size {
            let last = nodes[nodes.count - 1], other = nodes[next(nodes.count)]
            let made: Node
            switch next(10) {
            case 0, 1: made = Node.make(.add, last, tamed(other))
            case 2: made = Node.make(.negate, last)
            case 3:
                let factor = Node.make(.add, Node.constant(0.8), Node.make(.multiply, Node.constant(0.4), tamed(other)))
                made = Node.make(.multiply, last, factor)
            case 4, 5, 6: made = Node.make(.add, last, other)
            default: made = Node.make(.subtract, last, tamed(other))
            }
            if labelEvery > 0, nodes.count.isMultiple(of: labelEvery) { made.labelIfUnnamed("h") }
            nodes.append(made)
        }
        return (leaves, nodes)
    }

    /// Whether nodes other tests made on other threads while this graph was built lie among its serials in such numbers
    /// that the scan gives up by design (more than 4·count + 4,096 serials outside it): the suites run in parallel, and
    /// then only the gradients can be compared, not which way they were found.
    private func crowded(_ output: Node, nodes count: Int, oldest: Int) -> Bool {
        output.serial - oldest + 1 > 3 * count + 4096
    }

    @Test("a large plain graph is swept straight off the record, with the gradients, leaves and named steps of the walk", arguments: [21, 22, 23])
    func recordSweepAsTheWalk(seed: Int) throws {
        let (leaves, nodes) = plainGraph(size: 6000, seed: UInt64(seed), labelEvery: 7)
        let output = try #require(nodes.last)
        let swept = RecordSweep(from: output, findingNamedIntermediates: true)
        #expect(swept != nil || crowded(output, nodes: nodes.count, oldest: leaves[0].serial),
                "every step of this graph is one the record describes, and plain")
        let byRecord = Backpropagation(from: output, findingNamedIntermediates: true)
        let byWalk = Backpropagation(from: output, findingNamedIntermediates: true, sweepsNumbersApart: true, findingByCreation: false)
        #expect(byRecord.order.count == byWalk.order.count)
        #expect(byRecord.order.map(\.serial) == byWalk.order.map(\.serial).sorted(), "creation order")
        var disagreements: [String] = []
        for node in byWalk.order where !agree(byRecord.gradient(of: node), byWalk.gradient(of: node)) {
            disagreements.append("\(node.operation) #\(node.serial): \(String(describing: byRecord.gradient(of: node))) against \(String(describing: byWalk.gradient(of: node)))")
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(byRecord.leaves.map(ObjectIdentifier.init) == byWalk.leaves.map(ObjectIdentifier.init))
        #expect(byRecord.namedIntermediates.map(ObjectIdentifier.init) == byWalk.namedIntermediates.map(ObjectIdentifier.init))
        #expect(byRecord.namedIntermediates.count > 100)
        #expect(Set(byRecord.unusualSteps.map { $0.toOpaque() }) == Set(byWalk.unusualSteps.map { $0.toOpaque() }))
        #expect(byRecord.kinksUsed.isEmpty && byRecord.firstNonFinite == nil && !byRecord.lostSomeGradient)
        for leaf in leaves { #expect((byRecord.gradient(of: leaf) ?? 0) != 0) }
        // A node outside the graph has no gradient, whether made before it or after.
        #expect(byRecord.gradient(of: Node.leaf("z", value: 1)) == nil)
    }

    @Test("a graph with other nodes made in between (serials outside it) is swept off the record, and looked up right")
    func recordSweepWithGaps() throws {
        var numbers = SeededNumbers(seed: 31)
        let x = Node.leaf("x", value: 0.3)
        var v = x, strays: [Node] = []
        for index in 0..<3000 {
            // A node of another graph, kept alive, between each two steps of this one.
            strays.append(Node.make(.multiply, Node.constant(Double(index)), Node.leaf("s", value: 2)))
            v = numbers.next(2) == 0 ? Node.make(.add, v, Node.make(.function(.sin), x)) : Node.make(.subtract, Node.make(.function(.tanh), v), x)
        }
        guard let swept = RecordSweep(from: v) else {
            #expect(crowded(v, nodes: 2 * 3000 + 1, oldest: x.serial), "the serials between are a third of the span")
            return
        }
        let byWalk = Backpropagation(from: v, sweepsNumbersApart: true, findingByCreation: false)
        let byRecord = Backpropagation(from: v)
        #expect(swept.order.count == byWalk.order.count)
        #expect(swept.positions.span > swept.order.count, "the serials between hold nodes of the other graph")
        for node in byWalk.order { #expect(agree(byRecord.gradient(of: node), byWalk.gradient(of: node))) }
        for stray in strays.prefix(50) { #expect(byRecord.gradient(of: stray) == nil) }
    }

    @Test("a cut-off leaves out the same older nodes when the graph is swept off the record")
    func recordSweepCutOff() throws {
        let (leaves, nodes) = plainGraph(size: 8000, seed: 24)
        let output = try #require(nodes.last)
        let cut = nodes[4000].serial
        #expect(RecordSweep(from: output, oldestSerial: cut) != nil || crowded(output, nodes: 4000, oldest: cut))
        let byRecord = Backpropagation(from: output, oldestSerial: cut)
        let byWalk = Backpropagation(from: output, oldestSerial: cut, sweepsNumbersApart: true, findingByCreation: false)
        #expect(byRecord.order.count == byWalk.order.count)
        for leaf in leaves { #expect(byRecord.gradient(of: leaf) == nil) }
        for node in nodes[4000...] { #expect(agree(byRecord.gradient(of: node), byWalk.gradient(of: node))) }
    }

    @Test("a graph with a step the pass cannot take plainly is left to the tape, with the walk's gradients",
          arguments: ["zero factor", "kink", "overflow", "log"])
    func recordSweepGivesUp(kind: String) throws {
        let (leaves, nodes) = plainGraph(size: 5000, seed: 25)
        var output = try #require(nodes.last)
        switch kind {
        case "zero factor": output = Node.make(.multiply, output, Node.leaf("zero", value: 0))
        case "kink": output = Node.make(.function(.relu), Node.make(.subtract, output, output))
        case "overflow": output = Node.make(.multiply, Node.make(.multiply, output, Node.constant(1e200)), Node.constant(1e200))
        default: output = Node.make(.function(.log), Node.make(.multiply, output, output))
        }
        #expect(RecordSweep(from: output) == nil)
        let pass = Backpropagation(from: output)
        let byWalk = Backpropagation(from: output, sweepsNumbersApart: true, findingByCreation: false)
        #expect(pass.order.count == byWalk.order.count)
        for node in nodes.prefix(200) + leaves { #expect(agree(pass.gradient(of: node), byWalk.gradient(of: node))) }
        #expect(pass.kinksUsed.count == byWalk.kinksUsed.count)
    }

    /// A loop's chain `v = v*x + 0.1` at x = 0.9 over `steps` steps: its gradient shrinks at every step back and
    /// underflows about 7,000 steps back, then sticks among the subnormals; behind that every step has a lost part, and
    /// x gathers one from each.
    private func shrinkingLoop(steps: Int) -> (x: Node, start: Node, v: Node) {
        let x = Node.leaf("x", value: 0.9), start = Node.leaf("v", value: 0.5)
        var v = start
        for _ in 0..<steps {
            v = Node.make(.add, Node.make(.multiply, v, x), Node.constant(0.1))
            v.labelIfUnnamed("v")
        }
        return (x, start, v)
    }

    @Test("a graph whose gradient underflows is swept off the record, with the tape's lost parts, unknown gradients and rounded 0s",
          arguments: ["loop", "factor", "subnormal factor"])
    func recordSweepThroughUnderflow(kind: String) throws {
        let output: Node, nodes: Int, oldest: Int
        switch kind {
        case "loop":
            let loop = shrinkingLoop(steps: 8000)
            (output, nodes, oldest) = (loop.v, 16002, loop.x.serial)
        case "factor":
            // One product that underflows outright (1e-200 · 1e-200): 0 with a lost part, passed on to every node behind it.
            let (leaves, made) = plainGraph(size: 5000, seed: 21)
            let last = try #require(made.last)
            output = Node.make(.multiply, Node.make(.multiply, last, Node.constant(1e-200)), Node.constant(1e-200))
            (nodes, oldest) = (made.count + 4, leaves[0].serial)
        default:
            // Values of normal size all the way, but a part passed back (1e-160 · 1e-160) lands among the subnormals
            // and rounds there, and the gradients behind it are subnormal products.
            let (leaves, made) = plainGraph(size: 5000, seed: 22)
            let last = try #require(made.last)
            let inner = Node.make(.add, Node.make(.multiply, last, Node.constant(1e-160)), Node.constant(1))
            output = Node.make(.multiply, inner, Node.constant(1e-160))
            (nodes, oldest) = (made.count + 6, leaves[0].serial)
        }
        let swept = RecordSweep(from: output, findingNamedIntermediates: true)
        #expect(swept != nil || crowded(output, nodes: nodes, oldest: oldest), "an underflow alone is not a reason to give up")
        let byRecord = Backpropagation(from: output, findingNamedIntermediates: true)
        let byWalk = Backpropagation(from: output, findingNamedIntermediates: true, sweepsNumbersApart: true, findingByCreation: false)
        #expect(byRecord.order.count == byWalk.order.count)
        #expect(byRecord.lostSomeGradient == byWalk.lostSomeGradient)
        var disagreements: [String] = []
        for node in byWalk.order {
            let (mine, walked) = (byRecord.gradient(of: node), byWalk.gradient(of: node))
            // The same sums in the same order: the same bits, nan where the walk has nan.
            if mine.map(\.bitPattern) != walked.map(\.bitPattern), !(mine?.isNaN == true && walked?.isNaN == true) {
                disagreements.append("gradient of #\(node.serial): \(String(describing: mine)) against \(String(describing: walked))")
            }
            let (lostHere, lostThere) = (byRecord.lostGradient(of: node), byWalk.lostGradient(of: node))
            if lostHere?.origin !== lostThere?.origin || lostHere?.log2Bound != lostThere?.log2Bound {
                disagreements.append("lost part of #\(node.serial)")
            }
            let (zeroHere, zeroThere) = (byRecord.roundedZeroGradient(of: node), byWalk.roundedZeroGradient(of: node))
            if zeroHere?.origin !== zeroThere?.origin || zeroHere?.log2Bound != zeroThere?.log2Bound {
                disagreements.append("rounded 0 of #\(node.serial)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(5))")
        #expect(byRecord.leaves.map(ObjectIdentifier.init) == byWalk.leaves.map(ObjectIdentifier.init))
        #expect(byRecord.namedIntermediates.map(ObjectIdentifier.init) == byWalk.namedIntermediates.map(ObjectIdentifier.init))
        switch kind {
        case "loop":
            // Behind the underflow the gradients are unknown (nan), and x's is known: its lost parts are far below it.
            #expect(byWalk.order.contains { byWalk.gradient(of: $0)?.isNaN == true })
            #expect(byWalk.leaves.contains { $0.name == "x" && (byWalk.gradient(of: $0).map { $0.isFinite && $0 != 0 } ?? false) })
        case "factor":
            #expect(byWalk.lostSomeGradient)
        default:
            #expect(byWalk.lostSomeGradient)
        }
    }

    @Test("the record names every function in one byte, and reads it back")
    func functionCodes() {
        for function in MathFunction.allCases {
            #expect(MathFunction(creationCode: function.creationCode) == function)
        }
        #expect(Set(MathFunction.allCases.map(\.creationCode)).count == MathFunction.allCases.count)
        #expect(MathFunction(creationCode: UInt8(MathFunction.allCases.count)) == nil)
    }

    @Test("rounding noise finds its target in a large graph recorded without marking the nodes")
    func roundingNoiseOnALargeGraph() throws {
        let (leaves, nodes) = plainGraph(size: 5000, seed: 21)
        let output = try #require(nodes.last)
        let noise = try #require(NumericDerivative.roundingNoise(of: output, movingWith: leaves[0]))
        #expect(noise.isFinite && noise > 0)
    }
}
