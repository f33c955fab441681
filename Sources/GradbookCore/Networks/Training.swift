// The training loop: forward pass, loss, backward pass, update; repeated, with SGD, momentum or Adam.

import Foundation

/// How parameters move against their gradients.
public enum Optimizer: String, CaseIterable, Sendable {
    /// w ← w − lr·g.
    case sgd
    /// v ← 0.9·v + g; w ← w − lr·v: keeps going in directions the gradient keeps pointing.
    case momentum
    /// Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8): a step scaled per weight by running gradient statistics.
    case adam
}

/// Trains a network on a data set; the result is a new network (values are immutable).
public struct Trainer {
    public var network: Network
    public var data: Dataset
    public var loss: Loss
    public var learningRate: Double
    public var epochs: Int
    /// Examples per step; nil means the whole data set (full-batch gradient descent).
    public var batchSize: Int?
    public var optimizer: Optimizer
    /// λ of the L2 penalty λ·Σ w² added to the loss (weights only, not biases); 0 for none.
    public var weightDecay: Double = 0

    public init(network: Network, data: Dataset, loss: Loss, learningRate: Double, epochs: Int, batchSize: Int?, optimizer: Optimizer) {
        self.network = network
        self.data = data
        self.loss = loss
        self.learningRate = learningRate
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
    }

    public struct Outcome: Sendable {
        public var network: Network
        /// The loss after each epoch (the mean over its steps).
        public var history: [Double]
        /// Whether Ctrl-C stopped it early (the weights reached so far are kept).
        public var wasInterrupted: Bool
    }

    /// The loss and its gradients for the network's current parameters on the whole data set, by the
    /// training fast path (for tests that compare it with backpropagation over the graph).
    public func fastLossAndGradients() -> (loss: Double, gradients: [Tensor]) {
        let parameters = network.parameters.map { $0.node.tensor ?? Tensor(shape: $0.node.shape, repeating: 0) }
        let (value, gradients) = MLPKernel(network: network, loss: loss)
            .lossAndGradients(parameters.map(\.elements), inputs: data.inputs.elements, targets: data.targets.elements, rows: data.count)
        return (value, zip(parameters, gradients).map { Tensor(shape: $0.shape, elements: $1) })
    }

    /// Runs the loop, polling `interruption` between steps and reporting each epoch to `progress`.
    public func run(interruption: Interruption?, progress: (Int, Double) -> Void = { _, _ in }) -> Outcome {
        var parameters = network.parameters.map { $0.node.tensor ?? Tensor(shape: $0.node.shape, repeating: 0) }
        var firstMoments = parameters.map { [Double](repeating: 0, count: $0.count) }
        var secondMoments = firstMoments
        var step = 0
        var history: [Double] = []
        let batches = self.batches()
        let kernel = MLPKernel(network: network, loss: loss)
        for epoch in 1...max(1, epochs) {
            var total = 0.0
            for (inputs, targets) in batches {
                if interruption?.isRequested == true {
                    return Outcome(network: network.replacingParameters(parameters), history: history, wasInterrupted: true)
                }
                step += 1
                var (value, gradients) = kernel.lossAndGradients(parameters.map(\.elements), inputs: inputs.elements,
                                                                 targets: targets.elements, rows: inputs.rows)
                if weightDecay > 0 {
                    // λ·Σ w² over the weights (every other parameter), whose gradient is 2λw.
                    for index in stride(from: 0, to: parameters.count, by: 2) {
                        let weights = parameters[index].elements
                        value += weightDecay * weights.reduce(0) { $0 + $1 * $1 }
                        for i in weights.indices { gradients[index][i] += 2 * weightDecay * weights[i] }
                    }
                }
                total += value
                for index in parameters.indices {
                    update(&parameters[index].elements, gradients[index], &firstMoments[index], &secondMoments[index], step: step)
                }
            }
            let mean = total / Double(batches.count)
            history.append(mean)
            progress(epoch, mean)
        }
        return Outcome(network: network.replacingParameters(parameters), history: history, wasInterrupted: false)
    }

    /// The data split into batches of `batchSize` rows, in order.
    private func batches() -> [(Tensor, Tensor)] {
        let n = data.count
        let size = min(max(1, batchSize ?? n), n)
        guard size < n else { return [(data.inputs, data.targets)] }
        return stride(from: 0, to: n, by: size).map { start in
            let end = min(start + size, n)
            return (rows(data.inputs, start, end), rows(data.targets, start, end))
        }
    }

    private func rows(_ tensor: Tensor, _ start: Int, _ end: Int) -> Tensor {
        let columns = tensor.columns
        return Tensor(shape: [end - start, columns], elements: Array(tensor.elements[(start * columns)..<(end * columns)]))
    }

    private func update(_ weights: inout [Double], _ gradient: [Double], _ m: inout [Double], _ v: inout [Double], step: Int) {
        guard gradient.count == weights.count else { return }
        switch optimizer {
        case .sgd:
            for i in weights.indices { weights[i] -= learningRate * gradient[i] }
        case .momentum:
            for i in weights.indices {
                m[i] = 0.9 * m[i] + gradient[i]
                weights[i] -= learningRate * m[i]
            }
        case .adam:
            let correction1 = 1 - Foundation.pow(0.9, Double(step)), correction2 = 1 - Foundation.pow(0.999, Double(step))
            for i in weights.indices {
                m[i] = 0.9 * m[i] + 0.1 * gradient[i]
                v[i] = 0.999 * v[i] + 0.001 * gradient[i] * gradient[i]
                weights[i] -= learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + 1e-8)
            }
        }
    }
}

extension Network {
    /// The fraction of examples classified correctly: for one output, the class is output > 0 for
    /// logits (bce, hinge) and output > 0.5 otherwise; for several outputs, the largest one.
    public func accuracy(on data: Dataset) -> Double {
        let predictions = predictedClasses(data.inputs)
        let targets: [Double]
        if data.targets.columns == 1 {
            targets = data.targets.elements.map { $0 > (lossName == "hinge" ? 0 : 0.5) ? 1 : 0 }
        } else {
            targets = (0..<data.targets.rows).map { row in Double(argmax(data.targets, row: row)) }
        }
        let correct = zip(predictions, targets).filter { $0 == $1 }.count
        return Double(correct) / Double(max(1, targets.count))
    }

    /// The class predicted for each row of `inputs` (0 or 1 for one output, else the index of the largest).
    public func predictedClasses(_ inputs: Tensor) -> [Double] {
        let output = forward(.constant(inputs)) { Node.make($0, $1) }
        let values = output.tensor ?? Tensor(shape: [1, 1], elements: [output.value])
        if values.columns == 1 || !values.isMatrix {
            let threshold = lossName == "bce" || lossName == "hinge" ? 0.0 : 0.5
            return values.elements.map { $0 > threshold ? 1 : 0 }
        }
        return (0..<values.rows).map { Double(argmax(values, row: $0)) }
    }

    private func argmax(_ tensor: Tensor, row: Int) -> Int {
        (0..<tensor.columns).max { tensor[row, $0] < tensor[row, $1] } ?? 0
    }
}
