// The builtins on vectors and matrices (implemented in `Evaluator+Tensors.swift`).

extension Builtin {
    private static func tensor(_ name: String, usage: String, _ summary: String, example: String, shows: String? = nil,
                               note: String? = nil, options: [String] = [], arity: ClosedRange<Int>) -> Builtin {
        Builtin(name, usage: usage, summary, example: example, shows: shows, note: note, options: options, arity: arity,
                theme: .tensors, implementation: .tensor)
    }

    static let tensors: [Builtin] = [
        tensor("det", usage: "det(A)", "the determinant of a square matrix up to 3×3, written out by cofactors.",
               example: "det([[2, 1], [1, 3]]); A = [[a, b], [c, d]]; det(A); grad(det(A), A)", shows: "5, then a*d - b*c, then [[d, -c], [-b, a]]", arity: 1...1),
        tensor("diag", usage: "diag(v) or diag(A)", "the diagonal matrix with v on its diagonal; the diagonal of a square matrix.",
               example: "diag([1, 2]); diag([[1, 2], [3, 4]])", shows: "[[1, 0], [0, 2]], then [1, 4]", arity: 1...1),
        tensor("dot", usage: "dot(a, b)", "the dot product of two vectors.", example: "dot([1, 2], [3, 4])", shows: "11", arity: 2...2),
        tensor("eye", usage: "eye(n)", "the n×n identity matrix.", example: "eye(3)", arity: 1...1),
        tensor("inv", usage: "inv(A)", "the inverse of a square matrix up to 3×3: its adjugate over its determinant.",
               example: "A = [[2, 1], [1, 3]]; inv(A); A @ inv(A)", shows: "[[0.6, -0.2], [-0.2, 0.4]], then the identity", arity: 1...1),
        tensor("linspace", usage: "linspace(a, b, n)", "n evenly spaced numbers from a to b.",
               example: "linspace(0, 1, 5)", shows: "[0, 0.25, 0.5, 0.75, 1]", arity: 3...3),
        tensor("log_softmax", usage: "log_softmax(v)", "log(softmax(v)), computed stably; along each row of a matrix.",
               example: "log_softmax([1, 2, 3])", arity: 1...1),
        tensor("logsumexp", usage: "logsumexp(v)", "log(sum(exp(v))) over every element, computed without overflow; its gradient is softmax(v).",
               example: "logsumexp([1000, 1000]); v = [1, 2, 3]; grad(logsumexp(v), v)", shows: "1000.69, then softmax(v)", arity: 1...1),
        tensor("max", usage: "max(v), max(W, 1), max(W, 2) or max(a, b)",
               "the largest element; of each column (1) or of each row (2); the larger of two numbers.",
               example: "max([[1, 5], [3, 2]], 1); diff(max(x, 0), x); max(x, 0) at x = -2", shows: "[3, 5], then 1 - step(-x), then 0",
               note: "at a tie the gradient goes to the first largest element: d max(a, b)/da is 1 where a = b.", arity: 1...2),
        tensor("mean", usage: "mean(v), mean(W, 1), mean(W, 2)", "the average; of each column (1) or of each row (2).",
               example: "mean([1, 2, 3])", shows: "2", arity: 1...2),
        tensor("ones", usage: "ones(n) or ones(m, n)", "filled with 1.", example: "ones(2, 3)", arity: 1...2),
        tensor("outer", usage: "outer(a, b)", "the matrix a[i]*b[j].", example: "outer([1, 2], [3, 4, 5])", arity: 2...2),
        tensor("rand", usage: "rand(m, n, seed = 1)", "uniform random numbers in [0, 1), the same for the same seed.",
               example: "rand(2, 2, seed = 7)", options: ["seed"], arity: 1...2),
        tensor("randn", usage: "randn(m, n, seed = 1)", "normally distributed random numbers, the same for the same seed.",
               example: "W = randn(3, 2, seed = 1)", options: ["seed"], arity: 1...2),
        tensor("shape", usage: "shape(W)", "the sizes of a vector or matrix, as a vector ([3, 2] for a 3×2 matrix).",
               example: "shape(zeros(3, 2))", shows: "[3, 2]", arity: 1...1),
        tensor("softmax", usage: "softmax(v)", "exp(v)/sum(exp(v)), probabilities that add up to 1; along each row of a matrix.",
               example: "softmax([1, 2, 3])", shows: "[0.0900306, 0.244728, 0.665241]", arity: 1...1),
        tensor("sum", usage: "sum(v), sum(W, 1), sum(W, 2)", "all elements added up; of each column (1) or of each row (2).",
               example: "sum([[1, 2], [3, 4]], 1)", shows: "[4, 6]", arity: 1...2),
        tensor("trace", usage: "trace(A)", "the sum of the diagonal of a square matrix.",
               example: "trace([[1, 2], [3, 4]]); X = [[p, q], [r, s]]; A = [[1, 2], [3, 4]]; grad(trace(A @ X), X)",
               shows: "5, then transpose(A)", arity: 1...1),
        tensor("transpose", usage: "transpose(W)", "rows become columns.", example: "transpose([[1, 2], [3, 4]])", arity: 1...1),
        tensor("zeros", usage: "zeros(n) or zeros(m, n)", "filled with 0.", example: "zeros(3)", shows: "[0, 0, 0]", arity: 1...2),
    ]
}
