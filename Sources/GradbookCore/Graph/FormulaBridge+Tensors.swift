// Formulas through vectors and matrices: one formula per element, so `diff` of a number computed
// from tensors (sum((W @ x - y)^2) with respect to a scalar) still works.

import Foundation

extension FormulaBridge {
    /// The element formulas of a node whose value is, or whose inputs are, vectors or matrices.
    ///
    /// A tensor leaf's elements become variables named as a person indexes them (`W[1, 2]`, 1-based),
    /// which parse back to the same element.
    func buildElements(_ node: Node) -> [FormulaID] {
        // Once the store has stopped (Ctrl-C, or too large) its results are thrown away: skip the work.
        if store.stopReason != nil { return Array(repeating: store.zero, count: node.shape.reduce(1, *)) }
        let inputs = node.inputs.map { elementFormulas(of: $0) }
        switch node.operation {
        case .constant: return node.elements.map { store.constant($0) }
        case .leaf where leavesAreConstants: return node.elements.map { store.constant($0) }
        case .leaf(let name), .freeSymbol(let name): return elementVariables(of: node, named: name)
        case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum:
            let a = Broadcast.sourceIndices(of: node.inputs[0].shape, in: node.shape)
            let b = Broadcast.sourceIndices(of: node.inputs[1].shape, in: node.shape)
            return a.indices.map { Arithmetic.formula(node.operation, inputs[0][a[$0]], inputs[1][b[$0]], in: store) }
        case .negate: return inputs[0].map { Arithmetic.formula(.negate, $0, $0, in: store) }
        case .function(let function): return inputs[0].map { store.apply(function, $0) }
        case .matrixProduct:
            return MatrixProduct.elementFormulas(inputs[0], shape: node.inputs[0].shape, inputs[1], shape: node.inputs[1].shape,
                                                 multiply: store.multiply, sum: sum, shouldStop: { store.stopReason != nil }, zero: store.zero)
        case .transpose: return Transpose.rearranged(inputs[0], shape: node.inputs[0].shape)
        case .stack: return Stack.joined(inputs)
        case .sum(let axis): return Reduction.elementFormulas(.sum, node.inputs[0], inputs[0], axis: axis, store: store, sum: sum)
        case .mean(let axis): return Reduction.elementFormulas(.mean, node.inputs[0], inputs[0], axis: axis, store: store, sum: sum)
        case .max(let axis): return Reduction.elementFormulas(.max, node.inputs[0], inputs[0], axis: axis, store: store, sum: sum)
        case .softmax, .logSoftmax:
            return Softmax.elementFormulas(inputs[0], columns: node.shape.last ?? 1, isLog: node.operation == .logSoftmax, store: store, sum: sum)
        case .select(let selection): return Select.picked(inputs[0], selection)
        }
    }

    private func sum(_ terms: [FormulaID]) -> FormulaID {
        terms.dropFirst().reduce(terms.first ?? store.constant(0)) { store.add($0, $1) }
    }

    /// One variable per element of a tensor leaf, named `W[i, j]` (1-based, as a person indexes).
    private func elementVariables(of node: Node, named name: String) -> [FormulaID] {
        (0..<node.elements.count).map { store.variable(elementVariable(of: node, named: name, at: $0)) }
    }

    /// The variable standing for element `index` (storage order) of `node`, named as a person indexes it.
    private func elementVariable(of node: Node, named name: String, at index: Int) -> Variable {
        let columns = node.shape.last ?? 1
        let label = node.shape.count == 2 ? "\(name)[\(index / columns + 1), \(index % columns + 1)]" : "\(name)[\(index + 1)]"
        let variable = Variable(name: label, id: node.serial * 1_000_003 + index)
        registerElement(variable, of: node, at: index)
        return variable
    }

    /// Marks every element of the vector or matrix `node` as a variable (`W[1, 2]`), so conversions stop
    /// there, and returns element `index`'s: `diff(L, W[1, 2])` differentiates with respect to it. This works
    /// for an intermediate `h` as for a leaf, as `treatAsVariable` does for numbers.
    func treatElementAsVariable(_ node: Node, named name: String, at index: Int) -> Variable {
        let variables = (0..<node.elements.count).map { elementVariable(of: node, named: name, at: $0) }
        setFormulas(variables.map { store.variable($0) }, of: node)
        return variables[index]
    }
}
