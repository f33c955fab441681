// Tokens → statements: one method per grammar rule, precedence from OperatorTable, a nesting limit.
//
// Grammar (lowest precedence first):
//   statement  := command | '?' NAME | NAME '?' | NAME '=' expression
//               | NAME '(' NAME {',' NAME} ')' '=' expression | expression
//   expression := equality [('at' | 'where') NAME '=' equality {',' NAME '=' equality}]
//   equality   := sum ['==' sum]
//   sum        := product {('+' | '-') product}
//   product    := unary {('*' | '/' | '@') unary}
//   unary      := ('-' | '+') unary | power
//   power      := postfix [('^' | '**') unary]          (right-associative; 2^-1 is allowed)
//   postfix    := primary {'(' arguments ')' | '[' expression {',' expression} ']'}
//   primary    := NUMBER | NAME | STRING | '(' expression ')' | '[' [expression {',' expression}] ']'

/// Parses one cell or script into statements.
///
/// Each statement parses on its own: a syntax error in one is reported for that statement and the parser
/// resumes after the next `;` or line break, so a script's other statements still run.
public struct Parser {
    /// How deeply brackets, unary signs and powers may nest before the input is refused.
    ///
    /// Each level costs several stack frames here and in the evaluator; 200 is far beyond what a
    /// person writes and far below what the stack holds, even in a debug build.
    public static let maximumNesting = 200

    private let tokens: [Token]
    private var position = 0
    private var nesting = 0

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Every statement of `source`, each parsed or with the diagnostic that stopped it.
    public static func statements(in source: SourceText) -> [Result<Statement, Diagnostic>] {
        Array(IteratorSequence(OneByOne(source)))
    }

    /// The statements of `source` one at a time, each parsed when asked for: a script runs each as it is read, so
    /// its syntax never all exists at once (a 250,000-line script's statements held tens of megabytes, whose first
    /// touch and copies as the list grew cost more than parsing them).
    public struct OneByOne: IteratorProtocol {
        private var parser: Parser?
        private var failure: Diagnostic?

        public init(_ source: SourceText) {
            do { parser = Parser(tokens: try Lexer.tokens(of: source)) } catch { failure = error }
        }

        public mutating func next() -> Result<Statement, Diagnostic>? {
            if let failure {
                self.failure = nil
                return .failure(failure)
            }
            return parser?.parseNext()
        }
    }

    /// Parses a single expression (used for formulas printed by gradbook, and in tests).
    public static func expression(in source: SourceText) throws(Diagnostic) -> Expression {
        var parser = Parser(tokens: try Lexer.tokens(of: source))
        let expression = try parser.parseExpression()
        guard parser.current.kind == .end else { throw .unexpected(parser.current, expecting: nil) }
        return expression
    }

    // MARK: Statements

    /// The next statement, parsed or with the diagnostic that stopped it (the parser then resumes after it); nil at
    /// the end.
    private mutating func parseNext() -> Result<Statement, Diagnostic>? {
        skipSeparators()
        if current.kind == .end { return nil }
        let start = position
        do throws(Diagnostic) {
            return .success(try parseStatement())
        } catch {
            skipPastStatement(from: start)
            return .failure(error)
        }
    }

    private mutating func parseStatement() throws(Diagnostic) -> Statement {
        let start = current.range.lowerBound
        let kind = try parseStatementKind()
        let end = tokens[max(0, position - 1)].range.upperBound
        switch current.kind {
        case .semicolon:
            advance()
            return Statement(kind, SourceRange(start, end), isSilenced: true)
        case .newline, .end:
            return Statement(kind, SourceRange(start, end))
        default:
            throw .unexpected(current, expecting: "the end of the statement")
        }
    }

    private mutating func parseStatementKind() throws(Diagnostic) -> Statement.Kind {
        if case .command(let name, let argument) = current.kind {
            advance()
            return .command(name: name, argument: argument)
        }
        if current.kind == .question, let topic = peek(1).name {
            advance(2)
            return .help(topic: topic)
        }
        if let name = current.name, peek(1).kind == .question, isStatementEnd(peek(2)) {
            advance(2)
            return .help(topic: name)
        }
        if current.isName("repeat"), peek(1).kind != .equal, peek(1).kind != .leftParen {
            return try parseRepeat()
        }
        if let name = current.name, peek(1).kind == .equal {
            let nameRange = current.range
            try checkNotKeyword(current)
            advance(2)
            return .assignment(name: name, nameRange: nameRange, value: try parseExpression())
        }
        if let definition = try parseFunctionDefinitionIfPresent() { return definition }
        return .expression(try parseExpression())
    }

