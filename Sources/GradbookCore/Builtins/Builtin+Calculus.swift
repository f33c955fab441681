// The calculus forms: builtins that read their arguments' graphs, not just their values. Their long help
// paragraphs live in `Help.topics`.

extension Builtin {
    private static func form(_ name: String, usage: String, _ summary: String, example: String, options: [String] = [],
                             arity: ClosedRange<Int>) -> Builtin {
        Builtin(name, usage: usage, summary, example: example, options: options, arity: arity, theme: .calculus, implementation: .calculus)
    }

    static let calculus: [Builtin] = [
        form("diff", usage: "diff(EXPR, x[, n])", "the symbolic derivative (n-th), simplified, as a formula you can paste back.",
             example: "diff(x^2*sin(x), x)", arity: 2...3),
        form("grad", usage: "grad(EXPR, [x, y])", "the gradient by backpropagation over the computation graph.",
             example: "x = -4; y = (2*x + 2 + x)^2; grad(y, [x])", arity: 2...2),
        form("backward", usage: "backward(EXPR)", "the backward pass: every leaf's value and gradient.",
             example: "x = -4; y = x^2 + x; backward(y)", arity: 1...1),
        form("numdiff", usage: "numdiff(EXPR, x[, h])", "the numeric derivative, by Ridders' central differences (or your step h).",
             example: "numdiff(sin(x), x) at x = 1", arity: 2...3),
        form("check", usage: "check(EXPR, x[, yours], rtol = 1e-3, atol = 1e-5)",
             "symbolic, backprop and numeric side by side (and your gradient too), with a verdict.",
             example: "x = 0.5; check(sigmoid(3*x)^2, x)", options: ["rtol", "atol"], arity: 2...3),
        form("forward_diff", usage: "forward_diff(EXPR, x[, v])",
             "the derivative by forward mode (dual numbers), one pass per input; for vectors, J·v along the direction v.",
             example: "x = 3; forward_diff(x^2*sin(x), x)", arity: 2...3),
        form("jacobian", usage: "jacobian([f1, f2], [x, y])", "the matrix of first derivatives, one row per function.",
             example: "jacobian([x*y, x + y^2], [x, y])", arity: 2...2),
        form("hessian", usage: "hessian(f, [x, y])", "the matrix of second derivatives.",
             example: "hessian(x^2*y + y^3, [x, y])", arity: 2...2),
        form("simplify", usage: "simplify(EXPR)",
             "EXPR rewritten shorter: like terms, powers and exponentials combined, sin^2 + cos^2 = 1, log(exp(u)) = u; linear in its size.",
             example: "simplify(exp(2*x)*exp(-x) + sin(x)^2 + cos(x)^2)", arity: 1...1),
        form("expand", usage: "expand(EXPR)", "EXPR with products of sums multiplied out and like terms combined.",
             example: "expand((x + 1)^2 - x^2)", arity: 1...1),
    ]
}
