// Judging a learner's answer to an exercise: formulas with ==, numbers with a tolerance; wrong answers
// get a point where they differ from the right one, then the next hint, then the answer and why.

import Foundation

/// What one answer earned.
public struct ExerciseVerdict: Sendable, Equatable {
    public var isCorrect: Bool
    /// For a wrong answer: where it differs from the right one, or what was wrong with it (a syntax error).
    public var difference: String?
}

/// Checks answers to one exercise against the lesson's session, which it never changes.
public struct ExerciseChecker {
    public var exercise: Exercise
    /// The lesson session's bindings: number answers may use its names.
    public var bindings: Bindings
    public var format = NumberFormat()

    public init(exercise: Exercise, bindings: Bindings = Bindings()) {
        self.exercise = exercise
        self.bindings = bindings
    }

    /// Whether `answer` is right and, if not, how it differs.
    public func check(_ answer: String) -> ExerciseVerdict {
        let typed = answer.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return ExerciseVerdict(isCorrect: false, difference: "type an answer (or :next to see it).") }
        switch exercise.kind {
        case .formula(let target): return checkFormula(typed, against: target)
        case .number(let tolerance): return checkNumber(typed, tolerance: tolerance)
        }
    }

    /// The calls that make gradbook do the working an exercise asks of the learner.
    static let workingCalls: Set<String> = ["diff", "grad", "numdiff", "forward_diff", "jacobian", "hessian", "check", "backward"]

    /// `(answer) == (target)` in a fresh session, so every name in either is a free symbol.
    private func checkFormula(_ answer: String, against target: String) -> ExerciseVerdict {
        if let problem = syntaxProblem(answer) { return problem }
        if let call = ExerciseChecker.workingCall(in: answer) {
            // diff(…) is how gradbook checks the answer; typed as the answer, it is gradbook's working, not the learner's.
            return ExerciseVerdict(isCorrect: false, difference: "\(call)(…) asks gradbook to work it out; write the formula yourself "
                + "(\(call) is how your answer is checked, so use it at the pause, not as the answer).")
        }
        let comparison: Comparison
        switch evaluate("(\(answer)) == (\(target))", in: Bindings()) {
        case .success(.comparison(let result)?): comparison = result
        case .success: return ExerciseVerdict(isCorrect: false, difference: "that is not something gradbook can compare with the answer.")
        case .failure(let diagnostic): return ExerciseVerdict(isCorrect: false, difference: diagnostic.message)
        }
        guard !comparison.isEqual else { return ExerciseVerdict(isCorrect: true) }
        return ExerciseVerdict(isCorrect: false, difference: describe(comparison))
    }

    /// The answer's value in the lesson's session, within the tolerance of the reference answer's.
    private func checkNumber(_ answer: String, tolerance: Double) -> ExerciseVerdict {
        if let problem = syntaxProblem(answer) { return problem }
        guard case .success(let reference) = number(exercise.answer) else {
            return ExerciseVerdict(isCorrect: false, difference: "the lesson's own answer does not evaluate to a number (a bug in the lesson).")
        }
        switch number(answer) {
        case .failure(let message):
            return ExerciseVerdict(isCorrect: false, difference: message)
        case .success(let value) where Swift.abs(value - reference) <= tolerance:
            return ExerciseVerdict(isCorrect: true)
        case .success(let value):
            return judgeNumber(value, typed: answer, reference: reference)
        }
    }

    /// A number exercise's reference answer, evaluated in the lesson's session (nil for a formula, or if it fails).
    public var referenceValue: Double? {
        guard case .number = exercise.kind, case .success(let value) = number(exercise.answer) else { return nil }
        return value
    }

    /// The fewest significant digits a rounded decimal answer must have: 0.69 for 0.693147 is too coarse to
    /// tell a right method from a near miss, 0.693 is not.
    static let minimumSignificantDigits = 3

    /// A number outside the tolerance: right when it is the reference rounded to the digits typed (and enough of
    /// them), otherwise worded by what is wrong with it (the choice, the digits, the sign, the size).
    private func judgeNumber(_ value: Double, typed: String, reference: Double) -> ExerciseVerdict {
        if exercise.isChoice {
            return ExerciseVerdict(isCorrect: false, difference: "\(typed) is not the right choice.")
        }
        if let decimal = ExerciseChecker.roundedDecimal(typed), decimal.matches(reference),
           decimal.significantDigits < ExerciseChecker.significantDigits(of: reference) {
            if decimal.significantDigits >= ExerciseChecker.minimumSignificantDigits { return ExerciseVerdict(isCorrect: true) }
            return ExerciseVerdict(isCorrect: false, difference: "too few digits: \(typed) is right as far as it goes, but type at least "
                + "\(ExerciseChecker.minimumSignificantDigits) significant digits (or an expression gradbook can work out).")
        }
        if value != 0, reference != 0, (value < 0) != (reference < 0) {
            let mirrored = Swift.abs(-value - reference) <= exercise.tolerance
                || ExerciseChecker.roundedDecimal(typed).map { $0.negated.matches(reference) } == true
            let size = mirrored ? "; the size is right" : ", and the size differs too"
            return ExerciseVerdict(isCorrect: false, difference: "your answer is \(format.text(value)): check the sign\(size).")
        }
        let direction = value > reference ? "too large" : "too small"
        return ExerciseVerdict(isCorrect: false, difference: "your answer is \(format.text(value)), which is \(direction).")
    }

    /// How many significant digits `value` needs (0.9 needs 1, 0.693147… needs 15): a typed number with at least
    /// as many is exact, so rounding cannot excuse it.
    static func significantDigits(of value: Double) -> Int {
        let mantissa = String(format: "%.15e", Swift.abs(value)).prefix { $0 != "e" }
        let digits = mantissa.filter(\.isNumber)
        return max(1, digits.count - digits.reversed().prefix { $0 == "0" }.count)
    }

    /// A plain decimal number as typed (`0.693`, `-2.5`, `12`): its value and the place of its last digit.
    struct RoundedDecimal {
        var value: Double
        /// Digits after the point.
        var decimals: Int
        var significantDigits: Int
        /// Whether `reference` rounds to this number at its last typed digit (half a unit either way).
        func matches(_ reference: Double) -> Bool {
            let unit = pow(10, Double(-decimals))
            return Swift.abs(reference - value) <= unit / 2 * (1 + 1e-9)
        }
        var negated: RoundedDecimal { RoundedDecimal(value: -value, decimals: decimals, significantDigits: significantDigits) }
    }

    /// Only plain decimals count as rounded: `2*10^6` or `7/3` say exactly what they mean.
    static func roundedDecimal(_ typed: String) -> RoundedDecimal? {
        var body = Substring(typed.trimmingCharacters(in: .whitespaces))
        if body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              body.filter({ $0 == "." }).count <= 1, let value = Double(typed.trimmingCharacters(in: .whitespaces)) else { return nil }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let decimals = parts.count == 2 ? parts[1].count : 0
        let digits = body.filter(\.isNumber).drop { $0 == "0" }
        return RoundedDecimal(value: value, decimals: decimals, significantDigits: digits.count)
    }

    private enum NumberOutcome { case success(Double), failure(String) }

    private func number(_ text: String) -> NumberOutcome {
        switch evaluate(text, in: bindings) {
        case .failure(let diagnostic): return .failure(diagnostic.message)
        case .success(let value?):
            guard let node = value.node, !node.isTensor else { return .failure("the answer should be a single number, not \(value.kindDescription).") }
            guard !node.isSymbolic else { return .failure("the answer should be a number, but '\(text)' still has free symbols.") }
            return .success(node.value)
        case .success(nil): return .failure("the answer should be a number.")
        }
    }

    /// A wrong answer's difference, worded for the learner: their answer is the left side of `==`.
    private func describe(_ comparison: Comparison) -> String {
        var lines: [String] = []
        if let doubt = comparison.doubt { lines.append("gradbook cannot tell whether it is the same: \(doubt)") }
        if let left = comparison.leftValue, let right = comparison.rightValue {
            let point = comparison.counterexample.map { "\($0.name) = \(format.text($0.value))" }.joined(separator: ", ")
            let place = point.isEmpty ? "" : "at \(point) "
            lines.append("\(place)your answer is \(format.text(left)) but the right one is \(format.text(right)).")
        }
        if let explanation = comparison.explanation {
            lines.append(explanation
                .replacingOccurrences(of: "The left side", with: "Your answer")
                .replacingOccurrences(of: "the left side", with: "your answer")
                .replacingOccurrences(of: "the right side", with: "the right answer"))
        }
        return lines.isEmpty ? "that is not the same as the answer." : lines.joined(separator: "\n")
    }

    /// A syntax error in the answer itself, reported against what the learner typed.
    private func syntaxProblem(_ answer: String) -> ExerciseVerdict? {
        let statements = Parser.statements(in: SourceText(answer, name: "answer"))
        if case .failure(let diagnostic)? = statements.first { return ExerciseVerdict(isCorrect: false, difference: diagnostic.message) }
        guard statements.count == 1, case .success(let statement)? = statements.first else {
            return ExerciseVerdict(isCorrect: false, difference: "type one expression as the answer.")
        }
        switch statement.kind {
        case .assignment, .function, .command, .help:
            return ExerciseVerdict(isCorrect: false, difference: "type just the expression, without a name = or a :command.")
        default:
            return nil
        }
    }

    /// The first of `workingCalls` that `answer` calls, if any.
    public static func workingCall(in answer: String) -> String? {
        guard let tokens = try? Lexer.tokens(of: SourceText(answer, name: "answer")) else { return nil }
        for (index, token) in tokens.enumerated() {
            guard let name = token.name, workingCalls.contains(name), index + 1 < tokens.count,
                  tokens[index + 1].kind == .leftParen else { continue }
            return name
        }
        return nil
    }

    /// The hint for a typical mistake the exercise names, when `answer` is that mistake (the same formula, or a
    /// number within the tolerance of it).
    public func mistakeHint(for answer: String) -> String? {
        for mistake in exercise.mistakes {
            switch exercise.kind {
            case .formula:
                if case .success(.comparison(let result)?) = evaluate("(\(answer)) == (\(mistake.answer))", in: Bindings()),
                   result.isEqual { return mistake.hint }
            case .number(let tolerance):
                if case .success(let typed) = number(answer), case .success(let expected) = number(mistake.answer),
                   Swift.abs(typed - expected) <= max(tolerance, 1e-12 * Swift.abs(expected)) { return mistake.hint }
            }
        }
        return nil
    }

    /// Whether `text` defines something (`g(t) = 3*t - 1`, `w = 2`) rather than being an answer: at `answer>` it
    /// runs in the lesson's session, as an exercise may ask, and uses up no try.
    public static func isDefinition(_ text: String) -> Bool {
        let statements = Parser.statements(in: SourceText(text, name: "answer"))
        guard statements.count == 1, case .success(let statement)? = statements.first else { return false }
        switch statement.kind {
        case .assignment, .function: return true
        default: return false
        }
    }

    /// Evaluates one statement on a copy of `bindings`; nothing is committed anywhere.
    private func evaluate(_ text: String, in bindings: Bindings) -> Result<Value?, Diagnostic> {
        let source = SourceText(text, name: "answer")
        guard case .success(let statement)? = Parser.statements(in: source).first else {
            if case .failure(let diagnostic)? = Parser.statements(in: source).first { return .failure(diagnostic) }
            return .success(nil)
        }
        let evaluator = Evaluator(bindings: bindings, source: source, cell: nil)
        do throws(Diagnostic) { return .success(try evaluator.execute(statement)) } catch { return .failure(error) }
    }
}