    /// The longest `repeat` gradbook runs: enough for any lesson, small enough to finish.
    public static let maximumRepetitions = 10_000_000

    /// `repeat COUNT { statement; statement … }`.
    private mutating func parseRepeat() throws(Diagnostic) -> Statement.Kind {
        advance()
        let count = try parseEquality()
        guard current.kind == .leftBrace else {
            throw .unexpected(current, expecting: "'{' to start the block to repeat, as in repeat 10 { x = x/2 }")
        }
        let open = current
        advance()
        var body: [Statement] = []
        while true {
            while current.kind == .newline || current.kind == .semicolon { advance() }
            if current.kind == .rightBrace {
                advance()
                return .repeatBlock(count: count, body: body)
            }
            if current.kind == .end { throw .unclosedBracket(open) }
            let start = current.range.lowerBound
            let kind = try nested { (parser: inout Parser) throws(Diagnostic) -> Statement.Kind in try parser.parseStatementKind() }
            let end = tokens[max(0, position - 1)].range.upperBound
            switch kind {
            case .command(let name, let argument):
                throw .commandInsideBlock(":" + name, typed: ":\(name)" + (argument.isEmpty ? "" : " " + argument), at: SourceRange(start, end))
            case .help(let topic):
                throw .commandInsideBlock("help", typed: ":help \(topic)", at: SourceRange(start, end))
            default: break
            }
            if current.kind == .end { throw .unclosedBracket(open) }
            guard [.semicolon, .newline, .rightBrace].contains(current.kind) else {
                throw .unexpected(current, expecting: "the end of the statement")
            }
            body.append(Statement(kind, SourceRange(start, end), isSilenced: true))
        }
    }

    /// `f(x, y) = body`, recognised by looking ahead for `) =` after a list of plain names.
    private mutating func parseFunctionDefinitionIfPresent() throws(Diagnostic) -> Statement.Kind? {
        guard let name = current.name, peek(1).kind == .leftParen else { return nil }
        var ahead = 2
        var parameters: [Token] = []
        while let parameter = peek(ahead).name, !parameter.isEmpty {
            parameters.append(peek(ahead))
            if peek(ahead + 1).kind == .comma { ahead += 2 } else { ahead += 1; break }
        }
        guard peek(ahead).kind == .rightParen, peek(ahead + 1).kind == .equal else { return nil }
        let nameRange = current.range
        try checkNotKeyword(current)
        for parameter in parameters { try checkNotKeyword(parameter) }
        try checkDistinct(parameters)
        advance(ahead + 2)
        let body = try parseExpression()
        return .function(name: name, nameRange: nameRange, parameters: parameters.compactMap(\.name), body: body)
    }

    /// `at` and its synonym `where` (which gradbook prints for shared parts of a formula): reserved. Compared,
    /// not looked up in a set: every name the parser meets is checked, and hashing each was a twentieth of a
    /// long script's parse.
    static func isKeyword(_ name: String) -> Bool { name == "at" || name == "where" }
    /// Words that cannot be names: the clause keywords and `repeat`.
    static func isReservedName(_ name: String) -> Bool { isKeyword(name) || name == "repeat" }

    private func checkNotKeyword(_ token: Token) throws(Diagnostic) {
        if let name = token.name, Parser.isReservedName(name) { throw .keywordAsName(name, at: token.range) }
    }

    private func checkDistinct(_ parameters: [Token]) throws(Diagnostic) {
        var seen: Set<String> = []
        for parameter in parameters {
            guard let name = parameter.name else { continue }
            if !seen.insert(name).inserted { throw .repeatedParameter(name, at: parameter.range) }
        }
    }

    // MARK: Expressions

    mutating func parseExpression() throws(Diagnostic) -> Expression {
        var body = try parseEquality()
        // `f where t1 = … at x = 2`: each clause applies to everything on its left.
        while let name = current.name, Parser.isKeyword(name) {
            advance()
            var bindings = [try parseNamedValue()]
            while current.kind == .comma, peek(1).name != nil, peek(2).kind == .equal {
                advance()
                bindings.append(try parseNamedValue())
            }
            let end = bindings.last?.value.range ?? body.range
            body = Expression(.at(body, bindings), body.range.joined(with: end))
        }
        return body
    }

