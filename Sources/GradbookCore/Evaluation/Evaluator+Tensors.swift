// Vectors and matrices in the language: [a, b] lists, indexing (1-based), and the tensor builtins.

import Foundation

extension Evaluator {
    func callTensorFunction(_ name: String, _ arguments: [Argument], at range: SourceRange) throws(Diagnostic) -> Value {
        if let value = try callExtremaFunction(name, arguments, at: range) { return value }
        var seed: Double = 1
        var positional: [Expression] = []
        for argument in arguments {
            if let label = argument.label {
                guard label == "seed", name == "rand" || name == "randn", let labelRange = argument.labelRange else {
                    throw .unknownLabel(label, function: name, at: argument.labelRange ?? range)
                }
                seed = try wholeNumber(argument.value, role: .seed, at: labelRange)
            } else {
                positional.append(argument.value)
            }
        }
        switch name {
        case "zeros", "ones", "rand", "randn":
            let shape = try sizes(positional, name: name, at: range)
            let count = shape.reduce(1, *)
            let elements: [Double]
            switch name {
            case "zeros": elements = [Double](repeating: 0, count: count)
            case "ones": elements = [Double](repeating: 1, count: count)
            case "rand":
                var random = RandomNumbers(seed: UInt64(bitPattern: Int64(seed)))
                elements = random.uniform(count)
            default:
                var random = RandomNumbers(seed: UInt64(bitPattern: Int64(seed)))
                elements = random.normal(count)
            }
            return .scalar(.constant(Tensor(shape: shape, elements: elements), cell: cell))
        case "eye":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: eye(n), for example `eye(3)`")
            let n = try size(positional[0], name: name)
            try checkElementCount(Double(n) * Double(n), at: range)
            var elements = [Double](repeating: 0, count: n * n)
            for i in 0..<n { elements[i * n + i] = 1 }
            return .scalar(.constant(Tensor(shape: [n, n], elements: elements), cell: cell))
        case "linspace":
            try checkCount(name, positional, expected: 3, at: range, hint: "usage: linspace(a, b, n), for example `linspace(0, 1, 5)`")
            let a = try scalar(positional[0], role: .start).value, b = try scalar(positional[1], role: .end).value
            let n = try size(positional[2], name: name)
            let elements = (0..<n).map { n == 1 ? a : a + (b - a) * Double($0) / Double(n - 1) }
            return .scalar(.constant(Tensor(shape: [n], elements: elements), cell: cell))
        case "shape":
            try checkCount(name, positional, expected: 1, at: range)
            let shape = try node(positional[0], role: .argument(of: "shape")).shape
            // A number has no sizes; an empty vector here would be the only one in the language ([] is
            // refused), and no operation is made for one.
            guard !shape.isEmpty else {
                throw .wrongKind(.shapeOfNumber(typed: source.text(in: positional[0].range)), at: positional[0].range)
            }
            return .scalar(.constant(Tensor(shape: [shape.count], elements: shape.map(Double.init)), cell: cell))
        case "transpose", "softmax", "log_softmax":
            try checkCount(name, positional, expected: 1, at: range)
            let input = try tensorArgument(positional[0], of: name)
            let operation: Node.Operation = name == "transpose" ? .transpose : (name == "softmax" ? .softmax : .logSoftmax)
            return .scalar(makeNode(operation, [input], at: range))
        case "sum", "mean":
            try checkCount(name, positional, within: 1...2, usage: "\(name)(v) or \(name)(W, dimension), for example `\(name)([1, 2, 3])` or `\(name)([[1, 2], [3, 4]], 1)`", at: range)
            let input = try node(positional[0], role: .argument(of: name))
            let axis = positional.count == 2 ? try dimension(positional[1], of: input) : nil
            if !input.isTensor { return .scalar(input) }
            return .scalar(makeNode(name == "sum" ? .sum(axis: axis) : .mean(axis: axis), [input], at: range))
        case "logsumexp":
            try checkCount(name, positional, expected: 1, at: range)
            let input = try tensorArgument(positional[0], of: name)
            // Built as log(sum(exp(v))): every pass (forward, backprop, numeric, symbolic) already recognises
            // that form and computes it in one stable step (StableKernels.logSumExp), so it is not restated here.
            let exponentials = makeNode(.function(.exp), [input], at: range)
            return .scalar(makeNode(.function(.log), [makeNode(.sum(axis: nil), [exponentials], at: range)], at: range))
        case "dot":
            try checkCount(name, positional, expected: 2, at: range)
            let a = try tensorArgument(positional[0], of: name), b = try tensorArgument(positional[1], of: name)
            guard a.shape.count == 1, a.shape == b.shape else { throw .productMismatch(a.shape, b.shape, at: range) }
            return .scalar(makeNode(.matrixProduct, [a, b], at: range))
        case "outer":
            try checkCount(name, positional, expected: 2, at: range)
            let a = try tensorArgument(positional[0], of: name), b = try tensorArgument(positional[1], of: name)
            guard a.shape.count == 1, b.shape.count == 1 else {
                throw .wrongKind(.outerArguments, at: range)
            }
            let column = makeNode(.transpose, [makeNode(.stack, [a], at: range)], at: range)
            let row = makeNode(.stack, [b], at: range)
            return .scalar(makeNode(.matrixProduct, [column, row], at: range))
        case "trace", "diag", "det", "inv":
            try checkCount(name, positional, expected: 1, at: range)
            return .scalar(try matrixFunction(name, try tensorArgument(positional[0], of: name), argument: positional[0], at: range))
        default:
            throw .unknownFunction(name, suggestion: nil, at: range)
        }
    }

