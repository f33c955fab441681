// transpose(A), [a, b, c] and v[i] / W[i, j] / W[i, :]: the operations that move elements without arithmetic,
// with every rule of each in one place (see MatrixProduct.swift for the pattern). Each one's derivative moves
// the gradient back the way the elements came: transposed back, split back, placed back.

/// The rules of `Node.Operation.transpose`: rows become columns; a vector or number is unchanged.
enum Transpose {
    static func shape(_ input: [Int]) -> [Int] {
        input.count == 2 ? [input[1], input[0]] : input
    }

    /// The elements of a `shape` input in the result's order: any values, numbers or formulas alike.
    static func rearranged<Element>(_ elements: [Element], shape: [Int]) -> [Element] {
        guard shape.count == 2 else { return elements }
        return (0..<elements.count).map { elements[($0 % shape[0]) * shape[1] + $0 / shape[0]] }
    }

    static func forward(_ input: TensorForward.Operand) -> [Double] {
        guard input.shape.count == 2 else { return input.elements }
        return LinearAlgebra.transpose(input.elements, rows: input.shape[0], columns: input.shape[1])
    }

    /// Backprop: the gradient transposed back (it has the result's shape).
    static func vectorJacobianProduct(_ node: Node, upstream g: [Double]) -> [Double] {
        guard node.shape.count == 2 else { return g }
        return LinearAlgebra.transpose(g, rows: node.shape[0], columns: node.shape[1])
    }

    /// Forward mode: the tangent transposed as the elements are.
    static func jacobianVectorProduct(_ node: Node, tangent t: [Double]) -> [Double] {
        let shape = node.inputs[0].shape
        guard shape.count == 2 else { return t }
        return LinearAlgebra.transpose(t, rows: shape[0], columns: shape[1])
    }

    /// The recorded (differentiable) backward pass.
    static func contribution(upstream g: Node, cell: Int?) -> Node {
        Node.make(.transpose, [g], cell: cell)
    }

    static let explanation = "transposed back"
}

/// The rules of `Node.Operation.stack`: numbers into a vector, or equally long vectors (rows) into a matrix.
enum Stack {
    /// n numbers make a vector of n, n vectors of length m an n×m matrix; nil when the parts differ or are matrices.
    static func shape(_ inputs: [[Int]]) -> [Int]? {
        guard let first = inputs.first, first.count <= 1, inputs.allSatisfy({ $0 == first }) else { return nil }
        return [inputs.count] + first
    }

    /// The parts' elements one after the other: any values, numbers or formulas alike (and forward mode's tangents).
    static func joined<Element>(_ parts: [[Element]]) -> [Element] { parts.flatMap { $0 } }

    /// Backprop: the gradient split back into the parts.
    static func vectorJacobianProducts(_ node: Node, upstream g: [Double]) -> [[Double]] {
        var offset = 0
        return node.inputs.map { input in
            let count = input.elements.count
            defer { offset += count }
            return Array(g[offset..<(offset + count)])
        }
    }

    /// The recorded (differentiable) backward pass: element (or row) `position` of `g`, with `input`'s shape.
    static func contribution(toInput position: Int, like input: Node, upstream g: Node, cell: Int?) -> Node {
        let columns = g.shape.last ?? 1
        let selection = input.isTensor
            ? Selection(rows: [position], columns: Array(0..<columns), dropsRows: true, dropsColumns: false, sourceColumns: columns)
            : Selection(rows: [0], columns: [position], dropsRows: true, dropsColumns: true, sourceColumns: columns)
        return Node.make(.select(selection), [g], cell: cell)
    }

    static let explanation = "split back into the parts"
}

/// The rules of `Node.Operation.select`: the elements `v[i]`, `W[i, j]`, `W[i, :]`, `v[2:4]` pick (resolved by the
/// evaluator into `Selection`, 0-based).
enum Select {
    static func shape(_ selection: Selection) -> [Int] { selection.shape }

    /// The picked elements: any values, numbers or formulas alike (and forward mode's tangents).
    static func picked<Element>(_ elements: [Element], _ selection: Selection) -> [Element] {
        selection.sourceIndices.map { elements[$0] }
    }

    /// Backprop: the gradient placed back at the picked elements (added where one is picked twice).
    static func vectorJacobianProduct(_ node: Node, _ selection: Selection, upstream g: [Double]) -> [Double] {
        var gradient = [Double](repeating: 0, count: node.inputs[0].elements.count)
        for (index, source) in selection.sourceIndices.enumerated() { gradient[source] += g[index] }
        return gradient
    }

    /// The recorded (differentiable) backward pass: Rᵀ·G·C with constant 0/1 matrices R (picked rows) and C
    /// (picked columns), or G·C for a vector, so the gradient is placed back with graph operations.
    static func contribution(_ selection: Selection, into input: Node, upstream g: Node, cell: Int?) -> Node {
        func make(_ operation: Node.Operation, _ inputs: [Node]) -> Node { Node.make(operation, inputs, cell: cell) }
        /// The k×n matrix whose row i has a single 1, in column `picked[i]`.
        func picking(_ picked: [Int], from count: Int) -> Node {
            var elements = [Double](repeating: 0, count: picked.count * count)
            for (row, column) in picked.enumerated() { elements[row * count + column] = 1 }
            return .constant(Tensor(shape: [picked.count, count], elements: elements), cell: cell)
        }
        let pickColumns = picking(selection.columns, from: selection.sourceColumns)
        if input.shape.count < 2 {
            if !g.isTensor { return make(.multiply, [g, .constant(Tensor(shape: input.shape, elements: pickColumns.elements), cell: cell)]) }
            return Node.make(.matrixProduct, g, pickColumns, cell: cell)
        }
        let block = selection.dropsRows ? make(.stack, [g]) : selection.dropsColumns ? make(.transpose, [make(.stack, [g])]) : g
        let asMatrix = !g.isTensor ? make(.stack, [make(.stack, [g])]) : block
        let pickRows = picking(selection.rows, from: input.shape[0])
        return make(.matrixProduct, [make(.matrixProduct, [make(.transpose, [pickRows]), asMatrix]), pickColumns])
    }

    static let explanation = "placed back at the picked elements"
}
