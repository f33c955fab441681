// A == B: numeric equality for numbers; for formulas, whether they are the same function; for a
// derivative gradbook computed, whether the other side is that derivative as a function of every name.
//
// The rules (also in `:help ==` and the README):
// - Numbers only (x = 2; x^2 == 4): numeric equality.
// - Free symbols on a side: the same function of the free symbols (bound names are their values).
// - One side is diff(f, w) or grad(f, w): the other side is taken as someone's hand-derived derivative
//   and both are compared as functions of every name involved, bound or free, starting from the
//   person's values; a number alone on the other side is the derivative's value here.
// - A side that still has a free x, though x is bound now (made before x = 2): gradbook cannot tell.

extension Evaluator {
    /// `A == B`.
    func compare(_ leftExpression: Expression, _ rightExpression: Expression, at range: SourceRange) throws(Diagnostic) -> Value {
        let left = try node(leftExpression, role: .leftSideOfEquals)
        let right = try node(rightExpression, role: .rightSideOfEquals)
        if left.isTensor || right.isTensor {
            guard left.shape == right.shape else { return .comparison(shapeMismatch(left, right)) }
            let contexts = gradientContexts(rightExpression, isOnRight: true) ?? gradientContexts(leftExpression, isOnRight: false)
            if let contexts, left.shape == [contexts.count] {
                return .comparison(try compareGradientElements(left, right, contexts, at: range))
            }
            if left.isSymbolic || right.isSymbolic { return .comparison(try compareElements(left, right, at: range)) }
            return .comparison(compareTensors(left, right, leftExpression, rightExpression))
        }
        if let stale = comparisonWithStaleSymbols(left, right) { return .comparison(stale) }
        let context = derivativeContext(rightExpression, isOnRight: true) ?? derivativeContext(leftExpression, isOnRight: false)
        // A side that lost part of itself to an overflow or underflow on the way is nan, as it is shown
        // (LostValues.swift), with the note saying why: `x/(x*x) == 1/x` at x = 1e200 was false, 0 against 1e-200.
        let leftLost = noteLostValue(.scalar(left)), rightLost = noteLostValue(.scalar(right))
        let numbers = numericComparison(leftLost ? .nan : left.value, rightLost ? .nan : right.value)
        if let context {
            let candidate = context.isOnRight ? left : right
            // A number alone is the derivative's value to check here, not a formula.
            if !left.isSymbolic, !right.isSymbolic, !candidate.dependsOnNames {
                if let undefined = comparisonWithoutValue(candidate: candidate.value, context) { return .comparison(undefined) }
                if let atKink = comparisonAtKink(candidate: candidate.value, derivative: (context.isOnRight ? right : left).value, context) {
                    return .comparison(atKink)
                }
                return .comparison(withRounding(numbers, left, right))
            }
            let usesTensors = left.dependsOnTensors || right.dependsOnTensors || context.function.dependsOnTensors
            if !usesTensors { return .comparison(try compareAsFunctionsOfEveryName(left, right, context, numbers, at: range)) }
            // Over vectors and matrices the names are too many to vary: vary w alone.
            guard !left.isSymbolic, !right.isSymbolic else {
                return .comparison(try compareFormulas(left, right, derivativeSide: context, at: range))
            }
            guard context.variable != nil else { return .comparison(numbers) }
            return .comparison(try compareAsFunctions(left, right, numbers, context, at: range))
        }
        if !left.isSymbolic, !right.isSymbolic { return .comparison(withRounding(numbers, left, right)) }
        return .comparison(try compareFormulas(left, right, derivativeSide: nil, at: range))
    }

    /// `diff(f, x) == number` where f has no value at the point (a step takes log(-2), 1/0 or 0/0 on the way, as
    /// `ForwardRounding.firstUndefinedStep` finds): there is no derivative there, whatever diff's number is, so the answer
    /// is "cannot tell", as check's is. `x = 3; grad(x^2 + 0*log(x - 5), x) == 6` was true. Nil where f has a value.
    private func comparisonWithoutValue(candidate: Double, _ context: DerivativeContext) -> Comparison? {
        guard !context.function.isSymbolic, !context.function.isTensor,
              let step = ForwardRounding.firstUndefinedStep(in: context.function) else { return nil }
        let format = NumberFormat()
        let here = context.variable.map { "\(context.variableName) = \(format.text($0.value))" } ?? "this point"
        var comparison = Comparison(isEqual: false)
        comparison.doubt = "the function has no value at \(here), where it takes \(Self.text(of: step)), which is undefined; so it has no derivative there, and \(format.text(candidate)) is not one."
        return comparison
    }

