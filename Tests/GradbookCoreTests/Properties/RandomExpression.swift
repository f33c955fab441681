import Foundation

// Random expressions for property tests, built from a list of integers so that shrinking the list
// shrinks the expression.

/// Builds an expression in x and y from `recipe`, read as a stack program (reverse Polish).
///
/// Each number picks a step: push x, y or a small constant, apply a function to the top of the stack,
/// or combine the top two with an operator. Functions with a restricted domain are given arguments
/// inside it (log(u^2 + 1), sqrt(u^2 + 1), division by u^2 + 1), so every expression is defined
/// everywhere and all three derivatives can be compared at any point.
enum RandomExpression {
    static let leaves = ["x", "y", "2", "0.5", "3"]
    /// Templates applied to the top of the stack (`A`).
    static let unary = [
        "sin(A)", "cos(A)", "exp((A)/4)", "log((A)^2 + 1)", "sqrt((A)^2 + 1)", "tanh(A)", "sigmoid(A)", "-(A)",
        "(A)^2", "(A)^3", "relu(A)", "abs(A)",
    ]
    /// Templates combining the top two (`A` below, `B` on top).
    static let binary = ["(A) + (B)", "(A) - (B)", "(A)*(B)", "(A)/((B)^2 + 1)", "((A)^2 + 1)^((B)/3)"]

    static func build(_ recipe: [Int]) -> String {
        var stack: [String] = []
        for number in recipe {
            let choice = abs(number) % (leaves.count + unary.count + binary.count)
            if choice < leaves.count || stack.isEmpty {
                stack.append(leaves[choice % leaves.count])
            } else if choice < leaves.count + unary.count || stack.count < 2 {
                let top = stack.removeLast()
                stack.append(unary[(choice - leaves.count) % unary.count].replacingOccurrences(of: "A", with: top))
            } else {
                let right = stack.removeLast(), left = stack.removeLast()
                let template = binary[(choice - leaves.count - unary.count) % binary.count]
                stack.append(template.replacingOccurrences(of: "A", with: left).replacingOccurrences(of: "B", with: right))
            }
        }
        guard var result = stack.first else { return "x" }
        for other in stack.dropFirst() { result = "(\(result)) + (\(other))" }
        return result
    }
}
