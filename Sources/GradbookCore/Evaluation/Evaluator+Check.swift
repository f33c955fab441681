// check(EXPR, x), check(EXPR, x, yours) and their tolerances: three readings of one derivative, side by side.

extension Evaluator {
    /// `check(EXPR, x)`, `check(EXPR, x, yours)`, with `rtol = …` and `atol = …` options.
    func check(_ arguments: [Argument], at range: SourceRange) throws(Diagnostic) -> Value {
        let positional = arguments.filter { $0.label == nil }.map(\.value)
        try checkCount("check", positional, within: 2...3, usage: "check(EXPR, x) or check(EXPR, x, your_gradient), for example `check(x^2, x) at x = 3` or `check(x^2, x, 2*x, rtol = 1e-3, atol = 1e-5) at x = 3`", at: range)
        let tolerance = try checkTolerance(arguments.filter { $0.label != nil }, call: "check(\(positional.map { source.text(in: $0.range) }.joined(separator: ", ")), rtol = 1e-3, atol = 1e-5)", at: range)
        let output = try numericNode(positional[0], for: "check")
        if let targets = try severalTargets(positional[1]) {
            guard positional.count == 2 else {
                throw .checkOneInputAtATime(targets.count, call: "check(\(source.text(in: positional[0].range)), \(targets[0].name))", at: positional[2].range)
            }
            var reports: [Value] = []
            for target in targets {
                reports.append(try checkOne(output, positional[0], target: target, yours: nil, tolerance: tolerance, range: range))
            }
            return .checks(reports)
        }
        let target = try target(positional[1], of: "check")
        return try checkOne(output, positional[0], target: target, yours: positional.count == 3 ? positional[2] : nil, tolerance: tolerance, range: range)
    }

    /// The inputs of `check(L, [w, b])` (a list of names) or `check(L, net)` (every parameter of a network),
    /// or nil for a single name.
    private func severalTargets(_ expression: Expression) throws(Diagnostic) -> [Target]? {
        if case .list(let names) = expression.kind {
            return try names.map { name throws(Diagnostic) in try target(name, of: "check") }
        }
        guard case .name(let name) = expression.kind, case .value(.network(let network), _)? = bindings[name] else { return nil }
        // The bound network's own parameter nodes (named net.W1, …), which a loss computed with it reads.
        return network.parameters.map { Target(name: "\(name).\($0.name)", range: expression.range, node: $0.node) }
    }