    /// `diff(f, x) == number` exactly at a kink of f: the derivative's value there is gradbook's convention, so the
    /// number is judged by the slopes on the two sides, as `check` does (`NumericDerivative.oneSidedSlopes`): where
    /// they agree that slope is the derivative; where they differ there is none, and a number between them is a fair
    /// slope (cannot tell) while one outside them is not (false). Nil away from a kink.
    private func comparisonAtKink(candidate: Double, derivative: Double, _ context: DerivativeContext) -> Comparison? {
        guard context.order == 1, let variable = context.variable, !variable.isTensor, !context.function.isSymbolic,
              !context.function.isTensor,
              // (A backward pass first, which is cheap: only one that took a kink's convention leads to the estimate.)
              !Backpropagation(from: context.function).kinksUsed.isEmpty else { return nil }
        let estimate = NumericDerivative.ridders(of: context.function, at: variable, describe: describe)
        guard case .atEdge(.kink, _)? = estimate.unreliability,
              let sides = NumericDerivative.oneSidedSlopes(of: context.function, at: variable) else { return nil }
        let format = NumberFormat(), tolerance = GradientCheck.Tolerance()
        let here = "\(context.variableName) = \(format.text(variable.value))"
        let (yours, left, right) = (format.text(candidate), format.text(sides.left), format.text(sides.right))
        if let slope = NumericDerivative.slopeThroughKink(sides, tolerance: tolerance) {
            let story = "at \(here) the function passes through a kink but has the slope \(format.text(slope)) on both sides; diff gives \(format.text(derivative)) there, gradbook's convention at the kink, not the derivative"
            var comparison = Comparison(isEqual: tolerance.accepts(candidate, reference: slope))
            // (No "left side is … right side is …": diff's number there is the convention, not what is compared.)
            if comparison.isEqual { comparison.remark = "(\(story).)" } else { comparison.explanation = "\(yours) is not the derivative: \(story)." }
            return comparison
        }
        let slopes = "the slope is \(left) from the left and \(right) from the right"
        guard NumericDerivative.isBetweenKinkSlopes(candidate, sides, tolerance: tolerance) else {
            var comparison = Comparison(isEqual: false)
            comparison.explanation = "\(yours) is no slope of the function here: \(here) is a kink with no derivative (\(slopes)), and \(yours) is not between them."
            return comparison
        }
        var comparison = Comparison(isEqual: false)
        comparison.doubt = "\(here) is a kink with no derivative (\(slopes)); \(yours) is between them, as diff's \(format.text(derivative)) (gradbook's convention) is, and either can stand for the slope here."
        return comparison
    }

