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
        let mark = Node.freshTraversalMark()
        var visited: Set<ObjectIdentifier> = []
        var inputsFirst = true
        let walked = Node.walkInCreationOrder(from: output, mark: mark) { node, _ in
            if !node.inputs.allSatisfy({ visited.contains(ObjectIdentifier($0)) }) { inputsFirst = false }
            visited.insert(ObjectIdentifier(node))
        }
        #expect(walked)
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
}
