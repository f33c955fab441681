// Every tensor operation's vector-Jacobian product against central differences, on random shapes.

@testable import GradbookCore
import Foundation
import Numerics
import PropertyBased
import Testing

@Suite("Tensor gradients")
struct TensorGradientTests {
    /// Backprop is exact; the numeric gradient (Richardson-extrapolated central differences) is good
    /// to about 1e-9 on these smooth expressions, so 1e-6 catches any wrong rule (off by O(1)).
    static let tolerance = 1e-6

    /// Expressions of a matrix A (m×n), a vector v (n) and a matrix B (n×k), each reduced to a number.
    static let expressions = [
        "sum(A @ v)", "sum(tanh(A @ B))", "sum(A * A)", "sum(A + v)", "sum((A - v)^2)", "sum(A / (v^2 + 1))",
        "sum(transpose(A) @ A)", "mean(sigmoid(A))", "sum(max(A, 1))", "sum(max(A, 2))", "max(A)", "sum(mean(A, 1))",
        "sum(sum(A, 2)^2)", "sum(softmax(A) * A)", "sum(log_softmax(A) * A)", "sum(A[1, :]) + A[1, 1]^2",
        "sum(exp(A / 4)) + dot(v, v)", "sum(outer(v, v) * (B @ transpose(B)))", "mse(A @ v, v[1] * ones(3))",
        "bce(A @ v, [1, 0, 1])", "cross_entropy(A, [[1, 0], [0, 1], [1, 0]])", "cross_entropy(A[2, :], [0, 1])",
        "mean(sum(A)) + max(sum(v))",
        // hinge has a kink at margin 1, where a random point can straddle the numeric step; tested at a fixed point.
        "hinge(A @ v * 0 + [0.3, -2, 0.5] + sum(A) * 0.01, [1, -1, 1])",
    ]

    /// A session with random A (3×2), v (2) and B (2×2) from `seed`, and L = `expression` in it.
    static func session(seed: Int, _ expression: String) -> (Notebook, Node)? {
        let notebook = Notebook()
        _ = notebook.run("A = randn(3, 2, seed = \(seed)); v = randn(2, seed = \(seed + 1)); B = randn(2, 2, seed = \(seed + 2))")
        _ = notebook.run("L = \(expression)")
        guard case .value(.scalar(let loss), _)? = notebook.bindings["L"] else {
            Issue.record("\(expression) did not evaluate")
            return nil
        }
        return (notebook, loss)
    }