    /// Two numbers looked at again with each side's rounding at this point (a running error bound over its formula,
    /// `FormulaEvaluation.boundedValues`). `x = 1e9; sqrt(x^2 + 1) - x == 1/(sqrt(x^2 + 1) + x)` was false, 0 against
    /// 5e-10, though the sides are the same number: the left one cancels to 0, and its rounding there is 1.2e-7. Where
    /// rounding could make the whole difference, or hide one larger than the tolerance, it is "cannot tell", not
    /// false or true. Sides too large to convert to formulas keep the plain comparison.
    func withRounding(_ numbers: Comparison, _ left: Node, _ right: Node) -> Comparison {
        // A side that is infinite only because a step overflowed has no known value: sqrt(x^2 + 1) - x at x = 1e200
        // is 5e-201, but x^2 overflows and the side came out inf, which was "false" against the right side's 0.
        // Nor is it known to equal inf: sin(x)/x^2 == inf at x = 1e-300 was true, for 1e300 (x^2 rounded to 0 on the way).
        // A side whose true value is beyond a double keeps its answer: x*x at 1e200, exp(1000) + 1, and 1/x^2 at x = 1e-300
        // (1e600, however small x^2's true value) (`isBeyondDouble`).
        if numbers.doubt == nil {
            for (side, node) in [("left", left), ("right", right)] where node.value.isInfinite && !Evaluator.isBeyondDouble(node) {
                var undecided = Comparison(isEqual: false, leftValue: numbers.leftValue, rightValue: numbers.rightValue)
                // (Or a step divided by a 0 that only rounded to 0: sin(x)/x^2 at x = 1e-300 is 1e300.)
                let origin = Evaluator.overflowOrigin(of: node)
                let cause = origin.flatMap { origin in
                    Evaluator.roundedZeroInput(of: origin).map { zero in
                        "\(describe(zero))\(inputValues(of: zero)) rounded to 0 on the way (its true value is too small for a double) and \(describe(origin)) met that 0"
                    }
                } ?? origin.map { "\(describe($0))\(inputValues(of: $0)) overflowed on the way" }
                    ?? "a step on the way overflowed or met a 0 that only rounded to 0 (see the note)"
                undecided.doubt = "the \(side) side is \(format.text(node.value)) only because \(cause), so its true value (perhaps a finite number) is not known."
                return undecided
            }
        }
        guard numbers.doubt == nil, let a = numbers.leftValue, let b = numbers.rightValue, a.isFinite, b.isFinite,
              let leftRounding = roundingBound(of: left), let rightRounding = roundingBound(of: right) else { return numbers }
        let rounding = leftRounding + rightRounding
        let scale = Swift.max(Swift.abs(a), Swift.abs(b))
        let difference = Swift.abs(a - b)
        if numbers.isEqual ? rounding <= NumberFormat.equalityTolerance * scale : difference > rounding { return numbers }
        // The same formula on both sides is the same number however each rounds: (1e-300*x)*1e-300 == 1e-300*(1e-300*x).
        if numbers.isEqual, haveTheSameFormula(left, right) { return numbers }
        let format = NumberFormat(digits: 2)
        var moved: [String] = []
        // (A side whose rounding is a sliver of the other's is left out: a typed -0.950744 is known to 1.1e-16.)
        if leftRounding >= rightRounding / 1000 { moved.append("the left side by up to \(format.text(leftRounding))") }
        if rightRounding >= leftRounding / 1000 { moved.append("the right side by up to \(format.text(rightRounding))") }
        let values = numbers.isEqual ? "both sides are \(NumberFormat().text(a))" : "the sides are \(NumberFormat().text(a)) and \(NumberFormat().text(b))"
        let consequence = numbers.isEqual ? "so a difference that small cannot be ruled out" : "as much as their difference, so it may be rounding alone"
        var undecided = Comparison(isEqual: false, leftValue: a, rightValue: b)
        undecided.doubt = "\(values), but rounding at this point could move \(moved.joined(separator: " and ")), \(consequence)."
        return undecided
    }

    /// A bound on the rounding error of a number's value (its formula over the leaves, evaluated with a running
    /// error bound), or nil when it cannot be had: a vector or matrix on the way, or a formula past 20,000 nodes.
    /// The formula is simplified as it is built, so it may compute another way: where its value differs from the
    /// node's (x + 1 - x at x = 1e16 is the formula 1 and the number 0), the gap counts as rounding too.
    private func roundingBound(of node: Node) -> Double? {
        guard !node.isSymbolic, !node.isTensor, !node.dependsOnTensors else { return nil }
        let bridge = makeBridge()
        bridge.store.maximumCount = 20_000
        let formula = bridge.formula(of: node)
        guard bridge.stopReason == nil else { return nil }
        let bounded = FormulaEvaluation(store: bridge.store, roots: [formula]).boundedValues(at: bridge.currentValues)[0]
        let gap = Swift.abs(bounded.value - node.value)
        guard gap.isFinite, bounded.error.isFinite else { return nil }
        // The formula folds its numbers as it is built (1e-320*1e300 is the number 9.99989e-21 there, sin(1e150) the
        // number 0.690631), so what the numbers as typed do is read from the graph as typed, and added.
        return bounded.error + gap + (ForwardRounding.typingBound(of: node) ?? 0)
    }

