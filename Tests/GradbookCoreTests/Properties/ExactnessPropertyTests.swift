// The exactness analysis behind check's rounded zeros (FormulaEvaluation+Exactness.swift) never calls a rounded value
// exact: over random sums, products and powers at random points, every step it calls exact equals the same step
// computed with 11 more bits (Float80), which sees nearly every rounding a double makes.

@testable import GradbookCore
import Foundation
import PropertyBased
import Testing

@Suite("Properties of the exactness analysis")
struct ExactnessPropertyTests {
    static let recipes = Gen.int(in: 0...1000).array(of: 1...12)
    /// Points that make exact steps likely (small integers, halves) and points that make them unlikely.
    static let points = Gen.int(in: 0...9)
    static let pointValues: [Double] = [0, 1, 2, -3, 0.5, 0.1, 1e9, 1e200, 1e-200, 3.7]
    static let constants: [Double] = [1, -1, 2, 0.5, 3, 0.1, 1e6, 1e300, 1e-300]

    /// A random formula of sums, products and integer powers in x and y, built from `recipe` as a stack program.
    private func formula(_ recipe: [Int], in store: FormulaStore) -> FormulaID {
        let x = store.variable(Variable(name: "x")), y = store.variable(Variable(name: "y"))
        var stack: [FormulaID] = []
        for number in recipe {
            let choice = number % 9
            if choice < 3 || stack.count < 2 {
                stack.append([x, y, store.constant(Self.constants[number % Self.constants.count])][choice % 3])
                continue
            }
            let b = stack.removeLast(), a = stack.removeLast()
            switch choice {
            case 3, 4: stack.append(store.add(a, b))
            case 5: stack.append(store.add(a, store.multiply(store.constant(-1), b)))
            case 6, 7: stack.append(store.multiply(a, b))
            default: stack.append(store.power(a, store.constant([2, 3, -1, -2][number % 4])))
            }
        }
        return stack.dropFirst().reduce(stack[0]) { store.add($0, $1) }
    }

    @Test("every step called exact equals its value computed in 80-bit arithmetic")
    func exactMeansExact() async {
        await propertyCheck(count: 400, input: Self.recipes, Self.points, Self.points) { recipe, i, j in
            let store = FormulaStore()
            let root = formula(recipe, in: store)
            let evaluation = FormulaEvaluation(store: store, roots: [root])
            let values: [Variable: Double] = [Variable(name: "x"): Self.pointValues[i], Variable(name: "y"): Self.pointValues[j]]
            let (r, e) = evaluation.boundedSteps(at: values)
            let exact = evaluation.exactness(of: r, errors: e)
            var wide = [Float80](repeating: .nan, count: r.count)
            for (index, step) in evaluation.steps.enumerated() {
                switch step {
                case .constant(let c): wide[index] = Float80(c)
                case .variable(let v): wide[index] = Float80(values[v] ?? .nan)
                case .add(let operands): wide[index] = operands.reduce(0) { $0 + wide[$1] }
                case .multiply(let operands): wide[index] = operands.reduce(1) { $0 * wide[$1] }
                case .power(let base, let exponent):
                    let n = r[exponent]
                    guard n == n.rounded(), abs(n) <= 64 else { continue }
                    var p: Float80 = 1
                    for _ in 0..<Int(abs(n)) { p *= wide[base] }
                    wide[index] = n < 0 ? 1 / p : p
                default: continue
                }
                guard exact[index], r[index].isFinite else { continue }
                #expect(wide[index] == Float80(r[index]),
                        "step \(index) of \(store.size(of: [root]))-node formula called exact: \(r[index]) but \(wide[index]) with more bits, recipe \(recipe) at \(values)")
            }
        }
    }
}
