// numdiff re-runs a graph through every operation: one example per Node.Operation case, checked
// against backpropagation.

@testable import GradbookCore
import Foundation
import Testing

@Suite("numdiff re-runs every operation")
struct NumericRerunTests {
    /// Node.Operation's cases without their payloads. `kind(of:)` switches over Operation without a
    /// default, so adding an operation fails to compile until it is given a kind here, and then this
    /// suite fails until that kind has an example in `examples`.
    enum Kind: String, CaseIterable {
        case constant, leaf, freeSymbol, add, subtract, multiply, divide, power, negate, maximum, minimum, function
        case matrixProduct, transpose, stack, sum, mean, max, softmax, logSoftmax, select
    }

    static func kind(of operation: Node.Operation) -> Kind {
        switch operation {
        case .constant: return .constant
        case .leaf: return .leaf
        case .freeSymbol: return .freeSymbol
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .power: return .power
        case .negate: return .negate
        case .maximum: return .maximum
        case .minimum: return .minimum
        case .function: return .function
        case .matrixProduct: return .matrixProduct
        case .transpose: return .transpose
        case .stack: return .stack
        case .sum: return .sum
        case .mean: return .mean
        case .max: return .max
        case .softmax: return .softmax
        case .logSoftmax: return .logSoftmax
        case .select: return .select
        }
    }

    /// An expression in `t` (with `W` and `v` bound) whose graph uses each kind between `t` and the output.
    static let examples: [Kind: String] = [
        .constant: "t + 2", .leaf: "t", .add: "t + t^2", .subtract: "t - t^3", .multiply: "t*sin(t)",
        .divide: "1/(t + 2)", .power: "t^t", .negate: "-t^2", .function: "tanh(t)",
        .maximum: "sum(max(W*t, [0.5, t^2]))", .minimum: "sum(min(W*t, v*t^2))",
        .matrixProduct: "sum(W @ [t, t^2])", .transpose: "sum(transpose(W*t) @ v)",
        .stack: "sum([t, 2*t])", .sum: "sum(W*t, 1)[2]", .mean: "mean(W*t^2, 2)[1]", .max: "max([t, 0.5])",
        .softmax: "softmax([t, 0])[1]", .logSoftmax: "log_softmax([[t, 1], [2, t]])[2, 2]",
        .select: "(W*t)[2, 1]",
    ]

    static let setting = "t = 0.7; W = [[1, -2], [0.5, 3]]; v = [2, -1]"

    /// Ridders' estimate is good to about 1e-10 relative on these smooth examples.
    static let tolerance = 1e-8

    @Test("every operation has an example")
    func everyKindHasAnExample() {
        let missing = Kind.allCases.filter { $0 != .freeSymbol && Self.examples[$0] == nil }
        #expect(missing.isEmpty, "no numdiff example for \(missing)")
    }

    @Test("numdiff through each operation agrees with backprop", arguments: Kind.allCases.filter { $0 != .freeSymbol })
    func rerunAgreesWithBackprop(_ kind: Kind) throws {
        let expression = try #require(Self.examples[kind])
        let notebook = Notebook()
        notebook.run(Self.setting + "; out = " + expression)
        guard case .value(let value, _)? = notebook.bindings["out"], let output = value.node,
              case .value(let tValue, _)? = notebook.bindings["t"], let t = tValue.node else {
            Issue.record("could not evaluate \(expression)")
            return
        }
        #expect(output.graph.contains { Self.kind(of: $0.operation) == kind }, "\(expression) does not use \(kind)")
        let rerun = Node.Rerun(of: [output], nudging: t)
        #expect(rerun.value(of: output, at: t.value) == output.value, "re-running \(expression) unchanged")
        let numeric = NumericDerivative.ridders(of: output, at: t).derivative
        let backprop = try #require(Backpropagation(from: output).gradient(of: t))
        #expect(abs(numeric - backprop) <= Self.tolerance * max(1, abs(backprop)), "\(expression): numeric \(numeric), backprop \(backprop)")
    }

    @Test("every math function is re-run", arguments: MathFunction.allCases)
    func everyFunction(_ function: MathFunction) throws {
        let nodes = try #require(boundNodes("out", "t", after: "t = 0.7; out = sum([\(function.rawValue)(t), 0])"), "could not evaluate \(function)")
        let (output, t) = (nodes[0], nodes[1])
        let numeric = NumericDerivative.ridders(of: output, at: t).derivative
        #expect(abs(numeric - function.derivative(at: 0.7, value: function(0.7))) <= Self.tolerance)
    }

    @Test("a free symbol is refused by numdiff, with its name")
    func freeSymbolIsRefused() {
        let result = run("numdiff(a*x, x) at x = 2")
        #expect(diagnostic(of: result)?.message.contains("'a' has no value") == true)
    }