    /// One input's check: symbolic, backprop and numeric for a number, backprop and numeric for a vector or matrix.
    private func checkOne(_ output: Node, _ outputExpression: Expression, target: Target, yours yoursExpression: Expression?,
                          tolerance: GradientCheck.Tolerance, range: SourceRange) throws(Diagnostic) -> Value {
        guard let node = target.node else {
            throw .freeSymbolsInNumericOperation("check", symbols: [target.name], at: target.range)
        }
        _ = try isPart(target, of: output, expression: outputExpression)
        try refuseDroppedHistory(source.text(in: range), of: output, from: [node], at: range)
        let yours = try yoursExpression.map { expression throws(Diagnostic) in
            try yourGradient(expression, of: outputExpression, shapedLike: node, name: target.name)
        }
        if node.isTensor {
            return try checkTensor(output, at: node, name: target.name, yours: yours, tolerance: tolerance, range: range)
        }
        let bridge = makeBridge()
        let variable = bridge.treatAsVariable(node)
        let formula = bridge.formula(of: output)
        limitWork(of: bridge.store)
        let derivative = bridge.store.derivative(of: formula, withRespectTo: variable)
        try checkWork(of: bridge.store, .symbolicDerivativeIn(typed: source.text(in: range)), at: range)
        let evaluation = FormulaEvaluation(store: bridge.store, roots: [derivative])
        let bounded = evaluation.boundedValues(at: bridge.currentValues)[0]
        var symbolic = bounded.value
        // A 0 the formula gives only because a step rounded is no evidence of an exact 0 (RoundedZero).
        let roundedZero = symbolic != 0 ? nil
            : evaluation.roundedZero(at: bridge.currentValues).map { RoundedZero(step: $0.step.map(bridge.text(of:)), bound: $0.bound) }
        // Where a step overflowed or rounded to 0 on the way, the formula's number may have lost part of itself
        // as the value did (3e300*x^2 at x = 1e-200 came out 0, not 3e-100): it is then nan, as a value is shown,
        // not a number for backprop to agree with (LostValues.swift).
        if output.graphMayHaveLostParts, symbolic.isFinite, noteLostValue(.scalar(bridge.node(of: derivative, cell: cell))) {
            symbolic = .nan
        }
        let pass = Backpropagation(from: output)
        // So where the formula's own steps lost a value that the function's did not: cos(x)/x - sin(x)/x^2 at x = 1e-300
        // divides by x^2, which underflowed to 0, and its -inf is no slope for backprop's 0 to disagree with.
        if symbolic.isInfinite, pass.gradient(of: node)?.isFinite == true,
           noteSymbolicOverflow(bridge.node(of: derivative, cell: cell), formula: bridge.text(of: derivative)) {
            symbolic = .nan
        }
        // A gradient that is not finite says where it first stopped being finite (an overflow on the way can
        // make backprop -inf where the slope is a large finite number, which the numeric estimate then shows).
        if let gradient = pass.gradient(of: node), !gradient.isFinite { noteBackwardPass(pass, targets: [node]) } else { noteSharedStableForms(pass) }
        try checkInterruption(at: range)
        var numeric = NumericDerivative.ridders(of: output, at: node, describe: describe)
        let backprop = pass.gradient(of: node) ?? 0
        // Before a numeric estimate overrules backprop, a second look on the scale backprop's slope sets: where
        // those differences agree with backprop, the larger steps averaged over a faster change, and the
        // differences on the small scale are the estimate (SlopeConfirmation.swift).
        // Where no step is both short enough and above the rounding, the numeric estimate cannot overrule two exact
        // methods that agree: the verdict is "cannot tell", with the reason.
        takeSecondLook(at: &numeric, of: output, at: node, slope: backprop, asker: .check(symbolic: symbolic), tolerance: tolerance)
        let (formulaText, formulaCall) = try checkFormulaText(derivative, in: bridge, of: output, at: node, outputExpression: outputExpression,
                                                              target: target.name, range: range)
        var report = GradientCheckReport(
            variable: target.name, point: node.value, formula: formulaText,
            symbolic: symbolic, backprop: backprop, numeric: numeric,
            yours: yours?.value, tolerance: tolerance, kinksUsed: pass.kinksUsed.map { kinkNote($0) }, roundedZero: roundedZero,
            symbolicRounding: bounded.error)
        report.formulaCall = formulaCall
        // Where backprop is the odd one out, a walk over the graph looks for why (below); where all agree, it looks only
        // for a number from numbers alone that rounding emptied, which all three would follow.
        let backpropDiffers = !tolerance.accepts(backprop, reference: symbolic.isNaN ? numeric.derivative : symbolic)
        // (Or lost on its way back: a gradient that a finite local derivative made infinite overflowed, as
        // exp((1e-300*sqrt(x))^(tanh(x) - expm1(x))) at 0.11 does, 2.4e45 times -2.1e300, where the slope is 2.2e49.)
        let overflowedOnTheWayBack = pass.firstNonFinite.map { $0.gradient.isInfinite && $0.localDerivative?.isFinite == true } ?? false
        report.backpropLostValue = backprop.isInfinite && symbolic.isFinite && (output.graphMayHaveLostParts || overflowedOnTheWayBack)
        // Both infinite where no step on the way has an infinite slope (as sqrt has at 0): a slope on the way overflowed
        // (1/x at x = 1e-300 has the slope -1e600; exp(2*x) at 400, 2e347), and neither number is the slope. (A function
        // with no value there is told apart below: that verdict comes first.)
        if backprop.isInfinite, symbolic == backprop, !output.value.isNaN, let first = pass.firstNonFinite {
            report.slopeOverflowed = first.localDerivative.map { $0.isFinite } ?? true || !Self.hasInfiniteSlope(first.node)
        }
        // A function with no value here (log(x - 5) at x = 3, exp(-1/x^2) at 0) has no derivative, whatever the methods give.
        if let undefined = ForwardRounding.firstUndefinedStep(in: output) {
            report.undefinedStep = Self.text(of: undefined)
            return .check(report)
        }
        // At a kink the numeric estimate cannot straddle, the slopes on its two sides say what a slope there can be; so
        // at a domain edge with two slopes (sqrt(x^2) at 0 is |x|: a yours of 0 was exact against backprop's 0).
        if let sides = NumericDerivative.sidesToJudgeBy(numeric.unreliability, of: output, at: node, tolerance: tolerance) {
            report.kinkSides = sides
            // Where they agree, that is the derivative, and the numeric estimate (relu(x) - relu(-x) at 0 is x).
            if let slope = report.derivativeThroughKink {
                report.numeric = NumericDerivative.Estimate(derivative: slope, error: sides.error, firstStep: numeric.firstStep)
            }
        }
        // Or where only yours differs, for a number computed from numbers alone: (1e20 + 1 - 1e20)*x has the slope 1 as
        // typed, but all three read the constant as the 0 it rounded to (symbolic folds it in), and a right 1 was wrong.
        let yoursDiffers = yours.map { !tolerance.accepts($0.value, reference: backprop) } ?? false
        if backpropDiffers || yoursDiffers, backprop.isFinite {
            if let loss = Self.worstLoss(in: output, reachedBy: pass, numericReferees: report.numericIsReference), loss.reached {
                let isConstant = !loss.node.dependsOnNames && !loss.node.isTensor
                // Such a number excuses yours only if it could: with it anywhere in its rounding range, would backprop
                // give yours? ((0.1 + 0.2 - 0.3)*x + x^2 reads 5.6e-17 give or take 3.3e-17: a 5 for the slope 4 is wrong.)
                // A value computed from the names (sin(x + 1e20) at x = 0.3 reads x + 1e20, where x is lost) excuses yours
                // wherever it moves backprop's slope beyond the tolerance: the slope can be anything in a range two ends
                // do not bound (sin's), and a right 0.43 was wrong against backprop's 0.45.
                let excuses = backpropDiffers || yours.map { mine in
                    let range = Self.slopes(of: output, at: node, moving: loss.node, by: loss.error, around: backprop)
                    // (Not where the numeric estimate referees: it varies the names, and sees what they do.)
                    guard isConstant else {
                        return !report.numericIsReference
                            && (!tolerance.accepts(range.lowerBound, reference: backprop) || !tolerance.accepts(range.upperBound, reference: backprop))
                    }
                    return range.contains(mine.value) || tolerance.accepts(mine.value, reference: range.lowerBound)
                        || tolerance.accepts(mine.value, reference: range.upperBound)
                } == true
                if excuses {
                    // (A number from numbers alone as typed: its inputs' values, 1e20 - 1e20, hide where it rounded.)
                    report.forwardLoss = (isConstant ? Self.typedText(ofNumber: loss.node) : forwardLossText(loss), loss.value, loss.error)
                    report.forwardLossIsConstant = isConstant
                }
            } else if backpropDiffers, let bound = ForwardRounding.backpropErrorBound(of: output, at: node) {
                report.backpropRounding = bound
            }
        } else if backprop.isFinite, let loss = Self.worstLoss(in: output, reachedBy: pass, numericReferees: report.numericIsReference),
                  loss.reached, !loss.node.isTensor, !loss.node.dependsOnNames || !report.numericIsReference {
            // All agree, but on a number that rounding emptied: (1e20 + 1 - 1e20)*x has the slope 1 as typed, and all three
            // give 0 for it, as does a yours of 0; sin(x + 1e20) at x = 0.3 reads x + 1e20, where x is lost, and symbolic
            // and backprop "agreed" on cos(1e20) for cos(1e20 + 0.3). Only where that number moves the slope, and for a value
            // of the names only where the numeric estimate cannot referee (it varies the names, and sees what they do).
            let range = Self.slopes(of: output, at: node, moving: loss.node, by: loss.error, around: backprop)
            if !tolerance.accepts(range.lowerBound, reference: backprop) || !tolerance.accepts(range.upperBound, reference: backprop) {
                let isConstant = !loss.node.dependsOnNames
                report.forwardLoss = (isConstant ? Self.typedText(ofNumber: loss.node) : forwardLossText(loss), loss.value, loss.error)
                report.forwardLossIsConstant = isConstant
                report.slopesOverRounding = range
            }
        }
        // Without a numeric referee, backprop's own rounding at the point can still say its number means nothing: sin(x +
        // 1e20) at x = 0.3 reads x + 1e20, which holds nothing of x (an ulp there is 16,384), so symbolic and backprop
        // "agreed" on cos(1e20) for cos(1e20 + 0.3), and a right yours was wrong against it. No value there lost its
        // digits (x + 1e20 is within 1e-16 of itself); the slope read at it did.
        if report.forwardLoss == nil, report.backpropRounding == 0, !report.numericIsReference, backprop.isFinite,
           let bound = ForwardRounding.backpropErrorBound(of: output, at: node, allowingUnbounded: true), bound > tolerance.allowance(around: backprop) {
            report.backpropRounding = bound
            report.roundingIsShared = tolerance.accepts(symbolic, reference: backprop)
        }
        // Where the verdict would still be sure, a number from numbers alone that lost too little of itself to be the worst
        // loss can move the slope beyond the tolerance, where the slope sets it against a number of its size:
        // x*(1e20 + 1) - x*1e20 at x = 3 has the slope 1 as typed, all three read 0, and a right 1 was wrong, a 0 exact.
        // (Also where backprop differs but its own rounding left symbolic the judge, which holds the same number:
        // x*(1e20 + 1) - x*1e20 + x^2 has the slope 7 as typed, symbolic gives 6 and backprop 0.)
        // (And where a value of the names that lost its digits left symbolic the judge, symbolic holds the same number:
        // sin(x*(1e16 + 1) - x*1e16) at x = 3 has the slope cos(3) as typed, symbolic gives 0, and a right -0.99 was wrong;
        // sin(1e17*(x*(0.1 + 0.2) - 0.3*x)) at x = 1 has the slope 0 as typed, symbolic 4.13, and a right 0 was wrong.)
        let lossOfNamesAlone = report.forwardLoss != nil && !report.forwardLossIsConstant
        if report.forwardLoss == nil || (yoursDiffers && lossOfNamesAlone),
           !backpropDiffers || report.backpropRounding > 0 || lossOfNamesAlone, backprop.isFinite,
           report.verdict.word != "cannot tell" {
            if !yoursDiffers, let moved = Self.roundedNumberMovingSlope(of: output, at: node, backprop: backprop, tolerance: tolerance) {
                report.forwardLoss = (Self.typedText(ofNumber: moved.loss.node), moved.loss.value, moved.loss.error)
                report.forwardLossIsConstant = true
                report.slopesOverRounding = moved.slopes
            } else if yoursDiffers, let mine = yours?.value,
                      let moved = Self.roundedNumberMovingSlope(of: output, at: node, backprop: backprop, tolerance: tolerance, excusing: mine) {
                report.forwardLoss = (Self.typedText(ofNumber: moved.loss.node), moved.loss.value, moved.loss.error)
                report.forwardLossIsConstant = true
            }
        }
        return .check(report)
    }