    /// Whether two sides simplify to one formula of the same names (so are equal as real numbers, not just as doubles).
    /// Not where a side folded numbers that rounded: (1e20 + 1) - 1e20 and 0 are both the formula 0.
    private func haveTheSameFormula(_ left: Node, _ right: Node) -> Bool {
        guard ForwardRounding.foldsExactly(left), ForwardRounding.foldsExactly(right) else { return false }
        let bridge = makeBridge()
        bridge.store.maximumCount = 20_000
        let (a, b) = (bridge.formula(of: left), bridge.formula(of: right))
        return bridge.stopReason == nil && a == b
    }

    /// Two numbers: equal to within rounding, or not. A side that is nan has no value to compare, so it is
    /// "cannot tell", not false (IEEE's nan != nan is a rule of the hardware, not evidence that two sides differ).
    func numericComparison(_ left: Double, _ right: Double) -> Comparison {
        var comparison = Comparison(isEqual: NumberFormat.areEqual(left, right), leftValue: left, rightValue: right)
        if left.isNaN || right.isNaN {
            comparison.isEqual = false
            let which = left.isNaN && right.isNaN ? "both sides are nan" : (left.isNaN ? "the left side is nan" : "the right side is nan")
            comparison.doubt = "\(which) (not a number), so there is nothing to compare."
        }
        return comparison
    }

    /// A hand-derived derivative against `diff(f, w)` as functions of every name in either side: bound
    /// names start at their values (the first point compared, and the one reported when the sides
    /// differ there), free ones at small nice values. When the formulas are too large to compare, the
    /// numbers at the person's values are all there is: a difference there is still false, agreement is
    /// not enough for true (if there are no numbers, the size is the error).
    private func compareAsFunctionsOfEveryName(_ left: Node, _ right: Node, _ context: DerivativeContext, _ numbers: Comparison,
                                               at range: SourceRange) throws(Diagnostic) -> Comparison {
        do {
            return try compareFormulas(left, right, derivativeSide: context, everyName: true, at: range)
        } catch where !error.isInterruption && !left.isSymbolic && !right.isSymbolic {
            guard numbers.isEqual else { return numbers }
            var undecided = Comparison(isEqual: false)
            undecided.doubt = "both sides are \(NumberFormat().text(left.value)) at your values, but the formulas are too large to compare as functions of every name."
            return undecided
        }
    }

    /// A hand-derived derivative against `diff(f, w)` over vectors or matrices, every name bound: the
    /// numbers at this point are compared, and so are the two sides as functions of w (the other names
    /// held at their values), so a slip is named and agreement at one lucky point is not taken for a proof.
    private func compareAsFunctions(_ left: Node, _ right: Node, _ numbers: Comparison, _ context: DerivativeContext,
                                    at range: SourceRange) throws(Diagnostic) -> Comparison {
        var functions: Comparison
        do {
            functions = try compareFormulas(left, right, derivativeSide: context, at: range)
        } catch where !error.isInterruption {
            guard numbers.isEqual else { return numbers }
            var undecided = Comparison(isEqual: false)
            undecided.doubt = "both sides are \(NumberFormat().text(left.value)) at your values, but the formulas are too large to compare as functions of \(context.variableName)."
            return undecided
        }
        // The same derivative, differing only at this point, a kink: the numbers there are two conventions.
        if functions.isEqual, !numbers.isEqual, let kink = functions.differsOnlyAtKink, let variable = context.variable,
           kink.point.count == 1, kink.point[0].value == variable.value {
            functions.differsOnlyAtKink = (kink.point, left.value, right.value)
            return functions
        }
        guard !functions.isEqual, functions.doubt == nil else { return numbers.isEqual ? functions : numbers }
        guard let variable = context.variable else { return numbers }
        let name = context.variableName, here = "\(name) = \(NumberFormat().text(variable.value))"
        if numbers.isEqual {
            let chance = "They agree at \(here) by chance: as functions of \(name) they differ."
            functions.explanation = [chance, functions.explanation].compactMap { $0 }.joined(separator: "\n  ")
            return functions
        }
        // Where they differ, this point is the one to show: the person chose it.
        functions.counterexample = [(name, variable.value)]
        functions.leftValue = left.value
        functions.rightValue = right.value
        return functions
    }

