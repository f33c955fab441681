// Lines wider than the terminal break at spaces: never inside a word or a number, indentation kept, colour free.

import Testing
@testable import GradbookCore

@Suite("Breaking lines at spaces")
struct WordWrapTests {
    @Test("a line that fits, or text with no width to fit, is left exactly as it is")
    func fittingLinesUnchanged() {
        let text = "Out[1]: 1.70684e18\n  two  spaces   kept"
        #expect(WordWrap(width: 80).text(text) == text)
        #expect(CellRenderer(style: .plain).width == nil)
    }

    @Test("a long line breaks at the last space that fits; numbers and words are never split", arguments: [20, 23, 31, 40, 57])
    func neverSplitsAWord(_ width: Int) {
        let words = ["the", "loss", "grew", "from", "0.573965", "to", "1.70684e18:", "is", "the", "learning", "rate",
                     "too", "large?", "backward(L)", "-0.434407", "gives", "[1, 2]"]
        let line = words.joined(separator: " ")
        let wrapped = WordWrap(width: width).text(line)
        for shown in wrapped.split(separator: "\n") { #expect(shown.count <= width, "\(shown)") }
        // Joining the lines back with spaces gives the line: nothing was cut, dropped or added.
        #expect(wrapped.replacingOccurrences(of: "\n", with: " ") == line)
    }

    @Test("further lines keep the line's indentation, and a numbered or bulleted line hangs under its text")
    func indentation() {
        #expect(WordWrap(width: 24).text("  example: grad(y, [x]) at x = 2") == "  example: grad(y, [x])\n  at x = 2")
        #expect(WordWrap(width: 24).text(" 3. dL/dx = 2 · 0.5 = 1 (d(a*b)/da = b)") == " 3. dL/dx = 2 · 0.5 = 1\n    (d(a*b)/da = b)")
        #expect(WordWrap(width: 20).text("  • a bulleted line that goes on") == "  • a bulleted line\n    that goes on")
    }

    @Test("an aside in brackets that is prose breaks at its spaces like the sentence around it, where a formula in brackets stays whole")
    func proseAsidesBreak() {
        let verdict = "verdict: cannot tell: yours is backprop's number, but backprop's own rounding at this point (its sums of contributions that cancel, and the values its slopes read) may be up to 2.2e285."
        let wrapped = WordWrap(width: 72).text(verdict)
        #expect(wrapped.hasPrefix("verdict: cannot tell: yours is backprop's number, but backprop's own\nrounding at this point (its sums of"), "\(wrapped)")
        for shown in wrapped.split(separator: "\n") { #expect(shown.count <= 72) }
        // A formula or call in brackets has no two words in a row, and stays on one line.
        #expect(WordWrap(width: 30).text("the slope is 2*(sin(x) + cos(x) + tanh(x)) here")
                == "the slope is\n2*(sin(x) + cos(x) + tanh(x))\nhere")
    }

    @Test("a call in brackets stays whole on one line when it fits, so it can be pasted; a wider one breaks at its spaces")
    func callsStayWhole() {
        let hint = "hint: differentiate with respect to the names in it: grad(sum((W @ x)^2), [a, b, c, d])."
        let wrapped = WordWrap(width: 60).text(hint)
        #expect(wrapped == "hint: differentiate with respect to the names in it:\ngrad(sum((W @ x)^2), [a, b, c, d]).")
        let wide = "see f(a b c d e f g h i j k l m n o p q r s t u v w x y z)"
        let broken = WordWrap(width: 20).text(wide)
        for shown in broken.split(separator: "\n") { #expect(shown.count <= 20, "\(shown)") }
        #expect(broken.replacingOccurrences(of: "\n", with: " ") == wide)
        // Brackets that never close do not glue the rest of the line together.
        let open = "see (1 first the loss, then the gradient, then a step down it"
        for shown in WordWrap(width: 20).text(open).split(separator: "\n") { #expect(shown.count <= 20, "\(shown)") }
    }

    @Test("a word wider than the width stays whole on its own line")
    func longWordStaysWhole() {
        let long = String(repeating: "█", count: 30)
        #expect(WordWrap(width: 20).text("loss " + long + " end") == "loss\n" + long + "\nend")
    }

    @Test("colour escapes take no columns")
    func colourIsFree() {
        let red = "\u{1B}[31m", reset = "\u{1B}[0m"
        let line = "\(red)error:\(reset) there is no function called 'nosuch' here"
        let wrapped = WordWrap(width: 40).text(line)
        #expect(wrapped == "\(red)error:\(reset) there is no function called\n'nosuch' here")
    }

    @Test("help paragraphs are joined and broken again at a narrower width; indented examples stay lines")
    func reflowingParagraphs() {
        let help = "grad(EXPR, h) is the gradient with respect to that\nvalue. More words follow here.\n  example: grad(x^2, x)"
        #expect(WordWrap(width: 60).reflowing(help) == help, "text that fits is not touched")
        #expect(WordWrap(width: 30).reflowing(help)
            == "grad(EXPR, h) is the gradient\nwith respect to that value.\nMore words follow here.\n  example: grad(x^2, x)")
    }

    @Test("a cell's result breaks under its Out[n]: label, its note at the width; a plot is never broken")
    func cellRendering() {
        let notebook = Notebook()
        let result = notebook.run("x = 2; explain(backward(sigmoid(3*x - 1)*x))")
        let shown = CellRenderer(style: .plain, width: 60).text(result, promptWidth: 8)
        for line in shown.split(separator: "\n") { #expect(line.count <= 60, "\(line)") }
        #expect(shown.contains("Out[1]: backward pass from sigmoid(3*x - 1)*x = 1.98661:\n        each connection"))
        let plot = notebook.run("plot(sin(x), x, -3, 3)")
        #expect(CellRenderer(style: .plain, width: 30).text(plot, promptWidth: 8) == CellRenderer(style: .plain).text(plot, promptWidth: 8))
    }

    @Test("an error's message breaks to the width at spaces; a typed line the terminal wrapped is echoed around the caret, in one row")
    func diagnostics() {
        let notebook = Notebook()
        let result = notebook.run("1.70684e18*sin(xyzzy) + nosuchfunction(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)")
        let shown = CellRenderer(style: .plain, width: 40).text(result, promptWidth: 8)
        let lines = shown.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count < 40 }, "\(lines)")
        #expect(lines.first?.hasPrefix("        …") == true && lines.first?.contains("nosuchfunction(") == true, "\(lines)")
        #expect(lines.dropFirst().first?.hasSuffix("^~~~~~~~~~~~~~") == true, "\(lines)")
        // The underline sits under the name it marks.
        if lines.count > 1, let name = lines[0].range(of: "nosuchfunction"), let caret = lines[1].firstIndex(of: "^") {
            #expect(lines[0].distance(from: lines[0].startIndex, to: name.lowerBound) == lines[1].distance(from: lines[1].startIndex, to: caret))
        }
        #expect(shown.contains("error: there is no function called"))
    }
}