    private mutating func parseNamedValue() throws(Diagnostic) -> NamedValue {
        guard let name = current.name, !Parser.isKeyword(name) else { throw .atNeedsName(current) }
        let nameRange = current.range
        advance()
        guard current.kind == .equal else { throw .atNeedsEqual(after: name, found: current) }
        advance()
        return NamedValue(name: name, nameRange: nameRange, value: try parseEquality())
    }

    private mutating func parseEquality() throws(Diagnostic) -> Expression {
        let left = try parseChain(level: 0)
        guard current.kind == .equalEqual else { return left }
        advance()
        let right = try parseChain(level: 0)
        if current.kind == .equalEqual { throw .chainedEquality(at: current.range) }
        return Expression(.binary(.equal, left, right), left.range.joined(with: right.range))
    }

    /// A left-associative chain at `OperatorTable`'s level `level`, stored flat.
    private mutating func parseChain(level: Int) throws(Diagnostic) -> Expression {
        guard level < OperatorTable.chainLevelCount else { return try parseUnary() }
        let first = try parseChain(level: level + 1)
        var links: [ChainLink] = []
        while let operation = OperatorTable.chainOperator(current.kind, level: level) {
            let operatorRange = current.range
            advance()
            links.append(ChainLink(operation: operation, operatorRange: operatorRange, operand: try parseChain(level: level + 1)))
        }
        guard let last = links.last else { return first }
        return Expression(.chain(first, links), first.range.joined(with: last.operand.range))
    }

    private mutating func parseUnary() throws(Diagnostic) -> Expression {
        guard let operation = OperatorTable.prefixOperator(current.kind) else { return try parsePower() }
        let start = current.range
        advance()
        return try nested { (parser: inout Parser) throws(Diagnostic) -> Expression in
            let operand = try parser.parseUnary()
            return Expression(.unary(operation, operand), start.joined(with: operand.range))
        }
    }

    private mutating func parsePower() throws(Diagnostic) -> Expression {
        let base = try parsePostfix()
        guard current.kind == .caret else { return base }
        advance()
        return try nested { (parser: inout Parser) throws(Diagnostic) -> Expression in
            let exponent = try parser.parseUnary()
            return Expression(.binary(.power, base, exponent), base.range.joined(with: exponent.range))
        }
    }

    private mutating func parsePostfix() throws(Diagnostic) -> Expression {
        var expression = try parsePrimary()
        while true {
            if current.kind == .leftParen, case .name(let name) = expression.kind {
                expression = try parseCall(name: name, nameRange: expression.range)
            } else if current.kind == .leftBracket {
                expression = try parseIndex(of: expression)
            } else if current.kind == .dot, let member = peek(1).name {
                let range = expression.range.joined(with: peek(1).range)
                advance(2)
                expression = Expression(.member(expression, member), range)
            } else {
                return expression
            }
        }
    }

    private mutating func parseCall(name: String, nameRange: SourceRange) throws(Diagnostic) -> Expression {
        let open = current
        advance()
        let arguments = try nested { (parser: inout Parser) throws(Diagnostic) -> [Argument] in
            try parser.parseList(closing: .rightParen, opened: open) { (parser: inout Parser) throws(Diagnostic) in
                try parser.parseArgument()
            }
        }
        return Expression(.call(name: name, nameRange: nameRange, arguments: arguments), nameRange.joined(with: previous.range))
    }

    private mutating func parseArgument() throws(Diagnostic) -> Argument {
        if let label = current.name, peek(1).kind == .equal, !Parser.isKeyword(label) {
            let labelRange = current.range
            advance(2)
            return Argument(label: label, labelRange: labelRange, value: try parseExpression())
        }
        return Argument(label: nil, labelRange: nil, value: try parseExpression())
    }

    private mutating func parseIndex(of base: Expression) throws(Diagnostic) -> Expression {
        let open = current
        advance()
        let indices = try nested { (parser: inout Parser) throws(Diagnostic) -> [Expression] in
            try parser.parseList(closing: .rightBracket, opened: open) { (parser: inout Parser) throws(Diagnostic) in
                try parser.parseIndexItem()
            }
        }
        if indices.isEmpty { throw .emptyIndex(at: open.range.joined(with: previous.range)) }
        return Expression(.index(base, indices), base.range.joined(with: previous.range))
    }

