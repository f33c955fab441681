// A value that is finite only because a number on the way was too large or too small for a double is not
// shown as if it were what its formula gives (LostValues.swift).

import Foundation
@testable import GradbookCore
import Testing

@Suite("Values lost to rounding on the way")
struct LostValueTests {
    /// The result and the notes of the last of `cells`, run in a fresh notebook.
    private func shown(_ cells: String...) -> (result: String?, notes: [String]) {
        let notebook = Notebook()
        var last = CellResult(number: 0)
        for cell in cells { last = notebook.run(cell) }
        let result = last.outputs.first { if case .result = $0.kind { true } else { false } }?.text
        let notes = last.outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        return (result, notes)
    }

    /// The note on a lost value: "the value is nan" for a value, "the gradient for x is nan" for a grad shown.
    private func lostNote(_ notes: [String]) -> String? {
        notes.first {
            ($0.contains("the value is nan") && $0.contains("cannot give the value as a number"))
                || ($0.contains("the gradient for ") && $0.contains(" is nan: at ") && $0.contains("cannot give it as a number"))
        }
    }

    @Test("a derivative's value at a point where a step overflows is nan with the reason, not half the true value")
    func derivativeThroughOverflow() throws {
        // d/dM11 of sum(log(M @ M)) is 2/(M11 + M22) + 2*M11/(M11^2 + M12*M21): about 4e-200 at M11 = 1e200, but
        // M11^2 overflows and the second term came out 0, so 2e-200 was shown.
        let (result, notes) = shown("M = [[1e200, 1], [2, 3]]", "diff(sum(log(M @ M)), M[1,1])")
        let text = try #require(result)
        #expect(text.hasPrefix("2/(M[1, 1] + M[2, 2]) + 2*M[1, 1]/(M[1, 1]^2 + M[1, 2]*M[2, 1])"))
        #expect(text.contains("= nan at M"))
        #expect(!text.contains("2e-200"))
        let note = try #require(lostNote(notes))
        #expect(note.contains("an input there overflowed to inf"))
    }

    @Test("x/(x*x) twice at x = 1e200 is nan, but added to a number it cannot change, that number stands")
    func overflowedDenominator() throws {
        let twice = shown("x = 1e200", "x/(x*x) + x/(x*x)")
        #expect(twice.result == "nan")
        let note = try #require(lostNote(twice.notes))
        // The bound follows the true size of x*x (about 1e400), not just "at least the largest double".
        #expect(note.contains("at x / (x^2) with x = 1e200") && note.contains("as large as 10^-199"))
        let beside = shown("x = 1e200", "x/(x*x) + 1e-150")
        #expect(beside.result == "1e-150")
        #expect(lostNote(beside.notes) == nil)
    }

    @Test("== does not call two sides different when one of them lost part of itself on the way")
    func comparison() {
        let lost = shown("x = 1e200", "x/(x*x) == 1/x")
        #expect(lost.result?.hasPrefix("cannot tell") == true, "\(lost.result ?? "nothing")")
        #expect(lostNote(lost.notes) != nil)
        // Where nothing was lost the verdicts stand.
        #expect(shown("x = 1e200", "1/x == 1e-200").result == "true")
        #expect(shown("x = 1e100", "x/(x*x) == 1/x").result == "true")
        #expect(shown("x = 1e200", "x/(x*x) + 1e-150 == 2e-150").result?.hasPrefix("false") == true)
    }

    @Test("a result too small for a double, made large again later, is nan; left alone it is 0")
    func underflowThenLarge() {
        #expect(shown("exp(-800)*1e300").result == "nan")
        #expect(lostNote(shown("exp(-800)*1e300").notes)?.contains("at exp(-800), part of it was lost because its result was too small for a double") == true)
        #expect(shown("a = 1e-200", "a*a*1e300").result == "nan")
        #expect(shown("exp(-800)").result == "0")
        #expect(shown("a = 1e-200", "a*a").result == "0")
    }

