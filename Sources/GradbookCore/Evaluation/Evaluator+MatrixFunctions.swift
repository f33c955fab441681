// trace, diag, det and inv, built from elements (W[i, j]) and arithmetic, so every pass (value, backprop,
// forward mode, numeric, symbolic) differentiates them with rules it already has: d det(A)/dA comes out as
// the cofactor matrix, and grad(log(det(A)), A) == transpose(inv(A)) holds with symbols and with numbers.
//
// det and inv are written out by cofactors, which is how a learner computes them by hand and stays exact for
// the sizes gradbook is for (1×1 to 3×3); larger matrices are refused rather than done by elimination.

extension Evaluator {
    /// The largest n for det(A) and inv(A) of an n×n matrix.
    static let largestCofactorSize = 3

    func matrixFunction(_ name: String, _ input: Node, argument: Expression, at range: SourceRange) throws(Diagnostic) -> Node {
        let text = source.text(in: argument.range)
        if name == "diag", input.shape.count == 1 {
            // A vector v becomes the matrix with v on its diagonal: v times the identity, row by row.
            let n = input.shape[0]
            try checkElementCount(Double(n) * Double(n), at: range)
            var identity = [Double](repeating: 0, count: n * n)
            for i in 0..<n { identity[i * n + i] = 1 }
            return makeNode(.multiply, [input, .constant(Tensor(shape: [n, n], elements: identity), cell: cell)], at: range)
        }
        guard input.shape.count == 2, input.shape[0] == input.shape[1] else {
            throw .notSquare(name, typed: text, shape: input.shape, at: argument.range)
        }
        let n = input.shape[0]
        let a = { (i: Int, j: Int) -> Node in self.entry(i, j, of: input, at: range) }
        switch name {
        case "trace": return total((0..<n).map { a($0, $0) }, at: range)
        case "diag": return makeNode(.stack, (0..<n).map { a($0, $0) }, at: range)
        default: break
        }
        guard n <= Evaluator.largestCofactorSize else {
            throw .tooLargeForCofactors(name, typed: text, size: n, at: argument.range)
        }
        let determinant = self.determinant(n, a, at: range)
        if name == "det" { return determinant }
        if !determinant.isSymbolic, determinant.value == 0 {
            throw .singularMatrix(text, at: argument.range)
        }
        // inv(A) = adj(A)/det(A): entry (i, j) is the cofactor of (j, i) over the determinant.
        let rows = (0..<n).map { i in
            makeNode(.stack, (0..<n).map { j in makeNode(.divide, [cofactor(j, i, n, a, at: range), determinant], at: range) }, at: range)
        }
        return makeNode(.stack, rows, at: range)
    }

    /// det of the n×n matrix whose entries `a` gives, by cofactors along the first row.
    private func determinant(_ n: Int, _ a: @escaping (Int, Int) -> Node, at range: SourceRange) -> Node {
        switch n {
        case 1: return a(0, 0)
        case 2: return makeNode(.subtract, [makeNode(.multiply, [a(0, 0), a(1, 1)], at: range), makeNode(.multiply, [a(0, 1), a(1, 0)], at: range)], at: range)
        default: return total((0..<n).map { j in makeNode(.multiply, [a(0, j), cofactor(0, j, n, a, at: range)], at: range) }, at: range)
        }
    }

    /// (-1)^(i+j) times the determinant of the matrix without row i and column j.
    private func cofactor(_ i: Int, _ j: Int, _ n: Int, _ a: @escaping (Int, Int) -> Node, at range: SourceRange) -> Node {
        if n == 1 { return .constant(1, cell: cell) }
        let rows = (0..<n).filter { $0 != i }, columns = (0..<n).filter { $0 != j }
        let minor = determinant(n - 1, { a(rows[$0], columns[$1]) }, at: range)
        return (i + j) % 2 == 0 ? minor : makeNode(.negate, [minor], at: range)
    }

    /// Element (i, j), 0-based, of a matrix node, as W[i + 1, j + 1] would pick it.
    private func entry(_ i: Int, _ j: Int, of matrix: Node, at range: SourceRange) -> Node {
        let width = matrix.shape[1]
        let selection = Selection(rows: [i], columns: [j], dropsRows: true, dropsColumns: true, sourceColumns: width)
        return makeNode(.select(selection), [matrix], at: range)
    }

    /// a1 + a2 + … as a chain of additions (one term is itself).
    private func total(_ terms: [Node], at range: SourceRange) -> Node {
        terms.dropFirst().reduce(terms[0]) { makeNode(.add, [$0, $1], at: range) }
    }
}
