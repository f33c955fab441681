// The builtins of one number: each one's value and derivative live in `MathFunction`; here, what help says.

extension Builtin {
    private static func function(_ function: MathFunction, _ summary: String, example: String, shows: String? = nil, note: String? = nil) -> Builtin {
        Builtin(function.rawValue, usage: "\(function.rawValue)(x)", summary, example: example, shows: shows, note: note,
                arity: 1...1, theme: .elementwise, implementation: .elementwise(function))
    }

    static let elementwise: [Builtin] = [
        function(.abs, "the absolute value |x|; its derivative is sign(x) (0 at x = 0).",
                 example: "abs(-3); diff(abs(x), x)", shows: "3, then sign(x)",
                 note: "backward(abs(x)) at x = 0 uses 0 as the derivative, and says so."),
        function(.cos, "the cosine of x (radians); its derivative is -sin(x).",
                 example: "cos(pi); diff(cos(2*x), x)", shows: "-1, then -2*sin(2*x) (the chain rule brings the 2 out)"),
        function(.exp, "e raised to x; it is its own derivative.",
                 example: "exp(1); diff(exp(x^2), x)", shows: "e, then 2*x*exp(x^2)"),
        function(.log, "the natural logarithm (base e), for x > 0; its derivative is 1/x.",
                 example: "log(e); diff(log(x^2 + 1), x)", shows: "1, then 2*x/(x^2 + 1)",
                 note: "log of a negative number is nan. "
                    + "Four standard forms are computed in one stable step, so they never overflow: log(1 + exp(u)) "
                    + "(x = 1000; log(1 + exp(x)) is 1000, and its derivative is written sigmoid(x)), log(sigmoid(u)) "
                    + "(log(sigmoid(-800)) is -800; derivative sigmoid(-u)), log(1 - sigmoid(u)) (derivative -sigmoid(u); "
                    + "u = 30; grad(log(1 - sigmoid(u)), u) is -1) and log(sum(exp(v))) (log-sum-exp; derivative "
                    + "softmax(v)). Where their steps overflow or lose their digits, the gradient goes from the log straight "
                    + "to u and a note says so; "
                    + "anything else that overflows is inf or nan with a note, never a plausible finite number."),
        function(.relu, "max(0, x), the rectified linear unit; its derivative is step(x) (0 at x = 0).",
                 example: "relu(-2); relu(3); x = -1; grad(relu(x), [x])", shows: "0, 3, then [0]",
                 note: "no gradient flows through a relu that is off."),
        function(.sigmoid, "1/(1 + exp(-x)), squashing any number into (0, 1); its derivative is sigmoid(x)*sigmoid(-x).",
                 example: "sigmoid(0); x = 0.5; check(sigmoid(3*x), x)", shows: "0.5, then the three derivatives agree"),
        function(.sign, "-1, 0 or 1 by the sign of x; the derivative of abs.",
                 example: "sign(-0.3); diff(abs(x), x)", shows: "-1, then sign(x)"),
        function(.sin, "the sine of x (radians); its derivative is cos(x).",
                 example: "sin(pi/2); diff(x^2*sin(x), x)", shows: "1, then 2*x*sin(x) + x^2*cos(x)"),
        function(.softplus, "log(1 + exp(x)), a smooth relu, computed without overflow; its derivative is sigmoid(x).",
                 example: "softplus(0); softplus(800); softplus(-800); diff(softplus(x), x)", shows: "0.693147, 800, 0, then sigmoid(x)",
                 note: "log(1 + exp(u)) typed out is recognised and computed the same stable way."),
        function(.sqrt, "the square root, for x >= 0; its derivative is 1/(2*sqrt(x)).",
                 example: "sqrt(9); diff(sqrt(x), x) at x = 4", shows: "3, then 0.25"),
        function(.step, "1 when x > 0, else 0; the derivative of relu.",
                 example: "step(2); step(-2); diff(relu(x), x)", shows: "1, 0, then step(x)"),
        function(.tan, "the tangent of x (radians); its derivative is tan(x)^2 + 1.",
                 example: "tan(pi/4); diff(tan(x), x) at x = 0", shows: "1 (up to rounding), then 1"),
        function(.tanh, "the hyperbolic tangent, squashing any number into (-1, 1); its derivative is 1 - tanh(x)^2.",
                 example: "tanh(0); diff(tanh(x), x) at x = 0", shows: "0, then 1",
                 note: "far from 0 the derivative is nearly 0: tanh saturates."),
    ]
}