    /// One index: `i`, `:` or `a:b`.
    private mutating func parseIndexItem() throws(Diagnostic) -> Expression {
        let start = current.range
        if current.kind == .colon {
            advance()
            return Expression(.slice(nil, nil), start)
        }
        let lower = try parseExpression()
        guard current.kind == .colon else { return lower }
        advance()
        let upper = try parseExpression()
        return Expression(.slice(lower, upper), lower.range.joined(with: upper.range))
    }

    private mutating func parsePrimary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Expression(.number(value), token.range)
        case .name(let name):
            if Parser.isReservedName(name) { throw .keywordAsName(name, at: token.range) }
            advance()
            return Expression(.name(name), token.range)
        case .string(let text):
            advance()
            return Expression(.string(text), token.range)
        case .leftParen:
            advance()
            let inner = try nested { (parser: inout Parser) throws(Diagnostic) -> Expression in
                try parser.parseExpression()
            }
            try expectClosing(.rightParen, opened: token)
            return Expression(inner.kind, token.range.joined(with: previous.range))
        case .leftBracket:
            advance()
            let elements = try nested { (parser: inout Parser) throws(Diagnostic) -> [Expression] in
                try parser.parseList(closing: .rightBracket, opened: token) { (parser: inout Parser) throws(Diagnostic) in
                    try parser.parseExpression()
                }
            }
            return Expression(.list(elements), token.range.joined(with: previous.range))
        case .invalid(let diagnostic):
            throw diagnostic
        default:
            throw .expectedExpression(found: token)
        }
    }

    /// `item {',' item} closing`, allowing an empty list.
    private mutating func parseList<Item>(
        closing: Token.Kind, opened: Token,
        item: (inout Parser) throws(Diagnostic) -> Item
    ) throws(Diagnostic) -> [Item] {
        var items: [Item] = []
        if current.kind == closing {
            advance()
            return items
        }
        while true {
            items.append(try item(&self))
            if current.kind == .comma {
                advance()
                continue
            }
            try expectClosing(closing, opened: opened)
            return items
        }
    }

    private mutating func expectClosing(_ closing: Token.Kind, opened: Token) throws(Diagnostic) {
        guard current.kind == closing else {
            switch current.kind {
            case .end, .newline, .semicolon: throw .unclosedBracket(opened)
            case .rightParen, .rightBracket, .rightBrace: throw .mismatchedBracket(current, opened: opened)
            default: throw .unexpected(current, expecting: Token(closing, opened.range).description)
            }
        }
        advance()
    }

    /// Runs `body` one nesting level deeper, refusing input nested past `maximumNesting`.
    private mutating func nested<T>(_ body: (inout Parser) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maximumNesting { throw .nestedTooDeeply(at: current.range, limit: Parser.maximumNesting) }
        return try body(&self)
    }

    // MARK: Tokens

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private var previous: Token { tokens[max(0, min(position, tokens.count) - 1)] }
    private func peek(_ ahead: Int) -> Token { tokens[min(position + ahead, tokens.count - 1)] }
    private mutating func advance(_ count: Int = 1) { position = min(position + count, tokens.count - 1) }

    private func isStatementEnd(_ token: Token) -> Bool {
        token.kind == .end || token.kind == .newline || token.kind == .semicolon
    }

    private mutating func skipSeparators() {
        while current.kind == .newline || current.kind == .semicolon { advance() }
    }

    /// After an error: skip to the end of the statement, so the next one parses from a clean start.
    /// After an error, moves past the failed statement, which began at token `start`: past the end of a
    /// block it opened when its braces close (so a bad statement inside `repeat 2 { … }` is one error, not
    /// two), else past the end of the line with the error, so an unclosed block cannot swallow the script.
    private mutating func skipPastStatement(from start: Int) {
        let failedAt = position
        position = start
        var depth = 0
        while current.kind != .end || depth == 0 {
            switch current.kind {
            case .leftBrace: depth += 1
            case .rightBrace: depth = max(0, depth - 1)
            default:
                if depth == 0, isStatementEnd(current) { advance(); return }
            }
            advance()
        }
        position = failedAt
        while !isStatementEnd(current) { advance() }
        if current.kind != .end { advance() }
    }
}