/// One learner working through an exercise: each wrong answer brings the next hint, and a wrong answer
/// after the last hint (or `giveUp()`) ends it with the answer and the explanation.
public struct ExerciseAttempt {
    /// What the learner is told after an answer.
    public enum Feedback: Sendable, Equatable {
        case correct(explanation: String)
        case wrong(difference: String, hint: String?)
        /// The exercise is over without a right answer: here is the answer and why.
        case revealed(difference: String?, answer: String, explanation: String)

        public var isOver: Bool { if case .wrong = self { false } else { true } }
    }

    /// Settable so that names the learner defines at `answer>` reach the answers that use them.
    public var checker: ExerciseChecker
    public private(set) var wrongAnswers = 0

    public init(checker: ExerciseChecker) {
        self.checker = checker
    }

    public mutating func submit(_ answer: String) -> Feedback {
        let verdict = checker.check(answer)
        let exercise = checker.exercise
        if verdict.isCorrect { return .correct(explanation: exercise.explanation) }
        wrongAnswers += 1
        guard wrongAnswers <= exercise.hints.count else {
            return .revealed(difference: verdict.difference, answer: exercise.answer, explanation: exercise.explanation)
        }
        // A mistake the exercise knows gets the hint that answers it, not the next general one.
        let hint = checker.mistakeHint(for: answer) ?? exercise.hints[wrongAnswers - 1]
        return .wrong(difference: verdict.difference ?? "not quite.", hint: hint)
    }

    public func giveUp() -> Feedback {
        .revealed(difference: nil, answer: checker.exercise.answer, explanation: checker.exercise.explanation)
    }
}

extension ExerciseAttempt.Feedback {
    /// The feedback as the learner reads it, at the lesson runner's `answer>` prompt and after `:answer`.
    public func text(style: Style, prose: ProseRenderer) -> String {
        switch self {
        case .correct(let explanation):
            return prose.text("**Right.** " + explanation)
        case .wrong(let difference, let hint):
            return style.apply(.error, "Not yet:") + " " + difference + (hint.map { "\n" + style.apply(.hint, "hint:") + " " + $0 } ?? "")
        case .revealed(let difference, let answer, let explanation):
            let before = difference.map { style.apply(.error, "Not yet:") + " " + $0 + "\n" } ?? ""
            return before + style.apply(.heading, "The answer:") + " " + answer + "\n" + prose.text(explanation)
        }
    }
}