    private func tensorArgument(_ expression: Expression, of name: String) throws(Diagnostic) -> Node {
        let value = try node(expression, role: .argument(of: name))
        guard value.isTensor else {
            let problem = Diagnostic.WrongKind.tensorArgument(of: name, typed: source.text(in: expression.range))
            if case .freeSymbol(let symbol) = value.operation { throw .needsElements(problem, freeSymbol: symbol, at: expression.range) }
            throw .wrongKind(problem, at: expression.range)
        }
        return value
    }

    /// The sizes of `zeros(m, n)` and friends: one or two positive whole numbers, not too many elements.
    private func sizes(_ arguments: [Expression], name: String, at range: SourceRange) throws(Diagnostic) -> [Int] {
        guard (1...2).contains(arguments.count) else {
            throw .argumentCount(name, expected: "1 or 2 sizes", given: arguments.count, at: range, hint: "for example `\(name)(3)` or `\(name)(2, 3)`.")
        }
        var sizes: [Double] = []
        for argument in arguments {
            let value = try wholeNumber(argument, role: .size, at: argument.range)
            guard value >= 1 else { throw .wrongKind(.notPositive(role: .size, typed: source.text(in: argument.range)), at: argument.range) }
            sizes.append(value)
        }
        // Every size is read before the count is checked, so the message names the whole product (in
        // Double, which cannot overflow here: each size is below 1e15).
        let product = sizes.reduce(1, *)
        if product > Double(Tensor.maximumElementCount) { throw .tooManyElements(product, sizes: sizes, at: range) }
        return sizes.map { Int($0) }
    }

    private func size(_ expression: Expression, name: String) throws(Diagnostic) -> Int {
        let value = try wholeNumber(expression, role: .size, at: expression.range)
        guard value >= 1 else { throw .wrongKind(.notPositive(role: .size, typed: source.text(in: expression.range)), at: expression.range) }
        try checkElementCount(value, at: expression.range)
        return Int(value)
    }

    func checkElementCount(_ count: Double, at range: SourceRange) throws(Diagnostic) {
        if count > Double(Tensor.maximumElementCount) { throw .tooManyElements(count, at: range) }
    }

    /// A whole number (a size, a seed, an index), checked before it is converted.
    func wholeNumber(_ expression: Expression, role: Diagnostic.Role, at range: SourceRange) throws(Diagnostic) -> Double {
        let value = try scalar(expression, role: role)
        guard !value.isSymbolic, value.value.isFinite, value.value == value.value.rounded(), abs(value.value) < 1e15 else {
            throw .wrongKind(.notWholeNumber(role: role, typed: source.text(in: expression.range)), at: range)
        }
        return value.value
    }

