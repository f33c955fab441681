// Every user-facing error message, alphabetised: call sites say what went wrong, this file says it.
//
// Conventions: one sentence that quotes what was typed and says what is wrong; a hint, in gradbook
// syntax, only when a fix is likely. No internal words (token, AST, node). A call or command the hint
// suggests is marked with backticks (`diff(x^5, x, 2)`): the renderer shows it without them (in colour on a
// terminal), and HintAuditTests runs every one to keep the promise that a suggested call works.

extension Diagnostic {
    static func answerNeedsExercise(_ argument: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "':answer \(argument)' does not start with an exercise's number: write the lesson's number, a dot and the exercise's, then the answer.",
                   hint: "for example :answer 3.1 0.25 answers the first exercise of lesson 3; its notebook cell has it written already.")
    }

    static func answerNeedsLessonCells(_ exercise: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "exercise \(exercise) is worked out from the values the lesson's cells above it make, and this session does not have them yet.",
                   hint: "run the notebook's cells above this one first (Run > Run All Above Selected Cell in JupyterLab).")
    }

    static func answerWithoutLessons(at range: SourceRange) -> Diagnostic {
        Diagnostic(range, ":answer checks an answer to a lesson's exercise, and this session has no lessons at hand.",
                   hint: "use it in the REPL or in a lesson's notebook (gradbook lesson 3 --notebook lesson-3.ipynb writes one).")
    }

    static func argumentCount(_ name: String, expected: String, given: Int, at range: SourceRange, hint: String? = nil) -> Diagnostic {
        Diagnostic(range, "\(name) takes \(expected), but \(given) \(given == 1 ? "was" : "were") given.", hint: hint)
    }

    static func atNeedsEqual(after name: String, found: Token) -> Diagnostic {
        Diagnostic(found.range, "expected '=' after '\(name)' in 'at', but found \(found.description).",
                   hint: "give '\(name)' a value with '=', for example `x^2 at \(name) = 2`.")
    }

    static func atNeedsName(_ found: Token) -> Diagnostic {
        Diagnostic(found.range, "'at' binds names to values, but \(found.description) is not a name.",
                   hint: "for example `x*y at x = 2, y = 3`.")
    }

    static func chainedEquality(at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'==' compares two expressions and cannot be chained.",
                   hint: "compare two at a time: `a == b`, then `b == c`.")
    }

    static func commandNeedsArgument(_ name: String, usage: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, ":\(name) needs an argument.", hint: "usage: \(usage)")
    }

    static func commandInsideBlock(_ command: String, typed: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(command) cannot run inside a repeat block, which repeats only assignments, expressions and repeats; nothing was run.",
                   hint: "run it on its own, before or after the block: `\(typed)`")
    }

    static func couldNotSave(_ path: String, reason: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "could not save to '\(path)': \(reason); nothing was written.")
    }

    static func derivativeOrder(_ text: String, at range: SourceRange, limit: Int) -> Diagnostic {
        Diagnostic(range, "the derivative order '\(text)' must be a whole number from 1 to \(limit).",
                   hint: "for example `diff(x^5, x, 2)` is the second derivative.")
    }

    static func digitsOutOfRange(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, ":digits takes a whole number of significant digits from 1 to 17, not '\(text)'.",
                   hint: "for example `:digits 10`")
    }

    static func droppedResult(_ reference: String, oldestKept: Int?, keeping kept: Int, at range: SourceRange) -> Diagnostic {
        let oldest = oldestKept.map { ", and the oldest kept now is Out[\($0)]" } ?? ""
        return Diagnostic(range, "\(reference) is no longer kept: gradbook keeps the last \(Diagnostic.grouped(kept)) results\(oldest).",
                          hint: "bind a result to a name to keep it for good, as in y = _ right after it is shown.")
    }

    static func emptyIndex(at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'[]' needs at least one index inside the brackets.", hint: "gradbook counts from 1: [1] picks the first element, [2, 1] a matrix's second row, first column.")
    }

    static func expectedExpression(found: Token) -> Diagnostic {
        switch found.kind {
        case .end, .newline:
            return Diagnostic(found.range, "the input ends where a value was expected.",
                              hint: "finish the expression, for example `2*x + 1`.")
        case .semicolon:
            return Diagnostic(found.range, "the statement ends at ';' where a value was expected.",
                              hint: "finish the expression before the ';', for example `2*x + 1`.")
        default:
            return Diagnostic(found.range, "expected a value here, but found \(found.description).")
        }
    }

    static func fileAccessDisabled(_ command: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, ":\(command) is turned off in this session, which may not read or write files.",
                   hint: "run gradbook itself (the REPL, -e or run FILE) to use :load and :save.")
    }

    static func formulaTooLarge(_ work: FormulaWork, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(work.phrase) would need a formula of more than \(limit) parts, larger than gradbook builds.",
                   hint: "for the value at a point, bind the names to numbers and use numdiff(EXPR, x) or grad(EXPR, [x]).")
    }

    static func freeSymbolsInNumericOperation(_ operation: String, symbols: [String], at range: SourceRange) -> Diagnostic {
        let list = symbols.map { "'\($0)'" }.joined(separator: ", ")
        let first = symbols.first ?? "x"
        return Diagnostic(range, "\(operation) needs numbers, but \(list) \(symbols.count == 1 ? "has" : "have") no value.",
                          hint: "bind it first (`\(first) = 1`) or add 'at': \(operation)(…) at \(first) = 1.")
    }

    /// `parameters` is how many numbers a call takes; nil for a form with its own usage (diff, grad, …).
    static func functionAsValue(_ name: String, parameters: Int?, at range: SourceRange) -> Diagnostic {
        let example = parameters.map { "for example `\(name)(\(Array(repeating: "2", count: max(1, $0)).joined(separator: ", ")))`" }
            ?? "`:help \(name)` shows how to call it."
        return Diagnostic(range, "'\(name)' is a function; call it with arguments to get a value.", hint: example)
    }

    static func functionCallsItself(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(name)' calls itself, and with no way to stop it would never finish.",
                   hint: "gradbook functions cannot be recursive; write the repeated step out, or use a loop.")
    }

    /// A derivative (or a re-evaluation) that would need history a long `repeat` dropped (`DroppedHistory.swift`).
    static func historyDropped(_ what: String, _ history: DroppedHistory, at range: SourceRange) -> Diagnostic {
        let loop = "the repeat" + (history.cell.map { " in In [\($0)]" } ?? "")
        return Diagnostic(range, "\(what) would need the history of \(history.name) up to repetition \(grouped(history.repetition)) of \(loop), which was dropped to keep memory bounded.",
                          hint: "a repeat keeps about its last \(DroppedHistory.budgetMegabytes) MB of history; run fewer repetitions to keep all of it, or differentiate with respect to values made since, such as the current \(history.name).")
    }

    static func inputTooLong(length: Int, limit: Int) -> Diagnostic {
        Diagnostic(.at(0), "this input is \(length) characters long, more than the \(limit) gradbook accepts in one go.",
                   hint: "split it into smaller cells or files.")
    }

    static func interrupted(at range: SourceRange) -> Diagnostic {
        var diagnostic = Diagnostic(range, "interrupted; nothing was changed.")
        diagnostic.kind = .interruption
        return diagnostic
    }

    static func keywordAsName(_ keyword: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(keyword)' is a keyword and cannot be used as a name.", hint: "pick another name, such as \(keyword)1.")
    }

    static func lessonNotFound(_ number: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "there is no lesson \(number) here, so it has no exercises to answer.",
                   hint: "gradbook lesson lists the lessons; if it lists none, set GRADBOOK_LESSONS to the lessons folder.")
    }

    static func loadNestedTooDeeply(_ path: String, limit: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "could not load '\(path)': scripts loading scripts are nested more than \(limit) deep, so one of them loads itself.",
                   hint: "remove the :load line that leads back to a script already loading.")
    }

    static func malformedNumber(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(text)' is not a number gradbook can read.", hint: "write numbers like 2, -3.5, 1e-3 or .5")
    }

    static func mismatchedBracket(_ found: Token, opened: Token) -> Diagnostic {
        Diagnostic(found.range, "\(found.description) does not match the \(opened.description) opened earlier.",
                   hint: "close \(opened.description) with \(closingBracket(for: opened)).")
    }

    static func nestedTooDeeply(at range: SourceRange, limit: Int) -> Diagnostic {
        Diagnostic(range, "this expression is nested more than \(limit) levels deep, deeper than gradbook follows.",
                   hint: "name the inner parts first, for example u = (…), then use u.")
    }

    static func noResult(_ reference: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, reference == "_" ? "there is no result yet for '_' to stand for." : "there is no result \(reference): that cell showed none.",
                   hint: "_ is the last result shown; Out[n] (or _n) is the one cell In [n] showed.")
    }

    static func noSuchExercise(lesson: Int, exercise: Int, count: Int, at range: SourceRange) -> Diagnostic {
        let has = count == 1 ? "1 exercise" : "\(count) exercises"
        return Diagnostic(range, "lesson \(lesson) has \(has), so there is no exercise \(lesson).\(exercise).",
                          hint: "each exercise's cell in the lesson's notebook starts with its number, as in :answer \(lesson).1")
    }

    static func notAName(_ function: String, argument: String, role: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(function) differentiates with respect to a name, but '\(argument)' is not one.",
                   hint: "write \(function)(EXPR, \(role)) with a plain name, for example `\(function)(x^2, x)\(["numdiff", "forward_diff", "check"].contains(function) ? " at x = 1" : "")`.")
    }

    static func notAListOfNames(_ function: String, argument: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(function) needs a name or a list of names like [x, y], but '\(argument)' is not one.",
                   hint: "for example `\(function)(\(function == "jacobian" ? "[x^2*y, x + y]" : "x^2*y"), [x, y])`.")
    }

    static func notANumber(_ what: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(what) must be a number.")
    }

    static func notInGraph(_ name: String, expression: String, at range: SourceRange, rebound: Bool) -> Diagnostic {
        if rebound {
            return Diagnostic(range, "'\(expression)' was computed from an earlier '\(name)', which has since been rebound, so the current '\(name)' is not part of its graph.",
                              hint: "recompute '\(expression)' from the new '\(name)' first, or differentiate the formula directly.")
        }
        return Diagnostic(range, "'\(name)' is not part of the graph of '\(expression)'.")
    }

    static func numberTooLarge(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "the number '\(text)' is too large for gradbook's 64-bit numbers.",
                   hint: "the largest is about 1.8e308; write inf for infinity.")
    }

    static func repeatedParameter(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "the parameter '\(name)' appears twice.", hint: "give each parameter its own name, as in f(x, y) = x*y.")
    }

    static func saveWouldReplace(_ path: String, otherName: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(path)' already exists and was not written by :save, so :save left it alone (it may be your own script).",
                   hint: "save under another name, `:save \(quotedIfNeeded(otherName))`, or replace it: `:save \(quotedIfNeeded(path)) --force`")
    }

    static func shapeMismatch(_ operation: String, _ a: [Int], _ b: [Int], at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(operation)' cannot combine \(Tensor.noun(a)) with \(Tensor.noun(b)): each size must match or be 1.",
                   hint: "check the shapes with shape(…); a vector of length n goes with matrices that have n columns.")
    }

    static func productMismatch(_ a: [Int], _ b: [Int], at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "@ needs the inner sizes to match: (\(Tensor.describe(a))) @ (\(Tensor.describe(b))).",
                   hint: "the columns of the left must equal the rows of the right; transpose(…) swaps them.")
    }

    static func indexOutOfRange(_ index: Int, dimension: String, size: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "the \(dimension) index \(index) is out of range: it must be from 1 to \(size).",
                   hint: "gradbook counts from 1, as mathematics does: [1] picks the first element.")
    }

    /// `sizes`, when there are several, are shown multiplied out (`3037000500 × 3037000500 = 9.22337e+18`).
    static func tooManyElements(_ count: Double, sizes: [Double] = [], at range: SourceRange) -> Diagnostic {
        let format = NumberFormat()
        let product = sizes.count > 1 ? sizes.map { format.text($0) }.joined(separator: " × ") + " = " : ""
        return Diagnostic(range, "that would make \(product)\(format.text(count)) elements, more than the \(Tensor.maximumElementCount) one value may hold.",
                          hint: "use smaller sizes.")
    }

    static func symbolicTensorTooLarge(_ count: Int, symbols: [String], limit: Int, at range: SourceRange) -> Diagnostic {
        let names = symbols.isEmpty ? "free names" : symbols.map { "'\($0)'" }.joined(separator: ", ")
        let example = symbols.first ?? "x"
        return Diagnostic(range, "this would make a \(count == 1 ? "value" : "vector or matrix") of \(count) formulas (it depends on \(names), which \(symbols.count == 1 ? "has" : "have") no value), more than the \(limit) gradbook works with.",
                          hint: "bind \(symbols.count > 1 ? "them" : "it") to a number first (`\(example) = 1`), or try the formula on a smaller example.")
    }

    static func stepLostToRounding(_ step: String, at range: SourceRange, point: String, better: String) -> Diagnostic {
        Diagnostic(range, "a step of \(step) is lost to rounding at \(point): x + h and x - h are the same number, so the difference would be a meaningless 0.",
                   hint: "use a step near 1e-5 times the point's size, or leave it out and gradbook chooses: `\(better)`.")
    }

    /// `call` is the check as typed with the default tolerances in place of the options.
    static func tolerance(_ label: String, _ text: String, call: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(label) = \(text) must be a number from 0 to 1.", hint: "for example `\(call)`.")
    }

    static func strayCharacter(_ character: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "'\(character)' is not part of gradbook's language.",
                   hint: "use + - * / ^ for arithmetic, ( ) for grouping and # for a comment.")
    }

    static func textIsNotAValue(_ text: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(text) is text in quotes, and gradbook computes with numbers and formulas.",
                   hint: "leave out the quotes to use a name, as in x^2.")
    }

    static func unclosedBracket(_ opened: Token) -> Diagnostic {
        Diagnostic(opened.range, "this \(opened.description) is never closed.", hint: "add \(closingBracket(for: opened)) at the end.")
    }

    static func unclosedString(at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "this string is never closed.", hint: "end it with \" on the same line.")
    }

    static func unexpected(_ found: Token, expecting: String?) -> Diagnostic {
        if case .invalid(let diagnostic) = found.kind { return diagnostic }
        if found.kind == .rightParen || found.kind == .rightBracket || found.kind == .rightBrace {
            return Diagnostic(found.range, "\(found.description) has no matching opening bracket.", hint: "remove it, or add the opening bracket.")
        }
        guard let expecting else { return Diagnostic(found.range, "unexpected \(found.description) here.") }
        return Diagnostic(found.range, "expected \(expecting), but found \(found.description).")
    }

    static func unknownCommand(_ name: String, suggestion: String?, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "':\(name)' is not a gradbook command.",
                   hint: suggestion.map { "did you mean :\($0)? (:help lists every command)" } ?? ":help lists every command.")
    }

    static func unknownFunction(_ name: String, suggestion: String?, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "there is no function called '\(name)'.",
                   hint: suggestion.map { "did you mean \($0)?" } ?? "define it first, for example `\(name)(x) = x^2`, or see `:help functions`.")
    }

    static func unknownLabel(_ label: String, function: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(range, "\(function) has no option called '\(label)'.", hint: "`:help \(function)` shows how to call it.")
    }

    /// A named argument given to a function the person defined, whose arguments are only positional.
    static func namedArgument(_ label: String, function: String, parameters: Int, at range: SourceRange) -> Diagnostic {
        let call = "\(function)(\(Array(repeating: "2", count: max(1, parameters)).joined(separator: ", ")))"
        return Diagnostic(range, "\(function) has no option called '\(label)'.", hint: "its arguments take no names: call it as `\(call)`.")
    }

    /// `corrected`: the call as typed with the name replaced by `meant`, when short enough to show as the hint's call.
    static func unboundTarget(_ name: String, meant: String, corrected: String? = nil, at range: SourceRange) -> Diagnostic {
        let write = corrected.map { "`\($0)` uses \(meant)" } ?? "write \(meant)"
        // (The case-sensitivity reminder only where the names differ in case alone: W for w, not weigth for weight.)
        return Diagnostic(range, "'\(name)' has no value — did you mean \(meant)?",
                          hint: (name.lowercased() == meant.lowercased() ? "names are case-sensitive: " : "")
                              + "\(write), or give '\(name)' a value first.")
    }

    static func unsupported(_ what: String, at range: SourceRange, hint: String? = nil) -> Diagnostic {
        Diagnostic(range, "\(what) is not available yet.", hint: hint)
    }

    static func wrongKind(_ what: String, expected: String, at range: SourceRange, hint: String? = nil) -> Diagnostic {
        Diagnostic(range, "\(what) must be \(expected).", hint: hint)
    }

    /// Arithmetic on something that is only shown (`kind`: "graph(y) is a picture", …).
    static func notComputable(_ typed: String, operand kind: String, at range: SourceRange) -> Diagnostic {
        .wrongKind("'\(typed)' works on numbers, vectors and matrices; \(kind)", expected: "shown, not computed with", at: range)
    }

    /// `diff(EXPR, v)` with v a vector or matrix; `hint` names an element or the call that takes them all.
    static func diffNeedsNumber(_ name: String, shape: [Int], at range: SourceRange, hint: String) -> Diagnostic {
        let kind = shape.count == 1 ? "a vector of \(shape[0]) elements" : "a \(Tensor.describe(shape)) matrix"
        return .wrongKind("'\(name)'", expected: "a single number for diff, but it is \(kind)", at: range, hint: hint)
    }

    /// trace, diag, det or inv of something that is not a square matrix.
    static func notSquare(_ function: String, typed: String, shape: [Int], at range: SourceRange) -> Diagnostic {
        .wrongKind("the argument of \(function) ('\(typed)')", expected: "a square matrix, but it is \(Tensor.noun(shape))", at: range,
                   hint: function == "diag" ? "diag(v) of a vector makes a diagonal matrix; diag(A) of a square matrix picks its diagonal." : nil)
    }

    /// det or inv of a matrix larger than gradbook writes out by cofactors.
    static func tooLargeForCofactors(_ function: String, typed: String, size n: Int, at range: SourceRange) -> Diagnostic {
        .wrongKind("the argument of \(function) ('\(typed)')",
                   expected: "at most 3×3, since gradbook writes \(function) out by cofactors, as by hand; this one is \(n)×\(n)", at: range)
    }

    /// `a(x + 1)` with `a` bound to a value: the person likely meant a product, written `asProduct`.
    static func valueCalled(_ name: String, asProduct: String, at range: SourceRange) -> Diagnostic {
        .wrongKind("'\(name)'", expected: "a function to be called, but it is bound to a value", at: range,
                   hint: "write `\(asProduct)` to multiply.")
    }

    /// forward_diff's direction of another shape than the input it moves (`kind` describes the input).
    static func directionShape(_ typed: String, target: String, kind: String, example: String, at range: SourceRange) -> Diagnostic {
        .wrongKind("the direction ('\(typed)')", expected: "numbers of the same shape as '\(target)', which is \(kind)", at: range,
                   hint: "for example `\(example)`.")
    }

    /// An argument that must be a number or formula but is something else (`kind`: "a network", …).
    static func notNumberOrFormula(_ role: Role, typed: String, kind: String, at range: SourceRange) -> Diagnostic {
        .wrongKind("\(role.phrase) ('\(typed)')", expected: "a number or formula, not \(kind)", at: range)
    }

    /// An argument that must be one number but is a vector or matrix.
    static func notSingleNumber(_ role: Role, typed: String, shape: [Int], at range: SourceRange) -> Diagnostic {
        .wrongKind("\(role.phrase) ('\(typed)')", expected: "a single number, but it is \(Tensor.noun(shape))", at: range,
                   hint: "reduce it first, for example `sum(\(typed))`, or pick an element with […].")
    }

    /// check's third argument (the person's gradient) of another shape than the target; `transposedCall` is the check
    /// with it transposed, when that shape would fit.
    static func gradientShape(_ typed: String, name: String, expected: [Int], yours: [Int], transposedCall: String?, at range: SourceRange) -> Diagnostic {
        .wrongKind("your gradient '\(typed)'",
                   expected: "\(Tensor.noun(expected)) like \(name), but it is \(Tensor.noun(yours))\(transposedCall == nil ? "" : " (transposed?)")",
                   at: range, hint: transposedCall.map { "try `\($0)`." })
    }

    /// grad of a formula computed through vectors or matrices of formulas.
    static func symbolicGradientThroughTensors(at range: SourceRange) -> Diagnostic {
        .unsupported("a symbolic gradient through vectors or matrices", at: range,
                     hint: "bind the free names to numbers (or use at) to get the gradient by backpropagation.")
    }

    /// grad, jacobian or hessian (`function`) with respect to a vector or matrix holding formulas, not plain names.
    static func symbolicWithRespectToFormulas(_ function: String, target: String, output: String, names: String, at range: SourceRange) -> Diagnostic {
        let what = function == "grad" ? "gradient" : function == "hessian" ? "Hessian" : "Jacobian"
        return .unsupported("a symbolic \(what) with respect to a vector or matrix of formulas ('\(target)' holds more than plain names)",
                            at: range, hint: "differentiate with respect to the names in it: `\(function)(\(output), [\(names)])`.")
    }

    /// jacobian of a formula with free names with respect to a vector or matrix of numbers.
    static func jacobianMixingFormulas(output: String, names: String, at range: SourceRange) -> Diagnostic {
        .unsupported("a Jacobian of a formula with free names with respect to a vector or matrix of numbers", at: range,
                     hint: "bind the free names to numbers first, or differentiate with respect to them: `jacobian(\(output), [\(names)])`.")
    }

    /// hessian of a formula with respect to a vector or matrix.
    static func symbolicHessianOfTensor(output: String, names: String, at range: SourceRange) -> Diagnostic {
        .unsupported("a symbolic Hessian with respect to a vector or matrix", at: range,
                     hint: "take it with respect to the names themselves: `hessian(\(output), [\(names)])`.")
    }

    /// `softmax(z)` with z unbound: a free symbol is one number in a formula, so say how to give it elements.
    static func needsElements(_ problem: WrongKind, freeSymbol symbol: String, at range: SourceRange) -> Diagnostic {
        .wrongKind(problem.wording.what, expected: "a vector or matrix", at: range,
                   hint: "'\(symbol)' has no value yet; give it one first, for example `\(symbol) = [1, 2, 3]`.")
    }

    /// A file name as it must be typed after a command: in double quotes when it has a space.
    private static func quotedIfNeeded(_ path: String) -> String {
        path.contains(" ") ? "\"\(path)\"" : path
    }

    private static func closingBracket(for opened: Token) -> String {
        switch opened.kind {
        case .leftBracket: return "']'"
        case .leftBrace: return "'}'"
        default: return "')'"
        }
    }
}
