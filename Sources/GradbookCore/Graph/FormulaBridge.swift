// Between the two readings of one computation: the recorded graph (numbers) and the formula (symbols).

/// Converts a computation graph into a simplified formula and back.
///
/// Leaves and free symbols become variables; so does any node named in `variables` (differentiating
/// with respect to an intermediate `h` treats `h` as a variable and does not look inside it). Going
/// back, each variable becomes the very node it came from, so a derivative computed symbolically is
/// again a graph over the same leaves: it has a value, and backprop can run through it.
final class FormulaBridge {
    let store = FormulaStore()
    /// Whether leaves become their current values (as numbers) instead of variables; nodes passed to
    /// `treatAsVariable` stay variables either way. `==` uses this: only free symbols vary there.
    var leavesAreConstants = false
    /// Leaves written as their values rather than by name: the old `v` inside a value made from it after `v`
    /// was rebound (`repeat 3 { v = v*x + 0.1 }`), where the name would now mean the new value, so the formula
    /// would not paste back. `diff` and `simplify` set it (`Evaluator.outdatedLeaf`).
    var isWrittenAsNumber: ((Node) -> Bool)?
    /// The leaves written as numbers so far, in the order met.
    private(set) var leavesWrittenAsNumbers: [Node] = []
    private(set) var nodesByVariable: [Variable: Node] = [:]
    /// Each converted node's formula; a vector's or matrix's has one formula per element.
    private var formulasByNode: [ObjectIdentifier: [FormulaID]] = [:]
    private var variablesByNode: [ObjectIdentifier: Variable] = [:]
    /// Variables standing for one element of a vector or matrix leaf: the leaf and the element's index.
    private var elementsByVariable: [Variable: (node: Node, index: Int)] = [:]

    func registerElement(_ variable: Variable, of node: Node, at index: Int) {
        elementsByVariable[variable] = (node, index)
    }

    /// Fixes `node`'s element formulas, so conversions stop there (see `treatElementAsVariable`).
    func setFormulas(_ formulas: [FormulaID], of node: Node) {
        formulasByNode[ObjectIdentifier(node)] = formulas
    }

    /// The most formula nodes converting graphs may add to one bridge's store.
    ///
    /// Two 100×100 matrices multiplied are a million scalar operations: their formula takes seconds to
    /// build and is far past anything printed (`FormulaPrinter.maximumPrintedSize`), so building stops
    /// here and callers, seeing `stopReason`, say it is too large instead.
    static let maximumConvertedSize = 200_000

    /// A bridge that stops converting past `maximumConvertedSize` nodes, and whenever `shouldStop` says so.
    init(shouldStop: (() -> Bool)? = nil) {
        store.maximumCount = FormulaBridge.maximumConvertedSize
        store.shouldStop = shouldStop
    }

    /// Why building stopped early (too large, or Ctrl-C); the formulas built are then meaningless.
    var stopReason: FormulaStore.StopReason? { store.stopReason }

    /// The formula of `node` as text, or nil when it is too large to build or to print.
    func printableText(of node: Node) -> String? {
        let formula = formula(of: node)
        guard stopReason == nil, store.size(of: [formula]) <= FormulaPrinter.maximumPrintedSize else { return nil }
        return text(of: formula)
    }

    /// The nodes the variables of `formulas` stand for, or nil when one stands for no node (a free symbol, one
    /// element of a vector).
    func namedNodes(in formulas: [FormulaID]) -> [Node]? {
        var variables: Set<Variable> = []
        for formula in formulas { variables.formUnion(store.variables(in: formula)) }
        var nodes: [Node] = []
        for variable in variables {
            guard let node = nodesByVariable[variable], node.name != nil else { return nil }
            nodes.append(node)
        }
        return nodes
    }

    /// The variable standing for `node` in formulas.
    func variable(for node: Node) -> Variable {
        if let known = variablesByNode[ObjectIdentifier(node)] { return known }
        let variable: Variable
        switch node.operation {
        case .freeSymbol(let name): variable = Variable(name: name, id: nil)
        case .leaf(let name): variable = Variable(name: name, id: node.serial)
        default: variable = Variable(name: node.label ?? "t\(node.serial)", id: node.serial)
        }
        variablesByNode[ObjectIdentifier(node)] = variable
        if nodesByVariable[variable] == nil { nodesByVariable[variable] = node }
        return variable
    }

