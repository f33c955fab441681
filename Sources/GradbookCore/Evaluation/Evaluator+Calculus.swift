// The calculus forms: diff (symbolic), grad and backward (backprop), numdiff (numeric); check is in Evaluator+Check.swift.

import Foundation

extension Evaluator {
    /// The highest derivative order `diff(EXPR, x, n)` accepts.
    static let maximumDerivativeOrder = 20

    /// What a name in `diff(EXPR, x)` or `grad(EXPR, [x])` refers to in EXPR's graph.
    struct Target {
        var name: String
        var range: SourceRange
        /// The node bound to the name, or nil for a free symbol.
        var node: Node?
    }

    /// Resolves the name `x` of `diff(EXPR, x)` against EXPR's graph.
    func target(_ expression: Expression, of function: String, role: String = "x") throws(Diagnostic) -> Target {
        let name: String
        switch expression.kind {
        case .name(let plain): name = plain
        case .member: name = source.text(in: expression.range)
        default: throw .notAName(function, argument: source.text(in: expression.range), role: role, at: expression.range)
        }
        switch try evaluate(expression) {
        case .scalar(let node) where node.operation == .freeSymbol(name):
            return Target(name: name, range: expression.range, node: nil)
        case .scalar(let node):
            return Target(name: name, range: expression.range, node: node)
        default:
            throw .notAName(function, argument: name, role: role, at: expression.range)
        }
    }

    /// Checks that `target` is part of `output`'s graph; false means the derivative is simply 0.
    ///
    /// The search for a bound target looks only at nodes created since it (`Node.walk`), so it costs the
    /// size of the latest step of a long loop, not of the loop's history.
    func isPart(_ target: Target, of output: Node, expression: Expression) throws(Diagnostic) -> Bool {
        try isPart(target, of: output, text: source.text(in: expression.range))
    }

    /// `isPart` for an output known by its text (a derivative computed on the way has no expression of its own).
    func isPart(_ target: Target, of output: Node, text: @autoclosure () -> String) throws(Diagnostic) -> Bool {
        guard let node = target.node else {
            return output.graph.contains { $0.operation == .freeSymbol(target.name) }
        }
        if Node.topologicalOrder(from: [output], oldestSerial: node.serial).contains(where: { $0 === node }) { return true }
        if output.graph.contains(where: { $0.name == target.name }) {
            throw .notInGraph(target.name, expression: text(), at: target.range, rebound: true)
        }
        return false
    }

    /// Refuses `what` when the way from `targets` to `output` may pass through history a long repeat dropped
    /// (`DroppedHistory.swift`): the answer would miss that part, so it is not given at all.
    func refuseDroppedHistory(_ what: @autoclosure () -> String, of output: Node, from targets: [Node], at range: SourceRange) throws(Diagnostic) {
        if let leaf = Node.droppedHistory(of: output, holding: targets), let history = leaf.droppedHistory {
            throw .historyDropped("'\(what())'", history, at: range)
        }
    }

    /// Refuses `what` (backward, graph, explain) when a gradient it shows for a leaf or named value may miss dropped history.
    func refuseDroppedHistory(_ what: String, ofEveryNameIn output: Node, at range: SourceRange) throws(Diagnostic) {
        if let leaf = Node.droppedHistory(holdingAnyNameOf: output), let history = leaf.droppedHistory {
            throw .historyDropped("'\(what)'", history, at: range)
        }
    }

    // MARK: diff

    func differentiate(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("diff", arguments, within: 2...3, usage: "diff(EXPR, x) or diff(EXPR, x, n), for example `diff(x^3, x)` or `diff(x^3, x, 2)`", at: range)
        let output = try node(arguments[0], role: .expressionToDifferentiate)
        let element = try elementTarget(arguments[1])
        let target: Target
        if let element {
            target = Target(name: element.name, range: arguments[1].range, node: element.tensor)
        } else {
            target = try withoutTypoChecks { () throws(Diagnostic) in try self.target(arguments[1], of: "diff") }
            judgeFreeTarget(target, in: output)
        }
        if element == nil, let node = target.node, node.isTensor {
            throw .diffNeedsNumber(target.name, shape: node.shape, at: target.range,
                                   hint: elementHint(of: source.text(in: arguments[0].range), target.name, shape: node.shape))
        }
        let order = arguments.count == 3 ? try derivativeOrder(arguments[2]) : 1
        if let node = target.node { try refuseDroppedHistory(source.text(in: range), of: output, from: [node], at: range) }
        let bridge = makeBridge()
        bridge.isWrittenAsNumber = outdatedLeaf
        let variable: Variable
        if let element {
            variable = bridge.treatElementAsVariable(element.tensor, named: element.name, at: element.index)
        } else {
            variable = target.node.map { bridge.treatAsVariable($0) } ?? Variable(name: target.name, id: nil)
        }
        if target.node != nil, try !isPart(target, of: output, expression: arguments[0]) {
            addNote(.doesNotDepend(expression: source.text(in: arguments[0].range), on: source.text(in: arguments[1].range)))
        }
        // A vector or matrix is differentiated element by element, into the same shape (as SymPy's Matrix.diff).
        let interruption = interruption
        let derivatives = Calculus.derivatives(of: output, withRespectTo: variable, order: order, in: bridge) { interruption?.isRequested == true }
        try checkWork(of: bridge.store, .typed(source.text(in: range)), at: range)
        try checkInterruption(at: range)
        if bridge.store.size(of: derivatives) > FormulaPrinter.maximumPrintedSize {
            throw .formulaTooLarge(.typed(source.text(in: range)), limit: FormulaPrinter.maximumPrintedSize, at: range)
        }
        return formulaResult(derivatives, shapedLike: output, bridge: bridge, at: range)
    }

    /// Formulas shown as diff shows them: one formula, or a vector or matrix of them in `output`'s shape (each
    /// a node over the same leaves, so the result can be evaluated and differentiated again).
    /// `areDerivatives`: whether the formulas are derivatives (diff) or a formula simplified (simplify, expand), for the notes.
    func formulaResult(_ formulas: [FormulaID], shapedLike output: Node, bridge: FormulaBridge, at range: SourceRange,
                       areDerivatives: Bool = true) -> Value {
        noteLeavesWrittenAsNumbers(bridge)
        guard output.isTensor else {
            let node = bridge.node(of: formulas[0], cell: cell)
            // A 0 shown as the value only because a step rounded says so (as check's verdict does).
            if !node.isSymbolic, node.value == 0,
               let rounded = FormulaEvaluation(store: bridge.store, roots: [formulas[0]]).roundedZero(at: bridge.currentValues) {
                addNote(.roundedZero(step: rounded.step.map(bridge.text(of:)), bound: rounded.bound.map { NumberFormat(digits: 2).text($0) },
                                     isDerivative: areDerivatives))
            }
            // And an infinity that only a step on the way overflowed to: cos(x)/x - sin(x)/x^2 at x = 1e-300 is -3.3e-301.
            // (Or a number the formula folded from numbers alone that overflowed: sinh(745) in sqrt(sinh(745) - log(x)).)
            // (Not a pole's infinity, 1/(2*sqrt(x)) at 0, which isBeyondDouble does not tell from an overflow after a step.)
            if !node.isSymbolic, node.value.isInfinite, !Self.isBeyondDouble(node),
               Self.overflowOrigin(of: node) != nil || node.graph.contains(where: { $0.inputCount == 0 && $0.value.isInfinite }) {
                let origin = Self.overflowOrigin(of: node), zero = origin.flatMap(Self.roundedZeroInput(of:))
                let step = (zero ?? origin).map { "\(describe($0))\(inputValues(of: $0))" } ?? "a number in it"
                addNote(.infinityFromOverflow(value: format.text(node.value), step: step,
                                              cause: zero == nil ? "overflowed" : "rounded to 0 (its true value is too small for a double)"))
            }
            return .derivative(DerivativeResult(node: node, formula: bridge.text(of: formulas[0]), point: bridge.namedNodes(in: formulas)))
        }
        let text = bridge.listText(of: formulas)
        let shape = output.shape
        return .derivative(DerivativeResult(node: shaped(bridge.nodes(of: formulas, cell: cell), shape, at: range),
                                            formula: shape.count == 2 ? TensorText.matrixRows(text, columns: shape[1]) : text,
                                            point: bridge.namedNodes(in: formulas)))
    }

