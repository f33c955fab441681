// Formula → gradbook syntax, as a person writes it: `2*x*sin(x) + x^2*cos(x)`, fewest parentheses,
// and every shared subterm written once as a named intermediate (`… where t1 = tanh(w1*x + b1)`).
// Printing shared subterms once is exactly where symbolic differentiation becomes backpropagation.

/// Formulas printed with shared subterms named: the formulas' texts use the names t1, t2, …, which are
/// defined in `definitions`, each after the ones it uses.
public struct SharedFormulaText: Equatable, Sendable, CustomStringConvertible {
    /// One named intermediate: `name = text`.
    public struct Definition: Equatable, Sendable {
        public let name: String
        public let text: String
    }

    /// Each formula's text, in the order given.
    public let formulas: [String]
    /// The named intermediates, in dependency order (each uses only names defined before it).
    public let definitions: [Definition]

    /// `where t1 = …, t2 = …`, or nil when nothing is shared.
    public var whereClause: String? {
        definitions.isEmpty ? nil : "where " + definitions.map { "\($0.name) = \($0.text)" }.joined(separator: ", ")
    }

    /// One formula as `text where …`; several as `[a, b] where …`.
    public var description: String {
        let body = formulas.count == 1 ? formulas[0] : "[" + formulas.joined(separator: ", ") + "]"
        return whereClause.map { body + " " + $0 } ?? body
    }
}

/// Prints formulas of one store in gradbook's own syntax; every printed formula parses back to the same
/// function (names aside, which the caller binds). Printing is iterative, so any depth is safe.
public struct FormulaPrinter {
    /// A subterm used more than once is named only when written out it has at least this many nodes
    /// (so `tanh(w1*x + b1)` is named but `sin(x)` and `x^2` are simply repeated).
    public static let defaultSharingThreshold = 5
    /// The largest formula (in distinct nodes) gradbook prints: about 500,000 characters, printed in
    /// under a second. Larger ones are pages of text no one reads, and printing them takes seconds.
    public static let maximumPrintedSize = 20_000

    public let store: FormulaStore
    public var sharingThreshold: Int

    public init(store: FormulaStore, sharingThreshold: Int = FormulaPrinter.defaultSharingThreshold) {
        self.store = store
        self.sharingThreshold = sharingThreshold
    }

    /// Each formula written out in full, with no names: self-contained text that parses back.
    ///
    /// Shared subterms are written at every use, so the text grows like the formula's expanded tree,
    /// which can be exponentially larger than the DAG: for display use `sharedText(of:)`.
    public func text(of ids: [FormulaID]) -> [String] {
        let writer = FormulaWriter(store: store, order: PrintOrder(store: store, nodes: store.reachable(from: ids)), names: [:])
        return ids.map { writer.write($0) }
    }

    /// One formula for display: its text, then ` where t1 = …, …` when it has shared subterms.
    public func text(of id: FormulaID) -> String { sharedText(of: [id]).description }

    /// The formulas with every subterm that is used more than once (anywhere among them) and is not
    /// trivial written once, as a named intermediate t1, t2, … (names that no variable uses).
    public func sharedText(of ids: [FormulaID]) -> SharedFormulaText {
        let nodes = store.reachable(from: ids)
        var order = PrintOrder(store: store, nodes: nodes)
        let named = sharedNodes(nodes, roots: ids, order: order)
        let taken = Set(nodes.compactMap { store.variableValue($0)?.name })
        var names: [FormulaID: String] = [:]
        var k = 0
        for id in named {
            repeat { k += 1 } while taken.contains("t\(k)")
            names[id] = "t\(k)"
        }
        order.names = names
        let writer = FormulaWriter(store: store, order: order, names: names)
        // Writing thousands of shared parts takes a while: at Ctrl-C (the store's `shouldStop`) the rest
        // become `…`, and the caller, seeing the interruption, shows none of it.
        var stopped = false
        func write(_ id: FormulaID, asDefinition: Bool) -> String {
            if !stopped, store.shouldStop?() == true { stopped = true }
            return stopped ? "…" : writer.write(id, asDefinition: asDefinition)
        }
        return SharedFormulaText(
            formulas: ids.map { write($0, asDefinition: false) },
            definitions: named.map { .init(name: names[$0] ?? "", text: write($0, asDefinition: true)) })
    }

    /// A name or a number, or minus one (t, 2, -t).
    private func isSignedAtom(_ id: FormulaID) -> Bool {
        switch store.node(id) {
        case .constant, .variable: return true
        case .multiply(let operands):
            return operands.count == 2 && store.constantValue(operands[0]) == -1 && store.variableValue(operands[1]) != nil
        default: return false
        }
    }

    /// The nodes to name, ascending (so each comes after the named nodes it contains): used twice or
    /// more (by the roots, by different parents, or twice by one parent) and at least `sharingThreshold`
    /// nodes as a tree.
    ///
    /// Twice by one parent counts: `u^u` with `u = v^v`, and so on for 50 levels, written without names
    /// would be 2^50 copies of the innermost part.
    private func sharedNodes(_ nodes: [FormulaID], roots: [FormulaID], order: PrintOrder) -> [FormulaID] {
        var uses: [FormulaID: Int] = [:]
        for id in Set(roots) { uses[id, default: 0] += 1 }
        for id in nodes {
            for child in store.node(id).children { uses[child, default: 0] += 1 }
        }
        return nodes.filter { id in
            guard (uses[id] ?? 0) >= 2, order.treeSize(id) >= sharingThreshold else { return false }
            switch store.node(id) {
            case .constant, .variable: return false
            case .add(let operands):
                // y - t is as short as its name would be with its definition: written out at each use.
                return !(operands.count == 2 && operands.allSatisfy(isSignedAtom))
            default: return true
            }
        }
    }
}
