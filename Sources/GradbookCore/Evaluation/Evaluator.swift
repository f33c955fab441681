import Foundation

// Statement + Bindings → new Bindings and a Value, or a Diagnostic. Expressions become graph nodes.

/// Evaluates one statement against a copy of the session's bindings.
///
/// Every number computed becomes a `Node` that remembers its inputs, so later `grad`, `diff` and
/// `check` calls can read the computation back. Names are looked up in this order: the parameters of
/// the function being called, the names bound by an enclosing `at`, the session's bindings, the
/// predefined constants; any other name is a free symbol.
public final class Evaluator {
    /// How deeply evaluation may nest (brackets, calls of functions calling functions) before it stops.
    public static let maximumDepth = 1_000

    /// The session's bindings as they were when the statement started (read-only while it runs).
    public private(set) var bindings: Bindings
    /// The binding the statement makes, if any: kept aside until `commit(into:)`, so the session's
    /// bindings are never copied (a statement is O(1) however many names the session has).
    public private(set) var changes: [Change] = []

    /// A binding a statement makes: a struct rather than a tuple, whose arrays are slower to make and drop.
    public struct Change {
        public let name: String
        public let entry: Bindings.Entry
    }
    /// The bound name `name` is most likely a slip for (`Suggestion.closest` among the names bound to
    /// values), if any, through the session's index of names (a grad over 641 free names in a session of
    /// 320 bindings measured 200,000 pairs by scanning).
    func closestBoundName(to name: String) -> String? {
        bindings.nearNames.index(of: bindings.names).closest(to: name, where: isBoundToValue)
    }

    /// A bound name spelled like `name` but for case (W for w), the first in sorted order.
    func boundNameInOtherCase(_ name: String) -> String? {
        bindings.nearNames.index(of: bindings.names).sameLetters(as: name, where: isBoundToValue)
    }

    private func isBoundToValue(_ name: String) -> Bool {
        if case .value = bindings[name] { return true }
        return false
    }

    /// A backward pass this statement ran, kept for `step(net, lr)`.
    var backwardPass: Backpropagation?
    /// Notes to show with the result: where a NaN or infinity first appeared, kink conventions used.
    public private(set) var notes: [Note] = []
    /// The statement's "did you mean" notes (`Evaluator+Typos.swift`).
    var typoNotes = TypoNotes()
    /// The note about each node that first produced a NaN or infinity, so a stable form that absorbs
    /// it can withdraw it (`noteStableForm`).
    var overflowNotes: [ObjectIdentifier: Note] = [:]
    /// The user functions the statement called (directly or inside other functions), so a value made
    /// with a function can be marked stale when the function is redefined.
    public internal(set) var functionsCalled: Set<String> = []
    /// The values the statement's calculus calls made, each with the values the call read (`DerivedNodes`).
    public internal(set) var derivations: [Derivation] = []
    /// The nodes of the values read by the calculus calls running now, in one list: each call's reads start at
    /// its entry of `readStarts` (innermost last) and run to the end, so they count for the calls around it too.
    var reads: [Node] = []
    var readStarts: [Int] = []

    /// Nodes a calculus call made (its results) and the nodes of the values it read (its sources).
    ///
    /// One result from one value, the usual case, is held without arrays: a training loop's `grad` makes a
    /// derivation at every step, and two arrays for it were a twentieth of the step.
    public struct Derivation {
        private let result: Node?
        private let source: Node?
        private let manyResults: [Node]
        private let manySources: [Node]

        init(results: [Node], sources: [Node]) {
            (result, source, manyResults, manySources) = (nil, nil, results, sources)
        }

        init(result: Node, source: Node) {
            (self.result, self.source, manyResults, manySources) = (result, source, [], [])
        }

        var results: [Node] { result.map { [$0] } ?? manyResults }
        var sources: [Node] { source.map { [$0] } ?? manySources }
    }

