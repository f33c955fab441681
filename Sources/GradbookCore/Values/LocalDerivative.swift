// A function's derivative written once, as a small formula in its argument u and its value f(u), from
// which symbolic differentiation (`FormulaStore.derivativeRule`) and the differentiable backward pass
// (`GradientGraph`) both build theirs, so the two cannot drift apart.

/// f'(u) as a formula of u (`argument`) and f(u) (`value`): tanh'(u) = 1 - tanh(u)^2 is
/// `.subtract(.constant(1), .square(.value))`.
///
/// Symbolic differentiation writes `value` as f(u), which prints and parses back; the backward pass reuses
/// the forward node, so its numbers are those `MathFunction.derivative(at:value:)` gives the tape.
public indirect enum LocalDerivative: Sendable, Equatable {
    case argument
    case value
    case constant(Double)
    case apply(MathFunction, LocalDerivative)
    case add(LocalDerivative, LocalDerivative)
    case subtract(LocalDerivative, LocalDerivative)
    case multiply(LocalDerivative, LocalDerivative)
    case divide(LocalDerivative, LocalDerivative)
    case negate(LocalDerivative)
    /// a², written a^2 by the printer and a·a in the backward pass.
    case square(LocalDerivative)

    /// Builds the formula with `builder`'s operations (a formula store's, a graph's).
    public func build<Builder: LocalDerivativeBuilder>(_ builder: Builder, argument u: Builder.Result,
                                                       value y: () -> Builder.Result) -> Builder.Result {
        switch self {
        case .argument: return u
        case .value: return y()
        case .constant(let c): return builder.constant(c)
        case .apply(let f, let a): return builder.apply(f, a.build(builder, argument: u, value: y))
        case .add(let a, let b): return builder.add(a.build(builder, argument: u, value: y), b.build(builder, argument: u, value: y))
        case .subtract(let a, let b): return builder.subtract(a.build(builder, argument: u, value: y), b.build(builder, argument: u, value: y))
        case .multiply(let a, let b): return builder.multiply(a.build(builder, argument: u, value: y), b.build(builder, argument: u, value: y))
        case .divide(let a, let b): return builder.divide(a.build(builder, argument: u, value: y), b.build(builder, argument: u, value: y))
        case .negate(let a): return builder.negate(a.build(builder, argument: u, value: y))
        case .square(let a): return builder.square(a.build(builder, argument: u, value: y))
        }
    }
}

/// The operations a `LocalDerivative` is built with.
public protocol LocalDerivativeBuilder {
    associatedtype Result
    func constant(_ c: Double) -> Result
    func apply(_ f: MathFunction, _ a: Result) -> Result
    func add(_ a: Result, _ b: Result) -> Result
    func subtract(_ a: Result, _ b: Result) -> Result
    func multiply(_ a: Result, _ b: Result) -> Result
    func divide(_ a: Result, _ b: Result) -> Result
    func negate(_ a: Result) -> Result
    func square(_ a: Result) -> Result
}
