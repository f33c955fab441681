// How a graph node reads in pictures and stories: its name or operation, its value, its layer.

/// Words for one node of a computation graph, shared by `graph`, DOT export and `explain`.
struct NodeWording {
    var format: NumberFormat

    /// The name a person gave the node (`x`, `h`, `net.W1`), or its number if it is a constant.
    func name(of node: Node) -> String? {
        if let name = node.name { return name }
        if node.operation == .constant { return node.tensor.map { _ in "constant" } ?? format.text(node.value) }
        return nil
    }

    /// The operation as a person writes it: `+`, `*`, `relu`, `@`, `sum`.
    func operation(of node: Node) -> String {
        switch node.operation {
        case .leaf:
            let kind = node.isTensor ? "leaf " + Tensor.describe(node.shape) : "leaf"
            // A long repeat's stand-in for a value whose history it dropped (DroppedHistory.swift) says so.
            return node.droppedHistory.map { kind + ", history up to repetition \(Diagnostic.grouped($0.repetition)) dropped" } ?? kind
        case .freeSymbol: return "symbol"
        case .constant: return "constant"
        case .sum(let axis?): return "sum(·, \(axis + 1))"
        case .mean(let axis?): return "mean(·, \(axis + 1))"
        case .max(let axis?): return "max(·, \(axis + 1))"
        case .negate: return "neg"
        case .select: return "index"
        case .stack: return "list"
        default: return node.operation.symbol
        }
    }

    /// The value: a number, a tensor's shape and summary, or `formula` when it depends on a free symbol.
    func value(of node: Node) -> String {
        if node.isSymbolic { return "formula" }
        if let tensor = node.tensor { return shortSummary(tensor) }
        return format.text(node.value)
    }

    /// A tensor in one short phrase: small ones whole, others by shape and range.
    func shortSummary(_ tensor: Tensor) -> String {
        guard tensor.count > NodeWording.wholeTensorLimit else { return TensorText(format: format).summary(tensor) }
        let low = tensor.elements.min() ?? .nan, high = tensor.elements.max() ?? .nan
        return "\(Tensor.describe(tensor.shape)), \(format.text(low)) to \(format.text(high))"
    }

    /// Tensors with at most this many elements are shown whole; larger ones by shape and range.
    static let wholeTensorLimit = 3

    /// The gradient of the output with respect to `node`, as text ("" when there is none).
    func gradient(of node: Node, in pass: Backpropagation?) -> String {
        guard let pass, !node.isSymbolic else { return "" }
        if node.isTensor { return pass.tensorGradient(of: node).map(shortSummary) ?? "" }
        return pass.gradient(of: node).map(format.text) ?? ""
    }

    /// A short description for a story: the name, else a small formula, else a numbered tag.
    func short(_ node: Node, tags: inout [ObjectIdentifier: Int], allowFormula: Bool = true) -> String {
        if let name = name(of: node) { return name }
        if allowFormula, !node.dependsOnTensors, let text = formula(node, depth: 3), text.count <= NodeWording.shortFormulaLength {
            return "(\(text))"
        }
        let id = ObjectIdentifier(node)
        if tags[id] == nil { tags[id] = tags.count + 1 }
        return "[\(operation(of: node)) #\(tags[id] ?? 0)]"
    }

    /// A node as a small formula in its inputs' names (`z*x`, `relu(z)`), nil when deeper than `depth`.
    func formula(_ node: Node, depth: Int) -> String? {
        if let name = name(of: node) { return name }
        guard depth > 0, !node.isTensor else { return nil }
        var parts: [String] = []
        for input in node.inputs {
            guard let part = formula(input, depth: depth - 1) else { return nil }
            let isSum = input.operation == .add || input.operation == .subtract
            let isCompound = input.name == nil && (isSum || input.operation == .power) && node.operation != .add && node.operation != .subtract
            parts.append(isCompound ? "(\(part))" : part)
        }
        switch node.operation {
        case .add, .subtract, .multiply, .divide, .power:
            guard parts.count == 2 else { return nil }
            let spaced = node.operation == .add || node.operation == .subtract
            return spaced ? "\(parts[0]) \(node.operation.symbol) \(parts[1])" : "\(parts[0])\(node.operation.symbol)\(parts[1])"
        case .negate: return parts.first.map { "-" + $0 }
        case .maximum, .minimum: return parts.count == 2 ? "\(node.operation.symbol)(\(parts[0]), \(parts[1]))" : nil
        case .function(let function): return parts.first.map { "\(function.rawValue)(\($0))" }
        default: return nil
        }
    }

    /// Formulas up to this many characters name an unnamed node in a story; longer ones get a tag.
    static let shortFormulaLength = 18

    /// For network graphs: the layer each node belongs to (1-based), found from the parameters it reads
    /// (`net.W2`, `net.b2`), or nil for the loss and the inputs. An activation belongs to its layer too.
    static func layers(of order: [Node]) -> [ObjectIdentifier: Int] {
        var layers: [ObjectIdentifier: Int] = [:]
        for node in order {
            if let number = node.inputs.compactMap(parameterLayer).max() {
                layers[ObjectIdentifier(node)] = number
            } else if case .function = node.operation, let input = node.inputs.first,
                      let number = layers[ObjectIdentifier(input)], input.inputs.contains(where: { parameterLayer($0) != nil }) {
                layers[ObjectIdentifier(node)] = number
            }
            if let number = parameterLayer(node) { layers[ObjectIdentifier(node)] = number }
        }
        return layers
    }

    /// 2 for a leaf named `W2`, `b2`, `net.W2` or `net.b2`; nil for anything else.
    static func parameterLayer(_ node: Node) -> Int? {
        guard node.isLeaf, node.isTensor, let name = node.name else { return nil }
        let last = name.split(separator: ".").last.map(String.init) ?? name
        guard let first = last.first, first == "W" || first == "b" else { return nil }
        return Int(last.dropFirst())
    }
}