    @Test("exact zeros and limits reached at once are not doubted")
    func exactAndLimits() {
        #expect(shown("relu(-3)*1e300").result == "0")
        #expect(shown("x = 1e200", "exp(-x*x)").result == "0")
        #expect(shown("x = 1e200", "tanh(x*x) - 1").result == "0")
        #expect(shown("x = 1e200", "sigmoid(-(x*x))*1e300").result == "0")
        #expect(shown("x = 1e200", "0/(x*x)").result == "0")
        let atan = shown("x = 1e200", "atan(x*x)")
        #expect(atan.result == "1.5708" && lostNote(atan.notes) == nil)
    }

    @Test("inside vectors and matrices the lost part is followed element by element to a sum or mean")
    func vectorsAndMatrices() throws {
        // w*w rounds to 0 at w = 1e-200; times 1e300 it should be 1e-100.
        let lost = shown("w = [1e-200]", "sum(w*w*1e300)")
        #expect(lost.result == "nan", "\(lost.result ?? "nothing")")
        let note = try #require(lostNote(lost.notes))
        #expect(note.contains("too small for a double"))
        #expect(shown("w = [1e-200, 1e-200]", "mean(w*w*1e300)").result == "nan")
        // Beside a large element the lost one is negligible, and the sum stands.
        #expect(shown("w = [1e-200, 1]", "sum(w*w*1e300)").result == "1e300")
        // Zeros that are exact (a mask, a relu) and ordinary vectors are not doubted.
        #expect(shown("w = [0, 2]", "sum(w*w*1e300)").result == "4e300")
        #expect(shown("m = [0, 1]; v = [3, 4]", "sum(m*v)").result == "4")
        #expect(shown("v = [-1, 2]", "sum(relu(v)*1e300)").result == "2e300")
        #expect(shown("W = [[1, 2], [3, 4]]", "sum(W*W)").result == "30")
        // A matrix of elements that rounded to 0, through a step gradbook does not follow element by element.
        #expect(shown("W = [[1e-200, 1e-200], [1e-200, 1e-200]]", "sum((W*W) @ [[1e300], [1e300]])").result == "nan")
    }

    @Test("a number bound after losing part of itself holds nan, and says why once")
    func boundNumber() {
        let bound = shown("y = 1e200/(1e200*1e200) + 1e-200")
        #expect(lostNote(bound.notes)?.contains("at 1e200 / inf") == true)
        let later = shown("y = 1e200/(1e200*1e200) + 1e-200", "y")
        #expect(later.result == "nan")
    }

    @Test("graphs with no overflow or underflow are never looked into")
    func ordinaryGraphs() throws {
        let notebook = Notebook()
        _ = notebook.run("x = 3; w = -0.5; y = tanh(w*x + 1)^2/x")
        guard case .value(.scalar(let y), _)? = notebook.bindings["y"] else { Issue.record("y is not a number"); return }
        #expect(!y.graphMayHaveLostParts)
        #expect(LostValues.doubt(about: y) == nil)
        #expect(shown("x = 3", "x/(x*x) + x/(x*x)").result == "0.666667")
    }

    @Test("a vector of numbers shows an element that lost part of itself as nan, with the reason, as the number alone is")
    func vectorElements() throws {
        // [x/(x*x), 1] at x = 1e200 was [0, 1]: the first element is 1e-200, and x/(x*x) alone was already nan.
        let typed = shown("x = 1e200", "[x/(x*x), 1]")
        #expect(typed.result == "[nan, 1]")
        #expect(lostNote(typed.notes)?.contains("an input there overflowed to inf") == true)
        // Bound and shown again, the same.
        #expect(shown("x = 1e200", "y = [x/(x*x), 1]", "y").result == "[nan, 1]")
        // The gradient of sqrt(sigmoid(x)) at x = -745 is 8.4e-163, but sigmoid(x) rounds to the least double, and the
        // backward pass's 1.1e-162 came out a third too large: nan, as for one name alone.
        let gradient = shown("x = -745", "grad(sqrt(sigmoid(x)), [x])")
        #expect(gradient.result == "[nan]")
        #expect(lostNote(gradient.notes)?.hasPrefix("note: the gradient for x is nan: at sigmoid(x) with x = -745") == true, "\(gradient.notes)")
        #expect(shown("x = -745", "grad(sqrt(sigmoid(x)), x)").result == "nan")
        // Which gradient, and the step as an operation on a value, not on "a formula too large to write out".
        let chain = shown("x = 0.9; v0 = 0.5; v = v0", "repeat 8000 { v = v*x + 0.1 }", "grad(v, [v0, x])")
        #expect(chain.result?.hasPrefix("[nan, ") == true, "\(chain)")
        #expect(lostNote(chain.notes)?.hasPrefix("note: the gradient for v0 is nan: at an earlier step * x with an earlier step = ") == true, "\(chain.notes)")
        // Nothing lost, or an infinity (said by its own note), is shown as it is.
        #expect(shown("x = 1e200", "[x, 2*x, x*x]").result == "[1e200, 2e200, inf]")
        #expect(shown("x = 3", "[x/(x*x), 1]").result == "[0.333333, 1]")
    }

