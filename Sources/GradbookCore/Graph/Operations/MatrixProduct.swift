// a @ b, the matrix product: every rule of the operation in one place. The switches over `Node.Operation`
// (shape, forward value, backprop, forward mode, the recorded backward pass, formulas, explain's wording) each
// call the rule here, so a change to the operation is made once.
//
// Convention: a vector is a row on the left (v @ W) and a column on the right (W @ v), and v @ w of two vectors
// is their dot product, a number; `LinearAlgebra.dimensions` reads (m, k, n) from the shapes that way. The
// kernel itself (`LinearAlgebra.multiply`) is in Tensors/; numdiff's re-run of one changed row is in
// `Node.Rerun`, which mirrors the kernel's order.

/// The rules of `Node.Operation.matrixProduct`.
enum MatrixProduct {
    /// The result's shape: (m×k) @ (k×n) is m×n, a vector drops its side; nil when the inner sizes differ.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        LinearAlgebra.productShape(a, b)
    }

    /// C[i, j] = Σ_p A[i, p]·B[p, j].
    static func forward(_ a: [Double], shape aShape: [Int], _ b: [Double], shape bShape: [Int]) -> [Double] {
        let (m, k, n) = LinearAlgebra.dimensions(aShape, bShape)
        return LinearAlgebra.multiply(a, b, m: m, k: k, n: n)
    }

    /// Backprop: dA = dC·Bᵀ and dB = Aᵀ·dC, for the gradient `g` of C.
    static func vectorJacobianProducts(_ a: Node, _ b: Node, upstream g: [Double]) -> [[Double]] {
        let (m, k, n) = LinearAlgebra.dimensions(a.shape, b.shape)
        let bTransposed = LinearAlgebra.transpose(b.elements, rows: k, columns: n)
        let aTransposed = LinearAlgebra.transpose(a.elements, rows: m, columns: k)
        return [LinearAlgebra.multiply(g, bTransposed, m: m, k: n, n: k),
                LinearAlgebra.multiply(aTransposed, g, m: k, k: m, n: n)]
    }

    /// Forward mode: d(A·B) = dA·B + A·dB, for the tangents `ta` of A and `tb` of B.
    static func jacobianVectorProduct(_ a: Node, _ b: Node, tangents ta: [Double], _ tb: [Double]) -> [Double] {
        let (m, k, n) = LinearAlgebra.dimensions(a.shape, b.shape)
        let left = LinearAlgebra.multiply(ta, b.elements, m: m, k: k, n: n)
        let right = LinearAlgebra.multiply(a.elements, tb, m: m, k: k, n: n)
        return zip(left, right).map(+)
    }

    /// The recorded (differentiable) backward pass: the gradient of input `position` as a graph, the same rule
    /// as `vectorJacobianProducts` (dA = g @ transpose(B), dB = transpose(A) @ g), with vectors as rows or columns.
    static func contribution(_ a: Node, _ b: Node, toInput position: Int, upstream g: Node, cell: Int?) -> Node {
        func make(_ operation: Node.Operation, _ inputs: [Node]) -> Node { Node.make(operation, inputs, cell: cell) }
        /// u·vᵀ for vectors u and v: u as a one-column matrix times v as a one-row matrix.
        func outer(_ u: Node, _ v: Node) -> Node {
            make(.matrixProduct, [make(.transpose, [make(.stack, [u])]), make(.stack, [v])])
        }
        switch (a.shape.count, b.shape.count, position) {
        case (1, 1, 0): return make(.multiply, [g, b])
        case (1, 1, _): return make(.multiply, [a, g])
        case (2, 1, 0): return outer(g, b)
        case (1, 2, 1): return outer(a, g)
        case (_, _, 0): return make(.matrixProduct, [g, make(.transpose, [b])])
        default: return make(.matrixProduct, [make(.transpose, [a]), g])
        }
    }

    /// The formula of each element, c[i, j] = Σ_p a[i, p]·b[p, j], from the element formulas of A and B;
    /// `shouldStop` ends the work early (a product of two 100×100 matrices is a million multiplications).
    static func elementFormulas<Formula>(_ a: [Formula], shape aShape: [Int], _ b: [Formula], shape bShape: [Int],
                                         multiply: (Formula, Formula) -> Formula, sum: ([Formula]) -> Formula,
                                         shouldStop: () -> Bool, zero: Formula) -> [Formula] {
        let (m, k, n) = LinearAlgebra.dimensions(aShape, bShape)
        return (0..<(m * n)).map { index in
            guard !shouldStop() else { return zero }
            let i = index / n, j = index % n
            return sum((0..<k).map { p in multiply(a[i * k + p], b[p * n + j]) })
        }
    }

    /// How explain says the gradient passes back to input `position`.
    static func explanation(toInput position: Int) -> String {
        position == 0 ? "g @ transpose(B)" : "transpose(A) @ g"
    }
}