    /// The elements where backprop and numeric both give 0 but nothing shows the 0 is exact: sum(1/W) at W[1] = 1e200
    /// (-1e-400 underflows), sum(exp(v)) at v[1] = -800. Their symbolic partials (one shared-adjoint gradient) are
    /// evaluated with their exactness (`FormulaEvaluation.exactZeros`), as the scalar check does; with more than 64 such
    /// elements, or past 250,000 formula nodes (a 2-16-16-1 network's loss over 200 points fits; 2-32-32-1's does not,
    /// and stopping there costs about a tenth of a second), none is shown exact. A relu that is off is exact.
    private func zerosNotShownExact(of output: Node, at node: Node, name: String, backprop: Tensor,
                                    numeric: NumericDerivative.TensorEstimate) -> [Int] {
        let zeros = backprop.elements.indices.filter {
            backprop.elements[$0] == 0 && numeric.gradient.elements[$0] == 0 && numeric.unreliable[$0] == nil
        }
        guard !zeros.isEmpty, let partials = symbolicPartials(of: output, at: node, name: name, elements: zeros) else { return zeros }
        let exactZeros = partials.evaluation.exactZeros(at: partials.values)
        return zip(zeros, exactZeros).filter { !$0.1 }.map(\.0)
    }

    /// The symbolic partials of `output` for `elements` of `node`, ready to evaluate at the current values: every one at
    /// once, by the symbolic gradient's shared adjoints (one pass, not one per element). Nil past 64 elements or 250,000
    /// formula nodes (a 2-16-16-1 network's loss over 200 points fits; 2-32-32-1's does not, and stopping there costs
    /// about a tenth of a second).
    func symbolicPartials(of output: Node, at node: Node, name: String, elements: [Int],
                          largestFormula: Int = 250_000) -> (evaluation: FormulaEvaluation, values: [Variable: Double])? {
        guard elements.count <= 64, !output.isSymbolic else { return nil }
        let bridge = makeBridge()
        bridge.store.maximumCount = largestFormula
        let variables = elements.map { bridge.treatElementAsVariable(node, named: name, at: $0) }
        let formula = bridge.formula(of: output)
        let derivatives = bridge.stopReason == nil ? bridge.store.gradient(of: formula, withRespectTo: variables) : []
        guard bridge.stopReason == nil, derivatives.count == elements.count else { return nil }
        return (FormulaEvaluation(store: bridge.store, roots: derivatives), bridge.currentValues)
    }