    @Test("a value shown as 0 that its last step rounded to 0 says so; an exact 0, or one the maths has too, says nothing")
    func roundedZeroValues() {
        for (setup, code, step) in [("x = -800", "exp(x)", "exp(x) with x = -800"), ("x = 1e-200", "x*x", "x * x with x = 1e-200"),
                                    ("x = 1", "exp(-800)", "exp(-800)"), ("x = 1", "2^-1075", "2 ^ -1075")] {
            let (result, notes) = shown(setup, code)
            #expect(result == "0", "\(code)")
            #expect(notes.contains { $0 == "note: this 0 comes from rounding in \(step), whose result was too small for a double: the true value may be any number up to 10^-323 in size." },
                    "\(code): \(notes)")
        }
        for exact in ["relu(-3)", "x - x", "0*exp(-800)", "exp(-800) - exp(-800)", "sin(0)"] {
            let (result, notes) = shown("x = 2", exact)
            #expect(result == "0" && !notes.contains { $0.contains("comes from rounding") }, "\(exact): \(notes)")
        }
        // In a vector or matrix of numbers, the first such element by its position: a hessian of 2e-600*x^2/2.
        let hessian = shown("x = 1", "hessian(1e-300*(1e-300*x^2), [x])").notes
        #expect(hessian.contains { $0.hasPrefix("note: the 0 at row 1, column 1 comes from rounding in 2e-300 * 1e-300") }, "\(hessian)")
        let vector = shown("x = 1", "[1, exp(-800)]").notes
        #expect(vector.contains { $0.hasPrefix("note: the 0 at element 2 comes from rounding in exp(-800)") }, "\(vector)")
        #expect(!shown("x = 1", "[1, relu(-x)]").notes.contains { $0.contains("comes from rounding") })
        // A vector or matrix made element by element, by the elements its own step rounded, named as typed.
        let elementwise = shown("v = [1, 2]", "exp(-800*v)").notes
        #expect(elementwise.contains { $0.hasPrefix("note: the 0 at element 1 (and 1 more element) comes from rounding in exp(-800*v),") }, "\(elementwise)")
        let matrix = shown("W = [[1, 2], [3, 4]]", "1e-300*(1e-300*W)").notes
        #expect(matrix.contains { $0.hasPrefix("note: the 0 at row 1, column 1 (and 3 more elements) comes from rounding") }, "\(matrix)")
        let mixed = shown("v = [1, 2]", "v*[1e-300, 0]*1e-300").notes
        #expect(mixed.contains { $0.hasPrefix("note: the 0 at element 1 comes from rounding") }, "\(mixed)")
        for exact in ["v*0", "exp(-v)", "relu(-v)"] {
            #expect(!shown("v = [1, 2]", exact).notes.contains { $0.contains("comes from rounding") }, "\(exact)")
        }
        // Once only: diff's note on its 0 says it already.
        let derivative = shown("x = 1", "diff(1e-300*(1e-300*x), x)").notes
        #expect(derivative.filter { $0.contains("comes from rounding") }.count == 1, "\(derivative)")
        // Not inside a loop, where nothing is shown.
        #expect(!shown("x = -800", "repeat 3 { y = exp(x) }").notes.contains { $0.contains("comes from rounding") })
    }
}