    /// Marks `node` as a variable, so conversions stop there.
    func treatAsVariable(_ node: Node) -> Variable {
        let variable = variable(for: node)
        formulasByNode[ObjectIdentifier(node)] = [store.variable(variable)]
        return variable
    }

    /// The formula `node` computes, simplified as it is built.
    func formula(of node: Node) -> FormulaID {
        elementFormulas(of: node).first ?? store.constant(.nan)
    }

    /// The formulas of each element of `node` (one for a number), in storage order.
    func elementFormulas(of node: Node) -> [FormulaID] {
        for current in nodesToConvert(from: node) {
            let id = ObjectIdentifier(current)
            guard formulasByNode[id] == nil else { continue }
            formulasByNode[id] = current.isTensor || current.inputs.contains(where: \.isTensor) ? buildElements(current) : [build(current)]
        }
        return formulasByNode[ObjectIdentifier(node)] ?? [store.constant(.nan)]
    }

    /// The nodes under `root` not yet converted, inputs first; the walk stops at converted nodes.
    private func nodesToConvert(from root: Node) -> [Node] {
        var seen: Set<ObjectIdentifier> = []
        var found: [Node] = []
        var stack = [root]
        while let node = stack.popLast() {
            let id = ObjectIdentifier(node)
            guard formulasByNode[id] == nil, seen.insert(id).inserted else { continue }
            found.append(node)
            stack.append(contentsOf: node.inputs)
        }
        return found.sorted { $0.serial < $1.serial }
    }

    private func build(_ node: Node) -> FormulaID {
        let inputs = node.inputs.map { formulasByNode[ObjectIdentifier($0)]?.first ?? store.constant(.nan) }
        switch node.operation {
        case .constant: return store.constant(node.value)
        case .leaf where leavesAreConstants: return store.constant(node.value)
        case .leaf where isWrittenAsNumber?(node) == true:
            leavesWrittenAsNumbers.append(node)
            return store.constant(node.value)
        case .leaf, .freeSymbol: return store.variable(variable(for: node))
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum:
            return Arithmetic.formula(node.operation, inputs[0], inputs.count > 1 ? inputs[1] : inputs[0], in: store)
        case .function(let function): return store.apply(function, inputs[0])
        default:
            // A reduction of one number (a loss's mean over a single example) is built like a tensor's.
            return buildElements(node).first ?? store.constant(.nan)
        }
    }

    /// The graph computing `formula`, over the same leaves and free symbols it came from.
    func node(of formula: FormulaID, cell: Int?) -> Node {
        nodes(of: [formula], cell: cell)[0]
    }

    /// Graph nodes for several formulas at once, sharing the nodes of their common parts: the 2N + 1
    /// partial derivatives of a chain share its adjoints, and building each on its own re-walked them
    /// all (N = 320 took seconds, quadratic in N).
    ///
    /// The nodes built so far are kept by the formulas' positions in the store (ids are dense), not hashed: a
    /// dictionary of them was looked up four times a formula, a tenth of the chain's whole `grad`.
    func nodes(of formulas: [FormulaID], cell: Int?) -> [Node] {
        var built = [Node?](repeating: nil, count: store.count)
        for formula in formulas { build(formula, into: &built, cell: cell) }
        return formulas.map { built[$0.index] ?? .constant(.nan) }
    }

    private func build(_ formula: FormulaID, into built: inout [Node?], cell: Int?) {
        var stack: [(FormulaID, Bool)] = [(formula, false)]
        while let (id, childrenDone) = stack.popLast() {
            if built[id.index] != nil { continue }
            let view = store.view(id)
            let children = FormulaBridge.children(of: view)
            if !childrenDone {
                stack.append((id, true))
                for child in children where built[child.index] == nil { stack.append((child, false)) }
                continue
            }
            built[id.index] = makeNode(view, children.map { built[$0.index] ?? .constant(.nan) }, cell: cell)
        }
    }

    private static func children(of view: FormulaView) -> [FormulaID] {
        switch view {
        case .constant, .variable: return []
        case .add(let terms): return terms
        case .multiply(let factors): return factors
        case .power(let base, let exponent): return [base, exponent]
        case .apply(_, let argument): return [argument]
        }
    }

