// A numeric or forward-mode estimate is joined to the exact gradient's graph so it differentiates like it;
// where they cannot be joined, the estimate is refused, never handed back as a number whose derivative is 0.

@testable import GradbookCore
import Testing

@Suite("Estimates joined to the exact gradient")
struct ConnectedEstimateTests {
    @Test("a NaN estimate of an infinite derivative stays NaN and keeps the exact graph")
    func nanEstimateOfInfinity() throws {
        let x = Node.leaf("x", value: 0, cell: nil)
        let exact = Node.make(.divide, [Node.constant(1, cell: nil), x], cell: nil)
        let joined = try #require(GradientGraph(cell: nil).value(Node.constant(.nan, cell: nil), differentiatedLike: exact))
        #expect(joined.value.isNaN)
        #expect(joined.graph.contains { $0 === x })
    }

    @Test("a finite estimate of an infinite derivative cannot be joined")
    func finiteEstimateOfInfinity() {
        let x = Node.leaf("x", value: 0, cell: nil)
        let exact = Node.make(.divide, [Node.constant(1, cell: nil), x], cell: nil)
        #expect(GradientGraph(cell: nil).value(Node.constant(7.5e149, cell: nil), differentiatedLike: exact) == nil)
    }

    @Test("a finite estimate of a finite derivative shows the estimate to the last digit")
    func finiteEstimate() throws {
        let x = Node.leaf("x", value: 2, cell: nil)
        let exact = Node.make(.multiply, [Node.constant(3, cell: nil), x], cell: nil)
        let joined = try #require(GradientGraph(cell: nil).value(Node.constant(6.000000001, cell: nil), differentiatedLike: exact))
        #expect(joined.value == 6.000000001)
        #expect(joined.graph.contains { $0 === x })
    }

    @Test("differentiating numdiff at the edge of sqrt's domain gives -inf, not 0")
    func numdiffAtTheEdge() {
        #expect(results(of: run("y = 0", "grad(numdiff(sqrt(y), y), y)")) == "-inf")
        #expect(results(of: run("y = 0", "numdiff(numdiff(sqrt(y), y), y)")) == "nan")
    }
}
