// The forward rule of every operation on vectors and matrices (the kernels are in Tensors/TensorForward.swift).

import Foundation

extension TensorForward {
    /// The result of `operation` on `inputs`, whose result has shape `shape` (a number when `[]`).
    static func apply(_ operation: Node.Operation, _ inputs: [Node], shape: [Int]) -> (value: Double, tensor: Tensor?) {
        let elements = compute(operation, inputs.map { Operand(elements: $0.elements, shape: $0.shape) }, shape: shape)
        if shape.isEmpty { return (elements.first ?? .nan, nil) }
        return (.nan, Tensor(shape: shape, elements: elements))
    }

    /// The elements of `operation` applied to `inputs`, for a result of shape `shape` (`[]`: one number).
    ///
    /// Every operation is handled here, without a default case, so a new operation cannot be added
    /// without its forward rule (which numdiff's re-run relies on too).
    static func compute(_ operation: Node.Operation, _ inputs: [Operand], shape: [Int]) -> [Double] {
        switch operation {
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum:
            return Arithmetic.forward(operation, inputs, shape: shape)
        case .function(let function): return inputs[0].elements.map { function($0) }
        case .matrixProduct: return MatrixProduct.forward(inputs[0].elements, shape: inputs[0].shape, inputs[1].elements, shape: inputs[1].shape)
        case .transpose: return Transpose.forward(inputs[0])
        case .stack: return Stack.joined(inputs.map(\.elements))
        case .sum(let axis): return Reduction.forward(.sum, inputs[0], axis: axis)
        case .mean(let axis): return Reduction.forward(.mean, inputs[0], axis: axis)
        case .max(let axis): return Reduction.forward(.max, inputs[0], axis: axis)
        case .softmax, .logSoftmax: return Softmax.forward(inputs[0], isLog: operation == .logSoftmax)
        case .select(let selection): return Select.picked(inputs[0].elements, selection)
        case .constant, .leaf, .freeSymbol: return inputs.first?.elements ?? []
        }
    }
}
