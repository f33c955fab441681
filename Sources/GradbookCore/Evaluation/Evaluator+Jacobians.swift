// jacobian, hessian and the forward-mode derivative: matrices of derivatives, and the other direction.

extension Evaluator {
    /// `jacobian([f1, f2], [x, y])`: J[i, j] = d f_i / d x_j, symbolic, with values when every name is bound;
    /// `jacobian(softmax(z), z)` for a vector (or matrix) f or inputs, by backpropagation (Evaluator+VectorJacobians).
    func jacobian(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("jacobian", arguments, expected: 2, at: range, hint: "usage: jacobian([f1, f2], [x, y]), for example `jacobian([x*y, x + y^2], [x, y])`")
        let targets = try targetNames(arguments[1], of: "jacobian").map { name throws(Diagnostic) in try target(name, of: "jacobian") }
        let hasTensorInput = targets.contains { $0.node?.isTensor == true }
        let functions: [Expression]
        if case .list(let elements) = arguments[0].kind, !elements.isEmpty, !hasTensorInput, !elements.contains(where: isVectorLiteral) {
            functions = elements
        } else {
            let output = try node(arguments[0], role: .function)
            // One function of numbers only: a row of the symbolic kind, as for a one-element list.
            if !output.isTensor, !hasTensorInput, output.isSymbolic || !output.dependsOnTensors {
                return .scalar(makeNode(.stack, [try derivativeRow(of: arguments[0], names: arguments[1], at: range)], at: range))
            }
            if standsForNames(targets, output: output) {
                return try symbolicMatrix(of: output, targets, function: "jacobian", outputText: source.text(in: arguments[0].range), at: range)
            }
            if output.isSymbolic {
                // A vector or matrix of numbers as an input, and free names in the output: the answer would mix
                // formulas with a numeric Jacobian.
                throw .jacobianMixingFormulas(output: source.text(in: arguments[0].range), names: freeNames(in: [output]), at: arguments[0].range)
            }
            return try numericJacobian(of: output, outputText: source.text(in: arguments[0].range), targets: targets, at: range)
        }
        var rows: [Node] = []
        for function in functions {
            rows.append(try derivativeRow(of: function, names: arguments[1], at: range))
        }
        return .scalar(makeNode(.stack, rows, at: range))
    }

    /// `hessian(f, [x, y])`: H[i, j] = d²f / dx_i dx_j.
    func hessian(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("hessian", arguments, expected: 2, at: range, hint: "usage: hessian(f, [x, y]), for example `hessian(x^2*y, [x, y])`")
        let names = try targetNames(arguments[1], of: "hessian")
        let targets = try names.map { name throws(Diagnostic) in try target(name, of: "hessian") }
        if targets.contains(where: { $0.node?.isTensor == true }) {
            let output = try scalar(arguments[0], role: .function)
            if standsForNames(targets, output: output) {
                return try symbolicMatrix(of: output, targets, function: "hessian", outputText: source.text(in: arguments[0].range), at: range)
            }
            if output.isSymbolic || targets.contains(where: { $0.node?.isSymbolic == true }) {
                throw .symbolicHessianOfTensor(output: source.text(in: arguments[0].range),
                                               names: freeNames(in: [output] + targets.compactMap(\.node)), at: arguments[1].range)
            }
            return try numericHessian(of: output, targets: targets, at: range)
        }
        var rows: [Node] = []
        for name in names {
            let first = try symbolicDerivative(of: arguments[0], withRespectTo: name, at: range)
            var row: [Node] = []
            for other in names {
                row.append(try symbolicDerivative(ofNode: first, withRespectTo: other, text: "d(\(source.text(in: arguments[0].range)))/d\(source.text(in: name.range))", at: range))
            }
            rows.append(makeNode(.stack, row, at: range))
        }
        return .scalar(makeNode(.stack, rows, at: range))
    }

    /// Whether a symbolic answer is wanted and possible: some input is a vector or matrix of formulas (or the
    /// output is a formula) and no input is a vector or matrix of numbers, so every tensor input stands for
    /// the free names in it (`w = [a, b]; hessian(a^2*b, w)` is `hessian(a^2*b, [a, b])`).
    private func standsForNames(_ targets: [Target], output: Node) -> Bool {
        let tensors = targets.filter { $0.node?.isTensor == true }
        guard tensors.allSatisfy(isSymbolicTensor) else { return false }
        return output.isSymbolic || !tensors.isEmpty
    }

