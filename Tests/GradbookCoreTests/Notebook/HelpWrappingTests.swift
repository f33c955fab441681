// Help paragraphs are written as source lines a little wider than the help's width: a line's overflow runs on
// into the next line of the same sentence, and no entry of a list is joined to the one before it.

@testable import GradbookCore
import Testing

@Suite("Help wrapping")
struct HelpWrappingTests {
    private let longLine = "  " + String(repeating: "word ", count: 21) + "ends here with your"

    @Test("an overflowing line runs on into the next line of its sentence, with no word left alone")
    func overflowRunsOn() {
        let text = longLine + "\n  step h, so you can watch it."
        let lines = Help.wrapped(text).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= Help.width })
        #expect(lines.count == 2)
        #expect(lines.last?.hasSuffix("your step h, so you can watch it.") == true)
    }

    @Test("an entry of a list, an example or a capitalised sentence starts its own line", arguments: [
        "  erf(x): the error function.", "  mean(v), mean(W, 1): the average.", "  example: erf(1)", "  Enter continues.",
        ":load FILE runs a script.",
    ])
    func entriesStayApart(_ next: String) {
        let lines = Help.wrapped(longLine + "\n" + next).split(separator: "\n").map(String.init)
        #expect(lines.last == next)
        #expect(lines.count == 3)
    }

    @Test("every help topic fits the help's width, bar a word too long to break")
    func topicsFit() {
        for topic in Help.topicNames {
            for line in Help.text(for: topic).split(separator: "\n") where line.count > Help.width {
                #expect(!line.dropFirst(line.prefix { $0 == " " }.count).contains(" "), "\(topic): \(line)")
            }
        }
    }
}