    /// Whether `leaf` is an earlier value of a name bound to something else now: `v` at the start of
    /// `repeat 3 { v = v*x + 0.1 }`, inside the v the loop made. A formula shows it as its number, since the
    /// name would mean the new value if the formula were typed back in.
    func outdatedLeaf(_ leaf: Node) -> Bool {
        guard let name = leaf.name, !leaf.isTensor, case .value(let value, _)? = bindings[name] else { return false }
        return value.node !== leaf
    }

    /// Says which names a formula writes as numbers, and why (`outdatedLeaf`).
    func noteLeavesWrittenAsNumbers(_ bridge: FormulaBridge) {
        var seen: Set<String> = []
        for leaf in bridge.leavesWrittenAsNumbers {
            guard let name = leaf.name, seen.insert(name).inserted else { continue }
            addNote(.earlierValueAsNumber(name: name, value: format.text(leaf.value)))
        }
    }

    /// The calls that do work for a vector or matrix: its whole gradient, and one element's derivative.
    private func elementHint(of expression: String, _ name: String, shape: [Int]) -> String {
        let element = "\(name)\(shape.count == 2 ? "[1, 1]" : "[1]")"
        return "use `grad(\(expression), \(name))` for the whole gradient, or `diff(\(expression), \(element))` for one element."
    }

    /// `W[1, 2]` in `diff(L, W[1, 2])`: one element of a bound vector or matrix (a name, or a member such as
    /// net.W1), with the tensor and the element's position; nil when the expression is not such an element.
    private func elementTarget(_ expression: Expression) throws(Diagnostic) -> (tensor: Node, name: String, index: Int)? {
        guard case .index(let base, _) = expression.kind else { return nil }
        switch base.kind {
        case .name, .member: break
        default: return nil
        }
        guard case .scalar(let picked) = try evaluate(expression), case .select(let selection) = picked.operation,
              !picked.isTensor, let tensor = picked.inputs.first, !tensor.isSymbolic,
              let index = selection.sourceIndices.first else { return nil }
        return (tensor, source.text(in: base.range), index)
    }

    private func derivativeOrder(_ expression: Expression) throws(Diagnostic) -> Int {
        let node = try scalar(expression, role: .derivativeOrder)
        let value = node.value
        guard !node.isSymbolic, value == value.rounded(), value >= 1, value <= Double(Evaluator.maximumDerivativeOrder) else {
            throw .derivativeOrder(source.text(in: expression.range), at: expression.range, limit: Evaluator.maximumDerivativeOrder)
        }
        return Int(value)
    }

    // MARK: grad and backward

    func gradient(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("grad", arguments, expected: 2, at: range, hint: "usage: grad(EXPR, [x, y]), for example `grad(x^2*y, [x, y])`")
        let output = try scalar(arguments[0], role: .expressionToDifferentiate)
        var targets: [Target] = []
        var isList = false
        switch arguments[1].kind {
        case .list(let names):
            isList = true
            targets.reserveCapacity(names.count)
            // (grad asks "did you mean" of the targets itself, below, knowing which occur in the output.)
            try withoutTypoChecks { () throws(Diagnostic) in
                for name in names { targets.append(try target(name, of: "grad")) }
            }
        case .name, .member:
            // (One array, not a list of one name and then the targets: a training step's grad names one.)
            targets = [try withoutTypoChecks { () throws(Diagnostic) in try target(arguments[1], of: "grad") }]
        default: throw .notAListOfNames("grad", argument: source.text(in: arguments[1].range), at: arguments[1].range)
        }
        let result: [Node]
        if output.isSymbolic || targets.contains(where: { $0.node == nil }) {
            // The free names in the output, found once (isPart per name walked the graph once per name).
            let freeNames = Set(output.graph.compactMap { node -> String? in
                if case .freeSymbol(let name) = node.operation { name } else { nil }
            })
            // A name with no value next to a bound one it nearly matches (w for W) is a typo, not a request for a formula.
            // One that occurs in the output is a variable, meant free, whatever bound name it is near.
            for target in targets where target.node == nil {
                if freeNames.contains(target.name) {
                    meanFree(target.name, in: output)
                } else if let meant = boundName(like: target.name) {
                    // The hint's call: this one as typed, with the bound name in place of the slip (when it is short).
                    let corrected = source.text(in: SourceRange(range.lowerBound, target.range.lowerBound)) + meant
                        + source.text(in: SourceRange(target.range.upperBound, range.upperBound))
                    throw .unboundTarget(target.name, meant: meant, corrected: corrected.count <= Evaluator.longestCallInHint ? corrected : nil,
                                         at: target.range)
                }
            }
            // A number computed through vectors or matrices of formulas (sum((W @ x)^2) with W = [[a, b], [c, d]])
            // is one formula of its elements' symbols, as diff and jacobian already treat it.
            if output.isTensor || targets.contains(where: { $0.node.map { $0.isTensor && !$0.isSymbolic } == true }) {
                throw .symbolicGradientThroughTensors(at: range)
            }
            // A bound name the formula was made without (y = x^3 before x = 1) is a rebound name, not a 0. A
            // vector of free names (w = [a, b]) stands for its names, which need not be part of the graph as w.
            for target in targets where target.node != nil && !isSymbolicTensor(target) {
                if try !isPart(target, of: output, expression: arguments[0]) {
                    addNote(.doesNotDepend(expression: source.text(in: arguments[0].range), on: target.name))
                }
            }
            // The derivative with respect to a name that does not occur is 0, but the usual reason is a typo: say so.
            for target in targets where target.node == nil {
                if !freeNames.contains(target.name) {
                    addNote(.doesNotOccur(name: target.name, in: source.text(in: arguments[0].range)))
                }
            }
            result = try symbolicGradient(of: output, targets, outputText: source.text(in: arguments[0].range), at: range)
        } else {
            if let shown = try deferredGradient(of: output, targets, isList: isList, at: range, in: arguments[0]) { return shown }
            result = try connectedGradients(of: output, withRespectTo: targets.compactMap(\.node), at: range,
                                            checking: targets, in: arguments[0])
            // (A 0 that the value's own lost parts make nan when shown is not a 0 to explain: its note says why it is nan.)
            noteRoundedZeroGradients(of: output, targets, result.map { gradient in
                gradient.isTensor || (gradient.value == 0 && !isInLoop && LostValues.doubt(about: gradient) != nil) ? nil : gradient.value
            })
            noteRoundedZeroElements(of: output, targets, result)
        }
        guard isList else { return .scalar(result[0]) }
        if result.allSatisfy({ !$0.isTensor }) { return .scalar(makeNode(.stack, result, at: range)) }
        let outputName = source.text(in: arguments[0].range)
        return .collection(result, names: targets.map { "d(\(outputName))/d\($0.name)" })
    }

