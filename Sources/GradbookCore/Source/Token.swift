// The smallest meaningful pieces of a cell: numbers, names, operators and :commands.

/// One token: what kind it is and which text it covers (the lexeme is a slice of the source).
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case name(String)
        case string(String)
        /// `:digits 8`: the command's name and the raw text of its argument.
        /// Boxed, like `invalid`: two strings inline made every token of a script larger.
        indirect case command(name: String, argument: String)
        case plus, minus, star, slash, caret, at, equal, equalEqual
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        case comma, semicolon, question
        /// `:` inside brackets, for slices: `W[1, :]`, `v[2:4]`.
        case colon
        /// `.` before a name: `net.W1`.
        case dot
        /// A line break that ends a statement (breaks inside brackets are skipped by the lexer).
        case newline
        case end
        /// Text that is not part of the language (a stray `$`, an unclosed string): the lexer's diagnostic.
        /// Boxed: inline, the diagnostic made every token of a script about 150 bytes (a 250,000-line
        /// script's tokens held 150 MB); boxed, a token is a few words.
        indirect case invalid(Diagnostic)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// Whether this is the given name (used for the `at` keyword and argument labels).
    public func isName(_ text: String) -> Bool {
        if case .name(let name) = kind { return name == text }
        return false
    }

    /// The name this token spells, if it is a name.
    public var name: String? {
        if case .name(let name) = kind { return name }
        return nil
    }

    /// How the token reads in a message: `')'`, `the end of the input`, `the name 'x'`.
    public var description: String {
        switch kind {
        case .number: return "a number"
        case .name(let name): return "'\(name)'"
        case .string: return "a string"
        case .command(let name, _): return "':\(name)'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .caret: return "'^'"
        case .at: return "'@'"
        case .equal: return "'='"
        case .equalEqual: return "'=='"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .comma: return "','"
        case .semicolon: return "';'"
        case .question: return "'?'"
        case .colon: return "':'"
        case .dot: return "'.'"
        case .newline: return "the end of the line"
        case .end: return "the end of the input"
        case .invalid: return "an invalid character"
        }
    }
}