    /// The text ranges refer to: the cell's, or while a user function runs, its definition's.
    private(set) var source: SourceText
    let cell: Int?
    let interruption: Interruption?
    private var depth = 0
    /// The range of a `grad(…)` call that is a whole statement, while it runs (`deferredGradient`).
    var deferrableGradient: SourceRange?
    /// Whether a user function's body is being evaluated.
    var isInFunction: Bool { !callStack.isEmpty }
    private var callStack: [String] = []
    /// Function parameters in scope (innermost last).
    private var parameterScopes: [[String: Node]] = []
    /// Names bound by enclosing `at` clauses (innermost last).
    private var atScopes: [[String: Node]] = []
    /// The copies `at` made of stored graphs, shared by every name read in the same scope, so L and W read
    /// inside `grad(L, W) at a = 1` are one graph (kept with their originals, which the keys stand for).
    private var atCopies: [ObjectIdentifier: (original: Node, copy: Node)] = [:]

    /// Whether `load("…")` may read files (false for fuzzing), and where relative paths start.
    public var allowsFileAccess = false
    /// Where `train` reports its progress (epoch, loss, rate, time left); nil shows nothing.
    public var progress: ((String) -> Void)?
    /// Lazy: asking the file system for the current folder was a seventh of each repetition of a `repeat`.
    /// The session's number format (`:digits`), for every number the evaluator writes into a note,
    /// an explanation or a picture's title, so they read like the results beside them.
    public var format = NumberFormat()

    public lazy var workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    public init(bindings: Bindings, source: SourceText, cell: Int?, interruption: Interruption? = nil) {
        self.bindings = bindings
        self.source = source
        self.cell = cell
        self.interruption = interruption
    }

    /// Makes a used evaluator ready for another statement over `bindings`, as a new one would be: a
    /// `repeat` runs all its statements through one evaluator rather than build one per statement. Every
    /// stored property that one statement can change is reset here; a new one must be too.
    func prepare(for bindings: Bindings) {
        self.bindings = bindings
        prepareForNextStatement()
    }

    /// Resets what one statement changes, keeping the bindings: the next statement of a loop that owns them
    /// (`beginOwning(_:)`).
    func prepareForNextStatement() {
        // One at a time: removeAll(keepingCapacity:) goes through a general replaceSubrange that cost more than
        // the rest of preparing (a `y = 1` repetition made one change).
        while !changes.isEmpty { changes.removeLast() }
        while !notes.isEmpty { notes.removeLast() }
        if !typoNotes.isEmpty { typoNotes = TypoNotes() }
        if !overflowNotes.isEmpty { overflowNotes = [:] }
        if !functionsCalled.isEmpty { functionsCalled = [] }
        while !derivations.isEmpty { derivations.removeLast() }
        // (Asked first: writing nil over the pass's large optional copied it at every statement of a loop.)
        if backwardPass != nil { backwardPass = nil }
    }

    /// Runs an assignment, a function definition or an expression; returns the value to show, if any.
    public func execute(_ statement: Statement) throws(Diagnostic) -> Value? {
        switch statement.kind {
        case .assignment(let name, _, let expression):
            if case .number(let number) = expression.kind {
                // `y = 1`: the leaf `bind` would make from the number, without the constant node in between.
                try checkInterruption(at: expression.range)
                changes.append(Change(name: name, entry: .value(.scalar(.leaf(name, value: number, cell: cell)), cell: cell)))
                return nil
            }
            try bind(name, to: try evaluate(expression))
            return nil
        case .function(let name, _, let parameters, let body):
            let text = source.text(in: statement.range)
            changes.append(Change(name: name, entry: .function(UserFunction(name: name, parameters: parameters, body: body, source: text, definition: source))))
            return nil
        case .expression(let expression):
            // A whole-statement grad of numbers may show its numbers before building its graph (DeferredGradient).
            if case .call("grad", _, _) = expression.kind { deferrableGradient = expression.range }
            defer { deferrableGradient = nil }
            let value = try evaluate(expression)
            noteStoredNonFinite(value)
            let subjects = gradientSubjects(of: expression)
            if !noteLostValue(value, subjects: subjects), subjects == nil { noteRoundedZeroValue(value, typed: source.text(in: expression.range)) }
            noteLostElements(value, subjects: subjects)
            return value
        case .command, .help, .repeatBlock:
            return nil
        }
    }