    @Test("backprop through each tensor operation matches numeric differences", arguments: TensorGradientTests.expressions)
    func matchesNumeric(_ expression: String) async {
        await propertyCheck(count: 8, input: Gen.int(in: 1...1_000_000)) { seed in
            let notebook = Notebook()
            _ = notebook.run("A = randn(3, 2, seed = \(seed)); v = randn(2, seed = \(seed + 1)); B = randn(2, 2, seed = \(seed + 2))")
            // max is not differentiable where two elements tie; numeric differences straddle a near-tie.
            if expression.contains("max("), case .value(.scalar(let a), _)? = notebook.bindings["A"] {
                let elements = a.elements
                let nearTie = elements.indices.contains { i in elements.indices.contains { j in i < j && abs(elements[i] - elements[j]) < 0.01 } }
                if nearTie { return }
            }
            _ = notebook.run("L = \(expression)")
            for name in ["A", "v", "B"] {
                guard case .value(.scalar(let loss), _)? = notebook.bindings["L"],
                      case .value(.scalar(let leaf), _)? = notebook.bindings[name] else {
                    Issue.record("\(expression) did not evaluate")
                    return
                }
                let pass = Backpropagation(from: loss)
                guard let backprop = pass.tensorGradient(of: leaf) else { continue }
                guard let numeric = try? NumericDerivative.tensorGradient(of: loss, at: leaf, interruption: nil, range: .at(0)) else {
                    Issue.record("no numeric gradient for \(name) in \(expression)")
                    return
                }
                for (b, n) in zip(backprop.elements, numeric.elements) {
                    #expect(abs(b - n) <= 1e-7 || b.isApproximatelyEqual(to: n, relativeTolerance: Self.tolerance),
                            "d(\(expression))/d\(name): backprop \(b), numeric \(n), seed \(seed)")
                }
            }
        }
    }

    /// grad records its backward pass as graph nodes (GradientGraph) so it can be differentiated again; its
    /// numbers must be the tape's (Backpropagation) exactly, through every operation.
    @Test("grad's recorded backward pass gives backprop's numbers through each tensor operation", arguments: TensorGradientTests.expressions)
    func recordedBackwardPassMatchesTape(_ expression: String) async {
        await propertyCheck(count: 4, input: Gen.int(in: 1...1_000_000)) { seed in
            guard let (notebook, loss) = Self.session(seed: seed, expression) else { return }
            for name in ["A", "v", "B"] {
                guard case .value(.scalar(let leaf), _)? = notebook.bindings[name] else { continue }
                let tape = Backpropagation(from: loss).tensorGradient(of: leaf)?.elements ?? [Double](repeating: 0, count: leaf.elements.count)
                guard let recorded = GradientGraph(cell: nil).gradients(of: loss, withRespectTo: [leaf], shouldStop: { false })?.first else {
                    Issue.record("no recorded gradient for \(expression)")
                    return
                }
                #expect(recorded.elements == tape, "d(\(expression))/d\(name): grad \(recorded.elements), backprop \(tape), seed \(seed)")
            }
        }
    }

    /// A loss of one number (one example) is a graph with no vector in it; every method must still see its mean.
    /// They once disagreed: backprop and forward mode gave 0 through the mean of one number, and check called
    /// a right gradient wrong.
    @Test("every loss of a single prediction: symbolic, backprop, forward mode and numeric agree",
          arguments: ["mse(p, 1)", "mse(p, -2)", "bce(p, 1)", "bce(p, 0)", "hinge(p, 1)", "hinge(p, -1)", "mse(p*[1, 2], [0, 1])"])
    func singlePredictionLosses(_ loss: String) async {
        await propertyCheck(count: 6, input: Gen.double(in: -3...3)) { point in
            // hinge has a kink where its margin is 0; a point near it straddles the numeric step.
            if loss.hasPrefix("hinge"), abs(abs(point) - 1) < 0.05 { return }
            let notebook = Notebook()
            _ = notebook.run("p = \(point)")
            var values: [String: Double] = [:]
            for method in ["diff", "grad", "forward_diff", "numdiff"] {
                let text = results(of: notebook.run("\(method)(\(loss), p)"))
                let number = text.split(separator: "\n").last.map { $0.replacingOccurrences(of: "= ", with: "").split(separator: " ").first.map(String.init) ?? "" } ?? ""
                guard let value = Double(number.trimmingCharacters(in: .whitespaces)) else {
                    Issue.record("\(method)(\(loss), p) at p = \(point) printed '\(text)'")
                    return
                }
                values[method] = value
            }
            let reference = values["grad"] ?? .nan
            for (method, value) in values {
                #expect(abs(value - reference) <= 1e-5 * max(1, abs(reference)), "\(method)(\(loss), p) at p = \(point): \(value), grad \(reference)")
            }
            #expect(results(of: notebook.run("check(\(loss), p)")).contains("verdict: exact") || abs(abs(point) - 1) < 0.05,
                    "check(\(loss), p) at p = \(point)")
        }
    }

    /// Forward mode's J·v is the transpose of backprop's vᵀJ: for a number L, forward_diff(L, A, V) must equal
    /// sum(grad(L, A) * V) for any direction V. Both are exact, so they agree to rounding.
    @Test("forward mode through each tensor operation agrees with backprop along a random direction", arguments: TensorGradientTests.expressions)
    func forwardModeMatchesBackprop(_ expression: String) async {
        await propertyCheck(count: 8, input: Gen.int(in: 1...1_000_000)) { seed in
            guard let (notebook, loss) = Self.session(seed: seed, expression) else { return }
            for (name, shape) in [("A", [3, 2]), ("v", [2]), ("B", [2, 2])] {
                guard case .value(.scalar(let leaf), _)? = notebook.bindings[name] else { continue }
                var random = RandomNumbers(seed: UInt64(seed + 7))
                let direction = random.uniform(shape.reduce(1, *)).map { $0 * 2 - 1 }
                guard let forward = ForwardMode.jacobianVectorProduct(of: loss, withRespectTo: leaf, direction: direction) else {
                    Issue.record("no forward pass for \(expression)")
                    return
                }
                let backprop = Backpropagation(from: loss).tensorGradient(of: leaf)?.elements ?? [Double](repeating: 0, count: direction.count)
                let expected = zip(backprop, direction).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(forward.count == 1)
                #expect(abs(forward[0] - expected) <= 1e-9 * max(1, abs(expected)),
                        "d(\(expression))/d\(name) along \(direction): forward \(forward[0]), backprop \(expected), seed \(seed)")
            }
        }
    }
}