    /// Two vectors or matrices of the same shape, at least one of formulas: the same function element
    /// by element. The first element that differs (or cannot be decided) is named, with a point where it does.
    private func compareElements(_ left: Node, _ right: Node, at range: SourceRange) throws(Diagnostic) -> Comparison {
        let rows = left.shape.count == 2 ? left.shape[0] : 1, columns = left.shape.last ?? 1
        for row in 0..<rows {
            for column in 0..<columns {
                try checkInterruption(at: range)
                let selection = Selection(rows: [row], columns: [column], dropsRows: true, dropsColumns: true, sourceColumns: columns)
                let a = Node.make(.select(selection), [left], cell: cell), b = Node.make(.select(selection), [right], cell: cell)
                var comparison: Comparison
                if a.isSymbolic || b.isSymbolic {
                    comparison = try compareFormulas(a, b, derivativeSide: nil, at: range)
                } else {
                    comparison = Comparison(isEqual: NumberFormat.areEqual(a.value, b.value), leftValue: a.value, rightValue: b.value)
                }
                guard comparison.isEqual else {
                    comparison.element = left.shape.count == 2 ? "[\(row + 1), \(column + 1)]" : "[\(column + 1)]"
                    return comparison
                }
            }
        }
        return Comparison(isEqual: true)
    }

    /// Whether two formulas are the same function of their free symbols (`everyName`: of every name).
    ///
    /// When one side is `diff(f, v)`, the other is taken to be someone's hand-derived derivative of f,
    /// and the typical slips (a missing chain-rule factor, the product rule as u'*v', …) are tried too.
    func compareFormulas(_ left: Node, _ right: Node, derivativeSide: DerivativeContext?, everyName: Bool = false,
                         at range: SourceRange) throws(Diagnostic) -> Comparison {
        // As functions of every name, a value whose history a repeat dropped no longer shows how it moves with them.
        if everyName, let history = Node.anyDroppedHistory(in: [left, right]) {
            throw .historyDropped("comparing as functions of every name", history, at: range)
        }
        let bridge = makeBridge()
        bridge.leavesAreConstants = !everyName
        let variable = derivativeSide.map { context in
            context.variable.map { bridge.treatAsVariable($0) } ?? Variable(name: context.variableName, id: nil)
        }
        let a = bridge.formula(of: left)
        let b = bridge.formula(of: right)
        limitWork(of: bridge.store)
        let anchor = everyName ? bridge.currentValues : [:]
        let result: EquivalenceResult
        if let context = derivativeSide, let variable, context.order == 1 {
            let f = bridge.formula(of: context.function)
            let candidate = context.isOnRight ? a : b
            let diagnosed = bridge.store.diagnoseDerivative(candidate: candidate, of: f, withRespectTo: variable, anchor: anchor)
            result = context.isOnRight ? diagnosed : diagnosed.swapped
        } else {
            result = bridge.store.equivalence(a, b, anchor: anchor)
        }
        try checkWork(of: bridge.store, .comparing(typed: source.text(in: range)), at: range)
        try checkInterruption(at: range)
        var comparison = Comparison(isEqual: result.isEquivalent)
        let sorted = { (point: [Variable: Double]) in point.sorted { $0.key < $1.key }.map { ($0.key.name, $0.value) } }
        if result.isEquivalent, let kink = result.differsOnlyAtKink {
            comparison.differsOnlyAtKink = (sorted(kink.point), kink.left, kink.right)
        }
        if result.isEquivalent, let oneSided = result.definedOnOneSideOnly {
            comparison.definedOnOneSideOnly = (sorted(oneSided.point), oneSided.left, oneSided.right, Self.text(of: oneSided.undefinedStep))
        }
        if let point = result.counterexample {
            comparison.counterexample = sorted(point)
            comparison.leftValue = result.leftValue
            comparison.rightValue = result.rightValue
            comparison.counterexampleIsYours = everyName && !point.isEmpty && point.allSatisfy { anchor[$0.key] == $0.value }
            if let common = result.valueAtAnchor {
                let involved = anchor.filter { point[$0.key] != nil }
                // "your values" only when every name in the point is one the person bound.
                comparison.agreement = (sorted(involved), common, involved.count == point.count)
            }
        }
        switch (result.verdict, result.basis) {
        case (.undecided, .noCommonPoint):
            comparison.doubt = "gradbook found no point where both sides are defined, so there is nothing to compare."
        case (.undecided, .belowPrecision):
            comparison.doubt = "the sides agree, but only within the rounding of numbers below 2.2e-308, which keep too few digits to tell them apart."
        case (.undecided, .sampling(let count)):
            comparison.doubt = "the sides agree at the \(count == 1 ? "only point" : "only \(count) points") gradbook found where both are defined, too few to call them equal."
        default: break
        }
        if let mistake = result.likelyMistake {
            // diagnoseDerivative's mistake is the candidate's; equivalence's is always the left side's.
            let diagnosed = derivativeSide.map { $0.order == 1 } ?? false
            comparison.explanation = MistakeWording.sentence(for: mistake, candidateIsLeft: diagnosed ? derivativeSide?.isOnRight ?? true : true,
                                                             printer: FormulaPrinter(store: bridge.store))
        }
        if everyName, let repeated = repeatedName(in: bridge.store.variables(in: a).union(bridge.store.variables(in: b))) {
            let note = "Two different values named \(repeated) are involved: one side was computed before \(repeated) was rebound (:recompute updates stale values)."
            comparison.explanation = [comparison.explanation, note].compactMap { $0 }.joined(separator: "\n  ")
        }
        return comparison
    }