    /// A gradient of 0 for a number is said plainly only where the derivative's formula shows it: where backprop gives
    /// 0, the formula is evaluated with its exactness (`FormulaEvaluation.roundedZero`), and a 0 it does not make
    /// exactly gets a note (sqrt(x^2 + 1) - x at x = 1e9: backprop's 1 - 1, a slope of -5e-19). Not inside repeat,
    /// where a training step's exact 0 (a relu that is off) would pay for a formula at every step; nor past 50,000
    /// formula nodes.
    ///
    /// A leaf's 0 that the backward pass saw lose a part is explained from that pass (`noteRoundedZeroGradient`), which
    /// names the step as typed and knows the tightest bound; otherwise the formula's rounded 0 is, if it found one.
    private func noteRoundedZeroGradients(of output: Node, _ targets: [Target], _ result: [Double?]) {
        guard !isInLoop, !output.isTensor, !output.isSymbolic, result.contains(0) else { return }
        var pass: Backpropagation?
        for (target, gradient) in zip(targets, result) where gradient == 0 {
            guard let node = target.node, !node.isTensor else { continue }
            let byFormula = roundedZeroByFormula(of: output, node: node)
            if case .value(let value) = byFormula {
                addNote(.gradientRoundedZero(target: target.name, step: nil, bound: nil, value: format.text(value)))
                continue
            }
            // A leaf's lost part names a step of the graph as typed and bounds it as tightly as it is known (10^-600 for
            // 1e-300*(1e-300*u)); the formula's bound for a 0 it rounded to is the smallest double.
            if node.inputCount == 0 {
                if pass == nil { pass = Backpropagation(from: output) }
                if noteRoundedZeroGradient(of: node, named: target.name, in: pass.unsafelyUnwrapped) { continue }
            }
            if case .rounded(let step, let bound) = byFormula {
                addNote(.gradientRoundedZero(target: target.name, step: step, bound: bound, value: nil))
            } else if case .notFinite = byFormula, let bound = ForwardRounding.backpropErrorBound(of: output, at: node, allowingUnbounded: true),
                      bound > 0 {
                // Where the formula itself overflows (cos(x)/x - sin(x)/x^2 at x = 1e-300), backprop's own bound says what
                // its 0 may stand for: 1e300 - 1e300 there, for the slope -3.3e-301.
                addNote(.gradientRoundedZero(target: target.name, step: nil, bound: bound.isFinite ? NumberFormat(digits: 2).text(bound) : nil, value: nil))
            }
        }
    }

    /// What the derivative's formula, evaluated with its exactness, says of a gradient that backprop gives as 0.
    private enum FormulaZero {
        /// The formula's value is not 0: backprop's 0 is a rounding (sqrt(x^2 + 1) - x at x = 1e9).
        case value(Double)
        /// The formula is 0 too, but only by rounding, in `step`, with a bound on what the 0 stands for.
        case rounded(step: String?, bound: String?)
        /// The formula's own value is not finite here (a step of it overflowed): it cannot say.
        case notFinite
    }

    /// The note on a vector or matrix leaf's gradient whose 0s stand for parts too small for a double on the way back
    /// (`noteRoundedZeroGradient`), as for a number; not inside repeat.
    private func noteRoundedZeroElements(of output: Node, _ targets: [Target], _ result: [Node]) {
        guard !isInLoop, !output.isTensor, !output.isSymbolic, output.graphMayHaveLostParts || output.dependsOnTensors else { return }
        var pass: Backpropagation?
        for (target, gradient) in zip(targets, result) where gradient.isTensor && gradient.elements.contains(0) {
            guard let node = target.node, node.isTensor, node.inputCount == 0 else { continue }
            if pass == nil { pass = Backpropagation(from: output) }
            if noteRoundedZeroGradient(of: node, named: target.name, in: pass.unsafelyUnwrapped) { continue }
            noteCancelledZeroElements(of: output, at: node, named: target.name, gradient: gradient.elements)
        }
    }

    /// A vector's or matrix's gradient 0s that backprop's own rounding made (sum(W*1e20 - W*1e20 + W): 1e20 - 1e20 + 1
    /// sums to 0), found by the partials' formulas with their rounding bound, as a number's are
    /// (`noteRoundedZeroGradients`): for up to 64 such elements and 50,000 formula nodes.
    private func noteCancelledZeroElements(of output: Node, at node: Node, named name: String, gradient: [Double]) {
        let zeros = gradient.indices.filter { gradient[$0] == 0 }
        guard let tensor = node.tensor, !zeros.isEmpty,
              let partials = symbolicPartials(of: output, at: node, name: name, elements: zeros, largestFormula: 50_000) else { return }
        let bounded = partials.evaluation.boundedValues(at: partials.values)
        let cancelled = zip(zeros, bounded).filter { $1.value.isFinite && $1.value != 0 && Swift.abs($1.value) > 2 * $1.error }
        guard let first = cancelled.first else { return }
        addNote(.gradientRoundedZero(target: elementsText(first.0, more: cancelled.count - 1, of: tensor, name: name),
                                     step: nil, bound: nil, value: format.text(first.1.value)))
    }

    /// The derivative's formula's word on a gradient 0, evaluated with its exactness (nil: it is 0 exactly, or the
    /// formula is too large to tell).
    private func roundedZeroByFormula(of output: Node, node: Node) -> FormulaZero? {
        let bridge = makeBridge()
        bridge.store.maximumCount = 50_000
        let variable = bridge.treatAsVariable(node)
        let formula = bridge.formula(of: output)
        guard bridge.stopReason == nil else { return nil }
        let derivative = bridge.store.derivative(of: formula, withRespectTo: variable)
        guard bridge.stopReason == nil else { return nil }
        let evaluation = FormulaEvaluation(store: bridge.store, roots: [derivative])
        let value = evaluation.values(at: bridge.currentValues)[0]
        if value != 0, value.isFinite { return .value(value) }
        guard value.isFinite else { return .notFinite }
        guard let rounded = evaluation.roundedZero(at: bridge.currentValues) else { return nil }
        return .rounded(step: rounded.step.map(bridge.text(of:)), bound: rounded.bound.map { NumberFormat(digits: 2).text($0) })
    }

    /// A bound 2^`log2` as a note writes it: "4.9e-324", or "10^-600" below what a double holds.
    static func sizeText(log2: Double) -> String {
        log2 * log10(2.0) < -300 ? powerOfTen(atLeast: log2) : NumberFormat(digits: 2).text(pow(2, log2))
    }

    /// "10^k", the least power of ten at or above 2^`log2` (finite). A bound can be far below any double: exp(x) at
    /// x = -1e300 passes back a part of 2^(-1.4e300), whose exponent no Int holds, so such a k is written as a number.
    static func powerOfTen(atLeast log2: Double) -> String {
        let exponent = (log2 * Foundation.log10(2.0)).rounded(.up)
        guard Swift.abs(exponent) < 1e15 else { return "10^(\(NumberFormat(digits: 3).text(exponent)))" }
        return "10^\(Int(exponent))"
    }

    /// The note on the gradient 0 of `leaf` where the backward pass lost a part of it too small for a double on the
    /// way by underflow (`Backpropagation.roundedZeroGradient`); whether it gave one. The step is named where its formula
    /// is short.
    func noteRoundedZeroGradient(of leaf: Node, named name: String, in pass: Backpropagation) -> Bool {
        // (Not a limit at an overflowed input, log'(inf) = 0, which grad's 0 gives as it is.)
        // A vector's or matrix's by its elements' positions: v[1] (and 2 more elements).
        let found: (origin: Node, log2Bound: Double, target: String)?
        if let tensor = leaf.tensor, let part = pass.roundedZeroElements(of: leaf), let first = part.elements.min() {
            found = (part.origin, part.log2Bound, elementsText(first, more: part.elements.count - 1, of: tensor, name: name))
        } else if !leaf.isTensor, let part = pass.roundedZeroGradient(of: leaf) {
            found = (part.origin, part.log2Bound, name)
        } else {
            found = nil
        }
        guard let (origin, log2Bound, target) = found,
              !origin.inputs.contains(where: { $0.value.isInfinite || $0.elements.contains(where: \.isInfinite) }) else { return false }
        let bound = Self.sizeText(log2: log2Bound)
        let step = describe(origin)
        let named = step.count <= Evaluator.descriptionLength && !step.contains("…") ? step : nil
        addNote(.gradientRoundedZero(target: target, step: named, bound: bound, value: nil))
        return true
    }