    /// Records that the statement rebinds `name` (what `train(net, …)` does to `net`).
    func rebind(_ name: String, to value: Value) {
        changes.append(Change(name: name, entry: .value(value, cell: cell)))
    }

    /// Applies the statement's binding to `target` (the session's bindings), in place.
    public func commit(into target: inout Bindings) {
        commit(into: &target) { _, _ in }
    }

    /// Takes `bindings` for a run of statements (a `repeat`) that commits each into them in place
    /// (`commitInPlace`): no copy and no hand-back per statement. The caller keeps its own copy to roll back to,
    /// and takes them back with `endOwning()`.
    func beginOwning(_ bindings: Bindings) {
        self.bindings = bindings
        isOwning = true
        slotCache = []
        loopConstants = []
        prepareForNextStatement()
    }

    /// Whether the evaluator holds a loop's bindings (`beginOwning`), whose names it then reads and binds by slot.
    private var isOwning = false
    /// Whether the statement runs inside `repeat`, where per-step extras (a formula for a note) would cost every step.
    var isInLoop: Bool { isOwning }
    /// The slots of the names the loop's statements read and bind, each found once: a `repeat` runs the same few
    /// names again and again, and hashing each name at every repetition was a fifth of a simple one.
    private var slotCache: [CachedSlot] = []
    private struct CachedSlot {
        let name: String
        let slot: Bindings.Slot
    }

    /// The numbers a loop's statements typed, one node each for the whole loop: a constant is only its number,
    /// and `repeat 20000 { v = v*x + 0.1 }` made 20,000 nodes of 0.1 that every walk of v's graph then went
    /// through. A handful at most (a loop body types a few numbers); past that they are made as usual.
    private var loopConstants: [LoopConstant] = []
    /// Whether a loop body's plain arithmetic runs from its program (`Evaluator+LoopPrograms.swift`); tests turn it
    /// off to hold the programs to what evaluating the statements does.
    var readsLoopBodiesOnce = true
    /// The loop body's assignments read once (`Evaluator+LoopPrograms.swift`), by where each statement starts.
    var loopPrograms: [(start: Int, program: LoopAssignment?)] = []
    private struct LoopConstant {
        let bits: UInt64
        let node: Node
    }

    /// The node of `value` for the loop that owns the bindings (`loopConstants`).
    func loopConstant(_ value: Double) -> Node {
        var index = 0
        while index < loopConstants.count {
            if loopConstants[index].bits == value.bitPattern { return loopConstants[index].node }
            index += 1
        }
        let node = Node.constant(value, cell: cell)
        if loopConstants.count < 16 { loopConstants.append(LoopConstant(bits: value.bitPattern, node: node)) }
        return node
    }

    /// The slot of `name` in the owned bindings, from the cache (a handful of names: comparing is quicker than hashing).
    func ownedSlot(of name: String) -> Bindings.Slot {
        var index = 0
        while index < slotCache.count {
            if slotCache[index].name == name { return slotCache[index].slot }
            index += 1
        }
        let slot = bindings.slot(of: name)
        slotCache.append(CachedSlot(name: name, slot: slot))
        return slot
    }

    /// The entry bound to `name`: by slot while a loop owns the bindings.
    private func entry(named name: String) -> Bindings.Entry? {
        guard isOwning else { return bindings[name] }
        // The slot first: finding it may add one to the bindings, which `bindings[…]` must then read.
        let slot = ownedSlot(of: name)
        return bindings[slot]
    }