    /// The value backprop reads that lost most of its digits (`ForwardRounding.worstLoss`). Where the numeric estimate
    /// referees, it varies the names and sees what a value of them does, so the worst such value excuses nothing; a number
    /// from numbers alone, which it reads as rounded as the others do, still can: sqrt(softplus(cos(1e300))^exp(sin(x)))
    /// was "exact" because its worst value, the power, is one of x.
    private static func worstLoss(in output: Node, reachedBy pass: Backpropagation, numericReferees: Bool) -> ForwardRounding.Loss? {
        let loss = ForwardRounding.worstLoss(in: output, reachedBy: pass)
        guard numericReferees, let found = loss, found.node.dependsOnNames else { return loss }
        return ForwardRounding.worstLoss(in: output, reachedBy: pass, numbersAlone: true).flatMap { $0.reached ? $0 : nil } ?? loss
    }

    /// The first of the numbers computed from numbers alone that rounded (`ForwardRounding.roundedNumbers`, at most eight)
    /// that, moved anywhere in its rounding range, moves backprop's slope beyond the tolerance, or (with `yours`) could
    /// make it yours; with the slopes it gives then. Nil where none does.
    private static func roundedNumberMovingSlope(of output: Node, at node: Node, backprop: Double,
                                                 tolerance: GradientCheck.Tolerance,
                                                 excusing yours: Double? = nil) -> (loss: ForwardRounding.Loss, slopes: ClosedRange<Double>)? {
        guard let candidates = ForwardRounding.roundedNumbers(in: output, limit: 8) else { return nil }
        for loss in candidates {
            let range = Self.slopes(of: output, at: node, moving: loss.node, by: loss.error, around: backprop)
            let moves = !tolerance.accepts(range.lowerBound, reference: backprop) || !tolerance.accepts(range.upperBound, reference: backprop)
            guard moves else { continue }
            guard let yours else { return (loss, range) }
            if range.contains(yours) || tolerance.accepts(yours, reference: range.lowerBound) || tolerance.accepts(yours, reference: range.upperBound) {
                return (loss, range)
            }
        }
        return nil
    }

