// The text of :help, ?topic and topic?: an overview, then one paragraph with an example per topic.

/// Help topics: every builtin, calculus form and command.
public enum Help {
    public static func text(for topic: String?) -> String {
        guard var topic = topic?.trimmingSpaces(), !topic.isEmpty else { return overview }
        if topic.hasPrefix(":") { topic.removeFirst() }
        if let entry = topics[topic] { return entry }
        if let function = MathFunction(rawValue: topic) {
            return function.summary + "\n  example: \(function.rawValue)(0.5), diff(\(function.rawValue)(2*x), x)"
        }
        if let command = Command(rawValue: topic) { return "\(command.usage): \(command.summary)" }
        let known = Array(topics.keys) + MathFunction.allCases.map(\.rawValue) + Command.allCases.map(\.rawValue)
        let suggestion = Suggestion.closest(to: topic, among: known).map { " Did you mean \($0)?" } ?? ""
        return "there is no help topic '\(topic)'.\(suggestion) :help lists the topics."
    }

    /// Every topic name, for completion.
    public static var topicNames: [String] {
        (Array(topics.keys) + MathFunction.allCases.map(\.rawValue) + Command.allCases.map(\.rawValue)).sorted()
    }

    static let overview = """
        gradbook: values, formulas and their derivatives, three ways.

        the language      x = 2   f(x, y) = x^2 + y   a*x^2 (a, x unbound: a formula)
                          + - * / ^ (or **), unary minus, ( ), # comments; end a statement with ; to hide its result
                          pi, e, inf, nan; [x, y] lists
        functions         sin cos tan exp log sqrt abs tanh sigmoid relu step sign   sum(v) mean(v)
        derivatives       diff(EXPR, x[, n])   symbolic, as a formula
                          grad(EXPR, [x, y])   by backpropagation over the computation graph
                          backward(EXPR)       the backward pass: every leaf's value and gradient
                          numdiff(EXPR, x[, h]) numeric, by central differences
                          check(EXPR, x)       all three side by side, with a verdict
                          A == B               same function? (checks a derivative you worked out by hand)
                          EXPR at x = 2, y = 3 evaluate with names bound just for this expression
        commands          :digits N  :help [topic]  :vars  :reset  :load FILE  :save FILE  :quit

        :help TOPIC (or ?TOPIC, TOPIC?) explains one, e.g. :help diff, ?grad, check?
        """

    static let topics: [String: String] = [
        "at": """
            EXPR at x = 2, y = 3 evaluates EXPR with those names bound just for this evaluation; nothing is rebound.
            'at' applies to the whole expression on its left, and stored values that were computed from x are re-read with the new x.
              example: diff(x^3, x) at x = 2        → 12
            """,
        "backward": """
            backward(EXPR) runs backpropagation over the graph that computed EXPR: starting from dEXPR/dEXPR = 1, each
            operation passes the gradient to its inputs times its local derivative, adding up where a value is used twice.
            It prints every leaf (and named intermediate) with its value and gradient. Running it twice gives the same numbers.
              example: x = -4; y = x^2 + x; backward(y)
            """,
        "check": """
            check(EXPR, x) computes dEXPR/dx three ways at the current point: the symbolic formula, backpropagation, and
            a numeric estimate by central differences. It shows the relative errors |a - n|/max(|a|, |n|) and a verdict:
            at most 1e-7 exact, under 1e-4 fine, up to 1e-2 suspicious, above that wrong.
              example: x = 0.5; check(sigmoid(3*x)^2, x)
            """,
        "diff": """
            diff(EXPR, x) is the symbolic derivative of EXPR with respect to the name x, simplified and printed as a
            formula in gradbook's own syntax (you can paste it back in). diff(EXPR, x, n) is the n-th derivative.
            When every name in the result has a value, its value is shown too. Parts used more than once are named
            once in a 'where' clause, which is exactly how backpropagation reuses them.
              example: diff(x^2*sin(x), x)          → 2*x*sin(x) + x^2*cos(x)
            """,
        "equality": equality,
        "==": equality,
        "functions": """
            Define a function with f(x, y) = x^2 + y; its body is evaluated at each call, so it sees the bindings of the moment.
            Builtins: sin cos tan exp log sqrt abs tanh sigmoid relu step sign (one argument each, or elementwise on a list),
            and sum(v), mean(v) over a list. :help NAME explains one.
              example: f(x) = 3*x^2 - 4*x + 5; f(3); diff(f(x), x)
            """,
        "grad": """
            grad(EXPR, [x, y]) is the vector of partial derivatives of EXPR by backpropagation over its computation graph.
            grad(EXPR, h) for an intermediate binding h (one EXPR was computed from) is the gradient with respect to that value.
            With free symbols the gradient is computed symbolically, in reverse mode.
              example: x = -4; z = 2*x + 2 + x; y = z^2; grad(y, [x])
            """,
        "language": """
            Statements: x = EXPR binds x now (the value remembers the computation that produced it); f(x) = EXPR defines a
            function; EXPR prints its value. Separate statements with a new line or ;, and end one with ; to hide its result.
            A name with no value is a free symbol, so a*x^2 is a formula. Numbers: 2, -3.5, 1e-3, .5. Operators, tightest
            first: ^ (right-associative; -x^2 is -(x^2)), unary -, * /, + -, ==, at.
            """,
        "numdiff": """
            numdiff(EXPR, x) estimates dEXPR/dx by nudging x: central differences (f(x+h) - f(x-h))/2h at shrinking steps,
            extrapolated to h = 0 (Ridders' method), good to about 1e-10 for smooth functions. numdiff(EXPR, x, h) uses your
            step h, so you can watch truncation error (h too big) and rounding error (h too small).
              example: numdiff(sin(x), x) at x = 1;  numdiff(sin(x), x, 1e-12) at x = 1
            """,
    ]

    private static let equality = """
        A == B compares two expressions. With free symbols it asks whether they are the same function: true, or false
        with a point where they differ. That is how to check a derivative you worked out by hand, and when it is wrong
        gradbook tries the usual slips (a missing chain-rule factor, a flipped sign, a factor off) and names the one that fits.
        Without free symbols it compares numbers (to within 1e-12 relative, so 0.1 + 0.2 == 0.3 is true).
          example: 2*(w*x - t)*x == diff((w*x - t)^2, w)
        """
}
