// A loop body's plain arithmetic runs from its program (Evaluator+LoopPrograms.swift): it must do exactly what
// evaluating its statements does, node for node.

@testable import GradbookCore
import Foundation
import PropertyBased
import Testing

@Suite("A loop body's arithmetic, read once")
struct LoopProgramTests {
    /// A body's right side from `recipe` (reverse Polish, as RandomExpression): names bound to numbers, numbers,
    /// + - * / ^ and negation, now and then something that is not plain arithmetic (a call, a free name, a vector).
    static func arithmetic(_ recipe: [Int]) -> String {
        let leaves = ["v", "x", "y", "v", "0.5", "3", "1e300", "1e-200", "2"]
        let rare = ["tanh(A)", "A + q", "sum([A, 1])", "A + pi"]
        var stack: [String] = []
        for number in recipe {
            let choice = abs(number) % 40
            if choice < 14 || stack.isEmpty {
                stack.append(leaves[choice % leaves.count])
            } else if choice < 18 || stack.count < 2 {
                let top = stack.removeLast()
                stack.append(choice == 17 ? rare[number % rare.count].replacingOccurrences(of: "A", with: "(\(top))") : "-(\(top))")
            } else {
                let right = stack.removeLast(), left = stack.removeLast()
                let operation = ["+", "-", "*", "/", "^", "+", "*", "-"][choice % 8]
                // Without brackets now and then, so a sum of several terms is a chain.
                stack.append(choice % 3 == 0 ? "\(left) \(operation) \(right)" : "(\(left)) \(operation) (\(right))")
            }
        }
        return stack.reduce("") { $0.isEmpty ? $1 : "(\($0)) + (\($1))" }
    }

    /// The bits of v and y, and the size of each one's graph.
    private func state(of notebook: Notebook) -> [UInt64?] {
        ["v", "y"].flatMap { name -> [UInt64?] in
            guard let node = notebook.bindings.scalarNode(named: name) else { return [nil, nil] }
            return [node.isTensor ? UInt64(node.elements.count) : node.value.bitPattern, UInt64(Node.topologicalTraversal(from: node).order.count)]
        }
    }

    /// Runs `setup`, `loop` and then each of `then` in a notebook that reads loop bodies once and in one that evaluates
    /// them, and expects the same outputs, errors, values and graph sizes of both.
    private func expectSame(setup: String, loop: String, then: [String]) {
        let programmed = Notebook(), evaluated = Notebook()
        evaluated.readsLoopBodiesOnce = false
        var texts: [[String]] = []
        for notebook in [programmed, evaluated] {
            run(setup, in: notebook)
            let result = run(loop, in: notebook)
            texts.append(result.outputs.map(\.text) + [diagnostic(of: result)?.message ?? ""]
                         + then.map { run($0, in: notebook).outputs.map(\.text).joined(separator: "\n") })
        }
        #expect(texts[0] == texts[1], "\(setup); \(loop): different outputs")
        #expect(state(of: programmed) == state(of: evaluated), "\(setup); \(loop): different values or graphs")
    }

    @Test("a loop makes the same nodes, values, gradients, notes and errors from its programs as by evaluating its statements")
    func programsEqualEvaluation() async {
        let starts = ["0.5", "2", "-1", "1e200", "[1, 2]"]
        await propertyCheck(count: 200, input: Gen.int(in: 0...400).array(of: 1...9), Gen.int(in: 0...400).array(of: 1...9),
                            Gen.int(in: 0...24)) { first, second, pick in
            let body = "v = \(Self.arithmetic(first)); y = \(Self.arithmetic(second))"
            let setup = "x = \(starts[pick % 5]); y = \(starts[(pick / 5) % 5]); v = 0.25"
            expectSame(setup: setup, loop: "repeat 3 { \(body) }", then: ["grad(v, [x, y])", "backward(v)"])
        }
    }

    @Test("a block of one plain assignment, repeated in a loop of its own, leaves what evaluating it leaves, its record included")
    func oneAssignmentEqualsEvaluation() async {
        let starts = ["0.5", "2", "-1", "1e200", "[1, 2]"]
        await propertyCheck(count: 150, input: Gen.int(in: 0...400).array(of: 1...9), Gen.int(in: 0...24)) { recipe, pick in
            let setup = "x = \(starts[pick % 5]); y = \(starts[(pick / 5) % 5]); v = 0.25"
            expectSame(setup: setup, loop: "repeat 7 { v = \(Self.arithmetic(recipe)) }", then: ["grad(v, [x, y])", ":info v"])
        }
    }

    @Test("a name that stops holding a number part-way through a loop is read as the evaluator reads it")
    func nameChangingKind() {
        let notebook = Notebook()
        run("v = 1; w = 2", in: notebook)
        // w holds a number for the first repetition and a vector after it: the second repetition's v = v + w
        // broadcasts, as evaluating the statement would.
        #expect(results(of: run("repeat 3 { v = v + w; w = [1, 2] }; v", in: notebook)) == "[5, 7]  (stale: computed from the old w, In [2])")
        // An unbound name is a free symbol: v becomes a formula, and stays one.
        #expect(results(of: run("a = 1; repeat 2 { a = a + t }; a", in: notebook)) == "a + 2*t")
    }
}
