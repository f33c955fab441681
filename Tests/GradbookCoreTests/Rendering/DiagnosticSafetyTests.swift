// Diagnostics are bounded and terminal-safe: a window of a long line, control characters shown, deep calls summarised.

import Testing
@testable import GradbookCore

@Suite("Diagnostics stay short and never control the terminal")
struct DiagnosticSafetyTests {
    /// What a script run shows for `code` (all of its outputs, errors with their `-e:LINE:COL` form).
    static func scriptOutput(_ code: String) -> String {
        let result = Notebook().run(code, sourceName: "-e")
        return CellRenderer(style: .plain).text(result, promptWidth: 0)
    }

    @Test("an escape sequence in a script is shown as \\e and ^G, never sent to the terminal")
    func controlCharactersAreVisible() {
        let shown = DiagnosticSafetyTests.scriptOutput("x = 1 \u{1B}]0;PWNED\u{7}")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(shown.contains("    x = 1 \\e]0;PWNED^G\n          ^~\n"))
    }

    @Test("each kind of control character has one visible form", arguments: [
        ("\u{1B}", "\\e"), ("\u{7}", "^G"), ("\u{0}", "^@"), ("\r", "^M"), ("\u{7F}", "^?"), ("\u{9B}", "\u{FFFD}"), ("\t", "\t"), ("é", "é"),
    ])
    func visibleForms(_ pair: (String, String)) {
        #expect(VisibleText.escaping("a\(pair.0)b") == "a\(pair.1)b")
    }

    @Test("gradbook's own colours survive on a terminal, while an escape from input is still shown")
    func ownColoursAreKept() {
        let coloured = Style(usesColor: true).apply(.error, "error:")
        #expect(VisibleText.escaping(coloured + " \u{1B}]0;x\u{7}", keepingColour: true) == coloured + " \\e]0;x^G")
    }

    @Test("an error in a 300,000-character line shows a window around the caret, not the whole line")
    func longLineIsWindowed() {
        let line = "x = " + String(repeating: "1 + ", count: 75_000) + "$ + 1"
        let shown = DiagnosticSafetyTests.scriptOutput(line)
        let lines = shown.split(separator: "\n")
        #expect(shown.count < 600)
        #expect(lines.first?.hasPrefix("-e:1:300005: error: '$' is not part of gradbook's language.") == true)
        let echoed = String(lines[1]), caret = String(lines[2])
        #expect(echoed.hasPrefix("    …") && echoed.hasSuffix("1 + $ + 1") && echoed.count == 4 + 1 + SourceWindow.width)
        let column = caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) }
        let dollar = echoed.firstIndex(of: "$").map { echoed.distance(from: echoed.startIndex, to: $0) }
        #expect(column != nil && column == dollar)
    }

    @Test("in the REPL, a line with a control character is echoed so the caret lines up under what is shown")
    func interactiveEchoesUnsafeLine() {
        let result = Notebook().run("y = \u{7} 2")
        let shown = CellRenderer(style: .plain).text(result, promptWidth: 8)
        #expect(shown.hasPrefix("        y = ^G 2\n            ^~\n"))
    }

    @Test("in an 80-column REPL, a typed line the terminal wrapped gets the part around the caret echoed on one row, the caret under it")
    func wrappedLineEchoesAWindow() throws {
        let typed = "aaaaaaaaaa = 1; bbbbbbbbbbbbbbb = 2; cccccccccccccccc = 3; ddddddddddddddd = 4; eeeeeeee + 1/"
        let result = Notebook().run(typed)
        let shown = CellRenderer(style: .plain, width: 80).text(result, promptWidth: 8)
        let lines = shown.split(separator: "\n").map(String.init)
        // Every row fits: no caret line wrapping onto a blank row and a row of its own.
        #expect(lines.allSatisfy { $0.count < 80 }, "\(lines)")
        let echoed = lines[0], caret = lines[1]
        #expect(echoed.hasPrefix("        …") && echoed.hasSuffix("eeeeeeee + 1/"), "\(echoed)")
        let column = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
        #expect(column == echoed.count, "the caret is just past the '/' that ends the input")
        #expect(lines[2].hasPrefix("error: the input ends where a value was expected."))
        // Piped (no width known) or short enough to fit, the caret goes under the typed line as before.
        let piped = CellRenderer(style: .plain).text(result, promptWidth: 8)
        #expect(!piped.contains("aaaa") && piped.hasPrefix(String(repeating: " ", count: 8 + typed.count) + "^\n"), "\(piped)")
        let short = CellRenderer(style: .plain, width: 80).text(Notebook().run("1 +"), promptWidth: 8)
        #expect(short.hasPrefix("           ^\nerror:"), "\(short)")
    }

    @Test("an error 50 user-function calls deep names the first and last three calls and counts the rest")
    func deepCallChainIsSummarised() {
        var code = "f1(x) = sin(x, x)\n"
        for level in 2...50 { code += "f\(level)(x) = f\(level - 1)(x) + 1\n" }
        code += "f50(2)"
        let shown = DiagnosticSafetyTests.scriptOutput(code)
        #expect(shown.hasSuffix("hint: apply it to each value separately, for example sin(x) + sin(y). (this happened inside f1(x) = sin(x, x), called from f2(x) = f1(x) + 1, called from f3(x) = f2(x) + 1, … 44 more calls …, called from f48(x) = f47(x) + 1, called from f49(x) = f48(x) + 1, called from f50(x) = f49(x) + 1)"))
    }

    @Test("too many elements names the whole product, which no longer overflows")
    func elementCountIsTheProduct() {
        let message = diagnostic(of: Notebook().run("zeros(3037000500, 3037000500)"))?.message
        #expect(message == "that would make 3037000500 × 3037000500 = 9.22337e18 elements, more than the 10000000 one value may hold.")
    }
}