    /// The slopes backprop gives at `node` with the number `moved` (computed from numbers alone) set to each end of
    /// its rounding range, `value ± error`, and `backprop` itself: the least and the largest, each end's widened by the
    /// rounding of its own rerun (`ForwardRounding.backpropErrorBound`).
    private static func slopes(of output: Node, at node: Node, moving moved: Node, by error: Double, around backprop: Double) -> ClosedRange<Double> {
        var low = backprop, high = backprop
        for end in [moved.value - error, moved.value + error] {
            // (No further than the values it can take: sin(1e150) is 0.69 ± 1.7, so between -1 and 1.)
            let offset = Self.withinValues(of: moved, end) - moved.value
            // A number from numbers alone becomes the number at that end; a value computed from the names is moved by the
            // offset and keeps its own slope (replaced by moved + offset, so the gradient still flows through it).
            let replacement = moved.dependsOnNames ? Node.make(.add, [moved, Node.constant(offset)]) : Node.constant(moved.value + offset)
            let changed = output.substituting([ObjectIdentifier(moved): replacement])
            guard let slope = Backpropagation(from: changed).gradient(of: node), slope.isFinite else { return -Double.infinity...Double.infinity }
            guard !moved.dependsOnNames else {
                // (A value of the names: the ends say what the slope takes at least.)
                (low, high) = (Swift.min(low, slope), Swift.max(high, slope))
                continue
            }
            // A number from numbers alone: the ends bound the slope, and each is widened by the rerun's own rounding. Where
            // the moved number leaves the computation little of itself, the slope read is no better than that rounding:
            // sin(x*(1e16 + 1) - x*1e16) at x = 3 reads 1e16 + 1 as 1e16, and at its range's ends backprop gave 0.5 and
            // -0.25, each good to about 1e16, while the slope as typed is cos(3) = -0.99; a right -0.99 was wrong.
            let noise = ForwardRounding.backpropErrorBound(of: changed, at: node, allowingUnbounded: true) ?? 0
            guard noise.isFinite else { return -Double.infinity...Double.infinity }
            (low, high) = (Swift.min(low, slope - noise), Swift.max(high, slope + noise))
        }
        return low...high
    }

    /// `end` brought within the values `node`'s function can take (sin's [-1, 1]), where they are bounded.
    private static func withinValues(of node: Node, _ end: Double) -> Double {
        guard case .function(let function) = node.operation, let range = function.valueRange else { return end }
        return Swift.min(Swift.max(end, range.lowerBound), range.upperBound)
    }

