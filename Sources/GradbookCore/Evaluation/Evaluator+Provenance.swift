// Where a NaN or infinity came from (PyTorch's anomaly mode, for the forward pass): the first operation
// that produced it, its inputs, and the cell it ran in when that was an earlier one.

extension Evaluator {
    /// The most provenance notes one statement shows (a NaN spreads; its first few origins are enough).
    static let maximumProvenanceNotes = 3

    /// Whether `node` made a NaN or infinity itself, rather than passing one on: a NaN from inputs that
    /// are not NaN (0/0, inf - inf), or an infinity from finite inputs (1/0, exp(1000)).
    static func producesNonFinite(_ node: Node) -> Bool {
        guard !node.isSymbolic, !node.isTensor, !node.inputs.isEmpty, !node.value.isFinite else { return false }
        return node.value.isNaN ? !node.inputs.contains { $0.value.isNaN } : node.inputs.allSatisfy { $0.value.isFinite }
    }

    /// The step where a number that is infinite first overflowed from finite inputs (exp(1000), x^2 at x = 1e200),
    /// when that is how it became infinite; nil for a pole (1/0, log(0), 0^-1), which is a true infinity, and for
    /// a value that is finite or infinite from the start.
    static func overflowOrigin(of output: Node) -> Node? {
        guard !output.isSymbolic, !output.isTensor, output.value.isInfinite else { return nil }
        var origin: Node?
        var seen: Set<ObjectIdentifier> = []
        var stack = [output]
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if producesNonFinite(node), !node.value.isNaN, node.serial < (origin?.serial ?? .max) { origin = node }
            stack.append(contentsOf: node.inputs.filter { $0.value.isInfinite && !$0.isSymbolic && !$0.isTensor })
        }
        guard let origin, origin.inputCount > 0 else { return nil }
        // (A pole's 0 that only rounded to 0 is no pole: sin(x)/x^2 at x = 1e-300 is 1e300, not inf.)
        if roundedZeroInput(of: origin) != nil { return origin }
        let x = origin.inputs[0].value, y = origin.inputCount > 1 ? origin.inputs[1].value : 0
        return isPole(origin.operation, x: x, y: y) ? nil : origin
    }

    /// Whether `operation` at finite `x` (and `y`) that gave an infinity met a pole, a true infinity (1/0, 0^-1, log(0),
    /// log1p(-1), tan), rather than overflowing.
    static func isPole(_ operation: Node.Operation, x: Double, y: Double) -> Bool {
        switch operation {
        case .divide where y == 0, .power where x == 0 && y < 0: return true
        case .function(.log), .function(.log2), .function(.log10), .function(.tan): return true
        case .function(.log1p) where x == -1: return true
        default: return false
        }
    }

    /// The input of a step that made an infinity from finite inputs which is 0 only because it rounded from a nonzero
    /// true value (x^2 at x = 1e-300 in sin(x)/x^2): the step met a pole that is not there, and its infinity is no
    /// value of the formula. Nil where no input is such a 0 (1/0 typed, 1/x at x = 0).
    static func roundedZeroInput(of step: Node) -> Node? {
        guard !step.isTensor, step.value.isInfinite else { return nil }
        return step.inputs.first { input in
            !input.isTensor && !input.isSymbolic && input.value == 0 && input.graphMayHaveLostParts
                && (LostValues.roundedZero(of: input) != nil || LostValues.doubt(about: input) != nil)
        }
    }

    /// Whether the true value of `node` (a number, or element `element` of a vector or matrix), which is infinite, is beyond
    /// a double: truly infinite (a pole on the way, 1/x at 0, and anything that keeps an infinite input infinite), or
    /// finite but too large. Each infinite step either made its infinity from finite inputs, as a pole or an overflow, but
    /// not by meeting a 0 that rounded unless its numerator is too large for any such 0 (1/x^2 at x = 1e-300 is 1e600;
    /// sin(x)/x^2 is 1e300), or keeps an overflowed input beyond: negation, adding a number of its sign, multiplying by a
    /// number at least 1 in size (or another such infinity), dividing by one at most 1, exp, sinh, cosh, softplus, abs,
    /// relu, powers of at least 1, a whole sum (one element beyond is enough) and stacking. Anything else (sqrt, log, a
    /// product with 1e-300, a mean, a matrix product) may bring an overflow back within; so may a step past 2,000 deep or
    /// 10,000 in all. A number with no inputs (typed, bound, or folded from numbers alone: sinh(745)) counts as overflowed.
    static func isBeyondDouble(_ node: Node, element: Int = 0) -> Bool {
        var budget = 10_000
        var known: [BeyondKey: Infinity] = [:]
        return infinity(of: node, element: element, depth: 0, budget: &budget, known: &known) != .mayBeFinite
    }

    /// What an infinite value stands for.
    private enum Infinity {
        /// Truly infinite: a pole on the way.
        case infinite
        /// A finite number too large for a double.
        case beyond
        /// Perhaps a number a double holds.
        case mayBeFinite
    }

    private struct BeyondKey: Hashable {
        let node: ObjectIdentifier
        let element: Int
    }

    private static func infinity(of node: Node, element: Int, depth: Int, budget: inout Int,
                                 known: inout [BeyondKey: Infinity]) -> Infinity {
        let key = BeyondKey(node: ObjectIdentifier(node), element: element)
        if let answer = known[key] { return answer }
        budget -= 1
        guard budget >= 0, depth <= 2_000, !node.isSymbolic else { return .mayBeFinite }
        let elements = node.elements
        guard element < elements.count, elements[element].isInfinite else { return .mayBeFinite }
        let inputs = Array(node.inputs)
        guard !inputs.isEmpty else { return .beyond }
        func deeper(_ input: Node, _ at: Int) -> Infinity {
            infinity(of: input, element: at, depth: depth + 1, budget: &budget, known: &known)
        }
        let answer: Infinity
        switch node.operation {
        case .sum(axis: nil):
            let summed = inputs[0].elements
            let found = summed.indices.filter { summed[$0].isInfinite }.map { deeper(inputs[0], $0) }
            answer = found.contains(.infinite) ? .infinite : found.contains(.beyond) ? .beyond : .mayBeFinite
        case .stack:
            // [a, b, c] of numbers, or of rows: element `element` is one of an input's.
            let width = inputs[0].elements.count
            let (row, column) = width == 0 ? (0, 0) : element.quotientAndRemainder(dividingBy: width)
            answer = row < inputs.count && inputs[row].elements.count == width ? deeper(inputs[row], column) : .mayBeFinite
        case let operation where operation.isElementwise && inputs.count <= 2:
            // Each input's element that this one reads (a number, or broadcast).
            let reads = inputs.map { input -> Int? in
                if input.elements.count == 1 { return 0 }
                if input.shape == node.shape { return element }
                return node.isTensor ? Broadcast.sourceIndex(element, of: input.shape, in: node.shape) : nil
            }
            guard reads.allSatisfy({ $0 != nil }) else { answer = .mayBeFinite; break }
            let values = zip(inputs, reads).map { $0.elements[$1!] }
            if values.allSatisfy(\.isFinite) {
                answer = madeInfinity(node, inputs, values: values)
                break
            }
            let infinite = values.indices.filter { values[$0].isInfinite }
            let kinds = infinite.map { deeper(inputs[$0], reads[$0]!) }
            // (A true infinity stays one through any step that keeps the value infinite: 0.5*(1/sqrt(x)) at 0.)
            if kinds.contains(.infinite) { answer = .infinite; break }
            let other = { (position: Int) in values.count > 1 ? values[1 - position] : 0 }
            let keepsAll = zip(infinite, kinds).allSatisfy { position, kind in
                guard kind == .beyond else { return false }
                switch operation {
                case .negate: return true
                case .add, .subtract:
                    // Adding a number of the infinity's sign keeps it beyond; taking one away may not (x*x - 1e308 at
                    // x = 1.35e154 is 8.2e307), unless it is below the last place a double has there (2^970).
                    let added = operation == .subtract && position == 0 ? -other(position) : other(position)
                    return added == 0 || (added > 0) == (elements[element] > 0) || Swift.abs(added) < 0x1p970
                case .multiply: return Swift.abs(other(position)) >= 1
                case .divide: return position == 0 && Swift.abs(other(0)) <= 1
                case .power: return position == 0 && other(0) >= 1
                case .function(let function): return [.exp, .sinh, .cosh, .softplus, .abs, .relu].contains(function)
                default: return false
                }
            }
            answer = keepsAll ? .beyond : .mayBeFinite
        default:
            answer = .mayBeFinite
        }
        known[key] = answer
        return answer
    }

    /// What a step that made an infinity from finite `values` (its inputs' elements it read) made: a pole's true infinity
    /// (a division by an exact 0, 0 to a negative power, a logarithm of 0), an overflow beyond a double, or, by meeting
    /// a 0 that only rounded, perhaps a finite number, unless the numerator is too large for any such 0.
    private static func madeInfinity(_ step: Node, _ inputs: [Node], values: [Double]) -> Infinity {
        let rounded = step.isTensor
            // An element: a 0 an input holds may have rounded wherever that input's graph lost something (x^2 at 1e-300).
            ? zip(inputs, values).contains { $1 == 0 && $0.graphMayHaveLostParts }
            : roundedZeroInput(of: step) != nil
        if !rounded { return isPole(step.operation, x: values[0], y: values.count > 1 ? values[1] : 0) ? .infinite : .beyond }
        guard !step.isTensor, let zero = roundedZeroInput(of: step), step.operation == .divide, inputs[1] === zero, inputs[0] !== zero,
              let log2Bound = (LostValues.roundedZero(of: zero) ?? LostValues.doubt(about: zero))?.log2Bound, log2Bound.isFinite
        else { return .mayBeFinite }
        let numerator = Swift.abs(values[0])
        return numerator != 0 && Double(numerator.exponent) - log2Bound >= Double(Double.greatestFiniteMagnitude.exponent) + 1 ? .beyond : .mayBeFinite
    }

    /// "nan first produced by log(x) with x = -1, In [7]." — `typed` is the operation as typed in this
    /// cell; without it (an earlier cell's node) the operation is rebuilt from its inputs' names.
    func provenanceNote(for node: Node, typed: String?) -> Note {
        let what = node.value.isNaN ? "nan" : (node.value > 0 ? "inf" : "-inf")
        let operation = typed ?? operationText(node, parenthesized: true), inputs = "\(inputValues(of: node))\(cellSuffix(of: node))"
        // (Where that was a 0 that only rounded, the infinity may stand for a finite number: sin(x)/x^2 at x = 1e-300 is 1e300.)
        if let zero = Self.roundedZeroInput(of: node), !Self.isBeyondDouble(node) {
            return .firstProducedByRoundedZero(value: what, operation: operation, inputs: inputs, zero: describe(zero))
        }
        return .firstProducedBy(value: what, operation: operation, inputs: inputs)
    }

    /// ` with x = -1, y = 2`: the inputs computed from names (numbers typed are already in the text).
    func inputValues(of node: Node) -> String {
        var inputs: [String] = []
        for input in node.inputs where input.dependsOnNames {
            let text = "\(operandText(input)) = \(format.text(input.value))"
            if !inputs.contains(text) { inputs.append(text) }  // exp(u) * exp(u): say it once
        }
        return inputs.isEmpty ? "" : " with " + inputs.joined(separator: ", ")
    }

    /// `, In [7]` when `node` was computed in an earlier cell than this statement's.
    func cellSuffix(of node: Node) -> String {
        guard let made = node.cell, made != cell else { return "" }
        return ", In [\(made)]"
    }

    /// Records a provenance note, keeping at most `maximumProvenanceNotes` and no repeats.
    func addProvenance(_ note: Note) {
        guard !notes.contains(note), notes.count < Evaluator.maximumProvenanceNotes else { return }
        addNote(note)
    }

    /// For a shown value that is NaN or infinite but was not made in this statement (`y` after
    /// `y = log(x) + 1`): finds the operation that first produced it, in whichever cell that was.
    func noteStoredNonFinite(_ value: Value) {
        guard case .scalar(let output) = value, !output.isSymbolic, !output.isTensor, !output.value.isFinite,
              !notes.contains(where: {
                  switch $0 { case .firstProducedBy, .firstProducedByRoundedZero: true; default: false } }) else { return }
        var origin: Node?, leaf: Node?
        var seen: Set<ObjectIdentifier> = []
        var stack = [output]
        // Only non-finite nodes can lead to the origin, so the walk stays on the NaN's own path.
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if Evaluator.producesNonFinite(node), node.serial < (origin?.serial ?? .max) { origin = node }
            if node.isLeaf, leaf == nil { leaf = node }
            stack.append(contentsOf: node.inputs.filter { !$0.value.isFinite && !$0.isSymbolic })
        }
        if let origin {
            addProvenance(provenanceNote(for: origin, typed: nil))
        } else if let leaf, let name = leaf.name {
            // `w = exp(800) - exp(800)` keeps only the number, so w is where the trail ends.
            let what = format.text(leaf.value)
            addProvenance(.comesFromName(value: what, name: name, since: cellSuffix(of: leaf).replacingOccurrences(of: ", ", with: " since ")))
        }
    }

    /// `log(x)`, `a / b`, `-(u)`: an operation written from its inputs' names, numbers or formulas.
    ///
    /// `parenthesized`: an input written as a sum or difference is bracketed where it is a factor, a divisor or
    /// an exponent (2*M[1, 1] / (M[1, 1]^2 + 1)), so the text reads as the step it names.
    ///
    /// `element`: for a step of a vector or matrix, that element's step alone, each operand written as its element
    /// ((W[2] + 1e20) - 1e20 for element 2 of W + 1e20 - 1e20), where the inputs have the step's shape.
    func operationText(_ node: Node, parenthesized: Bool = false, element: Int? = nil) -> String {
        var inputs = node.inputs.map { input in
            guard let element, let tensor = input.tensor, tensor.count == node.elements.count else { return operandText(input) }
            if input.isLeaf, let name = input.name { return name + tensor.elementPosition(element) }
            guard !input.hasMoreNodes(than: Evaluator.largestDescribedGraph) else { return "an earlier step" }
            let bridge = makeBridge()
            let formulas = bridge.elementFormulas(of: input)
            guard bridge.stopReason == nil, element < formulas.count else { return operandText(input) }
            let text = bridge.text(of: formulas[element])
            return text.count <= Evaluator.descriptionLength ? text : String(text.prefix(Evaluator.descriptionLength)) + "…"
        }
        if parenthesized, inputs.count == 2, node.operation != .add {
            for position in inputs.indices {
                let text = inputs[position]
                let low = text.contains(" + ") || text.contains(" - ")
                let tight = node.operation == .power || (position == 1 && node.operation == .divide)
                if low || (tight && (text.contains("*") || text.contains("/") || text.contains("^"))) { inputs[position] = "(\(text))" }
            }
        }
        switch node.operation {
        case .function(let function): return "\(function.rawValue)(\(inputs.first ?? ""))"
        case .negate: return "-(\(inputs.first ?? ""))"
        default:
            if inputs.count == 2 { return "\(inputs[0]) \(node.operation.symbol) \(inputs[1])" }
            return "\(node.operation.symbol)(\(inputs.joined(separator: ", ")))"
        }
    }

    /// An input as a person would name it: its binding name, its number, or its (shortened) formula.
    private func operandText(_ node: Node) -> String {
        if let name = node.name { return name }
        if node.operation == .constant { return NumberFormat(digits: 6).text(node.value) }
        let text = describe(node)
        // ("a formula too large to write out * x" read as if that were the operand's name.)
        return text == Evaluator.tooLargeToWrite ? "an earlier step" : text
    }

    /// A stable form whose steps overflowed (log(1 + exp(x)) at x = 1000) was computed without them:
    /// the notes about the steps' inf would suggest the result is wrong, so they give way to one that
    /// says what happened.
    func noteStableForm(_ node: Node, typed: String) {
        guard let form = node.stableForm, form.stepsBreak else { return }
        for step in form.steps {
            if let note = overflowNotes.removeValue(forKey: ObjectIdentifier(step)) { removeNote(note) }
        }
        let u = operandText(form.operand)
        let argument = form.steps[0].elements
        var broke = argument.contains(.infinity) ? "overflows to inf" : "rounds to 0"
        let text: String
        switch form.kind {
        case .softplus: text = "exp(\(u))"
        case .logSigmoid: text = "sigmoid(\(u))"
        case .logOneMinusSigmoid:
            text = "1 - sigmoid(\(u))"
            if !argument.contains(0) { broke = "falls below the normal numbers and loses digits" }
        case .logSumExp: text = "sum(exp(\(u)))"
        }
        addNote(.stableStep(typed: typed, steps: text, broke: broke))
    }
}
