// The training fast path: an MLP's forward and backward pass on flat arrays, without building a graph.

import Foundation

/// Forward and backward passes of an `mlp`, written out by hand (what the graph computes, with none of
/// its bookkeeping), for `train`'s inner loop.
///
/// It computes exactly what backpropagation over the graph computes (a test compares the two): per layer
/// Z = A·W + b and A' = act(Z) forward; then, from the loss's gradient with respect to the output,
/// dZ = dA ∘ act'(Z), dW = Aᵀ·dZ, db = Σ_rows dZ, dA = dZ·Wᵀ backward. The one deliberate difference:
/// bce's gradient is taken as σ(z) − y everywhere, the true derivative, where the graph's kink
/// conventions for relu and abs give −y at exactly z = 0.
struct MLPKernel {
    let sizes: [Int]
    let activations: [MathFunction?]
    let loss: Loss

    init(network: Network, loss: Loss) {
        sizes = [network.layers.first?.inputs ?? 0] + network.layers.map(\.outputs)
        activations = network.layers.map(\.activation)
        self.loss = loss
    }

    /// The loss on a batch and its gradient with respect to each parameter (W1, b1, W2, …), given the
    /// parameters' values in that order.
    func lossAndGradients(_ parameters: [[Double]], inputs: [Double], targets: [Double], rows n: Int) -> (loss: Double, gradients: [[Double]]) {
        let layerCount = activations.count
        var outputs: [[Double]] = [inputs]  // A0 = X, then each layer's activation
        var preactivations: [[Double]] = []
        for layer in 0..<layerCount {
            let (k, m) = (sizes[layer], sizes[layer + 1])
            var z = LinearAlgebra.multiply(outputs[layer], parameters[2 * layer], m: n, k: k, n: m)
            let bias = parameters[2 * layer + 1]
            z.withUnsafeMutableBufferPointer { z in
                bias.withUnsafeBufferPointer { bias in
                    for row in 0..<n { for column in 0..<m { z[row * m + column] += bias[column] } }
                }
            }
            preactivations.append(z)
            outputs.append(activations[layer].map { f in MLPKernel.apply(f, z) } ?? z)
        }
        let prediction = outputs[layerCount]
        let (value, initialGradient) = lossGradient(prediction, targets, rows: n, columns: sizes[layerCount])
        var gradient = initialGradient
        var gradients = [[Double]](repeating: [], count: 2 * layerCount)
        for layer in stride(from: layerCount - 1, through: 0, by: -1) {
            let (k, m) = (sizes[layer], sizes[layer + 1])
            if let f = activations[layer] {
                MLPKernel.multiplyByDerivative(&gradient, f, preactivations[layer], outputs[layer + 1])
            }
            gradients[2 * layer] = LinearAlgebra.multiplyTransposingLeft(outputs[layer], gradient, n: n, k: k, m: m)
            gradients[2 * layer + 1] = MLPKernel.columnSums(gradient, rows: n, columns: m)
            if layer > 0 {
                gradient = LinearAlgebra.multiplyTransposingRight(gradient, parameters[2 * layer], n: n, m: m, k: k)
            }
        }
        return (value, gradients)
    }

    /// f applied to every element, with the common activations written out (no switch per element).
    static func apply(_ f: MathFunction, _ z: [Double]) -> [Double] {
        switch f {
        case .relu:
            // In place on a copy, as a select per element, which vectorises (a map was 16 instructions each).
            var a = z
            a.withUnsafeMutableBufferPointer { a in
                for i in a.indices { let v = a[i]; a[i] = v > 0 ? v : 0 }
            }
            return a
        case .tanh: return z.map { Foundation.tanh($0) }
        default: return z.map { f($0) }
        }
    }

    /// gradient ∘= f'(z), using the forward values a = f(z) where that is cheaper (tanh' = 1 − a²).
    static func multiplyByDerivative(_ gradient: inout [Double], _ f: MathFunction, _ z: [Double], _ a: [Double]) {
        gradient.withUnsafeMutableBufferPointer { g in
            z.withUnsafeBufferPointer { z in
                a.withUnsafeBufferPointer { a in
                    switch f {
                    case .relu: for i in 0..<g.count where !(z[i] > 0) { g[i] = z[i].isNaN ? z[i] : 0 }
                    case .tanh: for i in 0..<g.count { g[i] *= 1 - a[i] * a[i] }
                    default: for i in 0..<g.count { g[i] *= f.derivative(at: z[i], value: a[i]) }
                    }
                }
            }
        }
    }

    /// The sum of each column of a rows×columns matrix (a bias's gradient).
    static func columnSums(_ matrix: [Double], rows: Int, columns: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        matrix.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for row in 0..<rows { for column in 0..<columns { s[column] += x[row * columns + column] } }
            }
        }
        return sums
    }

    /// The loss of `prediction` (n×m) against `targets`, and its gradient with respect to the prediction.
    private func lossGradient(_ p: [Double], _ y: [Double], rows n: Int, columns m: Int) -> (Double, [Double]) {
        let count = Double(p.count)
        switch loss {
        case .mse:
            var total = 0.0
            let gradient = p.indices.map { index -> Double in
                let difference = p[index] - y[index]
                total += difference * difference
                return 2 * difference / count
            }
            return (total / count, gradient)
        case .bce:
            var total = 0.0
            let gradient = p.indices.map { index -> Double in
                let z = p[index]
                total += max(z, 0) - z * y[index] + Foundation.log(1 + Foundation.exp(-Swift.abs(z)))
                return (MathFunction.logistic(z) - y[index]) / count
            }
            return (total / count, gradient)
        case .crossEntropy:
            var total = 0.0
            var gradient = [Double](repeating: 0, count: p.count)
            for row in 0..<n {
                let slice = p[(row * m)..<((row + 1) * m)]
                let logProbabilities = TensorForward.logSoftmax(slice)
                let weight = y[(row * m)..<((row + 1) * m)].reduce(0, +)
                for column in 0..<m {
                    let index = row * m + column
                    total -= y[index] * logProbabilities[column]
                    gradient[index] = (Foundation.exp(logProbabilities[column]) * weight - y[index]) / Double(n)
                }
            }
            return (total / Double(n), gradient)
        case .hinge:
            var total = 0.0
            let gradient = p.indices.map { index -> Double in
                let sign: Double = y[index] > 0 ? 1 : -1
                let margin = 1 - sign * p[index]
                total += max(margin, 0)
                return margin > 0 ? -sign / count : 0
            }
            return (total / count, gradient)
        }
    }
}