    /// The dimension of a reduction: 1 (down the columns) or 2 (along the rows).
    func dimension(_ expression: Expression, of input: Node) throws(Diagnostic) -> Int {
        let value = try wholeNumber(expression, role: .dimension, at: expression.range)
        let rank = max(1, input.shape.count)
        guard value >= 1, value <= Double(rank) else {
            throw .wrongKind(.dimension(typed: source.text(in: expression.range), rank: rank), at: expression.range)
        }
        return Int(value)
    }

    // MARK: Lists and indexing

    /// `[a, b, c]`: numbers make a vector, equal-length vectors make a matrix (one per row).
    func list(_ elements: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        var nodes: [Node] = []
        for element in elements { nodes.append(try node(element, role: .listElement)) }
        guard let first = nodes.first else {
            throw .wrongKind(.emptyList, at: range)
        }
        for (index, node) in nodes.enumerated() where node.shape != first.shape || node.shape.count > 1 {
            if node.shape.count > 1 {
                throw .wrongKind(.listElement, at: elements[index].range)
            }
            if node.shape.count != first.shape.count {
                throw .listMixesNumbersAndRows(first: first.shape, element: index + 1, shape: node.shape, at: elements[index].range)
            }
            throw .raggedRows(firstLength: first.shape.first ?? 1, row: index + 1, length: node.shape.first ?? 1, at: elements[index].range)
        }
        return .scalar(makeNode(.stack, nodes, at: range))
    }

    /// `v[i]`, `W[i, j]`, `W[i, :]`, `v[2:4]`: 1-based, with the valid range in every error.
    func index(_ baseExpression: Expression, _ indices: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        let base = try node(baseExpression, role: .indexed)
        guard base.isTensor else {
            throw .wrongKind(.notIndexable(typed: source.text(in: baseExpression.range)), at: baseExpression.range)
        }
        let isMatrix = base.shape.count == 2
        guard indices.count == (isMatrix ? 2 : 1) || (isMatrix && indices.count == 1) else {
            throw .argumentCount("indexing a \(isMatrix ? "matrix" : "vector")", expected: isMatrix ? "1 or 2 indices" : "1 index",
                                 given: indices.count, at: range)
        }
        let rowCount = isMatrix ? base.shape[0] : 1
        let columnCount = base.shape.last ?? 1
        var rows = [0], columns = Array(0..<columnCount)
        var dropsRows = true, dropsColumns = false
        if isMatrix {
            (rows, dropsRows) = try positions(indices[0], size: rowCount, dimension: "row")
            if indices.count == 2 { (columns, dropsColumns) = try positions(indices[1], size: columnCount, dimension: "column") }
        } else {
            (columns, dropsColumns) = try positions(indices[0], size: columnCount, dimension: "element")
        }
        let selection = Selection(rows: rows, columns: columns, dropsRows: dropsRows, dropsColumns: dropsColumns, sourceColumns: columnCount)
        return .scalar(makeNode(.select(selection), [base], at: range))
    }

    /// The 0-based positions one index picks, and whether it is a single number (dropping the dimension).
    private func positions(_ expression: Expression, size: Int, dimension: String) throws(Diagnostic) -> ([Int], Bool) {
        func position(_ expression: Expression) throws(Diagnostic) -> Int {
            let value = try wholeNumber(expression, role: .index, at: expression.range)
            guard value >= 1, value <= Double(size) else {
                throw .indexOutOfRange(Int(max(-1e9, min(1e9, value))), dimension: dimension, size: size, at: expression.range)
            }
            return Int(value) - 1
        }
        guard case .slice(let lower, let upper) = expression.kind else { return ([try position(expression)], true) }
        let first = try lower.map { (lower) throws(Diagnostic) -> Int in try position(lower) } ?? 0
        let last = try upper.map { (upper) throws(Diagnostic) -> Int in try position(upper) } ?? size - 1
        guard first <= last else {
            throw .emptyRange(from: first + 1, to: last + 1, at: expression.range)
        }
        return (Array(first...last), false)
    }

    /// `net.W1`: a part of a value, by name.
    func member(_ base: Expression, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        if let value = try networkMember(try evaluate(base), name, at: range) { return value }
        throw .wrongKind(.noParts(typed: source.text(in: base.range), part: name), at: range)
    }
}