    /// A step with no value, as a learner would write it with its inputs' values: `log(-1)`, `(-1)^0.5`, `0^-1`.
    static func text(of step: EquivalenceResult.UndefinedStep) -> String {
        let format = NumberFormat()
        switch step {
        case .function(let function, let argument):
            return "\(function.rawValue)(\(format.text(argument)))"
        case .power(let base, let exponent):
            let b = format.text(base), e = format.text(exponent)
            return "\(base < 0 ? "(\(b))" : b)^\(exponent < 0 ? "(\(e))" : e)"
        case .quotient(let numerator):
            let n = format.text(numerator)
            return "\(numerator < 0 ? "(\(n))" : n)/0"
        }
    }

    /// A name two variables share (a stale value's old leaf and the current one), if any.
    private func repeatedName(in variables: Set<Variable>) -> String? {
        var seen: Set<String> = []
        for variable in variables.sorted() where !seen.insert(variable.name).inserted { return variable.name }
        return nil
    }

    /// When a side still has a free symbol whose name is bound now (`d = diff(x^2, x); x = 2; d == 2*x`),
    /// the two sides read `x` differently: gradbook cannot tell, says why, and shows both sides with
    /// the current value put in.
    private func comparisonWithStaleSymbols(_ left: Node, _ right: Node) -> Comparison? {
        var stale: [(side: String, name: String, value: Node)] = []
        for (side, node) in [("left", left), ("right", right)] where node.isSymbolic {
            for source in node.sources {
                guard case .freeSymbol(let name) = source.operation, !stale.contains(where: { $0.side == side && $0.name == name }),
                      case .value(let value, _)? = bindings[name], let current = value.node, !current.isSymbolic, !current.isTensor else { continue }
                stale.append((side, name, current))
            }
        }
        guard let first = stale.first else { return nil }
        let format = NumberFormat()
        let names = stale.filter { $0.side == first.side }
        let values = names.map { "\($0.name) = \(format.text($0.value.value))" }.joined(separator: ", ")
        let list = names.map(\.name).joined(separator: ", ")
        var lines = ["the \(first.side) side is a formula in \(list), made while \(names.count == 1 ? "it was" : "they were") free, but \(values) now."]
        let bridge = makeBridge()
        bridge.leavesAreConstants = true
        let a = bridge.formula(of: left), b = bridge.formula(of: right)
        if bridge.stopReason == nil {
            var point: [Variable: Double] = [:]
            for entry in stale { point[Variable(name: entry.name, id: nil)] = entry.value.value }
            let (x, y) = (bridge.store.evaluate(a, at: point), bridge.store.evaluate(b, at: point))
            if x.isFinite, y.isFinite {
                let both = NumberFormat.areEqual(x, y) ? "both sides are \(format.text(x))" : "the left side is \(format.text(x)) and the right side \(format.text(y))"
                lines.append("With \(values) put in, \(both); :recompute updates such formulas.")
            }
        }
        if lines.count == 1 { lines.append(":recompute updates such formulas with the values bound now.") }
        var comparison = Comparison(isEqual: false)
        comparison.doubt = lines[0]
        comparison.explanation = lines[1]
        return comparison
    }

