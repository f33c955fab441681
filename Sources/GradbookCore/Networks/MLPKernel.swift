// The training fast path: an MLP's forward and backward pass on flat arrays, without building a graph.

import CMatrixKernels
import Foundation

/// Forward and backward passes of an `mlp`, written out by hand (what the graph computes, with none of
/// its bookkeeping), for `train`'s inner loop.
///
/// It computes exactly what backpropagation over the graph computes (a test compares the two): per layer
/// Z = A·W + b and A' = act(Z) forward; then, from the loss's gradient with respect to the output,
/// dZ = dA ∘ act'(Z), dW = Aᵀ·dZ, db = Σ_rows dZ, dA = dZ·Wᵀ backward. The one deliberate difference:
/// bce's gradient is taken as σ(z) − y everywhere, the true derivative, where the graph's kink
/// conventions for relu and abs give −y at exactly z = 0.
final class MLPKernel {
    let sizes: [Int]
    let activations: [MathFunction?]
    let loss: Loss
    /// Each layer's Z = A·W + b and its activation A' = act(Z) (Z itself where there is none), n×m each,
    /// kept from step to step: a step that allocated and zeroed its matrices spent a third of its time there.
    /// relu and tanh overwrite Z with A' (`activatesInPlace`), and `outputs` is empty there.
    private var preactivations: [[Double]]
    private var outputs: [[Double]]
    /// Whether a layer's activation needs only its output on the way back, so it overwrites Z: relu'(z) is on where
    /// relu(z) > 0 (and a NaN z is a NaN output), tanh'(z) = 1 - tanh(z)^2. One matrix a layer, not two, is half the
    /// memory a step writes and reads again.
    private let activatesInPlace: [Bool]
    /// dL/dZ of the layer the backward pass is at, and dL/dA of the layer before it, n×(widest layer) each.
    private var delta: [Double] = []
    private var upstream: [Double] = []
    /// A weight matrix transposed (dZ·Wᵀ reads it row by row).
    private var transposed: [Double]
    /// The gradient of each parameter (W1, b1, W2, …), handed to the caller and refilled by the next step.
    private var gradients: [[Double]]
    /// The batch size the buffers are laid out for.
    private var rows = 0

    init(network: Network, loss: Loss) {
        let sizes = [network.layers.first?.inputs ?? 0] + network.layers.map(\.outputs)
        self.sizes = sizes
        activations = network.layers.map(\.activation)
        activatesInPlace = activations.map { $0 == .relu || $0 == .tanh }
        self.loss = loss
        preactivations = Array(repeating: [], count: activations.count)
        outputs = preactivations
        transposed = [Double](repeating: 0, count: zip(sizes, sizes.dropFirst()).map { $0 * $1 }.max() ?? 0)
        gradients = (0..<network.layers.count).flatMap { layer in
            [[Double](repeating: 0, count: sizes[layer] * sizes[layer + 1]), [Double](repeating: 0, count: sizes[layer + 1])]
        }
    }

    /// Lays the buffers out for batches of `n` rows (once, and again only when the batch size changes).
    private func prepare(rows n: Int) {
        guard n != rows else { return }
        rows = n
        for layer in activations.indices {
            preactivations[layer] = [Double](repeating: 0, count: n * sizes[layer + 1])
            outputs[layer] = activations[layer] == nil || activatesInPlace[layer] ? [] : preactivations[layer]
        }
        let widest = n * (sizes.max() ?? 0)
        delta = [Double](repeating: 0, count: widest)
        upstream = delta
    }

    /// The loss on a batch and its gradient with respect to each parameter (W1, b1, W2, …), given the
    /// parameters' values in that order.
    func lossAndGradients(_ parameters: [[Double]], inputs: [Double], targets: [Double], rows n: Int) -> (loss: Double, gradients: [[Double]]) {
        // No examples: no loss to speak of, and no rows to point at.
        guard n > 0 else { return (.nan, gradients.map { [Double](repeating: 0, count: $0.count) }) }
        prepare(rows: n)
        let layerCount = activations.count
        // Forward: Z = A·W + b, A' = act(Z), layer by layer; A0 is the inputs.
        for layer in 0..<layerCount {
            let (k, m) = (sizes[layer], sizes[layer + 1])
            parameters[2 * layer].withUnsafeBufferPointer { weights in
                parameters[2 * layer + 1].withUnsafeBufferPointer { bias in
                    withLayerInput(layer, inputs) { input in
                        preactivations[layer].withUnsafeMutableBufferPointer { z in
                            LinearAlgebra.multiply(input, weights.baseAddress!, m: n, k: k, n: m, into: z.baseAddress!, bias: bias.baseAddress!)
                        }
                    }
                }
            }
            if let f = activations[layer] {
                if activatesInPlace[layer] {
                    preactivations[layer].withUnsafeMutableBufferPointer { MLPKernel.applyInPlace(f, $0) }
                } else {
                    MLPKernel.apply(f, preactivations[layer], into: &outputs[layer])
                }
            }
        }
        let last = layerCount - 1
        let m = sizes[layerCount]
        let value = lossGradient(activated(last), targets, rows: n, columns: m)
        // Backward: dZ = dA ∘ act'(Z), dW = Aᵀ·dZ, db = Σ_rows dZ, dA = dZ·Wᵀ.
        for layer in stride(from: layerCount - 1, through: 0, by: -1) {
            let (k, m) = (sizes[layer], sizes[layer + 1])
            // dZ and db = Σ_rows dZ: in one pass for relu (the common case), which reads dZ while it makes it.
            gradients[2 * layer + 1].withUnsafeMutableBufferPointer { db in
                let sums = db.baseAddress!
                delta.withUnsafeMutableBufferPointer { dZ in
                    let gradient = dZ.baseAddress!
                    if activations[layer] == .relu {
                        // (relu's output in place of z: on where it is > 0, and a NaN z left a NaN to pass on.)
                        preactivations[layer].withUnsafeBufferPointer { gradbook_relu_backward_column_sums(gradient, $0.baseAddress!, n, m, sums) }
                        return
                    }
                    if let f = activations[layer] {
                        MLPKernel.multiplyByDerivative(dZ, count: n * m, f, preactivations[layer], activated(layer))
                    }
                    gradbook_column_sums(gradient, n, m, sums)
                }
            }
            delta.withUnsafeBufferPointer { dZ in
                withLayerInput(layer, inputs) { input in
                    gradients[2 * layer].withUnsafeMutableBufferPointer { dW in
                        LinearAlgebra.multiplyTransposingLeft(input, dZ.baseAddress!, n: n, k: k, m: m, into: dW.baseAddress!)
                    }
                }
                guard layer > 0 else { return }
                parameters[2 * layer].withUnsafeBufferPointer { weights in
                    transposed.withUnsafeMutableBufferPointer { wT in
                        LinearAlgebra.transpose(weights.baseAddress!, rows: k, columns: m, into: wT.baseAddress!)
                        upstream.withUnsafeMutableBufferPointer { dA in
                            LinearAlgebra.multiply(dZ.baseAddress!, wT.baseAddress!, m: n, k: m, n: k, into: dA.baseAddress!)
                        }
                    }
                }
            }
            if layer > 0 { swap(&delta, &upstream) }
        }
        return (value, gradients)
    }

