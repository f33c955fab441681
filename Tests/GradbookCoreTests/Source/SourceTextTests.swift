@testable import GradbookCore
import Testing

@Suite("Source text: lines and columns")
struct SourceTextTests {
    /// Line and column of every offset, counted the slow way: the newlines before it.
    private func counted(_ scalars: [Unicode.Scalar], _ offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<Swift.min(offset, scalars.count) where scalars[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The lookup starts where an average line would put the offset and searches outward, so texts whose lines are far
    /// from average (one long line among short ones, runs of empty lines) are the ones that could catch it out.
    @Test("every offset's line and column, in texts with lines of very different lengths", arguments: [1, 2, 3, 4, 5, 6])
    func everyOffset(seed: UInt64) {
        var numbers = SeededNumbers(seed: seed)
        for _ in 0..<20 {
            var text = ""
            for _ in 0..<numbers.next(60) {
                switch numbers.next(4) {
                case 0: break  // an empty line
                case 1: text += String(repeating: "x", count: 1 + numbers.next(3))
                case 2: text += String(repeating: "y = 2; ", count: 1 + numbers.next(40))
                default: text += numbers.next(2) == 0 ? "é ∂x" : "z"
                }
                text += "\n"
            }
            if numbers.next(2) == 0 { text += "tail" }
            let source = SourceText(text, firstLine: 3)
            let scalars = Array(text.unicodeScalars)
            #expect(source.scalars == scalars)
            for offset in 0...scalars.count {
                let expected = counted(scalars, offset)
                let found = source.location(of: offset)
                #expect(found.line == expected.line + 2 && found.column == expected.column, "offset \(offset) of \(text.debugDescription)")
            }
        }
    }

    @Test("plain ASCII and other text slice to the same strings")
    func slices() {
        for text in ["a = 1\nb = a*2", "∂ = 1\nλ = ∂*2", ""] {
            let source = SourceText(text)
            let count = source.scalars.count
            #expect(source.text == text)
            #expect(source.text(in: SourceRange(0, count)) == text)
            if count > 2 { #expect(source.text(in: SourceRange(1, count - 1)) == String(String.UnicodeScalarView(text.unicodeScalars.dropFirst().dropLast()))) }
            #expect(source.lineText(containing: count) == String(text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""))
        }
    }
}
