// max(a, b) of two numbers: was "the dimension ('0') must be 1 for a vector"; now the larger, with max's rules.

import Foundation
import Testing
@testable import GradbookCore

@Suite("max of two numbers")
struct MaxOfTwoTests {
    @Test("max(x, 0) is relu's value, and max of two numbers is the larger", arguments: [(-2.0, 0.0), (3.0, 3.0), (0.0, 0.0)])
    func larger(_ x: Double, _ expected: Double) throws {
        #expect(try #require(value("max(x, 0) at x = \(x)")) == expected)
        #expect(value("max(1, 5)") == 5)
        #expect(value("max(5, 1)") == 5)
    }

    @Test("symbolic, backprop and numeric derivatives agree away from the tie", arguments: [-1.7, -0.3, 0.4, 2.2])
    func derivativesAgree(_ x: Double) throws {
        let at = " at x = \(x)"
        let symbolic = try #require(value("diff(max(x^2, 3*x), x)" + at))
        let backprop = try #require(value("grad(max(x^2, 3*x), x)" + at))
        let numeric = try #require(value("numdiff(max(x^2, 3*x), x)" + at))
        let expected = x * x > 3 * x ? 2 * x : 3
        #expect(symbolic == expected)
        #expect(backprop == expected)
        #expect(Swift.abs(numeric - expected) < 1e-6)
    }

    @Test("at a tie the gradient goes to the first argument, in diff and in grad alike, and help says so")
    func tieConvention() throws {
        #expect(value("grad(max(x, 0), x) at x = 0") == 1)
        #expect(value("diff(max(x, 0), x) at x = 0") == 1)
        #expect(value("grad(max(0, x), x) at x = 0") == 0)
        #expect(results(of: run("diff(max(a, b), b)")) == "step(b - a)")
        #expect(Help.text(for: "max").contains("at a tie the gradient goes to the first"))
    }

    @Test("a number with a vector is compared with every element (max(v, 0)); shapes that do not fit are refused; max(W, 1) still reduces along a dimension")
    func shapes() {
        #expect(results(of: run("x = 1; max(x, [0, 2])")) == "[1, 2]")
        #expect(results(of: run("max([-1, 2, -3], 0)")) == "[0, 2, 0]")
        #expect(results(of: run("min([[1, 5], [3, 2]], [2, 4]) == [[1, 4], [2, 2]]")) == "true")
        #expect(diagnostic(of: run("max([1, 2], [1, 2, 3])"))?.message == "'max' cannot combine a vector of 2 with a vector of 3: each size must match or be 1.")
        #expect(results(of: run("max([[1, 5], [3, 2]], 1)")) == "[3, 5]")
        #expect(results(of: run("min([[1, 5], [3, 2]], 2)")) == "[1, 2]")
    }

    @Test("max(v, 0) elementwise: grad sends the gradient where v was larger (ties to v), as relu's does away from 0")
    func elementwiseGradient() {
        #expect(results(of: run("v = [-1, 2, 0]; grad(sum(max(v, 0)), v)")) == "[0, 1, 1]")
        #expect(results(of: run("v = [-1, 2, 0]; grad(sum(min(v, 0)), v)")) == "[1, 0, 1]")
        #expect(results(of: run("v = [-1, 2, 3]; check(sum(max(v, 0)^2), v)")).contains("agree"))
    }
}
