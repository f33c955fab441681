@testable import GradbookCore
import Testing

@Suite("Lexer")
struct LexerTests {
    private func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer.tokens(of: SourceText(text)).map(\.kind)
    }

    @Test("numbers in every written form", arguments: [("2", 2.0), ("3.5", 3.5), ("1e-3", 0.001), (".5", 0.5), ("2E3", 2000), ("1e+2", 100)])
    func numbers(_ text: String, _ expected: Double) throws {
        #expect(try kinds(text) == [.number(expected), .end])
    }

    /// Whole numbers are read digit by digit, the rest by Swift's parser: both must give Swift's Double(text).
    @Test("every number reads as Double(text), whole numbers of 1 to 20 digits included")
    func numbersAgreeWithSwift() throws {
        var numbers = SeededNumbers(seed: 12345)
        func digit() -> Character { Character(String(numbers.next(10))) }
        for length in 1...20 {
            for form in ["", ".", ".5", "e3", "0"] {
                let text = String((0..<length).map { _ in digit() }) + form
                #expect(try kinds(text) == [.number(Double(text)!), .end], "\(text)")
            }
        }
        for text in ["007", "999999999999999", "9007199254740993", "123456789012345678901234567890", "1.", "0.1", "10e-1"] {
            #expect(try kinds(text) == [.number(Double(text)!), .end], "\(text)")
        }
    }

    @Test("** is read as ^ and == as one token")
    func operators() throws {
        #expect(try kinds("a**b == c") == [.name("a"), .caret, .name("b"), .equalEqual, .name("c"), .end])
    }

    @Test("2e is a number followed by a name, not a broken exponent")
    func exponentNeedsDigits() throws {
        #expect(try kinds("2e") == [.number(2), .name("e"), .end])
    }

    @Test("comments are skipped and line breaks inside brackets are spaces")
    func commentsAndBrackets() throws {
        #expect(try kinds("(1 +\n2) # note\nx") == [.leftParen, .number(1), .plus, .number(2), .rightParen, .newline, .name("x"), .end])
    }

    @Test("a trailing backslash continues the line")
    func lineContinuation() throws {
        #expect(try kinds("1 + \\\n2") == [.number(1), .plus, .number(2), .end])
    }

    @Test("a command runs to the next semicolon")
    func commands() throws {
        #expect(try kinds(":digits 17; x") == [.command(name: "digits", argument: "17"), .semicolon, .name("x"), .end])
    }

    @Test("a stray character becomes an invalid token at its column")
    func strayCharacter() throws {
        let tokens = try Lexer.tokens(of: SourceText("x $ 2"))
        guard case .invalid(let diagnostic) = tokens[1].kind else {
            Issue.record("expected an invalid token, got \(tokens[1].kind)")
            return
        }
        #expect(diagnostic.range == SourceRange(2, 3))
        #expect(diagnostic.message == "'$' is not part of gradbook's language.")
    }

    @Test("a number too large for a Double is refused")
    func hugeNumber() throws {
        let tokens = try Lexer.tokens(of: SourceText("1e999"))
        guard case .invalid(let diagnostic) = tokens[0].kind else {
            Issue.record("expected an invalid token")
            return
        }
        #expect(diagnostic.message.contains("too large"))
    }

    @Test("an over-long input is refused before any work")
    func inputTooLong() {
        let text = String(repeating: "1+", count: Lexer.maximumLength / 2 + 1)
        #expect(throws: Diagnostic.self) { try Lexer.tokens(of: SourceText(text)) }
    }
}
