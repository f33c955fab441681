// logsumexp(v): stable where exp overflows, and its three derivatives agree with softmax(v).

import Foundation
import Testing
@testable import GradbookCore

@Suite("logsumexp")
struct LogSumExpTests {
    @Test("logsumexp([1000, 1000]) is 1000 + log(2), not inf; a small one is log(sum(exp(v))) exactly")
    func stableValue() throws {
        let large = try #require(value("logsumexp([1000, 1000])"))
        #expect(Swift.abs(large - (1000 + Foundation.log(2))) < 1e-12)
        let small = try #require(value("logsumexp([1, 2, 3])"))
        #expect(Swift.abs(small - Foundation.log(Foundation.exp(1) + Foundation.exp(2) + Foundation.exp(3))) < 1e-14)
    }

    @Test("its gradient is softmax(v) by backprop and by numdiff, also where exp overflows", arguments: ["[1, 2, 3]", "[800, 801, 799]", "[-3, 0.5]"])
    func gradientIsSoftmax(_ vector: String) {
        let notebook = Notebook()
        notebook.run("v = \(vector)")
        let softmax = results(of: notebook.run("softmax(v)"))
        #expect(results(of: notebook.run("grad(logsumexp(v), v)")) == softmax)
        #expect(results(of: notebook.run("numdiff(logsumexp(v), v)")) == softmax)
        #expect(results(of: notebook.run("grad(logsumexp(v), v) == softmax(v)")) == "true")
    }

    @Test("where exp underflows to 0 in an element, its gradient is still its softmax weight, not 0")
    func underflowedElement() throws {
        // exp(-745.1332191019412) rounds to 0; its weight exp(a - L) = exp(-36.7368…) = 1.1102e-16 does not.
        let at = "at a = -745.1332191019412, b = -745.1332191019412, c = -708.3964185322641"
        let gradient = try #require(value("grad(log(sum(exp([a, b, c]))), a) \(at)"))
        let weight = Foundation.exp(-745.1332191019412 - (-708.3964185322641))
        #expect(Swift.abs(gradient - weight) <= 1e-10 * weight, "\(gradient) against \(weight)")
        #expect(try #require(value("grad(logsumexp([a, b, c]), a) \(at)")) == gradient)
    }

    @Test("diff with respect to one element is that element's softmax weight, as a formula that parses back")
    func symbolicDerivative() throws {
        #expect(results(of: run("diff(logsumexp([a, b]), a)")) == "exp(a)/(exp(a) + exp(b))")
        let symbolic = try #require(value("diff(logsumexp([a, b]), a) at a = 0.3, b = -1.2"))
        let backprop = try #require(value("grad(logsumexp([a, b]), a) at a = 0.3, b = -1.2"))
        #expect(Swift.abs(symbolic - backprop) < 1e-14)
        #expect(Swift.abs(symbolic - 1 / (1 + Foundation.exp(-1.5))) < 1e-14)
    }

    @Test("a number is refused: logsumexp needs a vector or matrix")
    func numberRefused() {
        #expect(diagnostic(of: run("logsumexp(3)"))?.message == "the argument of logsumexp ('3') must be a vector or matrix.")
    }
}