@Suite("Networks")
struct NetworkTests {
    @Test("an MLP with fixed weights gives the loss and gradients worked out by hand")
    func fixedWeights() throws {
        // x = [1, 2]; W1 = [[0.1, 0.2], [0.3, 0.4]], b1 = [0, 0.1]; h = tanh(x @ W1 + b1) = tanh([0.7, 1.1]);
        // W2 = [[0.5], [-0.5]], b2 = [0.2]; y = h @ W2 + b2; L = (y - 1)^2.
        // By hand (a calculator, 8 digits): h = [0.60436778, 0.80049902], y = 0.5*0.60436778 - 0.5*0.80049902 + 0.2 = 0.10193438,
        // L = (0.101934 - 1)^2 = 0.806522; dL/dy = 2*(y - 1) = -1.79613; dL/db2 = -1.79613;
        // dL/dW2 = h * dL/dy = [-1.08552, -1.43780].
        let notebook = Notebook()
        _ = notebook.run("x = [1, 2]; W1 = [[0.1, 0.2], [0.3, 0.4]]; b1 = [0, 0.1]; W2 = [[0.5], [-0.5]]; b2 = [0.2]")
        _ = notebook.run("L = sum((tanh(x @ W1 + b1) @ W2 + b2 - 1)^2)")
        #expect(results(of: notebook.run(":digits 6; L")) == "0.806522")
        #expect(results(of: notebook.run("grad(L, b2)")) == "[-1.79613]")
        #expect(results(of: notebook.run("grad(L, W2)")) == "2×1 matrix\n  -1.08552\n   -1.4378")
    }

    @Test("training XOR from a fixed seed reaches 100% accuracy")
    func xorLearns() {
        let notebook = Notebook()
        _ = notebook.run("net = mlp(2, [4, 1], act = tanh, seed = 1); data = xor()")
        let trained = notebook.run("train(net, data, lr = 0.2, epochs = 500)")
        #expect(!trained.hasErrors)
        #expect(results(of: notebook.run("accuracy(net, data)")) == "1")
    }

    @Test("a shape mismatch leaves every binding unchanged", arguments: ["W = W @ [1, 2, 3]", "W = W + [1, 2, 3]", "W = [[1, 2], [3]]", "W = W[3, 1]"])
    func shapeErrorsChangeNothing(_ statement: String) throws {
        let notebook = Notebook()
        _ = notebook.run("W = [[1, 2], [3, 4]]")
        let failed = notebook.run(statement)
        #expect(failed.hasErrors)
        #expect(results(of: notebook.run("W")) == "2×2 matrix\n  1  2\n  3  4")
    }

    @Test("shape errors name both shapes and the operation")
    func shapeMessages() throws {
        let result = run("[[1, 2], [3, 4]] @ [1, 2, 3]")
        #expect(try #require(diagnostic(of: result)).message == "@ needs the inner sizes to match: (2×2) @ (3).")
        let index = run("v = [1, 2]", "v[5]")
        #expect(try #require(diagnostic(of: index)).message == "the element index 5 is out of range: it must be from 1 to 2.")
        let huge = run("zeros(1e12)")
        #expect(try #require(diagnostic(of: huge)).message.contains("more than the 10000000"))
    }

    @Test("random constructors are reproducible for a seed")
    func seeds() {
        #expect(results(of: run("randn(2, 2, seed = 3)")) == results(of: run("randn(2, 2, seed = 3)")))
        #expect(results(of: run("randn(2, 2, seed = 3)")) != results(of: run("randn(2, 2, seed = 4)")))
    }
}

