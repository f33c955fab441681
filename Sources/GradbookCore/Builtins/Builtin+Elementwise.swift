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
        function(.acos, "the inverse cosine, in radians from 0 to pi, for -1 <= x <= 1; its derivative is -1/sqrt(1 - x^2).",
                 example: "acos(0); diff(acos(x), x) at x = 0.6", shows: "1.5708 (pi/2), then -1.25",
                 note: "outside -1..1 it is nan, with a note, as log of a negative number is."),
        function(.asin, "the inverse sine, in radians from -pi/2 to pi/2, for -1 <= x <= 1; its derivative is 1/sqrt(1 - x^2).",
                 example: "asin(1); diff(asin(x), x) at x = 0.6", shows: "1.5708 (pi/2), then 1.25",
                 note: "outside -1..1 it is nan, with a note: asin(2) is nan."),
        function(.atan, "the inverse tangent, in radians between -pi/2 and pi/2; its derivative is 1/(x^2 + 1).",
                 example: "atan(1); diff(atan(x), x) at x = 1", shows: "0.785398 (pi/4), then 0.5"),
        function(.cos, "the cosine of x (radians); its derivative is -sin(x).",
                 example: "cos(pi); diff(cos(2*x), x)", shows: "-1, then -2*sin(2*x) (the chain rule brings the 2 out)"),
        function(.cosh, "the hyperbolic cosine (exp(x) + exp(-x))/2; its derivative is sinh(x).",
                 example: "cosh(0); diff(cosh(x), x) at x = 0", shows: "1, then 0"),
        function(.elu, "x when x > 0, else exp(x) - 1 (the exponential linear unit); its derivative is exp(-relu(-x)) (1 for x > 0, exp(x) below).",
                 example: "elu(2); elu(-1); diff(elu(x), x) at x = -1", shows: "2, -0.632121, then 0.367879",
                 note: "its slope is 1 on both sides of 0, so elu has no kink there (its second derivative jumps)."),
        function(.erf, "the error function, 2/sqrt(pi) times the integral of exp(-t^2) from 0 to x; its derivative is 2*exp(-x^2)/sqrt(pi).",
                 example: "erf(1); diff(erf(x), x) at x = 0", shows: "0.842701, then 1.12838 (2/sqrt(pi))",
                 note: "constants such as 2/sqrt(pi) are written by name, and only where the name gives exactly the same number, so a derivative pasted back gives the same value."),
        function(.erfc, "1 - erf(x), computed so the right tail keeps its digits; its derivative is -2*exp(-x^2)/sqrt(pi).",
                 example: "erfc(6); 1 - erf(6)", shows: "2.15197e-17, then 0 (the subtraction loses every digit)"),
        function(.exp, "e raised to x; it is its own derivative.",
                 example: "exp(1); diff(exp(x^2), x)", shows: "e, then 2*x*exp(x^2)"),
        function(.expm1, "exp(x) - 1, accurate for x near 0; its derivative is exp(x).",
                 example: "expm1(1e-10); exp(1e-10) - 1", shows: "both 1e-10 at 6 digits; after :digits 17 the second is 1.000000082740371e-10",
                 note: "exp(x) - 1 typed out loses the digits of a small x; expm1 keeps them."),
        function(.gelu, "x*Phi(x), Phi the standard normal distribution function (the exact GELU, with erf, not the tanh approximation); "
                    + "its derivative is x*exp(-x^2/2)/sqrt(2*pi) + erfc(-sqrt(2)*x/2)/2 (Phi(x) + x*phi(x)).",
                 example: "gelu(1); gelu(-1); diff(gelu(x), x) at x = 0", shows: "0.841345, -0.158655, then 0.5",
                 note: "computed with erfc, so gelu(-10) is -7.6e-23, not 0."),
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
        function(.log10, "the logarithm to base 10, for x > 0; its derivative is 1/(x*log(10)).",
                 example: "log10(1000); diff(log10(x), x) at x = 10", shows: "3, then 0.0434294",
                 note: "log10 of a negative number is nan, with a note, as log's is."),
        function(.log1p, "log(1 + x), accurate for x near 0, for x > -1; its derivative is 1/(x + 1).",
                 example: "log1p(1e-10); log(1 + 1e-10); diff(log1p(x), x) at x = 1", shows: "both 1e-10 at 6 digits (after :digits 17 the second is 1.000000082690371e-10), then 0.5",
                 note: "log(1 + x) typed out loses the digits of a small x; log1p keeps them."),
        function(.log2, "the logarithm to base 2, for x > 0; its derivative is 1/(x*log(2)).",
                 example: "log2(8); diff(log2(x), x) at x = 2", shows: "3, then 0.721348"),
        Builtin("leaky_relu", usage: "leaky_relu(x, slope = 0.01)", "x when x > 0, else slope*x, a relu that lets a little gradient through: its slope is 1 for x > 0 and slope for x <= 0.",
                example: "leaky_relu(-2); leaky_relu(-2, slope = 0.2); diff(leaky_relu(x), x) at x = -1", shows: "-0.02, -0.4, then 0.01",
                note: "it is max(slope*x, x), so at x = 0 the slope goes first and the derivative is slope, as in PyTorch; slope is from 0 to 1.",
                options: ["slope"], arity: 1...1, theme: .elementwise, implementation: .tensor, derivativeCheck: "leaky_relu(x, slope = 0.1)"),
        function(.relu, "max(0, x), the rectified linear unit; its derivative is step(x) (0 at x = 0).",
                 example: "relu(-2); relu(3); x = -1; grad(relu(x), [x])", shows: "0, 3, then [0]",
                 note: "no gradient flows through a relu that is off."),
        function(.sigmoid, "1/(1 + exp(-x)), squashing any number into (0, 1); its derivative is sigmoid(x)*(1 - sigmoid(x)).",
                 example: "sigmoid(0); x = 0.5; check(sigmoid(3*x), x)", shows: "0.5, then the three derivatives agree",
                 note: "gradbook computes 1 - sigmoid(x) as sigmoid(-x), which is the same number but keeps its digits for "
                     + "large x, where subtracting from 1 would round to 0 (at x = 40 the slope is 4.2e-18, not 0)."),
        function(.sign, "-1, 0 or 1 by the sign of x; the derivative of abs.",
                 example: "sign(-0.3); diff(abs(x), x)", shows: "-1, then sign(x)"),
        function(.sin, "the sine of x (radians); its derivative is cos(x).",
                 example: "sin(pi/2); diff(x^2*sin(x), x)", shows: "1, then 2*x*sin(x) + x^2*cos(x)"),
        function(.sinh, "the hyperbolic sine (exp(x) - exp(-x))/2; its derivative is cosh(x).",
                 example: "sinh(0); diff(sinh(x), x) at x = 0", shows: "0, then 1"),
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