    /// The node of the number bound to `name` (see `Bindings.scalarNode`): by slot while a loop owns the bindings.
    private func scalarNode(named name: String) -> Node? {
        guard isOwning else { return bindings.scalarNode(named: name) }
        // The slot first, as in `entry(named:)`.
        let slot = ownedSlot(of: name)
        return bindings.scalarNode(in: slot)
    }

    /// The bindings a loop's statements are committed into (`beginOwning`), for what runs between them.
    var ownedBindings: Bindings {
        get { bindings }
        _modify { yield &bindings }
    }

    /// Applies the statement's binding to the bindings it owns (`beginOwning`), telling `replaced` each name and
    /// the entry it had before.
    /// Binds `name` in `slot` of the bindings a loop owns, returning the entry it replaced (`bindInLoop`).
    @discardableResult
    func bindOwned(_ name: String, in slot: Bindings.Slot, to entry: Bindings.Entry) -> Bindings.Entry? {
        bindings.bind(name, in: slot, to: entry)
    }

    func commitInPlace(replaced: (String, Bindings.Entry?) -> Void) {
        for change in changes {
            let slot = ownedSlot(of: change.name)
            replaced(change.name, bindings.bind(change.name, in: slot, to: change.entry))
        }
        // (Asked first: binding the large optional copied it at every statement of a loop.)
        if backwardPass != nil { bindings.lastBackward = backwardPass }
    }

    /// Hands the bindings back at the end of a loop (`beginOwning`).
    func endOwning() -> Bindings {
        defer { (bindings, isOwning, slotCache, loopConstants, loopPrograms) = (Bindings.released, false, [], [], []) }
        return bindings
    }

    /// Applies the statement's binding to `target`, telling `replaced` each name and the entry it had
    /// before (what a `repeat` keeps to undo a repetition at Ctrl-C), without looking each name up again.
    func commit(into target: inout Bindings, replaced: (String, Bindings.Entry?) -> Void) {
        // Drops the evaluator's reference so `target` is the only owner and binds in place. A shared empty
        // value, not `Bindings()`: a new one allocates its names index (a lock and a class) every statement.
        bindings = Bindings.released
        for change in changes { replaced(change.name, target.bind(change.name, to: change.entry)) }
        if let backwardPass { target.lastBackward = backwardPass }
    }

    /// Binds `name` to `value`. A number computed from numbers only becomes a fresh leaf, so gradients
    /// stop there (as a tensor created by hand does in PyTorch); anything else keeps its graph.
    /// (`labelNumber`: the number of `name` in `LabelNames`, when the caller knows it; 0 to look it up.)
    func bind(_ name: String, to value: Value, labelNumber: UInt16 = 0) throws(Diagnostic) {
        changes.append(Change(name: name, entry: try entry(binding: name, to: value, labelNumber: labelNumber)))
    }

    /// The entry `bind` binds `name` to for `value` (a number from numbers alone as a fresh leaf, a node labelled).
    func entry(binding name: String, to value: Value, labelNumber: UInt16 = 0) throws(Diagnostic) -> Bindings.Entry {
        var value = value
        if case .network(let network) = value { value = .network(network.named(name)) }
        if let node = value.node {
            if !node.dependsOnNames {
                // A number that lost part of itself on the way keeps no history to show why: nan, and the note.
                let doubt = noteLostValue(value)
                value = .scalar(doubt ? .leaf(name, value: .nan, cell: cell) : freshLeaf(name, like: node))
            } else if labelNumber != 0 {
                node.labelIfUnnamed(number: labelNumber)
            } else {
                node.labelIfUnnamed(name)
            }
        }
        return .value(value, cell: cell)
    }