    @Test("issue 13's list literals give the true derivative", arguments: [
        ("x = 5; numdiff(sum([x, 2*x]), x)", 3.0), ("x = 5; numdiff(max([x, 0]), x)", 1.0),
        ("x = 1; numdiff(softmax([x, 0])[1], x)", exp(1.0) / pow(exp(1.0) + 1, 2)),
    ])
    func listLiterals(_ code: String, _ expected: Double) throws {
        let text = results(of: run(code))
        let number = try #require(Double(text), "\(code) printed \(text)")
        #expect(abs(number - expected) <= 1e-5, "\(code) printed \(text)")
    }

    /// Graphs where nudging one element of W moves only part of each result, and ones where it moves all of it.
    static let nudgedGraphs = [
        "sum(tanh(W @ x)^2)", "sum(sigmoid(W @ x + 1) * (W @ x))", "sum(exp(-(W @ x)) / 3)",
        "sum(W * W) + sum(W @ x)", "sum(softmax(W @ x))", "sum((W @ M)^2)", "sum(transpose(W) @ x)",
        "sum(log(1 + exp(W @ x)))", "max(W @ x)",
        // W broadcast against a column, a row, a vector and a number that do not move.
        "sum(tanh(W * c)^2)", "sum(W * r + r)", "sum((W - x)^2)", "sum(2 / (W + 5))",
        // W on the right of a product (a layer's weights, H @ W): one column of the result moves.
        "sum(tanh(P @ W)^2)", "sum(x @ W)", "sum((P @ W) @ M)",
        // A sum or mean of everything re-run from the first moved element on, from the running sums.
        "sum(W)", "mean(W * r)", "mean(tanh(W * c)^2)", "sum(W * c) + mean((W - x)^2)", "sum(exp(W * 300))",
    ]

    @Test("re-running with one element nudged gives the very numbers a whole re-run gives", arguments: nudgedGraphs)
    func oneElementRerunMatchesWholeRerun(_ expression: String) throws {
        let setUp = "W = [[1, -2, 0], [0.5, 3, -1], [2, 0, 0.25]]; x = [0.3, -1.2, 2]; M = [[1, 2], [0, -1], [3, 0.5]]; "
            + "c = [[1], [-2], [0.5]]; r = [[0.3, -1, 2]]; P = [[1, 0, 2], [-1, 0.5, 0]]; out = " + expression
        let nodes = try #require(boundNodes("out", "W", after: setUp), "could not evaluate \(expression)")
        let (output, w) = (nodes[0], nodes[1])
        let rerun = Node.Rerun(of: [output], nudging: w)
        let base = w.elements
        for index in base.indices {
            for nudge in [1e-3, -5e-4, 0.7] {
                var whole = base
                whole[index] += nudge
                let partialOutcome = rerun.run(base: base, index: index, value: base[index] + nudge), fullOutcome = rerun.run(whole)
                let partial = partialOutcome.value(of: output), full = fullOutcome.value(of: output)
                #expect(partial.bitPattern == full.bitPattern, "\(expression), element \(index) + \(nudge): \(partial) vs \(full)")
                // And every step on the way, read whole (a step whose result moved in a few elements keeps only those).
                for node in output.graph where node.isTensor {
                    let (some, all) = (partialOutcome.elements(of: node), fullOutcome.elements(of: node))
                    #expect(some.map(\.bitPattern) == all.map(\.bitPattern), "\(expression), element \(index) + \(nudge), a step of shape \(node.shape)")
                }
            }
        }
    }

    @Test("nudging a weight of a layer wide enough for the vector kernels re-runs one column, with the very numbers of a whole re-run")
    func layerColumnRerunMatchesWholeRerun() throws {
        // 13 examples, 17 inputs with zeros among them, 9 units: the product runs in the vector kernels.
        let setUp = "H = relu(randn(13, 17, seed = 2)); W = randn(17, 9, seed = 3); out = sum(tanh(H @ W)^2)"
        let nodes = try #require(boundNodes("out", "W", after: setUp), "could not evaluate the layer")
        let (output, w) = (nodes[0], nodes[1])
        let rerun = Node.Rerun(of: [output], nudging: w)
        let base = w.elements
        for index in stride(from: 0, to: base.count, by: 5) {
            var whole = base
            whole[index] += 1e-3
            let partial = rerun.run(base: base, index: index, value: base[index] + 1e-3).value(of: output)
            let full = rerun.run(whole).value(of: output)
            #expect(partial.bitPattern == full.bitPattern, "element \(index): \(partial) vs \(full)")
        }
    }

    @Test("a matrix times a vector adds each row in the order a matrix times a matrix does")
    func matrixVectorProductMatchesGeneralOrder() {
        let (m, k) = (7, 9)
        let a = (0..<m * k).map { $0 % 4 == 0 ? 0 : sin(Double($0)) * 1e3 }
        let b = (0..<k).map { cos(Double($0)) / 7 }
        var expected = [Double](repeating: 0, count: m)
        for i in 0..<m {
            for p in 0..<k where a[i * k + p] != 0 { expected[i].addProduct(a[i * k + p], b[p]) }
        }
        let product = LinearAlgebra.multiply(a, b, m: m, k: k, n: 1)
        #expect(product.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
