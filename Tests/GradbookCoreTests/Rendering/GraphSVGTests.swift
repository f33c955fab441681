// graph(EXPR) as SVG without Graphviz (GraphSVG): every value a box with its value and gradient, every operation
// an ellipse, every edge from left to right, and a graph too large to draw left to its text tree.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import GradbookCore
import Testing

@Suite("Computation graphs as SVG without Graphviz")
struct GraphSVGTests {
    /// The graph picture the last cell of `cells` shows.
    static func graph(_ cells: String) throws -> GraphPicture {
        let result = run(cells)
        guard case .picture(.graph(let graph))? = result.outputs.last?.value else { throw GraphMissing() }
        return graph
    }

    struct GraphMissing: Error {}

    static let contractExample = "x = -4; z = 2*x + 2 + x; q = relu(z) + z*x; y = q*x + z; graph(y)"

    @Test("the contract's graph: a box per value, an ellipse per operation, one edge per input and per result, well-formed XML")
    func shapes() throws {
        let graph = try GraphSVGTests.graph(GraphSVGTests.contractExample)
        let svg = try #require(GraphSVG(format: NumberFormat()).svg(graph.root, title: graph.title))
        let nodes = graph.root.graph
        let operations = nodes.filter { !$0.inputs.isEmpty }
        #expect(svg.components(separatedBy: "<rect ").count - 1 == nodes.count + 1)   // and the white background
        #expect(svg.components(separatedBy: "<ellipse ").count - 1 == operations.count)
        let edges = operations.map { $0.inputs.count + 1 }.reduce(0, +)
        #expect(svg.components(separatedBy: "marker-end=").count - 1 == edges)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        // By hand: y = q*x + z with z = 3x + 2 = -10, q = relu(z) + z*x = 40, so y = -170; dy/dx = q + x*(3x + z) + 3
        // (relu is flat at z = -10) = 40 + 88 + 3 = 131.
        #expect(svg.contains(">value -170<") && svg.contains(">grad 131<") && svg.contains(">relu<"))
    }

    @Test("every edge runs from left to right")
    func edgesGoRight() throws {
        let graph = try GraphSVGTests.graph("w = 0.5; b = 0.1; x = 2; L = (sigmoid(w*x + b) - 1)^2 + w^2; graph(L)")
        let svg = try #require(GraphSVG(format: NumberFormat()).svg(graph.root, title: graph.title))
        let curves = svg.matches(of: /<path d="M ([0-9.]+) [0-9.]+ C [^"]* ([0-9.]+) [0-9.]+"/)
        #expect(!curves.isEmpty)
        for curve in curves { #expect(Double(String(curve.1))! < Double(String(curve.2))!, "\(curve.0)") }
    }

    @Test("a graph of more than 150 values is not drawn: the text tree shows it")
    func tooLarge() throws {
        let graph = try GraphSVGTests.graph("w = 0.5; repeat 200 { w = sin(w) }; graph(w)")
        #expect(graph.root.graph.count > GraphSVG.maximumNodes)
        #expect(GraphSVG(format: NumberFormat()).svg(graph.root, title: graph.title) == nil)
    }
}