    /// A bound name the unbound `name` most likely stands for: the same letters in another case (w for W),
    /// or one slip away (weigth for weight).
    private func boundName(like name: String) -> String? {
        if let sameLetters = boundNameInOtherCase(name) { return sameLetters }
        return closestBoundName(to: name).flatMap { $0 == name ? nil : $0 }
    }

    /// d(output)/d(target) for each target by backpropagation, as nodes of the graph (`GradientGraph`), so
    /// they can be differentiated again; with notes on kinks and on where a gradient first became NaN.
    ///
    /// `named`, the targets as typed in `expression`, are checked with `isPart` where one walk of the step did
    /// not reach them (a rebound name is an error).
    ///
    /// The notes come from a numeric backward pass, run only when it can have something to say: a result that
    /// is not finite, a kink on the way (relu or abs at exactly 0), or vectors and matrices. It was a fifth of
    /// each step of a scalar training loop, and said nothing there.
    func connectedGradients(of output: Node, withRespectTo targets: [Node], at range: SourceRange,
                            checking named: [Target] = [], in expression: Expression? = nil) throws(Diagnostic) -> [Node] {
        let oldest = targets.lazy.map(\.serial).min() ?? .min
        // One walk serves the checks below and the backward sweep (GradientGraph), which redoes it only if
        // a check walked the graph again in between.
        let traversal = Node.topologicalTraversal(from: output, oldestSerial: oldest)
        let mayNeedNotes = Self.mayNeedNotes(traversal.order)
        if let expression {
            let unreached = named.filter { target in target.node.map { !Node.isVisited($0, by: traversal) } ?? true }
            for target in unreached { _ = try isPart(target, of: output, expression: expression) }
        }
        try refuseDroppedHistory(source.text(in: range), of: output, from: targets, at: range)
        let interruption = interruption
        guard let gradients = GradientGraph(cell: cell).gradients(of: output, withRespectTo: targets, traversal: traversal,
                                                                  shouldStop: { interruption?.isRequested == true }) else {
            throw .interrupted(at: range)
        }
        func isFinite(_ gradients: [Node]) -> Bool {
            !gradients.contains(where: { $0.isTensor ? $0.elements.contains { !$0.isFinite } : !$0.value.isFinite })
        }
        guard mayNeedNotes || !isFinite(gradients) else { return gradients }
        let pass = Backpropagation(from: output, oldestSerial: oldest)
        // Elements of vectors and matrices whose gradient only a lost part made 0 (LostTensorGradients): the
        // numeric pass follows them, the recorded one does not, so they are made nan here, still connected.
        let checked = zip(gradients, targets).map { gradient, target -> Node in
            guard gradient.isTensor, let numeric = pass.tensorGradient(of: target), numeric.elements.count == gradient.elements.count,
                  zip(numeric.elements, gradient.elements).contains(where: { $0.isNaN && $1.isFinite }) else { return gradient }
            let mask = zip(numeric.elements, gradient.elements).map { $0.isNaN && $1.isFinite ? Double.nan : 1 }
            return makeNode(.multiply, [gradient, .constant(Tensor(shape: gradient.shape, elements: mask), cell: cell)], at: range)
        }
        noteBackwardPass(pass, resultIsFinite: isFinite(checked), targets: targets)
        return checked
    }

    /// Whether a backward pass over these nodes can have something to say: vectors or matrices, a kink, an
    /// infinite slope an exact 0 may hide, a tie, a stable form whose steps broke.
    private static func mayNeedNotes(_ order: [Unmanaged<Node>]) -> Bool {
        for handle in order {
            let mayNeedNotes = handle._withUnsafeGuaranteedRef { node -> Bool in
                if node.dependsOnTensors { return true }
                // (The common steps first, by the node's one-byte rule: none of them can have a note.)
                switch node.scalarRule {
                case .add, .subtract, .multiply, .negate: return false
                case .log, .other: break
                }
                if case .function = node.operation, let x = node.firstInput?.value, x == 0 || Swift.abs(x) == 1 {
                    // A kink (relu, abs at 0), or an infinite slope (sqrt at 0, asin at 1) that an exact 0
                    // further back may hide.
                    return true
                } else if node.operation == .power, node.firstInput?.value == 0 {
                    return true
                } else if node.operation == .maximum || node.operation == .minimum, node.firstInput?.value == node.inputs.last?.value {
                    return true
                } else if case .function(.log) = node.operation, node.stableForm?.stepsBreak == true {
                    return true
                }
                return false
            }
            if mayNeedNotes { return true }
        }
        return false
    }

    /// A whole-statement `grad(v, [x])` of numbers, shown from the backward pass's numbers with the graph left to
    /// be built when the result is read again (`DeferredGradient`); nil where it is not that, where a gradient is
    /// not finite (its notes walk the gradient's own graph) or where the backward pass has notes to give, so
    /// `connectedGradients` makes it as before.
    private func deferredGradient(of output: Node, _ named: [Target], isList: Bool, at range: SourceRange,
                                  in expression: Expression) throws(Diagnostic) -> Value? {
        // Only the statement's own call (not one inside a function's body or another calculus call, whose result is
        // computed with at once), of a list of names, and of a value whose own graph lost nothing on the way: a
        // gradient computed from lost values is shown as nan where it cannot be given, which its graph alone tells
        // (LostValues), and one name alone gives a number, judged the same way.
        guard isList, range == deferrableGradient, readStarts.count == 1, !isInFunction, !isInLoop, !output.dependsOnTensors,
              !output.graphMayHaveLostParts else { return nil }
        let targets = named.compactMap(\.node)
        guard targets.count == named.count, !targets.contains(where: \.isTensor) else { return nil }
        // The pass first: its walk serves the checks `connectedGradients` makes before its own (a second walk was
        // a twentieth of the whole statement after a long loop), which throw and note the same.
        let pass = Backpropagation(from: output, oldestSerial: targets.lazy.map(\.serial).min() ?? .min)
        // Where the backward pass has notes to give, they come from the graph `connectedGradients` builds.
        guard !Self.mayNeedNotes(pass.unusualSteps) else { return nil }
        let reached = targets.map { pass.gradient(of: $0) }
        for (target, gradient) in zip(named, reached) where gradient == nil { _ = try isPart(target, of: output, expression: expression) }
        try refuseDroppedHistory(source.text(in: range), of: output, from: targets, at: range)
        let values = reached.map { $0 ?? 0 }
        // The pass and the graph make the same sums in the same order, but a 0 reaching an infinite local
        // derivative is nan in the graph and passes nothing in the pass: where one is, the graph is built.
        guard pass.localDerivativesAreFinite, values.allSatisfy(\.isFinite) else { return nil }
        noteRoundedZeroGradients(of: output, named, values)
        return .scalar(Node.deferredGradient(values, recipe: DeferredGradient(output: output, targets: targets, cell: cell)))
    }

    /// `value` with a deferred gradient's graph built (`DeferredGradient`): what reading `_` or `Out[n]` gives. The
    /// graph is judged for stale marks by what the `grad` call read, as the graph it would have built was.
    func builtGradient(_ value: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        guard case .scalar(let node) = value, let recipe = node.deferredGradient else { return value }
        let interruption = interruption
        guard let built = recipe.graph(shouldStop: { interruption?.isRequested == true }) else { throw .interrupted(at: range) }
        if built.serial > (recipe.sources.lazy.map(\.serial).max() ?? .min) {
            derivations.append(Derivation(results: [built], sources: recipe.sources))
        }
        return .scalar(built)
    }

