// One example per builtin function, for :help NAME (the one-line summary lives with the function itself).

extension Help {
    /// An example for each builtin of one argument; `MathFunction.summary` says what it computes.
    static let functionExamples: [MathFunction: String] = [
        .abs: "abs(-3) is 3; diff(abs(x), x) is sign(x), and backward(abs(x)) at x = 0 uses 0 as the derivative.",
        .cos: "cos(pi) is -1; diff(cos(2*x), x) is -2*sin(2*x) (the chain rule brings the 2 out).",
        .exp: "exp(1) is e; diff(exp(x^2), x) is 2*x*exp(x^2).",
        .log: "log(e) is 1; diff(log(x^2 + 1), x) is 2*x/(x^2 + 1). log of a negative number is nan. "
            + "Four standard forms are computed in one stable step, so they never overflow: log(1 + exp(u)) "
            + "(x = 1000; log(1 + exp(x)) is 1000, and its derivative is written sigmoid(x)), log(sigmoid(u)) "
            + "(log(sigmoid(-800)) is -800; derivative sigmoid(-u)), log(1 - sigmoid(u)) (derivative -sigmoid(u); "
            + "u = 30; grad(log(1 - sigmoid(u)), u) is -1) and log(sum(exp(v))) (log-sum-exp; derivative "
            + "softmax(v)). Where their steps overflow or lose their digits, the gradient goes from the log straight "
            + "to u and a note says so; "
            + "anything else that overflows is inf or nan with a note, never a plausible finite number.",
        .relu: "relu(-2) is 0 and relu(3) is 3; x = -1; grad(relu(x), [x]) is [0]: no gradient flows through a relu that is off.",
        .sigmoid: "sigmoid(0) is 0.5; x = 0.5; check(sigmoid(3*x), x) shows the three derivatives agree.",
        .sign: "sign(-0.3) is -1; diff(abs(x), x) is written with it: sign(x).",
        .sin: "sin(pi/2) is 1; diff(x^2*sin(x), x) is 2*x*sin(x) + x^2*cos(x).",
        .sqrt: "sqrt(9) is 3; diff(sqrt(x), x) at x = 4 is 0.25.",
        .step: "step(2) is 1 and step(-2) is 0; diff(relu(x), x) is step(x).",
        .tan: "tan(pi/4) is 1 (up to rounding); diff(tan(x), x) at x = 0 is 1.",
        .tanh: "tanh(0) is 0; diff(tanh(x), x) at x = 0 is 1, and far from 0 it is nearly 0: tanh saturates.",
    ]
}