    /// The symbolic Jacobian (rows are the output's elements in reading order, columns the inputs' names,
    /// each vector or matrix flattened row by row), or for `hessian` the Jacobian of the gradient, built by
    /// reverse mode over one shared formula store, so common parts are differentiated once.
    private func symbolicMatrix(of output: Node, _ targets: [Target], function: String, outputText: String,
                                at range: SourceRange) throws(Diagnostic) -> Value {
        // A formula made before its name was bound holds the old free name: an error, never a silent 0.
        for target in targets where target.node != nil && !isSymbolicTensor(target) {
            _ = try isPart(target, of: output, text: outputText)
        }
        let bridge = makeBridge()
        let (variables, _) = try symbolicVariables(for: targets, in: bridge, hintFor: function, outputText)
        var formulas = output.isTensor ? bridge.elementFormulas(of: output) : [bridge.formula(of: output)]
        limitWork(of: bridge.store)
        if function == "hessian" { formulas = bridge.store.gradient(of: formulas[0], withRespectTo: variables) }
        var entries: [FormulaID] = []
        for formula in formulas {
            entries += bridge.store.gradient(of: formula, withRespectTo: variables)
            try checkInterruption(at: range)
        }
        entries = bridge.store.tidied(entries)
        try checkWork(of: bridge.store, .typed(source.text(in: range)), at: range)
        if bridge.store.size(of: entries) > FormulaPrinter.maximumPrintedSize {
            throw .formulaTooLarge(.typed(source.text(in: range)), limit: FormulaPrinter.maximumPrintedSize, at: range)
        }
        let nodes = bridge.nodes(of: entries, cell: cell)
        let width = variables.count
        let rows = stride(from: 0, to: nodes.count, by: width).map { makeNode(.stack, Array(nodes[$0..<$0 + width]), at: range) }
        return .scalar(makeNode(.stack, rows, at: range))
    }

    /// The free names in the graphs of `nodes`, in order of first appearance, for a hint.
    private func freeNames(in nodes: [Node]) -> String {
        var seen: [String] = []
        for node in nodes {
            for part in node.graph {
                if case .freeSymbol(let name) = part.operation, !seen.contains(name) { seen.append(name) }
            }
        }
        return seen.joined(separator: ", ")
    }

    /// Whether `expression` is written as a list, so it cannot be one function of a list of functions.
    private func isVectorLiteral(_ expression: Expression) -> Bool {
        if case .list = expression.kind { return true }
        return false
    }

    private func targetNames(_ expression: Expression, of function: String) throws(Diagnostic) -> [Expression] {
        switch expression.kind {
        case .list(let elements) where !elements.isEmpty: return elements
        case .name, .member: return [expression]
        default: throw .notAListOfNames(function, argument: source.text(in: expression.range), at: expression.range)
        }
    }

    private func derivativeRow(of function: Expression, names: Expression, at range: SourceRange) throws(Diagnostic) -> Node {
        var row: [Node] = []
        for name in try targetNames(names, of: "jacobian") {
            row.append(try symbolicDerivative(of: function, withRespectTo: name, at: range))
        }
        return makeNode(.stack, row, at: range)
    }

    private func symbolicDerivative(of function: Expression, withRespectTo name: Expression, at range: SourceRange) throws(Diagnostic) -> Node {
        try symbolicDerivative(ofNode: try scalar(function, role: .eachFunction), withRespectTo: name, text: source.text(in: function.range), at: range)
    }

    /// The symbolic derivative of a scalar node with respect to a name, as a graph over the same leaves.
    private func symbolicDerivative(ofNode output: Node, withRespectTo name: Expression, text: String, at range: SourceRange) throws(Diagnostic) -> Node {
        let target = try target(name, of: "jacobian")
        if let node = target.node, node.isTensor {
            throw .wrongKind(.singleNumberHere(target.name), at: target.range)
        }
        judgeFreeTarget(target, in: output)
        // A formula made before its name was bound holds the old free name: an error, never a silent 0.
        if target.node != nil { _ = try isPart(target, of: output, text: text) }
        if let node = target.node { try refuseDroppedHistory(source.text(in: range), of: output, from: [node], at: range) }
        let bridge = makeBridge()
        let variable = target.node.map { bridge.treatAsVariable($0) } ?? Variable(name: target.name, id: nil)
        let formula = bridge.formula(of: output)
        limitWork(of: bridge.store)
        let derivative = bridge.store.derivative(of: formula, withRespectTo: variable)
        try checkWork(of: bridge.store, .typed(source.text(in: range)), at: range)
        return bridge.node(of: derivative, cell: cell)
    }
}