@Suite("The training fast path")
struct TrainingKernelTests {
    @Test("its loss and gradients equal backpropagation over the graph", arguments: [
        (Loss.mse, MathFunction.tanh), (.mse, .relu), (.bce, .tanh), (.bce, .sigmoid), (.hinge, .relu), (.crossEntropy, .tanh),
    ])
    func matchesGraph(_ loss: Loss, _ activation: MathFunction) throws {
        let data = loss == .crossEntropy ? Dataset.spiral(30, classes: 3, noise: 0.1, seed: 2) : Dataset.moons(20, noise: 0.2, seed: 5)
        let outputs = data.targets.columns
        let network = Network.make(sizes: [2, 5, 4, outputs], activation: activation, activateLast: false, seed: 9)
        let trainer = Trainer(network: network, data: data, loss: loss, learningRate: 0.1, epochs: 1, batchSize: nil, optimizer: .sgd)
        let fast = trainer.fastLossAndGradients()
        let prediction = network.forward(.constant(data.inputs)) { Node.make($0, $1) }
        let graphLoss = loss.node(prediction, .constant(data.targets)) { Node.make($0, $1) }
        let pass = Backpropagation(from: graphLoss)
        #expect(abs(fast.loss - graphLoss.value) <= 1e-12 * max(1, abs(graphLoss.value)))
        for (parameter, gradient) in zip(network.parameters, fast.gradients) {
            let expected = try #require(pass.tensorGradient(of: parameter.node))
            for (a, b) in zip(gradient.elements, expected.elements) {
                #expect(abs(a - b) <= 1e-12 + 1e-9 * abs(b), "\(loss) \(activation) d/d\(parameter.name): fast \(a), graph \(b)")
            }
        }
    }
}

extension TrainingKernelTests {
    @Test("bce's gradient is σ(z) − y with σ exactly as MathFunction.logistic computes it, and its loss as written, for z of either sign")
    func bceMatchesLogistic() {
        // One linear unit with weight 1 and bias 0, so the output is the input (z = x·1 + 0), one example at a time.
        let layer = Layer(weights: .leaf("W1", tensor: Tensor(shape: [1, 1], elements: [1])),
                          bias: .leaf("b1", tensor: Tensor(shape: [1], elements: [0])), activation: nil)
        let kernel = MLPKernel(network: Network(layers: [layer], lossName: nil), loss: .bce)
        for z in [0, 1e-300, -1e-300, 0.5, -0.5, 3, -3, 20, -20, 40, -40, 700, -700, 800, -800, .nan] {
            for y in [0.0, 1] {
                let (loss, gradients) = kernel.lossAndGradients([[1], [0]], inputs: [z], targets: [y], rows: 1)
                let sigma = MathFunction.logistic(z), expectedLoss = max(z, 0) - z * y + log(1 + exp(-abs(z)))
                #expect(gradients[1][0].bitPattern == (sigma - y).bitPattern || (z.isNaN && gradients[1][0].isNaN), "z = \(z), y = \(y)")
                #expect(loss.bitPattern == expectedLoss.bitPattern || (z.isNaN && loss.isNaN), "z = \(z), y = \(y)")
            }
        }
    }
}

@Suite("Stopping long computations", .serialized)
struct StoppingTests {
    @Test("Ctrl-C stops train between steps and keeps the weights reached so far")
    func trainKeepsWeights() {
        let notebook = Notebook()
        _ = notebook.run("net = mlp(2, [4, 1], act = tanh); data = xor(); before = net(data.X)")
        let result = run("h = train(net, data, lr = 0.2, epochs = 10000000)", in: notebook, pressingCtrlCAfter: 200)
        #expect(!result.hasErrors)
        #expect(!result.wasInterrupted, "the cell is not undone: training keeps what it reached")
        let change = Double(results(of: notebook.run("sum((net(data.X) - before)^2)"))) ?? 0
        #expect(change > 0, "the weights moved")
        #expect(results(of: notebook.run("shape(h)")) != "[10000000]", "training stopped early")
    }

    @Test("Ctrl-C stops repeat between repetitions and keeps the completed ones")
    func repeatKeepsProgress() {
        let notebook = Notebook()
        _ = notebook.run("k = 0")
        let result = run("repeat 10000000 { k = k + 1 }", in: notebook, pressingCtrlCAfter: 200)
        #expect(result.outputs.contains { $0.text.contains("repeat was interrupted after") })
        let k = Double(results(of: notebook.run("k"))) ?? -1
        #expect(k > 0 && k < 10_000_000)
    }

    @Test("Ctrl-C inside a repeat inside a repeat stops both, keeps whole inner repetitions, and says how far the outer got")
    func nestedRepeatStops() {
        let notebook = Notebook()
        _ = notebook.run("k = 0; j = 0")
        let result = run("repeat 1000 { repeat 10000000 { k = k + 1; j = j + 1 } }", in: notebook, pressingCtrlCAfter: 200)
        #expect(result.outputs.contains { $0.text == "note: repeat was interrupted after 0 of 1,000 repetitions; what they computed is kept." })
        let k = Double(results(of: notebook.run("k"))) ?? -1
        #expect(k > 0 && k < 10_000_000)
        #expect(results(of: notebook.run("j")) == results(of: notebook.run("k")), "no repetition stops half-way")
    }
}