    private func makeNode(_ view: FormulaView, _ inputs: [Node], cell: Int?) -> Node {
        switch view {
        case .constant(let value): return .constant(value, cell: cell)
        case .variable(let variable):
            if let node = nodesByVariable[variable] { return node }
            if let (node, index) = elementsByVariable[variable] {
                let columns = node.shape.last ?? 1
                let selection = Selection(rows: [node.shape.count == 2 ? index / columns : 0], columns: [index % columns],
                                          dropsRows: true, dropsColumns: true, sourceColumns: columns)
                return .make(.select(selection), [node], cell: cell)
            }
            return .freeSymbol(variable.name, cell: cell)
        case .add:
            // 1 - sigmoid(u) and 1 - tanh(u)^2 (stored as 1 + (-1)*…) become a subtraction, which keeps its digits.
            if inputs.count == 2, let complement = complement(inputs[0], inputs[1], cell: cell) ?? complement(inputs[1], inputs[0], cell: cell)
                ?? negatedTanhSlope(inputs[0], inputs[1], cell: cell) ?? negatedTanhSlope(inputs[1], inputs[0], cell: cell) {
                return complement
            }
            return fold(.add, inputs, cell: cell)
        case .multiply: return fold(.multiply, inputs, cell: cell)
        case .power: return .make(.power, inputs, cell: cell)
        case .apply(let function, _): return .make(.function(function), inputs, cell: cell)
        }
    }

    /// 1 - sigmoid(u) or 1 - tanh(u)^2 when `one` is the number 1 and `term` is (-1)*sigmoid(u) or (-1)*tanh(u)^2 of
    /// a number.
    private func complement(_ one: Node, _ term: Node, cell: Int?) -> Node? {
        guard term.operation == .multiply, term.inputCount == 2 else { return nil }
        for (sign, other) in [(term.inputs[0], term.inputs[1]), (term.inputs[1], term.inputs[0])] {
            guard sign.operation == .constant, !sign.isTensor, sign.value == -1, !other.isTensor,
                  Node.isOneMinusSigmoid(one, other) || Node.squaredTanh(one, other) != nil else { continue }
            return .make(.subtract, [one, other], cell: cell)
        }
        return nil
    }

    /// -(1 - tanh(u)^2) when `minusOne` is the number -1 and `square` is tanh(u)^2 (how a negated slope of tanh is
    /// stored), so it keeps its digits as 1 - tanh(u)^2 does.
    private func negatedTanhSlope(_ minusOne: Node, _ square: Node, cell: Int?) -> Node? {
        guard minusOne.operation == .constant, !minusOne.isTensor, minusOne.value == -1, !square.isTensor else { return nil }
        let one = Node.constant(1, cell: cell)
        guard Node.squaredTanh(one, square) != nil else { return nil }
        return .make(.negate, [.make(.subtract, [one, square], cell: cell)], cell: cell)
    }

    private func fold(_ operation: Node.Operation, _ inputs: [Node], cell: Int?) -> Node {
        guard var result = inputs.first else { return .constant(operation == .add ? 0 : 1, cell: cell) }
        // (Two inputs at a time without an array for them.)
        for input in inputs.dropFirst() { result = Node.make(operation, result, input, cell: cell) }
        return result
    }

    /// The current values of every variable that has one (leaves and bound intermediates).
    var currentValues: [Variable: Double] {
        var values: [Variable: Double] = [:]
        for (variable, node) in nodesByVariable where !node.isSymbolic { values[variable] = node.value }
        for (variable, element) in elementsByVariable where !element.node.isSymbolic {
            values[variable] = element.node.elements[element.index]
        }
        return values
    }

    /// One formula in gradbook syntax, shared parts named once in a `where` clause.
    func text(of formula: FormulaID) -> String {
        FormulaPrinter(store: store).text(of: formula)
    }

    /// Several formulas as a list, `[a, b] where …`, sharing one `where` clause.
    func listText(of formulas: [FormulaID]) -> String {
        let shared = FormulaPrinter(store: store).sharedText(of: formulas)
        let list = "[" + shared.formulas.joined(separator: ", ") + "]"
        return shared.whereClause.map { list + " " + $0 } ?? list
    }
}