    /// Calls `body` with the layer's input A: the batch for the first layer, else the layer before's output.
    private func withLayerInput<R>(_ layer: Int, _ inputs: [Double], _ body: (UnsafePointer<Double>) -> R) -> R {
        if layer == 0 { return inputs.withUnsafeBufferPointer { body($0.baseAddress!) } }
        return activated(layer - 1).withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// A layer's output act(Z): where it was written (Z itself for no activation, and for one applied in place).
    private func activated(_ layer: Int) -> [Double] {
        activations[layer] == nil || activatesInPlace[layer] ? preactivations[layer] : outputs[layer]
    }

    /// z = f(z) element by element, for the activations that overwrite Z (`activatesInPlace`).
    private static func applyInPlace(_ f: MathFunction, _ z: UnsafeMutableBufferPointer<Double>) {
        guard let elements = z.baseAddress else { return }
        switch f {
        case .relu: gradbook_relu(elements, elements, z.count)
        case .tanh: for i in z.indices { z[i] = Foundation.tanh(z[i]) }
        default: for i in z.indices { z[i] = f(z[i]) }
        }
    }

    /// a = f(z) element by element, with the common activations written out (no switch per element).
    static func apply(_ f: MathFunction, _ z: [Double], into a: inout [Double]) {
        z.withUnsafeBufferPointer { z in
            a.withUnsafeMutableBufferPointer { a in
                switch f {
                // A select per element, in C so that it runs several elements wide (Swift's loop did not).
                case .relu: if let zs = z.baseAddress, let out = a.baseAddress { gradbook_relu(zs, out, z.count) }
                case .tanh: for i in z.indices { a[i] = Foundation.tanh(z[i]) }
                default: for i in z.indices { a[i] = f(z[i]) }
                }
            }
        }
    }

    /// gradient ∘= f'(z) over the first `count` elements, using the forward values a = f(z) where that is
    /// cheaper (tanh' = 1 − a², so z is not read: tanh overwrites it). (relu has its own pass in C, which also sums
    /// the columns.)
    static func multiplyByDerivative(_ g: UnsafeMutableBufferPointer<Double>, count: Int, _ f: MathFunction, _ z: [Double], _ a: [Double]) {
        z.withUnsafeBufferPointer { z in
            a.withUnsafeBufferPointer { a in
                switch f {
                case .tanh: for i in 0..<count { g[i] *= 1 - a[i] * a[i] }
                default: for i in 0..<count { g[i] *= f.derivative(at: z[i], value: a[i]) }
                }
            }
        }
    }

    /// The loss of `prediction` (n×m) against `targets`; its gradient with respect to the prediction goes
    /// into `delta`, where the backward pass starts.
    private func lossGradient(_ p: [Double], _ y: [Double], rows n: Int, columns m: Int) -> Double {
        let count = Double(p.count)
        var total = 0.0
        delta.withUnsafeMutableBufferPointer { gradient in
            switch loss {
            case .mse:
                for index in p.indices {
                    let difference = p[index] - y[index]
                    total += difference * difference
                    gradient[index] = 2 * difference / count
                }
                total /= count
            case .bce:
                for index in p.indices {
                    let z = p[index]
                    // exp(-|z|) once for both: σ(z) is 1/(1 + e) for z ≥ 0 and e/(1 + e) below, exactly as
                    // `MathFunction.logistic` computes it (the same exponential, so the same bits).
                    let e = Foundation.exp(-Swift.abs(z))
                    total += max(z, 0) - z * y[index] + Foundation.log(1 + e)
                    let sigma = z >= 0 ? 1 / (1 + e) : e / (1 + e)
                    gradient[index] = (sigma - y[index]) / count
                }
                total /= count
            case .crossEntropy:
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
                total /= Double(n)
            case .hinge:
                for index in p.indices {
                    let sign: Double = y[index] > 0 ? 1 : -1
                    let margin = 1 - sign * p[index]
                    total += max(margin, 0)
                    gradient[index] = margin > 0 ? -sign / count : 0
                }
                total /= count
            }
        }
        return total
    }
}
