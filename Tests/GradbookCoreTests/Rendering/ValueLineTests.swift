// The value line under a derivative (`  = -6 at w = 2, x = [1, 2, 3]`): every bound name the value depends
// on is listed, a vector by its elements when it is short and by its length when it is long, a matrix by its
// shape, never as `nan`. The values asserted are worked out by hand in each test.

@testable import GradbookCore
import Testing

@Suite("The value line of a derivative lists the point, vectors included")
struct ValueLineTests {
    /// The text of the last result of `code` in a fresh notebook.
    func lastOutput(_ code: String) -> String {
        Notebook().run(code).outputs.last?.text ?? ""
    }

    @Test("short vectors are listed by value, after the numbers")
    func shortVectors() {
        // d/dw sum((w*x - y)^2) = sum 2*x*(w*x - y) = 2*1*0 + 2*2*0 + 2*3*(6 - 7) = -6.
        let text = lastOutput("x = [1, 2, 3]; y = [2, 4, 7]; w = 2\ndiff(sum((w*x - y)^2), w)")
        #expect(text.hasSuffix("\n  = -6 at w = 2, x = [1, 2, 3], y = [2, 4, 7]"), "\(text)")
        #expect(!text.contains("nan"))
    }

    @Test("a vector of 1000 is named by its length")
    func longVector() {
        // d/dw (w^2*mean(xs)) = 2*w*mean(xs) = 2*2*0.5 = 2 for 1000 points evenly spaced on [0, 1].
        let text = lastOutput("xs = linspace(0, 1, 1000); w = 2\ndiff(w^2*mean(xs), w)")
        #expect(text.hasSuffix("\n  = 2 at w = 2, xs = a vector of 1000"), "\(String(text.suffix(200)))")
        #expect(!text.contains("nan"))
    }

    @Test("a matrix is named by its shape")
    func matrix() {
        // sum(W @ v) = (W11 + W21)*v1 + (W12 + W22)*v2, so d/dv1 = W11 + W21 = 1 + 3 = 4.
        let text = lastOutput("W = [[1, 2], [3, 4]]; v = [1, 2]\ndiff(sum(W @ v), v[1])")
        #expect(text == "W[1, 1] + W[2, 1]\n  = 4 at W = a 2×2 matrix", "\(text)")
    }

    @Test("more names than fit on the line are 'your values'")
    func manyNames() {
        // d/da (a^2*b*c*d*sum(x)) = 2*a*b*c*d*sum(x) = 2*1*1*1*1*6 = 12.
        let text = lastOutput("a = 1; b = 1; c = 1; d = 1; x = [1, 2, 3]\ndiff(a^2*b*c*d*sum(x), a)")
        #expect(text.hasSuffix("\n  = 12 at your values"), "\(text)")
    }
}
