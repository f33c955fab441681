// explain, diff and :help write each function's derivative the same way: all from the symbolic rule.

import Testing
@testable import GradbookCore

@Suite("derivative wording agrees everywhere")
struct ExplanationRuleTests {
    static let smooth: [MathFunction] = MathFunction.allCases.filter { ![.sign, .step].contains($0) }

    @Test("explain(backward(f(x))) writes f'(u) as diff(f(u), u) does", arguments: smooth)
    func explanationMatchesDiff(_ function: MathFunction) {
        let notebook = Notebook()
        let derivative = results(of: notebook.run("diff(\(function.rawValue)(u), u)"))
        let explained = notebook.run("x = 0.5; explain(backward(\(function.rawValue)(x)))").outputs.map(\.text).joined(separator: "\n")
        #expect(explained.contains("\(function.rawValue)'(u) = \(derivative)"), "\(explained) vs \(derivative)")
    }

    @Test("sigmoid' is sigmoid(u)*sigmoid(-u) in explain, diff and :help alike")
    func sigmoidAgrees() {
        let explained = Notebook().run("x = 0.5; explain(backward(sigmoid(x)))").outputs.map(\.text).joined(separator: "\n")
        #expect(explained.contains("sigmoid'(u) = sigmoid(u)*sigmoid(-u)"), "\(explained)")
        #expect(!explained.contains("1 - sigmoid"))
        #expect(results(of: run("diff(sigmoid(x), x)")) == "sigmoid(x)*sigmoid(-x)")
        #expect(Help.text(for: "sigmoid").contains("its derivative is sigmoid(x)*sigmoid(-x)"))
    }

    @Test("a help summary's 'its derivative is …' is what diff prints", arguments: Builtin.table.filter { $0.theme == .elementwise })
    func helpMatchesDiff(_ builtin: Builtin) {
        guard let start = builtin.summary.range(of: "its derivative is ") else { return }
        let written = String(builtin.summary[start.upperBound...]).components(separatedBy: " (")[0].trimmingCharacters(in: ["."])
        #expect(!written.isEmpty)
        #expect(written == results(of: run("diff(\(builtin.name)(x), x)")), "\(builtin.name): \(written)")
    }
}