    /// The element of `node`'s gradient that moves most, beyond the tolerance, with the number `moved` (computed from
    /// numbers alone) at either end of its rounding range, `value ± error`, and the least and largest it takes then;
    /// nil where no element moves beyond the tolerance. (An end where the gradient is not finite moves it without bound.)
    private static func largestMove(of output: Node, at node: Node, moving moved: Node, by error: Double, from backprop: Tensor,
                                    tolerance: GradientCheck.Tolerance) -> (element: Int, low: Double, high: Double)? {
        var low = backprop.elements, high = backprop.elements
        for end in [moved.value - error, moved.value + error] {
            let changed = output.substituting([ObjectIdentifier(moved): Node.constant(Self.withinValues(of: moved, end))])
            guard let gradient = Backpropagation(from: changed).tensorGradient(of: node), gradient.count == low.count else { return nil }
            for index in low.indices {
                let value = gradient.elements[index].isFinite ? gradient.elements[index] : .nan
                low[index] = value.isNaN ? -.infinity : Swift.min(low[index], value)
                high[index] = value.isNaN ? .infinity : Swift.max(high[index], value)
            }
        }
        let moves = low.indices.filter {
            !tolerance.accepts(low[$0], reference: backprop.elements[$0]) || !tolerance.accepts(high[$0], reference: backprop.elements[$0])
        }
        guard let worst = moves.max(by: { high[$0] - low[$0] < high[$1] - low[$1] }) else { return nil }
        return (worst, low[worst], high[worst])
    }

    /// Whether `node`'s local slope is infinite in the maths, not only too large for a double: a square root at 0, an
    /// inverse sine or cosine at ±1, a power below 1 of 0.
    private static func hasInfiniteSlope(_ node: Node) -> Bool {
        let x = node.inputs.first?.value ?? .nan
        switch node.operation {
        case .function(.sqrt): return x == 0
        case .function(.asin), .function(.acos): return Swift.abs(x) == 1
        case .power: return x == 0 && node.inputCount > 1 && node.inputs[1].value < 1
        default: return false
        }
    }

    /// A number computed from numbers alone, written as typed (`(1e20 + 1) - 1e20`), down to a few steps.
    private static func typedText(ofNumber node: Node, depth: Int = 0) -> String {
        let format = NumberFormat()
        guard node.inputCount > 0, depth < 6 else { return format.text(node.value) }
        let parts = node.inputs.map { input in
            let text = typedText(ofNumber: input, depth: depth + 1)
            if case .function = input.operation { return text }
            return input.inputCount > 0 ? "(\(text))" : text
        }
        switch node.operation {
        case .function(let function): return "\(function.rawValue)(\(typedText(ofNumber: node.inputs.first.unsafelyUnwrapped, depth: depth + 1)))"
        case .negate: return "-\(parts[0])"
        default: return parts.count == 2 ? "\(parts[0]) \(node.operation.symbol) \(parts[1])" : format.text(node.value)
        }
    }

    /// The step that lost its digits as typed: "(x + 1e20) - 1e20"; for an element of a vector or matrix, that
    /// element's step where it works element by element ("(W[2] + 1e20) - 1e20"), else the element named
    /// ("row 1, column 2 of M @ V").
    private func forwardLossText(_ loss: ForwardRounding.Loss) -> String {
        guard let element = loss.element else { return operationText(loss.node, parenthesized: true) }
        if loss.node.operation.isElementwise { return operationText(loss.node, parenthesized: true, element: element) }
        let shape = loss.node.shape
        let place = shape.count == 2 ? "row \(element / shape[1] + 1), column \(element % shape[1] + 1)" : "element \(element + 1)"
        return "\(place) of \(operationText(loss.node, parenthesized: true))"
    }

    /// The symbolic partials of `output` for every element of `node` and their rounding bounds, where a check of a
    /// vector or matrix needs a referee besides backprop; nil where they cannot be had or are not finite.
    private func boundedSymbolicPartials(of output: Node, at node: Node, name: String) -> (values: [Double], rounding: [Double])? {
        guard let partials = symbolicPartials(of: output, at: node, name: name, elements: Array(node.elements.indices)) else { return nil }
        let bounded = partials.evaluation.boundedValues(at: partials.values)
        guard bounded.allSatisfy({ $0.value.isFinite && $0.error.isFinite }) else { return nil }
        return (bounded.map(\.value), bounded.map(\.error))
    }