    /// The gradient as formulas, by reverse-mode differentiation of the formula (symbolic backprop).
    ///
    /// A vector or matrix of free names (`W = [[a, b], [c, d]]`) stands for its names: its gradient is the
    /// vector or matrix of the partial derivatives with respect to each, in W's shape.
    private func symbolicGradient(of output: Node, _ targets: [Target], outputText: String, at range: SourceRange) throws(Diagnostic) -> [Node] {
        let bridge = makeBridge()
        let (variables, shapes) = try symbolicVariables(for: targets, in: bridge, hintFor: "grad", outputText)
        let interruption = interruption
        let gradient = Calculus.gradient(of: output, withRespectTo: variables, in: bridge) { interruption?.isRequested == true }
        try checkWork(of: bridge.store, .typed(source.text(in: range)), at: range)
        var nodes = bridge.nodes(of: gradient, cell: cell)[...]
        return shapes.map { shape in
            guard let shape else { return nodes.removeFirst() }
            let count = shape.reduce(1, *)
            let elements = Array(nodes.prefix(count))
            nodes.removeFirst(count)
            return shaped(elements, shape, at: range)
        }
    }

    /// The variables `targets` stand for in a symbolic derivative: a name stands for itself, and a vector or
    /// matrix of free names (`W = [[a, b], [c, d]]`) for its names, row by row; with each target's shape (nil
    /// for a single name). A vector or matrix holding anything but plain names is refused, with a hint that
    /// names `function` of the names in it.
    func symbolicVariables(for targets: [Target], in bridge: FormulaBridge, hintFor function: String,
                           _ outputText: String) throws(Diagnostic) -> (variables: [Variable], shapes: [[Int]?]) {
        var variables: [Variable] = []
        var shapes: [[Int]?] = []
        for target in targets {
            guard let node = target.node, node.isTensor else {
                variables.append(target.node.map { bridge.treatAsVariable($0) } ?? Variable(name: target.name, id: nil))
                shapes.append(nil)
                continue
            }
            var symbols: [Variable] = []
            for element in bridge.elementFormulas(of: node) {
                guard case .variable(let variable) = bridge.store.view(element) else {
                    let names = Set(node.graph.compactMap { part -> String? in
                        if case .freeSymbol(let name) = part.operation { name } else { nil }
                    }).sorted().joined(separator: ", ")
                    throw .symbolicWithRespectToFormulas(function, target: target.name, output: outputText, names: names, at: target.range)
                }
                symbols.append(variable)
            }
            variables += symbols
            shapes.append(node.shape)
        }
        return (variables, shapes)
    }

    /// Whether `target` is a vector or matrix of formulas, which in a symbolic derivative stands for its names.
    func isSymbolicTensor(_ target: Target) -> Bool {
        target.node.map { $0.isTensor && $0.isSymbolic } == true
    }

    /// Nodes of numbers or formulas arranged as a vector or a matrix (row by row) of `shape`.
    func shaped(_ elements: [Node], _ shape: [Int], at range: SourceRange) -> Node {
        guard shape.count == 2 else { return makeNode(.stack, elements, at: range) }
        let width = shape[1]
        let rows = stride(from: 0, to: elements.count, by: width).map { makeNode(.stack, Array(elements[$0..<$0 + width]), at: range) }
        return makeNode(.stack, rows, at: range)
    }

    func backward(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("backward", arguments, expected: 1, at: range, hint: "usage: backward(EXPR), for example `backward(x^2 at x = 3)`")
        let output = try numericNode(arguments[0], for: "backward")
        try refuseDroppedHistory(source.text(in: range), ofEveryNameIn: output, at: range)
        let pass = Backpropagation(from: output, findingNamedIntermediates: true)
        backwardPass = pass
        try checkInterruption(at: range)
        noteBackwardPass(pass)
        // A leaf's 0 that stands for a gradient too small for a double says so, as grad's does (not an intermediate's:
        // a loop's table has thousands).
        var roundedZeros = 0
        for leaf in pass.leaves where roundedZeros < 3 {
            if noteRoundedZeroGradient(of: leaf, named: leaf.name ?? "?", in: pass) {
                roundedZeros += 1
            } else if !isInLoop, !output.isTensor, !leaf.isTensor, pass.gradient(of: leaf) == 0,
                      let byFormula = roundedZeroByFormula(of: output, node: leaf) {
                // And one that the pass's own rounding made 0 (x*1e20 - x*1e20 + x: 1e20 - 1e20 + 1), as grad says.
                switch byFormula {
                case .value(let value):
                    addNote(.gradientRoundedZero(target: leaf.name ?? "?", step: nil, bound: nil, value: format.text(value)))
                    roundedZeros += 1
                case .notFinite:
                    if let bound = ForwardRounding.backpropErrorBound(of: output, at: leaf, allowingUnbounded: true), bound > 0 {
                        addNote(.gradientRoundedZero(target: leaf.name ?? "?", step: nil,
                                                     bound: bound.isFinite ? NumberFormat(digits: 2).text(bound) : nil, value: nil))
                        roundedZeros += 1
                    }
                case .rounded: break
                }
            } else if !isInLoop, !output.isTensor, leaf.isTensor, let gradient = pass.tensorGradient(of: leaf), gradient.elements.contains(0) {
                let before = notes.count
                noteCancelledZeroElements(of: output, at: leaf, named: leaf.name ?? "?", gradient: gradient.elements)
                if notes.count > before { roundedZeros += 1 }
            }
        }
        // A loop's thousands of steps share a label: looked up once (`LabelNames` takes a lock for each look).
        var lastLabel: (key: UInt16, name: String)?
        let rows = pass.compactMapLeavesAndNamedIntermediates { node, isLeaf, gradient -> BackwardReport.Row? in
            guard isLeaf || node !== output else { return nil }
            let name: String
            if !isLeaf, node.labelKey != 0, let lastLabel, lastLabel.key == node.labelKey {
                name = lastLabel.name
            } else {
                name = node.name ?? "?"
                if !isLeaf, node.labelKey != 0 { lastLabel = (node.labelKey, name) }
            }
            return BackwardReport.Row(name: name, value: node.value, gradient: gradient, isLeaf: isLeaf,
                                      tensor: node.tensor, tensorGradient: node.isTensor ? pass.tensorGradient(of: node) : nil)
        }
        return .backward(BackwardReport(outputName: source.text(in: arguments[0].range), outputValue: output.value, rows: rows))
    }

    /// Evaluates an expression that must be a number (no free symbols), for the numeric forms.
    func numericNode(_ expression: Expression, for operation: String, allowingTensors: Bool = false) throws(Diagnostic) -> Node {
        let node = allowingTensors ? try self.node(expression, role: .expression) : try scalar(expression, role: .expression)
        guard node.isSymbolic else { return node }
        let symbols = node.graph.compactMap { node -> String? in
            if case .freeSymbol(let name) = node.operation { return name } else { return nil }
        }
        throw .freeSymbolsInNumericOperation(operation, symbols: Array(Set(symbols)).sorted(), at: expression.range)
    }