    /// `diff(f, v)`, `diff(f, v, n)` or `grad(f, v)` on one side of `==`: the function, the variable, the
    /// order and which side it is on.
    struct DerivativeContext {
        var function: Node
        var variable: Node?
        var variableName: String
        var isOnRight: Bool
        /// 1 for diff(f, v) and grad(f, v); the typical slips are tried for first derivatives only.
        var order = 1
    }

    /// The context when `expression` is a call `diff(f, v)`, `diff(f, v, n)` or `grad(f, v)` with one name.
    func derivativeContext(_ expression: Expression, isOnRight: Bool) -> DerivativeContext? {
        guard case .call(let name, _, let arguments) = expression.kind, name == "diff" || name == "grad",
              arguments.count == 2 || (name == "diff" && arguments.count == 3),
              arguments.allSatisfy({ $0.label == nil }),
              let function = try? scalar(arguments[0].value, role: .expressionToDifferentiate),
              let target = try? target(arguments[1].value, of: name) else { return nil }
        if let node = target.node, node.isTensor { return nil }
        var order = 1
        if arguments.count == 3 {
            guard let n = try? scalar(arguments[2].value, role: .derivativeOrder), !n.isSymbolic, n.value >= 1, n.value == n.value.rounded(),
                  n.value <= Double(Evaluator.maximumDerivativeOrder) else { return nil }
            order = Int(n.value)
        }
        return DerivativeContext(function: function, variable: target.node, variableName: target.name, isOnRight: isOnRight, order: order)
    }

    /// One context per name when `expression` is `grad(f, [a, b, …])`: its i-th element is diff(f, that name).
    func gradientContexts(_ expression: Expression, isOnRight: Bool) -> [DerivativeContext]? {
        guard case .call("grad", _, let arguments) = expression.kind, arguments.count == 2, arguments.allSatisfy({ $0.label == nil }),
              case .list(let names) = arguments[1].value.kind, !names.isEmpty,
              let function = try? scalar(arguments[0].value, role: .expressionToDifferentiate), !function.isTensor else { return nil }
        var contexts: [DerivativeContext] = []
        for name in names {
            guard let target = try? target(name, of: "grad"), target.node?.isTensor != true else { return nil }
            contexts.append(DerivativeContext(function: function, variable: target.node, variableName: target.name, isOnRight: isOnRight))
        }
        return contexts
    }

    /// grad(f, [a, b]) == [your ∂f/∂a, your ∂f/∂b]: each element checked as a derivative, as diff(f, a) == … is.
    private func compareGradientElements(_ left: Node, _ right: Node, _ contexts: [DerivativeContext],
                                         at range: SourceRange) throws(Diagnostic) -> Comparison {
        for (index, context) in contexts.enumerated() {
            try checkInterruption(at: range)
            let selection = Selection(rows: [0], columns: [index], dropsRows: true, dropsColumns: true, sourceColumns: contexts.count)
            let a = Node.make(.select(selection), [left], cell: cell), b = Node.make(.select(selection), [right], cell: cell)
            let candidate = context.isOnRight ? a : b
            var comparison: Comparison
            // Elements of a list literal depend on a vector (the list), which is fine; vectors bound to names are
            // too many variables to vary.
            let usesTensorNames = (context.function.graph + candidate.graph).contains { $0.isTensor && $0.inputs.isEmpty }
            if !a.isSymbolic, !b.isSymbolic, !candidate.dependsOnNames || usesTensorNames {
                comparison = Comparison(isEqual: NumberFormat.areEqual(a.value, b.value), leftValue: a.value, rightValue: b.value)
            } else {
                let numbers = Comparison(isEqual: NumberFormat.areEqual(a.value, b.value), leftValue: a.value, rightValue: b.value)
                comparison = try compareAsFunctionsOfEveryName(a, b, context, numbers, at: range)
            }
            guard comparison.isEqual else {
                comparison.element = "[\(index + 1)] (d/d\(context.variableName))"
                return comparison
            }
        }
        return Comparison(isEqual: true)
    }
}
