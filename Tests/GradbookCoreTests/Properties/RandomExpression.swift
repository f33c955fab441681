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
    static let unary: [(String) -> String] = [
        { "sin(\($0))" }, { "cos(\($0))" }, { "exp(\($0)/4)" }, { "log(\($0)^2 + 1)" }, { "sqrt(\($0)^2 + 1)" },
        { "tanh(\($0))" }, { "sigmoid(\($0))" }, { "-(\($0))" }, { "(\($0))^2" }, { "(\($0))^3" },
        { "relu(\($0))" }, { "abs(\($0))" },
    ]
    static let binary: [(String, String) -> String] = [
        { "(\($0)) + (\($1))" }, { "(\($0)) - (\($1))" }, { "(\($0))*(\($1))" }, { "(\($0))/((\($1))^2 + 1)" },
        { "(\($0)^2 + 1)^(\($1)/3)" },
    ]

    static func build(_ recipe: [Int]) -> String {
        var stack: [String] = []
        for number in recipe {
            let choice = abs(number) % (leaves.count + unary.count + binary.count)
            if choice < leaves.count || stack.isEmpty {
                stack.append(leaves[choice % leaves.count])
            } else if choice < leaves.count + unary.count || stack.count < 2 {
                let top = stack.removeLast()
                stack.append(unary[(choice - leaves.count) % unary.count](top))
            } else {
                let right = stack.removeLast(), left = stack.removeLast()
                stack.append(binary[(choice - leaves.count - unary.count) % binary.count](left, right))
            }
        }
        guard var result = stack.first else { return "x" }
        for other in stack.dropFirst() { result = "(\(result)) + (\(other))" }
        return result
    }
}