    /// Symbolic's formula as check's line shows it, and the `diff` call that writes it out where it is too long to show
    /// (nil where diff would refuse it as too large). As diff writes it: an earlier value of a name rebound since (the
    /// `v` a loop started from) is written as its number, with a note, since the name would now mean the new value and
    /// the formula would not paste back. That formula is made on a bridge of its own: the one check computes with keeps
    /// every leaf a leaf.
    private func checkFormulaText(_ derivative: FormulaID, in bridge: FormulaBridge, of output: Node, at node: Node,
                                  outputExpression: Expression, target: String, range: SourceRange) throws(Diagnostic) -> (String, String?) {
        let call = bridge.store.size(of: [derivative]) <= FormulaPrinter.maximumPrintedSize
            ? "diff(\(source.text(in: outputExpression.range)), \(target))" : nil
        guard bridge.nodesByVariable.values.contains(where: outdatedLeaf) else { return (bridge.text(of: derivative), call) }
        let shown = makeBridge()
        shown.isWrittenAsNumber = outdatedLeaf
        let variable = shown.treatAsVariable(node)
        let formula = shown.formula(of: output)
        limitWork(of: shown.store)
        let text = shown.text(of: shown.store.derivative(of: formula, withRespectTo: variable))
        try checkWork(of: shown.store, .symbolicDerivativeIn(typed: source.text(in: range)), at: range)
        if text.utf8.count <= GradientCheckReport.longestFormulaShown { noteLeavesWrittenAsNumbers(shown) }
        return (text, call)
    }

    /// The `rtol = …` and `atol = …` options (each a number from 0 to 1).
    private func checkTolerance(_ options: [Argument], call: String, at range: SourceRange) throws(Diagnostic) -> GradientCheck.Tolerance {
        var tolerance = GradientCheck.Tolerance()
        for option in options {
            let label = option.label ?? ""
            guard label == "rtol" || label == "atol" else { throw .unknownLabel(label, function: "check", at: option.labelRange ?? range) }
            let number = try scalar(option.value, role: .option(label))
            guard !number.isSymbolic, !number.isTensor, number.value >= 0, number.value <= 1 else {
                throw .tolerance(label, source.text(in: option.value.range), call: call, at: option.value.range)
            }
            if label == "rtol" { tolerance.relative = number.value } else { tolerance.absolute = number.value }
        }
        return tolerance
    }

    /// The gradient the person worked out, which must have the target's shape.
    private func yourGradient(_ expression: Expression, of output: Expression, shapedLike target: Node, name: String) throws(Diagnostic) -> Node {
        let yours = try node(expression, role: .yourGradient)
        if yours.isSymbolic { _ = try numericNode(expression, for: "check") }
        guard yours.shape == target.shape else {
            let transposedHint = yours.shape.count == 2 && yours.shape.reversed() == target.shape ? " (transposed?)" : ""
            let text = source.text(in: expression.range)
            let transposed = text.hasPrefix("transpose(") && text.hasSuffix(")") ? String(text.dropFirst(10).dropLast()) : "transpose(\(text))"
            throw .gradientShape(source.text(in: expression.range), name: name, expected: target.shape, yours: yours.shape,
                                 transposedCall: transposedHint.isEmpty ? nil : "check(\(source.text(in: output.range)), \(name), \(transposed))",
                                 at: expression.range)
        }
        return yours
    }

