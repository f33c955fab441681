// Small multilayer perceptrons whose weights are graph leaves, so backprop reaches every one of them.

import Foundation

/// One fully connected layer: out = act(x @ W + b), with W of shape inputs×outputs.
public struct Layer: Sendable {
    public var weights: Node
    public var bias: Node
    /// The activation, or nil for a linear layer (the output layer of an `mlp`).
    public var activation: MathFunction?

    public var inputs: Int { weights.shape.first ?? 0 }
    public var outputs: Int { weights.shape.last ?? 0 }
    public var parameterCount: Int { weights.elements.count + bias.elements.count }
}

/// A network: layers applied in order. A value like any other; training makes a new one.
public struct Network: Sendable {
    public var layers: [Layer]
    /// The loss it was last trained with (so `accuracy` knows whether outputs are logits).
    public var lossName: String?

    /// Every parameter with its name: `W1`, `b1`, `W2`, …
    public var parameters: [(name: String, node: Node)] {
        layers.enumerated().flatMap { index, layer in
            [("W\(index + 1)", layer.weights), ("b\(index + 1)", layer.bias)]
        }
    }

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// A network with sizes `[inputs, hidden…, outputs]`, initialised reproducibly from `seed`.
    ///
    /// Weights are normal with variance 2/fan_in for relu (He) and 1/fan_in otherwise (Xavier/LeCun),
    /// which keeps activations from growing or shrinking layer by layer; biases start at 0. Hidden layers
    /// use `activation`; the last layer is linear unless `activateLast`.
    public static func make(sizes: [Int], activation: MathFunction, activateLast: Bool, seed: UInt64, name: String = "") -> Network {
        var random = RandomNumbers(seed: seed)
        var layers: [Layer] = []
        for index in 0..<(sizes.count - 1) {
            let fanIn = sizes[index], fanOut = sizes[index + 1]
            let scale = (activation == .relu ? 2.0 : 1.0) / Double(fanIn)
            let weights = random.normal(fanIn * fanOut).map { $0 * scale.squareRoot() }
            let isLast = index == sizes.count - 2
            layers.append(Layer(
                weights: .leaf(name + "W\(index + 1)", tensor: Tensor(shape: [fanIn, fanOut], elements: weights)),
                bias: .leaf(name + "b\(index + 1)", tensor: Tensor(shape: [fanOut], repeating: 0)),
                activation: isLast && !activateLast ? nil : activation))
        }
        return Network(layers: layers)
    }

    /// The same network with its parameters renamed `prefix.W1`, … (when it is bound to a name).
    public func named(_ prefix: String) -> Network {
        var copy = self
        for index in copy.layers.indices {
            let layer = copy.layers[index]
            copy.layers[index].weights = .leaf("\(prefix).W\(index + 1)", tensor: layer.weights.tensor ?? Tensor(shape: layer.weights.shape, repeating: 0))
            copy.layers[index].bias = .leaf("\(prefix).b\(index + 1)", tensor: layer.bias.tensor ?? Tensor(shape: layer.bias.shape, repeating: 0))
        }
        return copy
    }

    /// The same network with new parameter values (in `parameters` order), keeping the names.
    func replacingParameters(_ values: [Tensor]) -> Network {
        var copy = self
        for index in copy.layers.indices {
            copy.layers[index].weights = .leaf(copy.layers[index].weights.name ?? "W", tensor: values[2 * index])
            copy.layers[index].bias = .leaf(copy.layers[index].bias.name ?? "b", tensor: values[2 * index + 1])
        }
        return copy
    }

    /// The forward pass: each layer's x @ W + b, then its activation. `x` is one example (a vector)
    /// or a batch (a matrix with one example per row).
    public func forward(_ x: Node, make: (Node.Operation, [Node]) -> Node) -> Node {
        var activation = x
        for layer in layers {
            let linear = make(.add, [make(.matrixProduct, [activation, layer.weights]), layer.bias])
            activation = layer.activation.map { make(.function($0), [linear]) } ?? linear
        }
        return activation
    }
}
