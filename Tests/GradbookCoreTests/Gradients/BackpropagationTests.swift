@testable import GradbookCore
import Testing

@Suite("Backpropagation")
struct BackpropagationTests {
    @Test("a value used twice receives both contributions (a + a has gradient 2)")
    func accumulatesAtForks() {
        let a = Node.leaf("a", value: 3)
        let sum = Node.make(.add, [a, a])
        #expect(Backpropagation(from: sum).gradient(of: a) == 2)
        let product = Node.make(.multiply, [a, a])
        #expect(Backpropagation(from: product).gradient(of: a) == 6)
    }

    @Test("running the backward pass twice gives the same gradients")
    func idempotent() {
        let notebook = Notebook()
        run("x = -4; z = 2*x + 2 + x; y = relu(z) + z*x", in: notebook)
        let first = results(of: run("grad(y, [x])", in: notebook))
        let second = results(of: run("grad(y, [x])", in: notebook))
        #expect(first == second)
        #expect(first == "[-22]")
    }

    @Test("each operation's local derivative matches central differences", arguments: [
        "x*y", "x/y", "x - y", "x^y", "x^3", "-x", "sin(x)", "cos(x)", "tan(x)", "exp(x)", "log(x)", "sqrt(x)",
        "abs(x)", "tanh(x)", "sigmoid(x)", "relu(x)",
    ])
    func localDerivatives(_ formula: String) throws {
        let notebook = Notebook()
        run("x = 0.7; y = 1.3; out = \(formula)", in: notebook)
        let backprop = results(of: run(":digits 8; grad(out, [x])", in: notebook))
        let numeric = results(of: run("[numdiff(out, x)]", in: notebook))
        #expect(backprop == numeric, "\(formula): backprop \(backprop) vs numeric \(numeric)")
    }

    @Test("a chain of a million nodes is built, differentiated and released without overflowing the stack")
    func millionNodeChain() {
        let x = Node.leaf("x", value: 1)
        var a = x
        for _ in 0..<1_000_000 { a = Node.make(.add, [a, x]) }
        #expect(a.value == 1_000_001)
        let pass = Backpropagation(from: a)
        #expect(pass.gradient(of: x) == 1_000_001)
        a = x
        #expect(a.value == 1)
    }

    @Test("the kink convention relu'(0) = 0 is used and reported")
    func kinkConvention() {
        let r = Node.leaf("r", value: 0)
        let out = Node.make(.function(.relu), [r])
        let pass = Backpropagation(from: out)
        #expect(pass.gradient(of: r) == 0)
        #expect(pass.kinksUsed.count == 1)
    }
}