    /// check(loss, W) for a vector or matrix W: backprop against numeric (and yours), element by element.
    private func checkTensor(_ output: Node, at node: Node, name: String, yours: Node?, tolerance: GradientCheck.Tolerance,
                             range: SourceRange) throws(Diagnostic) -> Value {
        let pass = Backpropagation(from: output)
        noteSharedStableForms(pass)
        let backprop = pass.tensorGradient(of: node) ?? Tensor(shape: node.shape, repeating: 0)
        var numeric = try NumericDerivative.tensorEstimate(of: output, at: node, interruption: interruption, range: range,
                                                           describe: describe, progress: numericProgress("check"))
        // Elements exactly at a kink: the slopes on its two sides, as for a number (too many are left unjudged).
        let atKinks = numeric.unreliable.filter { element in
            switch element.value {
            case .atEdge(.kink, _), .edgeNotLookedAt(.kink, atIt: true, _): return true
            default: return false
            }
        }.keys.sorted()
        let measured = atKinks.count <= NumericDerivative.largestKinkCount
        let kinkSides = measured ? try NumericDerivative.oneSidedSlopes(of: output, at: node, elements: atKinks,
                                                                           interruption: interruption, range: range) : [:]
        for (element, sides) in kinkSides {
            // Where they agree, that slope is the derivative there, and the numeric estimate of the element.
            guard let slope = NumericDerivative.slopeThroughKink(sides, tolerance: tolerance) else { continue }
            numeric.gradient.elements[element] = slope
            numeric.errors[element] = sides.error
            numeric.unreliable[element] = nil
        }
        var report = TensorCheckReport(variable: name, backprop: backprop, numeric: numeric, yours: yours?.tensor, tolerance: tolerance)
        report.kinkSides = kinkSides
        report.unmeasuredKinks = measured ? [] : atKinks
        // A function with no value here (sum(log(W)) with a negative element) has no gradient, whatever the methods give.
        if let undefined = ForwardRounding.firstUndefinedStep(in: output) {
            report.undefinedStep = Self.text(of: undefined)
            return .tensorCheck(report)
        }
        // Only an "exact" verdict needs its zeros proven (the analysis builds the loss's formula).
        if report.methods.band == .exact {
            report.zerosNotShownExact = zerosNotShownExact(of: output, at: node, name: name, backprop: backprop, numeric: numeric)
        }
        // Where backprop is not confirmed (the numeric estimate disagrees, or cannot referee) or yours differs from it, any
        // value that lost half its digits; where they agree, one that lost most of them (both then follow the rounded
        // computation, which symbolic may not: sum(relu(W + 1e20 - 1e20)) gives 0s for the maths' 1s). A walk about as
        // costly as a forward pass, beside the numeric estimate's two per element.
        let disputed = !report.methods.outside.isEmpty || report.methods.band == nil || report.yoursAgainstBackprop?.agrees == false
        if backprop.elements.allSatisfy(\.isFinite), let loss = ForwardRounding.worstLoss(in: output, reachedBy: pass),
           loss.reached, disputed || loss.error >= 1e-3 * Swift.abs(loss.value) {
            report.forwardLoss = (forwardLossText(loss), loss.value, loss.error)
            // Backprop cannot judge yours there; symbolic, which simplifies the rounding away, still can.
            if let partials = boundedSymbolicPartials(of: output, at: node, name: name) {
                report.symbolic = Tensor(shape: node.shape, elements: partials.values)
                report.symbolicRounding = partials.rounding
            }
            // A number from numbers alone (sum((1e20 + 1 - 1e20)*W)): symbolic holds the same rounded number, so all
            // agreeing is no evidence where that number moves the gradient.
            if !disputed, !loss.node.dependsOnNames, !loss.node.isTensor {
                report.forwardLoss = (Self.typedText(ofNumber: loss.node), loss.value, loss.error)
                report.gradientOverRounding = Self.largestMove(of: output, at: node, moving: loss.node, by: loss.error,
                                                               from: backprop, tolerance: tolerance)
            }
        }
        // Where backprop is disputed and read no such value, its own rounding (sums of contributions that cancel) may still
        // leave it off: sum(W*1e20 - W*1e20 + W) gives 0s for the 1s, a right [1, 1] was wrong and a wrong [0, 0] exact.
        // Symbolic's partials with their own rounding bound show where backprop is further from the derivative than that
        // bound and the tolerance allow (and the numeric estimate, where it can be trusted, does not side with backprop).
        if report.forwardLoss == nil, disputed, backprop.elements.allSatisfy(\.isFinite),
           let partials = boundedSymbolicPartials(of: output, at: node, name: name) {
            let off = partials.values.indices.filter { element in
                let symbolic = partials.values[element]
                return Swift.abs(backprop.elements[element] - symbolic) > tolerance.allowance(around: symbolic) + 2 * partials.rounding[element]
                    && (!report.numericIsTrustworthy(element) || tolerance.accepts(numeric.gradient.elements[element], reference: symbolic))
            }
            if !off.isEmpty {
                report.symbolic = Tensor(shape: node.shape, elements: partials.values)
                report.symbolicRounding = partials.rounding
                report.backpropOffByRounding = off
            }
        }
        // A number from numbers alone that lost too few digits to be the worst loss above can still move the gradient beyond
        // the tolerance, where the gradient sets it against a number of its size: sum(v*(1e20 + 1) - v*1e20) has the
        // gradient [1, 1] as typed, all three methods give [0, 0], and a right [1, 1] was wrong (`roundedNumbers`).
        if report.forwardLoss == nil, report.backpropOffByRounding.isEmpty, backprop.elements.allSatisfy(\.isFinite),
           let candidates = ForwardRounding.roundedNumbers(in: output, limit: 8) {
            for loss in candidates {
                guard let move = Self.largestMove(of: output, at: node, moving: loss.node, by: loss.error, from: backprop, tolerance: tolerance) else { continue }
                report.forwardLoss = (Self.typedText(ofNumber: loss.node), loss.value, loss.error)
                report.gradientOverRounding = move
                break
            }
        }
        // (Not against a backprop that cannot be judged: "yours is twice backprop" of a right 2W and a rounded W.)
        if let mine = yours?.tensor, report.yoursAgainstBackprop?.agrees == false, report.forwardLoss == nil, report.backpropOffByRounding.isEmpty,
           report.kinkSides.isEmpty, report.unmeasuredKinks.isEmpty, let tensor = node.tensor {
            report.slip = GradientSlip.explaining(mine, right: backprop, candidates: [(name, tensor)], tolerance: tolerance)
        }
        return .tensorCheck(report)
    }
}
