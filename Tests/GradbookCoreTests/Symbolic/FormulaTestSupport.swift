// Helpers for the Symbolic tests: a store with free symbols x, y, z, w, t and operators on formulas,
// so a test reads `x**2 * sin(x)` instead of nested store calls.

@testable import GradbookCore
import Testing

/// The Symbolic tests' namespace, so `swift test --filter Symbolic` runs exactly them.
@Suite enum Symbolic {}

precedencegroup FormulaPowerPrecedence {
    higherThan: MultiplicationPrecedence
    associativity: right
}

/// `a ** b` is a^b (Swift's `^` is exclusive-or, at the wrong precedence).
infix operator ** : FormulaPowerPrecedence

/// A formula together with its store, so operators can build on it.
struct Sym {
    let store: FormulaStore
    let id: FormulaID

    static func + (a: Sym, b: Sym) -> Sym { Sym(store: a.store, id: a.store.add(a.id, b.id)) }
    static func - (a: Sym, b: Sym) -> Sym { Sym(store: a.store, id: a.store.subtract(a.id, b.id)) }
    static func * (a: Sym, b: Sym) -> Sym { Sym(store: a.store, id: a.store.multiply(a.id, b.id)) }
    static func / (a: Sym, b: Sym) -> Sym { Sym(store: a.store, id: a.store.divide(a.id, b.id)) }
    static func ** (a: Sym, b: Sym) -> Sym { Sym(store: a.store, id: a.store.power(a.id, b.id)) }
    static prefix func - (a: Sym) -> Sym { Sym(store: a.store, id: a.store.negate(a.id)) }

    static func + (a: Sym, b: Double) -> Sym { a + a.number(b) }
    static func + (a: Double, b: Sym) -> Sym { b.number(a) + b }
    static func - (a: Sym, b: Double) -> Sym { a - a.number(b) }
    static func - (a: Double, b: Sym) -> Sym { b.number(a) - b }
    static func * (a: Double, b: Sym) -> Sym { b.number(a) * b }
    static func * (a: Sym, b: Double) -> Sym { a * a.number(b) }
    static func / (a: Sym, b: Double) -> Sym { a / a.number(b) }
    static func / (a: Double, b: Sym) -> Sym { b.number(a) / b }
    static func ** (a: Sym, b: Double) -> Sym { a ** a.number(b) }
    static func ** (a: Double, b: Sym) -> Sym { b.number(a) ** b }

    func number(_ c: Double) -> Sym { Sym(store: store, id: store.constant(c)) }
    func apply(_ f: MathFunction) -> Sym { Sym(store: store, id: store.apply(f, id)) }

    /// The formula written out in full (no named intermediates).
    var text: String { FormulaPrinter(store: store).text(of: [id])[0] }
    /// The formula as displayed: shared subterms named.
    var shared: String { FormulaPrinter(store: store).text(of: id) }
    var size: Int { store.size(of: [id]) }

    func d(_ v: Sym, order: Int = 1) -> Sym {
        Sym(store: store, id: store.derivative(of: id, withRespectTo: v.variable, order: order))
    }

    /// The variable this formula is (for single variables only).
    var variable: Variable { store.variableValue(id) ?? Variable(name: "?") }

    func value(_ point: [String: Double]) -> Double {
        store.evaluate(id, at: Dictionary(uniqueKeysWithValues: point.map { (Variable(name: $0), $1) }))
    }
}

func sin(_ u: Sym) -> Sym { u.apply(.sin) }
func cos(_ u: Sym) -> Sym { u.apply(.cos) }
func tan(_ u: Sym) -> Sym { u.apply(.tan) }
func exp(_ u: Sym) -> Sym { u.apply(.exp) }
func log(_ u: Sym) -> Sym { u.apply(.log) }
func sqrt(_ u: Sym) -> Sym { u.apply(.sqrt) }
func tanh(_ u: Sym) -> Sym { u.apply(.tanh) }
func sigmoid(_ u: Sym) -> Sym { u.apply(.sigmoid) }
func relu(_ u: Sym) -> Sym { u.apply(.relu) }
func abs(_ u: Sym) -> Sym { u.apply(.abs) }

/// A fresh store with the free symbols x, y, z, w, t, a and b.
struct Symbols {
    let store = FormulaStore()
    var x: Sym { named("x") }
    var y: Sym { named("y") }
    var z: Sym { named("z") }
    var w: Sym { named("w") }
    var t: Sym { named("t") }
    var a: Sym { named("a") }
    var b: Sym { named("b") }

    func named(_ name: String, id: Int? = nil) -> Sym {
        Sym(store: store, id: store.variable(Variable(name: name, id: id)))
    }

    func number(_ c: Double) -> Sym { Sym(store: store, id: store.constant(c)) }
}

/// A case of a table: a formula built from fresh symbols and the text it must print as.
struct FormulaCase: Sendable, CustomTestStringConvertible {
    let expected: String
    let build: @Sendable (Symbols) -> Sym
    let label: String

    init(_ label: String, _ expected: String, _ build: @escaping @Sendable (Symbols) -> Sym) {
        self.label = label
        self.expected = expected
        self.build = build
    }

    var testDescription: String { "\(label) → \(expected)" }
}

/// The tanh chain f1 = tanh(w1*x + b1), fk = tanh(wk*f(k-1) + bk): the formula and its 2N + 1 variables.
func tanhChain(_ n: Int, in store: FormulaStore) -> (formula: FormulaID, variables: [Variable]) {
    let x = Variable(name: "x")
    var variables = [x]
    var f = store.variable(x)
    for k in 1...n {
        let (w, b) = (Variable(name: "w\(k)"), Variable(name: "b\(k)"))
        variables += [w, b]
        f = store.apply(.tanh, store.add(store.multiply(store.variable(w), f), store.variable(b)))
    }
    return (f, variables)
}

extension Double {
    /// Closeness for exact rules evaluated in a different order: a few ulps, so 1e-12 relative
    /// (with a floor of 1, as values near 0 carry the absolute rounding of their terms).
    static let ruleTolerance = 1e-12

    func isClose(to other: Double) -> Bool {
        Swift.abs(self - other) <= Self.ruleTolerance * Swift.max(1, Swift.abs(self), Swift.abs(other))
    }
}
