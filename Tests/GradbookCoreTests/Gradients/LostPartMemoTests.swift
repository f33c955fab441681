// A backward pass works out each node's lost part once (LostPartMemo): the same bounds as walking each graph
// whole, and linear where walking each whole was quadratic.

@testable import GradbookCore
import Foundation
import PropertyBased
import Testing

@Suite("Lost parts worked out once per pass")
struct LostPartMemoTests {
    @Test("the memo gives every node of random graphs at extreme points the bound a whole walk gives")
    func memoMatchesWholeWalks() async {
        let specials: [Double] = [1e200, -1e200, 1e-200, 800, -800, 745, -745, 1e-310, 0.5, 2]
        await propertyCheck(count: 150, input: DerivativePropertyTests.recipes, Gen.int(in: 0...9), Gen.int(in: 0...9)) { recipe, pickX, pickY in
            let expression = RandomExpression.build(recipe)
            let notebook = Notebook()
            run("x = \(specials[pickX]); y = \(specials[pickY]); f = \(expression) + x*x*y; g = grad(f, [x, y])", in: notebook)
            guard let root = notebook.bindings.scalarNode(named: "g") else { return }
            // In the pass's own order (inputs first), as a backward pass asks, and then again from the top.
            let memo = LostPartMemo()
            let nodes = Node.topologicalTraversal(from: root).order.map { $0.takeUnretainedValue() }
            for node in nodes + nodes.reversed() where !node.isTensor {
                let whole = LostValues.log2BoundOfLostPart(of: node)
                let remembered = LostValues.log2BoundOfLostPart(of: node, memo: memo)
                #expect(whole == remembered || (whole.isNaN && remembered.isNaN), "\(expression) at x = \(specials[pickX]), y = \(specials[pickY]): \(whole) walked whole, \(remembered) remembered")
            }
        }
    }

    @Test("a second derivative through a loop whose gradient underflowed is not quadratic: 20,000 steps")
    func secondDerivativeThroughLongLoop() {
        let notebook = Notebook()
        run("x = 0.5; v = 0.5; repeat 20000 { v = v*x + 0.1 }", in: notebook)
        // d/dx of the fixed point's slope: v → 0.1/(1 - x), v' = 0.1/(1 - x)^2 = 0.4, v'' = 0.2/(1 - x)^3 = 1.6.
        #expect(results(of: run("grad(v, [x])", in: notebook)) == "[0.4]")
        #expect(results(of: run("grad(_[1], x)", in: notebook)) == "1.6")
    }
}