    /// Notes about a backward pass: kink conventions used, and where a gradient first became NaN or infinite.
    ///
    /// `resultIsFinite`: the gradients asked for are finite although the pass went through an infinite one,
    /// which an exact 0 further back stopped (sqrt(x^2) at x = 0).
    ///
    /// `targets`: the nodes whose gradients are shown (every leaf where nil), for the note on a gradient made
    /// nan by a part lost to rounding.
    func noteBackwardPass(_ pass: Backpropagation, resultIsFinite: Bool = false, targets: [Node]? = nil) {
        for kink in pass.kinksUsed.prefix(3) { addNote(kinkNote(kink)) }
        noteSlopeThroughKinks(pass, targets: targets)
        if pass.lostSomeGradient, let (origin, log2Bound) = (targets ?? pass.leaves).lazy.compactMap(pass.lostGradient(of:)).first {
            let overflowed = origin.inputs.contains { $0.value.isInfinite || $0.elements.contains(where: \.isInfinite) }
            let upTo = log2Bound.isFinite ? Self.powerOfTen(atLeast: log2Bound) : nil
            // A vector or matrix step by its formula alone: its inputs' values are whole vectors.
            let through = origin.isTensor ? "the elementwise step \(describe(origin))" : throughText(origin)
            addNote(.lostGradient(through: through, overflowed: overflowed, upTo: upTo))
        }
        if case let (node, local?, gradient)? = pass.firstNonFinite, gradient.isNaN, local.isInfinite {
            // 0·∞: a gradient rounded to 0 after an overflow met an infinite local derivative.
            addNote(.zeroTimesInfinity(through: throughText(node), localDerivative: format.text(local)))
        } else if let (node, _, gradient) = pass.firstNonFinite, resultIsFinite, !gradient.isNaN {
            addNote(.stoppedByExactZero(through: throughText(node), gradient: format.text(gradient)))
        } else if let (node, _, _) = pass.firstNonFinite, Self.standsForNan(node) {
            // A derivative of a gradient that was already nan: the note that explained that nan says it all,
            // where "nan*x" would name the recorded pass's own stand-in.
        } else if case let (node, nil, gradient)? = pass.firstNonFinite {
            addNote(.gradientFirstBecame(format.text(gradient), through: throughText(node), localDerivative: nil))
        } else if case let (node, local?, gradient)? = pass.firstNonFinite {
            addNote(.gradientFirstBecame(format.text(gradient), through: throughText(node), localDerivative: format.text(local)))
        }
        noteSharedStableForms(pass)
    }

    /// Whether `node` is, or is a product with, the stand-in the recorded backward pass makes for a gradient
    /// with no value (nan times the input, kept connected so its derivatives are nan too: GradientGraph).
    private static func standsForNan(_ node: Node) -> Bool {
        func isStandIn(_ node: Node) -> Bool {
            node.operation == .multiply && node.inputs.contains { $0.operation == .constant && $0.value.isNaN }
        }
        return isStandIn(node) || (node.operation == .multiply && node.inputs.contains(where: isStandIn))
    }

    /// Notes why a number shown (or bound) as nan is not a number gradbook can give (`LostValues`); returns
    /// whether it is one.
    /// `subjects`: what the value is, for the note ("the gradient for v0"; "the value" when nil).
    @discardableResult
    func noteLostValue(_ value: Value, subjects: [String]? = nil) -> Bool {
        guard let node = value.node, let (origin, log2Bound) = LostValues.doubt(about: node) else { return false }
        noteLost(subjects?.count == 1 ? subjects?.first : nil, through: origin, log2Bound: log2Bound)
        return true
    }

    /// Notes where a number shown as 0 lost its true, nonzero value to rounding (`LostValues.roundedZero`): a bare 0 for
    /// exp(-800) read as if it were exact. Only where the value's own last step rounded: exp(-800) - exp(-800) is 0 in
    /// the maths too, and 2*exp(-800) says nothing rather than too much. Not inside repeat, where a value is not shown.
    /// `typed`: the expression as typed, which names a vector's step better than its first element's formula does.
    func noteRoundedZeroValue(_ value: Value, typed: String) {
        // (diff's and grad's own notes say it of a derivative's 0 already, naming the step of its formula.)
        let saidAlready = notes.contains { if case .roundedZero = $0 { true } else if case .gradientRoundedZero = $0 { true } else { false } }
        guard !isInLoop, !saidAlready, let node = value.node else { return }
        if node.isTensor, node.operation != .stack {
            noteRoundedZeroElements(ofStep: node, typed: typed)
            return
        }
        // The number itself, or the first element of a vector or matrix of numbers (a hessian's) that is such a 0.
        for (element, position) in Self.numbersShown(in: node) {
            guard let (origin, log2Bound) = LostValues.roundedZero(of: element), origin === element else { continue }
            let bound = Self.sizeText(log2: log2Bound)
            let step = "\(operationText(origin, parenthesized: true))\(inputValues(of: origin))\(cellSuffix(of: origin))"
            addNote(.valueRoundedZero(position: position, step: step, bound: bound))
            return
        }
    }

    /// The same for a vector or matrix made element by element (exp(-800*v)): its 0s that its own step rounded from a
    /// nonzero true value, by position. Inputs of another shape than the result (a broadcast row) are not followed.
    private func noteRoundedZeroElements(ofStep node: Node, typed: String) {
        guard node.graphMayHaveLostParts, node.operation.canRoundToZero, let elements = node.tensor?.elements, elements.contains(0) else { return }
        let inputs = Array(node.inputs)
        guard (1...2).contains(inputs.count), inputs.allSatisfy({ !$0.isTensor || $0.shape == node.shape }) else { return }
        func element(_ which: Int, _ at: Int) -> Double {
            guard which < inputs.count else { return 0 }
            return inputs[which].tensor.map { $0.elements[at] } ?? inputs[which].value
        }
        let rounded = elements.indices.filter { at in
            elements[at] == 0 && LostValues.underflowLosesSomething(node.operation, x: element(0, at), y: element(1, at))
        }
        guard let first = rounded.first, let tensor = node.tensor else { return }
        let columns = tensor.columns
        let place = tensor.isMatrix ? "row \(first / columns + 1), column \(first % columns + 1)" : "element \(first + 1)"
        let more = rounded.count - 1
        let position = more > 0 ? "\(place) (and \(Diagnostic.grouped(more)) more element\(more == 1 ? "" : "s"))" : place
        addNote(.valueRoundedZero(position: position, step: typed, bound: Self.powerOfTen(atLeast: -1074)))
    }

    /// The numbers a value shows, with their positions: a number alone (no position), or the elements of a vector or
    /// matrix made of numbers (`[a, b]`, jacobian, hessian), in reading order; nothing for other vectors and matrices.
    private static func numbersShown(in node: Node) -> [(Node, String?)] {
        guard node.isTensor else { return [(node, nil)] }
        guard node.operation == .stack else { return [] }
        let rows = Array(node.inputs)
        if rows.allSatisfy({ !$0.isTensor }) { return rows.enumerated().map { ($1, "element \($0 + 1)") } }
        guard rows.allSatisfy({ $0.operation == .stack && $0.inputs.allSatisfy { !$0.isTensor } }) else { return [] }
        return rows.enumerated().flatMap { r, row in row.inputs.enumerated().map { c, element in (element, "row \(r + 1), column \(c + 1)") } }
    }

    /// Notes why an element of a vector of numbers shown is nan (`LostValues.doubts(aboutElementsOf:)`), for the first
    /// such element; the vector itself is not changed (the renderer shows those elements as nan). `subjects`: what each
    /// element is ("the gradient for v0", for grad(v, [v0, x])), if known.
    func noteLostElements(_ value: Value, subjects: [String]? = nil) {
        guard let node = value.node, let doubts = LostValues.doubts(aboutElementsOf: node),
              let first = doubts.firstIndex(where: { $0 != nil }), let (origin, log2Bound) = doubts[first] else { return }
        let subject = subjects.flatMap { first < $0.count ? $0[first] : nil }
        noteLost(subject, through: origin, log2Bound: log2Bound)
    }

    /// What each number a grad call shows is ("the gradient for v0"), when `expression` is one, for the notes on a
    /// shown nan: "the value is nan" did not say which.
    func gradientSubjects(of expression: Expression) -> [String]? {
        guard case .call("grad", _, let arguments) = expression.kind, arguments.count >= 2, arguments[1].label == nil else { return nil }
        let targets = arguments[1].value
        if case .list(let each) = targets.kind { return each.map { "the gradient for \(source.text(in: $0.range))" } }
        return ["the gradient for \(source.text(in: targets.range))"]
    }