    // MARK: Expressions

    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        depth += 1
        defer { depth -= 1 }
        if depth > Evaluator.maximumDepth { throw .nestedTooDeeply(at: expression.range, limit: Evaluator.maximumDepth) }
        try checkInterruption(at: expression.range)
        switch expression.kind {
        case .number(let value):
            return .scalar(isOwning ? loopConstant(value) : .constant(value, cell: cell))
        case .name(let name):
            let value = try lookUp(name, at: expression.range)
            if !readStarts.isEmpty { noteRead(value) }
            return value
        case .string:
            throw .textIsNotAValue(source.text(in: expression.range), at: expression.range)
        case .unary(let operation, let operand):
            let value = try evaluate(operand)
            return operation == .plus ? value : try applyElementwise(.negate, [value], at: expression.range)
        case .binary(.equal, let left, let right):
            return try compare(left, right, at: expression.range)
        case .binary(let operation, let left, let right):
            return try arithmetic(operation, try evaluate(left), try evaluate(right), at: expression.range)
        case .chain(let first, let links):
            var result = try evaluate(first)
            for link in links {
                let operand = try evaluate(link.operand)
                result = try arithmetic(link.operation, result, operand, at: first.range.joined(with: link.operand.range))
            }
            return result
        case .call(let name, let nameRange, let arguments):
            return try call(name, nameRange: nameRange, arguments: arguments, at: expression.range)
        case .index(let base, let indices):
            if let value = try earlierResult(base, indices, at: expression.range) {
                if !readStarts.isEmpty { noteRead(value) }
                return value
            }
            return try index(base, indices, at: expression.range)
        case .list(let elements):
            return try list(elements, at: expression.range)
        case .slice:
            throw .wrongKind(.colonOutsideIndex, at: expression.range)
        case .member(let base, let name):
            return try member(base, name, at: expression.range)
        case .at(let body, let bindings):
            return try evaluate(body, at: bindings)
        }
    }

    /// `Out[3]`: the result cell 3 showed (when `Out` is not bound); nil for any other indexing.
    private func earlierResult(_ base: Expression, _ indices: [Expression], at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .name("Out") = base.kind, bindings["Out"] == nil, indices.count == 1,
              case .number(let number) = indices[0].kind, number >= 0, number < 1e9, number == number.rounded() else { return nil }
        return try substitutingAtNames(try earlierResult(Int(number), named: "Out[\(Int(number))]", at: range), name: "Out[\(Int(number))]", at: range)
    }

    /// Cell `number`'s result, or why there is none: it showed none, or it is older than the results kept.
    private func earlierResult(_ number: Int, named reference: String, at range: SourceRange) throws(Diagnostic) -> Value {
        switch bindings.earlierResult(number) {
        case .kept(let value): return try builtGradient(value, at: range)
        case .dropped(let oldestKept): throw .droppedResult(reference, oldestKept: oldestKept, keeping: Bindings.maximumKeptResults, at: range)
        case .none: throw .noResult(reference, at: range)
        }
    }

    func checkInterruption(at range: SourceRange) throws(Diagnostic) {
        if interruption?.isRequested == true { throw .interrupted(at: range) }
    }

    /// Evaluates `expression` to a number, formula, vector or matrix, or explains why it is not one.
    func node(_ expression: Expression, role: Diagnostic.Role) throws(Diagnostic) -> Node {
        let value = try evaluate(expression)
        guard let node = value.node else {
            throw .notNumberOrFormula(role, typed: source.text(in: expression.range), kind: value.kindDescription, at: expression.range)
        }
        return node
    }

    /// Evaluates `expression` to a single number or formula (not a vector or matrix).
    func scalar(_ expression: Expression, role: Diagnostic.Role) throws(Diagnostic) -> Node {
        let node = try node(expression, role: role)
        guard !node.isTensor else {
            throw .notSingleNumber(role, typed: source.text(in: expression.range), shape: node.shape, at: expression.range)
        }
        return node
    }

    private func lookUp(_ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        // (Tested before looping: outside functions and `at`, the usual case, both are empty.)
        if let scope = parameterScopes.last, let node = scope[name] { return .scalar(node) }
        if !atScopes.isEmpty {
            for scope in atScopes.reversed() {
                if let node = scope[name] { return .scalar(node) }
            }
        }
        // A number bound to the name, the usual case: its node, without copying the entry and its value
        // through the general path (half the cost of `v = v*x + 0.1` in a loop was such copies).
        if atScopes.isEmpty, let node = scalarNode(named: name) { return .scalar(node) }
        switch entry(named: name) {
        case .value(let value, _):
            return try substitutingAtNames(value, name: name, at: range)
        case .function(let function):
            throw .functionAsValue(name, parameters: function.parameters.count, at: range)
        case nil:
            if let number = Bindings.resultNumber(of: name) {
                if number == 0 {
                    guard let value = bindings.lastResult else { throw .noResult(name, at: range) }
                    return try substitutingAtNames(try builtGradient(value, at: range), name: name, at: range)
                }
                return try substitutingAtNames(try earlierResult(number, named: name, at: range), name: name, at: range)
            }
            if let constant = Bindings.predefined[name] { return .scalar(.constant(constant, cell: cell)) }
            // The functions of one number and the calculus forms cannot be values; other builtins' names
            // (line, load, step, …) stay free symbols in a formula.
            if let builtin = Builtin.named(name).first(where: { $0.theme == .elementwise || $0.theme == .calculus }) {
                throw .functionAsValue(name, parameters: builtin.theme == .elementwise ? 1 : nil, at: range)
            }
            noteLikelyTypo(name)
            return .scalar(.freeSymbol(name, cell: cell))
        }
    }

    // MARK: at

    /// `body at x = 2, y = 3`: evaluates body with those names bound to fresh leaves. Stored values that
    /// were computed from (or are formulas in) those names are re-read with the new values. Each value
    /// sees the names bound before it, so `f where t1 = …, t2 = 2*t1` (how gradbook prints shared parts
    /// of a formula) reads back as it was printed.
    private func evaluate(_ body: Expression, at named: [NamedValue]) throws(Diagnostic) -> Value {
        atScopes.append([:])
        atCopies = [:]
        defer {
            atScopes.removeLast()
            atCopies = [:]
        }
        for binding in named {
            let node = try node(binding.value, role: .value(of: binding.name))
            atScopes[atScopes.count - 1][binding.name] = node.isSymbolic ? node : freshLeaf(binding.name, like: node)
            atCopies = [:]
        }
        let value = try evaluate(body)
        switch value {
        case .derivative(let result): return .scalar(result.node)
        default: return value
        }
    }

    /// A stored value re-read inside `at`: every node named by an enclosing `at` is replaced.
    /// A value whose history a long repeat dropped cannot be recomputed through that part: refused if it read a name `at` sets.
    private func substitutingAtNames(_ value: Value, name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        guard !atScopes.isEmpty else { return value }
        var names: [String: Node] = [:]
        for scope in atScopes { names.merge(scope) { _, new in new } }
        if let node = value.node, node.reachesDroppedHistory {
            let atNames = Set(names.keys)
            for leaf in node.graph {
                if let history = leaf.droppedHistory, history.mayHold(named: atNames) { throw .historyDropped("'\(name)' with at", history, at: range) }
            }
        }
        func substitute(_ node: Node) -> Node {
            var replacements: [ObjectIdentifier: Node] = atCopies.mapValues(\.copy)
            for candidate in node.graph {
                if let name = candidate.name, let replacement = names[name], replacement !== candidate {
                    replacements[ObjectIdentifier(candidate)] = replacement
                }
            }
            return node.substituting(replacements) { original, copy in atCopies[ObjectIdentifier(original)] = (original, copy) }
        }
        switch value {
        case .scalar(let node): return .scalar(substitute(node))
        case .derivative(let result): return .scalar(substitute(result.node))
        default: return value
        }
    }

    /// A new leaf named `name` holding `node`'s value (a number, vector or matrix).
    func freshLeaf(_ name: String, like node: Node) -> Node {
        if let tensor = node.tensor { return .leaf(name, tensor: tensor, cell: cell) }
        return .leaf(name, value: node.value, cell: cell)
    }

    // MARK: Function calls

    func withParameters<T>(_ scope: [String: Node], calling name: String, at range: SourceRange,
                           _ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        if callStack.contains(name) { throw .functionCallsItself(name, at: range) }
        callStack.append(name)
        parameterScopes.append(scope)
        defer {
            callStack.removeLast()
            parameterScopes.removeLast()
        }
        return try body()
    }

    /// Runs a user function's body with ranges read against its definition; an error inside it is
    /// reported at the call, naming the function, since the caret can only point into this cell.
    func evaluateBody(of function: UserFunction, calledAt range: SourceRange) throws(Diagnostic) -> Value {
        let caller = source
        source = function.definition
        defer { source = caller }
        do {
            return try evaluate(function.body)
        } catch where error.source == nil && !error.isInterruption {
            var relocated = error
            relocated.range = range
            relocated.calls.append(function.source)
            throw relocated
        }
    }

    // MARK: Nodes

    /// Builds a node and records where a NaN or infinity first appeared (from finite inputs).
    func makeNode(_ operation: Node.Operation, _ inputs: [Node], at range: SourceRange) -> Node {
        let node = Node.make(operation, inputs, cell: cell)
        if case .function(.log) = operation { noteStableForm(node, typed: source.text(in: range)) }
        if node.isTensor || inputs.contains(where: \.isTensor) {
            if !node.isSymbolic, node.elements.contains(where: { !$0.isFinite }),
               inputs.allSatisfy({ $0.elements.allSatisfy(\.isFinite) }) {
                let note = Note.tensorNotFinite(typed: source.text(in: range), operation: operation.symbol)
                addNote(note)
                overflowNotes[ObjectIdentifier(node)] = note
            }
            return node
        }
        let isNew = node.value.isNaN ? !inputs.contains { $0.value.isNaN } : inputs.allSatisfy { $0.value.isFinite }
        if !node.isSymbolic, !node.value.isFinite, isNew {
            noteNonFinite(node, at: range)
        }
        return node
    }

    /// `makeNode(operation, [a, b], at:)` for two numbers or formulas (no vectors), without the array.
    func makeNode(_ operation: Node.Operation, _ a: Node, _ b: Node, at range: SourceRange) -> Node {
        guard !a.isTensor, !b.isTensor, !operation.isLog else { return makeNode(operation, [a, b], at: range) }
        let node = Node.make(operation, a, b, cell: cell)
        let isNew = node.value.isNaN ? !(a.value.isNaN || b.value.isNaN) : a.value.isFinite && b.value.isFinite
        if !node.isSymbolic, !node.value.isFinite, isNew {
            noteNonFinite(node, at: range)
        }
        return node
    }

    private func noteNonFinite(_ node: Node, at range: SourceRange) {
        guard notes.count < Evaluator.maximumProvenanceNotes else { return }
        let note = provenanceNote(for: node, typed: source.text(in: range))
        addProvenance(note)
        overflowNotes[ObjectIdentifier(node)] = note
    }

    func addNote(_ note: Note) {
        if !notes.contains(note) { notes.append(note) }
    }

    func removeNote(_ note: Note) {
        notes.removeAll { $0 == note }
    }

    /// Appends a note known to be new (`Evaluator+Typos.swift` keeps its own record of which it made).
    func appendNote(_ note: Note) {
        notes.append(note)
    }

    func removeNotes(where isRemoved: (Note) -> Bool) {
        notes.removeAll(where: isRemoved)
    }
}
