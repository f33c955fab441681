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

    @Test("an estimate refused where backprop could not give the derivative does not call backprop's nan the exact derivative")
    func lostBackpropIsNotCalledExact() throws {
        // d/dx log(x*x) = 2/x is 2e-200 at x = 1e200; backprop gives nan (part of it was lost to the overflow of x*x).
        let result = run("x = 1e200", "forward_diff(log(x*x), x)")
        let message = try #require(diagnostic(of: result)).message
        #expect(message.hasPrefix("backprop gives nan for this derivative here"), "\(message)")
        #expect(!message.contains("exact"))
    }

    @Test("an estimate that overflowed too is called an overflow, never 'a finite number'")
    func estimateOfOverflow() throws {
        // f'' overflows: the symbolic form gives inf, backprop's sum of two opposite infinities gives nan, and
        // Ridders' estimate of the gradient's slope is inf. (Found by HigherDerivativePropertyTests.)
        let f = "exp(((sqrt(x^2 + 1)^2 + 1)^9)/4)"
        let result = run("x = 0.6448741963703869", "numdiff(grad(\(f), x), x)")
        let message = try #require(diagnostic(of: result)).message
        #expect(message.contains("estimates it as inf: a step on the way overflowed"))
        #expect(!message.contains("a finite number"))
        #expect(message.contains("backprop gives nan for this derivative here"))
    }
}