    /// Notes, for `check`'s symbolic number `node` of `formula`, that it is infinite only because a step on the way
    /// overflowed (x^-2 at x = 1e-300 in cos(x)/x - sin(x)*x^-2, whose true value is -3e-301) or met a 0 that rounded from
    /// a nonzero value; false where its infinity is not that (a pole, 1/x at 0; a last step that overflowed, whose
    /// slope is as large as that).
    func noteSymbolicOverflow(_ node: Node, formula: String) -> Bool {
        guard let origin = Self.overflowOrigin(of: node), !Self.isBeyondDouble(node) else { return false }
        let zero = Self.roundedZeroInput(of: origin)
        let step = zero ?? origin
        addNote(.symbolicOverflowed(value: format.text(node.value), formula: formula, step: "\(describe(step))\(inputValues(of: step))",
                                    cause: zero == nil ? "overflowed" : "rounded to 0 (its true value is too small for a double)"))
        return true
    }

    private func noteLost(_ subject: String?, through origin: Node, log2Bound: Double) {
        let overflowed = origin.inputs.contains { $0.value.isInfinite || $0.elements.contains(where: \.isInfinite) }
        let upTo = log2Bound.isFinite ? Self.powerOfTen(atLeast: log2Bound) : nil
        // The step as an operation on its inputs (1e200 / inf, exp(-800)): as a formula of numbers alone it would be its value.
        let through = origin.isTensor ? "the elementwise step \(describe(origin))"
            : "\(operationText(origin, parenthesized: true))\(inputValues(of: origin))\(cellSuffix(of: origin))"
        addNote(.lostValue(subject: subject, through: through, overflowed: overflowed, upTo: upTo))
    }

    /// `log(x) with x = -1, In [7]`: a node, the values of its named inputs, and its cell if an earlier one.
    private func throughText(_ node: Node) -> String {
        "\(describe(node))\(inputValues(of: node))\(cellSuffix(of: node))"
    }

    /// A stable form whose steps broke but are shared (s = sigmoid(z), then log(s) and log(1 - s)) was
    /// differentiated through its steps: say so, as the gradient then carries their lost digits. Not
    /// said where the gradient is not finite: the note on where it first became inf says more.
    func noteSharedStableForms(_ pass: Backpropagation) {
        guard pass.firstNonFinite == nil else { return }
        for form in pass.sharedBrokenForms.prefix(2) {
            let shared = form.steps.last { $0.label != nil } ?? form.innermost
            addNote(.sharedStableForm(describe(form.node), shared: describe(shared)))
        }
    }

    /// Where the kinks' conventions gave a number's gradient but the function has one slope on both sides of the point
    /// (relu(x) - relu(-x) at 0 is x), a note says so: the conventions' number is not the derivative there. Measured by
    /// the one-sided slopes (`NumericDerivative.oneSidedSlopes`) for one number asked about, and only after a kink; not
    /// inside repeat, where a training step at a kink would pay for them at every step.
    private func noteSlopeThroughKinks(_ pass: Backpropagation, targets: [Node]?) {
        guard !isInLoop, !pass.kinksUsed.isEmpty, let targets, targets.count == 1, let target = targets.first, target.isLeaf,
              !target.isTensor, !pass.output.isTensor, !pass.output.isSymbolic, let gradient = pass.gradient(of: target),
              gradient.isFinite, let sides = NumericDerivative.oneSidedSlopes(of: pass.output, at: target) else { return }
        let tolerance = GradientCheck.Tolerance()
        guard let slope = NumericDerivative.slopeThroughKink(sides, tolerance: tolerance),
              !tolerance.accepts(gradient, reference: slope), let name = target.name else { return }
        addNote(.slopeOnBothSidesOfKink(name: name, point: "\(name) = \(format.text(target.value))",
                                        gradient: format.text(gradient), slope: format.text(slope)))
    }

    /// The convention backprop used at a point where `node` has no derivative: 0 at relu's or abs's kink,
    /// the whole gradient to the first of two equal arguments of max or min, or to the first of a tied maximum.
    func kinkNote(_ node: Node) -> Note {
        switch node.operation {
        case .maximum, .minimum: return .kink(.tieOfTwo, at: describe(node))
        case .max: return .kink(.tiedMaximum, at: describe(node))
        default: return .kink(.zero, at: describe(node))
        }
    }

    /// What `describe` says of a graph past `largestDescribedGraph`.
    static let tooLargeToWrite = "a formula too large to write out"
    /// The longest description `describe` gives before shortening with `…`.
    static let descriptionLength = 40
    /// The most nodes a graph `describe` writes out as a formula may have (past it, "a formula too large to write out").
    static let largestDescribedGraph = 5_000
    /// The longest call a hint shows as the one to type instead (a grad over hundreds of names is only named).
    static let longestCallInHint = 72

    /// A short description of a node for notes: its name, or its formula (`relu(r - 1e-9)`).
    func describe(_ node: Node) -> String {
        if let label = node.label { return label }
        // A vector or matrix leaf by its name (as a formula it would be its first element, v[1]).
        if node.isTensor, node.isLeaf, let name = node.name { return name }
        // max and min as typed: as formulas they are written with relu (max(x, 1) is relu(1 - x) + x).
        switch node.operation {
        case .maximum, .minimum:
            return "\(node.operation == .maximum ? "max" : "min")(\(describe(node.inputs[0])), \(describe(node.inputs[1])))"
        case .max(let axis):
            return "max(\(describe(node.inputs[0]))\(axis.map { ", \($0)" } ?? ""))"
        default: break
        }
        // A graph this large makes no formula short enough to show, and building it cost more than the statement.
        let text = node.hasMoreNodes(than: Evaluator.largestDescribedGraph) ? nil : makeBridge().printableText(of: node)
        if let text, text.count <= Evaluator.descriptionLength || text.contains("where") { return text }
        switch node.operation {
        case .function(let function): return "\(function.rawValue)(…)"
        default: return text.map { String($0.prefix(Evaluator.descriptionLength)) + "…" } ?? Evaluator.tooLargeToWrite
        }
    }

    // MARK: numdiff and check

    func numericDerivative(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("numdiff", arguments, within: 2...3, usage: "numdiff(EXPR, x) or numdiff(EXPR, x, h), for example `numdiff(sin(x), x) at x = 1` or `numdiff(sin(x), x, 1e-5) at x = 1`", at: range)
        let output = try numericNode(arguments[0], for: "numdiff")
        let target = try target(arguments[1], of: "numdiff")
        guard let node = target.node else {
            throw .freeSymbolsInNumericOperation("numdiff", symbols: [target.name], at: target.range)
        }
        try refuseDroppedHistory(source.text(in: range), of: output, from: [node], at: range)
        guard try isPart(target, of: output, expression: arguments[0]) else {
            return .scalar(node.isTensor ? .constant(Tensor(shape: node.shape, repeating: 0), cell: cell) : .constant(0, cell: cell))
        }
        if node.isTensor {
            let estimate = try NumericDerivative.tensorEstimate(of: output, at: node, interruption: interruption, range: range,
                                                                describe: describe, progress: numericProgress("numdiff"))
            noteUnreliable(estimate, name: target.name)
            if !output.isSymbolic { noteZeros(estimate, name: target.name) }
            return .scalar(try differentiable(.constant(estimate.gradient, cell: cell), of: output, at: node, range: range))
        }
        if arguments.count == 3 {
            let step = try scalar(arguments[2], role: .step)
            guard !step.isSymbolic, step.value.isFinite, step.value != 0 else {
                throw .notANumber("the step h (a small nonzero number such as 1e-5)", at: arguments[2].range)
            }
            guard let difference = NumericDerivative.centralDifference(of: output, at: node, step: step.value) else {
                throw .stepLostToRounding(source.text(in: arguments[2].range), at: arguments[2].range, point: "\(target.name) = \(NumberFormat().text(node.value))",
                                          better: "numdiff(\(source.text(in: arguments[0].range)), \(target.name))")
            }
            if let reason = NumericDerivative.edgeWithin(step: step.value, of: output, at: node, describe: describe) {
                addNote(.numericUnreliable(reason: reason))
            }
            return .scalar(try differentiable(.constant(difference, cell: cell), of: output, at: node, range: range))
        }
        var estimate = NumericDerivative.ridders(of: output, at: node, describe: describe)
        // As in check: before a number that contradicts the exact slope is shown, differences on the scale that
        // slope sets look again (SlopeConfirmation.swift). Where they agree with it they are the estimate; where no
        // such step is usable, the number is shown as unreliable rather than as a contradiction.
        let tolerance = GradientCheck.Tolerance()
        if let exact = Backpropagation(from: output).gradient(of: node) {
            takeSecondLook(at: &estimate, of: output, at: node, slope: exact, asker: .numdiff, tolerance: tolerance)
        }
        // Exactly at a kink, as check does: the slopes on its two sides say whether there is a derivative, and where
        // they agree that slope is it (relu(x) - relu(-x) at 0 is x: 1, where the differences straddling 0 gave nan).
        // (So at a domain edge the function is defined on both sides of, where the two slopes differ: sqrt(x^2) at 0.)
        if let sides = NumericDerivative.sidesToJudgeBy(estimate.unreliability, of: output, at: node, tolerance: tolerance) {
            let point = "\(target.name) = \(format.text(node.value))"
            if let slope = NumericDerivative.slopeThroughKink(sides, tolerance: tolerance) {
                addNote(.numericThroughKink(point: point, slope: format.text(slope)))
                return .scalar(try differentiable(.constant(slope, cell: cell), of: output, at: node, range: range))
            }
            addNote(.numericNoDerivativeAtKink(point: point, left: format.text(sides.left), right: format.text(sides.right)))
            return .scalar(try differentiable(.constant(estimate.derivative, cell: cell), of: output, at: node, range: range))
        }
        if let reason = estimate.unreliability {
            addNote(.numericUnreliable(reason: reason))
        } else if estimate.error > 1e-6 * Swift.abs(estimate.derivative) + 1e-10 {
            addNote(.numericErrorBound(NumberFormat(digits: 2).text(estimate.error)))
        } else if estimate.derivative == 0, !output.isSymbolic {
            // Differences that are all 0 show only that the slope is too small for them to see (tanh at x = 30,
            // where the slope is 3.5e-26): a bare 0 would claim more.
            addNote(.numericZero(bound: estimate.error > 0 ? NumberFormat(digits: 2).text(estimate.error) : nil))
        }
        return .scalar(try differentiable(.constant(estimate.derivative, cell: cell), of: output, at: node, range: range))
    }

    /// check's and numdiff's second look at `estimate` (`NumericDerivative.secondLook`): the estimate from the
    /// slope's own scale takes its place, with a note saying so, or it is marked unreliable, or it stands.
    func takeSecondLook(at estimate: inout NumericDerivative.Estimate, of output: Node, at node: Node, slope: Double,
                        asker: NumericDerivative.Asker, tolerance: GradientCheck.Tolerance) {
        switch NumericDerivative.secondLook(at: estimate, of: output, at: node, slope: slope, asker: asker, tolerance: tolerance, format: format) {
        case .stands: break
        case .local(let local):
            let inCheck: Bool
            if case .check = asker { inCheck = true } else { inCheck = false }
            addNote(.numericFromLocalSlope(step: format.text(local.firstStep), ridders: format.text(estimate.derivative), inCheck: inCheck))
            estimate = local
        case .unreliable(let reason): estimate.unreliability = reason
        }
    }

    /// A progress line for a numeric gradient over many elements (several forward passes each), shown on a
    /// terminal as `train`'s is: at most ten times a second, and only once it has run for half a second.
    func numericProgress(_ what: String) -> (Int, Int) -> Void {
        guard let progress else { return { _, _ in } }
        let started = DispatchTime.now().uptimeNanoseconds
        var lastShown: UInt64 = 0
        return { done, count in
            let now = DispatchTime.now().uptimeNanoseconds
            guard now - started > 500_000_000, now - lastShown > 100_000_000, done > 0 else { return }
            lastShown = now
            let rate = Double(done) / (Double(now - started) / 1e9)
            progress(String(format: "%@: element %d/%d  %.0f s left  (Ctrl-C stops it)", what, done, count, (Double(count - done) / rate).rounded(.up)))
        }
    }

    /// A derivative computed another way (numeric, forward mode) as a node whose own derivatives are the
    /// exact ones of d(output)/d(target), so differentiating it again gives the true higher derivative.
    func differentiable(_ estimate: Node, of output: Node, at target: Node, range: SourceRange) throws(Diagnostic) -> Node {
        try refuseDroppedHistory(source.text(in: range), of: output, from: [target], at: range)
        let interruption = interruption
        guard let exact = GradientGraph(cell: cell).gradients(of: output, withRespectTo: [target],
                                                              shouldStop: { interruption?.isRequested == true })?.first else {
            throw .interrupted(at: range)
        }
        guard let connected = GradientGraph(cell: cell).value(estimate, differentiatedLike: exact) else {
            // A finite estimate of an infinite derivative is joined to nothing: differentiating it again
            // would give a silent 0, so it is refused rather than shown.
            guard let worst = zip(estimate.elements, exact.elements).first(where: { $0.0.isFinite && !$0.1.isFinite }) else {
                // The estimate overflowed too (inf where two infinities met in the exact graph and made nan).
                let pair = zip(estimate.elements, exact.elements).first { $0.0 != $0.1 && !($0.0.isNaN && $0.1.isNaN) }
                throw .estimateOfOverflow(source.text(in: range), exact: format.text(pair?.1 ?? exact.value),
                                          estimate: format.text(pair?.0 ?? estimate.value), at: range)
            }
            throw .finiteEstimateOfInfinite(source.text(in: range), exact: format.text(worst.1),
                                            estimate: format.text(worst.0), at: range)
        }
        return connected
    }

    /// A note naming the elements of a numeric gradient that could not be estimated reliably.
    func noteUnreliable(_ estimate: NumericDerivative.TensorEstimate, name: String) {
        guard let first = estimate.unreliable.keys.min(), let reason = estimate.unreliable[first] else { return }
        addNote(.numericUnreliableAt(element: elementsText(first, more: estimate.unreliable.count - 1, of: estimate.gradient, name: name),
                                     reason: reason))
    }

    /// A note naming the elements of a numeric gradient that are 0 because the formula's value did not change over
    /// any step tried (`TensorEstimate.unchanged`): that shows only that a slope is too small for the steps to see, as
    /// a number's numdiff says (`numericZero`), and a bare 0 in a vector would claim more.
    func noteZeros(_ estimate: NumericDerivative.TensorEstimate, name: String) {
        let zeros = estimate.unchanged
        guard let first = zeros.first else { return }
        let bound = zeros.map { estimate.errors[$0] }.max() ?? 0
        addNote(.numericZeroAt(elements: elementsText(first, more: zeros.count - 1, of: estimate.gradient, name: name),
                               bound: bound > 0 ? NumberFormat(digits: 2).text(bound) : nil))
    }

    /// `W[2]`, or `W[1, 2] (and 3 more elements)`: an element of a vector or matrix by its storage index, counted
    /// with the others a note is about.
    private func elementsText(_ index: Int, more: Int, of tensor: Tensor, name: String) -> String {
        let columns = tensor.columns
        let position = tensor.isMatrix ? "[\(index / columns + 1), \(index % columns + 1)]" : "[\(index + 1)]"
        let others = more > 0 ? " (and \(Diagnostic.grouped(more)) more element\(more == 1 ? "" : "s"))" : ""
        return "\(name)\(position)\(others)"
    }
}
