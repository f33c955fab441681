// Stale values: a value computed from a binding that has since been rebound is out of date, and says so;
// so is a formula made while a name was free that is bound now (`d = diff(x^2, x); x = 2; d`).
//
// Convention: values are eager (CONTRACT.md), so rebinding `x` never changes `y = x^2`. That is right, but
// it can mislead a learner, so every value that was computed from an old `x` is marked wherever it is shown
// (`:vars`, `Out[n]`), and `:recompute` re-runs the statements that made the marked bindings.

/// Why a value is out of date: it was computed, in cell `cell`, from an earlier value of `name`, or with
/// an earlier definition of the function `name`.
public struct StaleReason: Sendable, Equatable {
    /// The binding that has been rebound (or the function redefined) since.
    public var name: String
    /// The cell whose computation read the old value, when known.
    public var cell: Int?
    /// Whether `name` is a function that has been redefined.
    public var isFunction = false
    /// Whether the value is a formula in `name`, made while `name` was free, and `name` is bound now.
    public var wasFree = false

    /// `computed from the old x, In [2]`, `computed with the old f, In [3]`, `made when x was free, In [1]`.
    public var description: String {
        let what = wasFree ? "made when \(name) was free" : "computed \(isFunction ? "with" : "from") the old \(name)"
        return what + (cell.map { ", In [\($0)]" } ?? "")
    }

    /// How the name changed since: `rebound`, `redefined` or `bound`.
    public var change: String { wasFree ? "bound" : isFunction ? "redefined" : "rebound" }

    /// The mark shown after a stale value: `(stale: computed from the old x, In [2])`.
    static func mark(_ reasons: [StaleReason]) -> String {
        let remedy = reasons.contains(where: \.wasFree) ? "; :recompute updates it" : ""
        return "(stale: " + reasons.map(\.description).joined(separator: "; ") + remedy + ")"
    }
}

/// The nodes that have ever been the value of a binding, and the names they were bound to.
///
/// Only such nodes can make a value stale: a leaf that `at x = 2` created is named `x` too, but it was never
/// the session's `x`, so a value computed from it is not out of date. References are weak, so this registry
/// never keeps an old graph alive.
struct BoundNodes {
    /// Immutable, so copies of the registry (a session kept for undo) can share entries.
    private final class Entry {
        weak var node: Node?
        /// The first name, and any others: nearly every node is bound to one name only, and a set (or
        /// array) of one cost an allocation per statement of a script.
        let name: String
        let otherNames: [String]
        init(node: Node, name: String, otherNames: [String] = []) {
            self.node = node
            self.name = name
            self.otherNames = otherNames
        }

        func contains(_ candidate: String) -> Bool { name == candidate || otherNames.contains(candidate) }
    }

    private var entries: [ObjectIdentifier: Entry] = [:]
    /// Entries are swept of released nodes when they double past this, so sweeping stays linear overall.
    private var sweepThreshold = 4096

    /// Records that `value`'s node is now bound to `name`.
    ///
    /// Nearly always the node bears that name (the leaf of `y = 1`, the node `h = relu(z)` labels h), and then the
    /// node itself remembers it (`Node.wasBoundUnderItsName`): a weak reference in a table cost a tenth of a
    /// statement of a script. Undo restores an older registry but cannot clear that mark; it needs none, as the
    /// nodes an undone statement bound under their own names are the ones it made, gone with it.
    mutating func record(_ value: Value, as name: String) {
        guard let node = value.node else { return }
        if node.name == name {
            node.wasBoundUnderItsName = true
            return
        }
        let id = ObjectIdentifier(node)
        // One hash for the usual case, a node bound for the first time (each statement of a script binds one).
        if let earlier = entries.updateValue(Entry(node: node, name: name), forKey: id), earlier.node === node {
            // Bound before, under this name or another (`a = b`): keep every name.
            entries[id] = earlier.contains(name) ? earlier
                : Entry(node: node, name: earlier.name, otherNames: earlier.otherNames + [name])
        }
        if entries.count > sweepThreshold {
            entries = entries.filter { $0.value.node != nil }
            sweepThreshold = max(4096, 2 * entries.count)
        }
    }

    /// Whether `node` was once bound to `name`.
    func wasBound(_ node: Node, as name: String, whichIsItsName isItsName: Bool = false) -> Bool {
        if node.wasBoundUnderItsName, isItsName || node.name == name { return true }
        guard let entry = entries[ObjectIdentifier(node)], entry.node === node else { return false }
        return entry.contains(name)
    }
}

/// Finds the stale reasons of values against the session's current bindings.
///
/// A named node N (a leaf `x` or an intermediate labelled `h`) in a value's graph is out of date when N was
/// once bound to its name and the name is bound to something else now, unless the walk reached N through
/// the current value of that same name: `c = c + 1` is computed from the old c, and so is everything made
/// from the new c, rightly. But `L = (w*x - t)^2; w = w - 0.1*grad(L, w)` leaves L out of date, although
/// the new w was computed from the old one. A free symbol `x` in a value is out of date once `x` is bound.
///
/// A value is also out of date when it, or a binding it was computed from, called a user function that
/// has been redefined since: the function's body is inlined into the graph, so only the statement's
/// record (`Definition.functionsUsed`) remembers it.
struct StalenessCheck {
    let bindings: Bindings
    let boundNodes: BoundNodes
    let definitions: [String: Notebook.Definition]
    let derivedNodes: DerivedNodes
    /// What each node's graph holds that can make a value stale, remembered as walks finish nodes
    /// (StalenessCheck+Findings.swift).
    /// Each distinct finding once, the empty one first; a finished node's `traversalIndex` points here while
    /// its `traversalMark` is `mark`. Hashing every node of a 100,000-node graph into a dictionary was most of
    /// the cost of showing a value, and so, later, was copying a set per node: along a chain of 20,000
    /// values every node finds the same names, so nodes share one entry. A traversal that reuses the marks
    /// in between only makes this check find those nodes again.
    var findings: [Finding] = [Finding()]
    let mark = Node.freshTraversalMark()
    /// The binding last looked up (`binding(of:)`).
    private var lastBinding: (name: String, isBound: Bool, node: ObjectIdentifier?)?
    /// The label last read by its number (`Node.labelKey`): a loop's values all bear the name of its variable.
    private var lastLabel: (key: UInt16, name: String)?
    /// How many nodes `finding(for:)` has visited (each once), so tests can check the work is linear.
    var visits = 0
    /// What can make a value stale now (`watchedNames`), worked out at the first walk.
    private var watched: [(serial: Int, name: String)]?
    private var watchedIsKnown = false
    /// Whether walks may skip graphs by `findsNothing(below:)`; tests turn it off to compare.
    var skipsUnchangedGraphs = true

    init(_ session: Notebook.Session) {
        bindings = session.bindings
        boundNodes = session.boundNodes
        definitions = session.definitions
        derivedNodes = session.derivedNodes
    }

    /// What the walks go down to from `node`: what the calculus call that made it read (`DerivedNodes`), or
    /// else what it was computed from; with each, a name the walk below it does not blame.
    ///
    /// A derivative is taken of a graph, not of a name: `w = w - 0.1*grad(L, w)` stays current when L is
    /// recomputed later (L's formula and the values it was computed from are what the gradient used), and
    /// `grad(v, [x])` after a loop that rebound v is current although v's graph starts from the v bound before
    /// the loop. So a computed value the call read (a non-leaf with a name) passes as current, and only what it
    /// was computed from can make the derivative stale; a leaf it read (the x of `grad(y, x)`) is an input
    /// value, and rebinding it does.
    func forEachSource(of node: Node, _ body: (Node, _ exempt: String?) -> Void) {
        if !derivedNodes.isEmpty, let sources = derivedNodes.sources(of: node) {
            for source in sources { body(source, StalenessCheck.passesAsCurrent(source)) }
        } else {
            for input in node.computedFrom { body(input, nil) }
        }
    }

    /// The name of a computed value (not a leaf or free symbol) a calculus call read.
    static func passesAsCurrent(_ source: Node) -> String? {
        switch source.operation {
        case .leaf, .freeSymbol, .constant: return nil
        default: return source.label
        }
    }

    /// The functions binding `name`'s statement called whose definition has changed since.
    func redefinedFunctions(usedBy name: String, cell: Int?) -> [StaleReason] {
        guard let used = definitions[name]?.functionsUsed, !used.isEmpty else { return [] }
        return used.keys.sorted().compactMap { function in
            if case .function = bindings[function], definitions[function]?.cell == used[function] { return nil }
            return StaleReason(name: function, cell: cell ?? definitions[name]?.cell, isFunction: true)
        }
    }

    /// How a node named `name` stands against the session's binding of that name.
    private enum Standing { case current, outdated, unrelated }

    /// The reasons `value` (bound to `ownName`, if it is a binding, in cell `cell`) is stale; empty if it is not.
    ///
    /// Each step of the walk carries the names whose current value it has passed through (`exempt`): below
    /// the current c, the old c is what c was computed from. A node already walked with fewer exempt
    /// names has been walked more strictly, so it is not walked again.
    mutating func reasons(for value: Value, ownName: String? = nil, cell: Int? = nil) -> [StaleReason] {
        let roots: [Node]
        switch value {
        case .scalar(let node): roots = [node]
        case .derivative(let result): roots = [result.node]
        case .collection(let nodes, _): roots = nodes
        default: return []
        }
        var reasons: [StaleReason] = ownName.map { redefinedFunctions(usedBy: $0, cell: cell) } ?? []
        func add(_ reason: StaleReason) {
            if !reasons.contains(where: { $0.name == reason.name }) { reasons.append(reason) }
        }
        let ownExempt: Set<String> = ownName.map { [$0] } ?? []
        var walked: [ObjectIdentifier: [Set<String>]] = [:]
        var stack: [(node: Node, usedIn: Int?, exempt: Set<String>)] = roots.map { ($0, cell ?? $0.cell, ownExempt) }
        while let (node, usedIn, walkedExempt) = stack.popLast() {
            // Only names that can still give a reason below matter: exempting every current name passed (a chain
            // y2 = y1 + 1, y3 = y2 + 1, … passes 20,000) made the sets, and the walk, grow with the chain's square.
            guard let below = finding(for: node) else { continue }
            if !below.hasRedefinedFunction, below.names.isSubset(of: walkedExempt) { continue }
            let exempt = walkedExempt.intersection(below.names)
            let id = ObjectIdentifier(node)
            if let earlier = walked[id], earlier.contains(where: { $0.isSubset(of: exempt) }) { continue }
            walked[id, default: []].append(exempt)
            var inner = exempt
            if case .freeSymbol(let name) = node.operation {
                if !exempt.contains(name), case .value? = bindings[name] { add(StaleReason(name: name, cell: usedIn, wasFree: true)) }
                continue
            }
            if let name = node.name, !exempt.contains(name) {
                switch standing(of: node, name: name) {
                case .outdated:
                    add(StaleReason(name: name, cell: usedIn))
                    continue
                case .current:
                    inner.insert(name)
                    // A current binding made with a function redefined since passes that on.
                    for reason in redefinedFunctions(usedBy: name, cell: usedIn) { add(reason) }
                case .unrelated: break
                }
            }
            forEachSource(of: node) { source, exempt in
                var below = inner
                if let exempt { below.insert(exempt) }
                stack.append((source, node.cell ?? usedIn, below))
            }
        }
        return reasons
    }

    /// The nodes a value's staleness is judged from (none for networks, data sets and reports).
    static func roots(of value: Value) -> [Node] { value.graphRoots }

    /// What `node` itself contributes to a walk of `reasons(for:)`, whatever path reached it.
    enum LocalRule {
        /// Nothing: its inputs decide.
        case none
        /// A free symbol whose name is bound now, or an out-of-date value of `name`: stale, unless the walk
        /// passed through the current value of `name`.
        case stale(String)
        /// The current value of `name`: below it the old `name` is exempt; `redefined` when the statement that
        /// made it called a function redefined since (stale whatever the path).
        case current(String, redefined: Bool)
    }

    /// The rule `reasons(for:)` applies at `node` (StaleBindings uses it to judge every binding in one walk).
    mutating func localRule(of node: Node) -> LocalRule {
        if case .freeSymbol(let name) = node.operation {
            if case .value? = bindings[name] { return .stale(name) }
            return .none
        }
        guard let name = name(of: node) else { return .none }
        switch standing(of: node, name: name) {
        case .outdated: return .stale(name)
        case .current: return .current(name, redefined: !redefinedFunctions(usedBy: name, cell: nil).isEmpty)
        case .unrelated: return .none
        }
    }

    /// The names that can make a value stale now, oldest first, each with the serial below which no node can
    /// be stale on its account: a name whose value was replaced or unbound (the oldest node taken out, `Bindings`),
    /// and a name bound to a value now that once stood free (the first free symbol of it, `FreeSymbolRecord`).
    /// nil when something else can (a function redefined or removed: the record of what used it says so), or
    /// when so many names changed that looking through them would cost more than it saves.
    private static func watchedNames(_ bindings: Bindings) -> [(serial: Int, name: String)]? {
        guard !bindings.aFunctionWasTakenOut else { return nil }
        var watched = bindings.namesTakenOut.map { (serial: bindings.oldestTakenOut(of: $0), name: $0) }
        for (name, serial) in FreeSymbolRecord.all {
            if case .value? = bindings[name] { watched.append((serial, name)) }
        }
        guard watched.count <= 64 else { return nil }
        return watched.sorted { $0.serial < $1.serial }
    }

    /// Whether `node`'s graph can give no reason, known without walking it: every name that can make a value
    /// stale (`watchedNames`) changed only after the node was made, or is the name whose current value the node
    /// is, below which the old values of that name are what it was computed from. A value a 20,000-step loop
    /// made is the current v, made of the earlier v's: showing `grad(v, [x])` walked them all to find that.
    mutating func findsNothing(below node: Node) -> Bool {
        guard skipsUnchangedGraphs else { return false }
        if !watchedIsKnown { (watched, watchedIsKnown) = (StalenessCheck.watchedNames(bindings), true) }
        guard let watched else { return false }
        let serial = node.serial
        guard let oldest = watched.first, oldest.serial <= serial else { return true }
        // (Unnamed nodes first: they are most of a graph, and only a name's current value can hide its old ones.)
        guard node.hasLabel || node.isLeaf, let name = name(of: node), standing(of: node, name: name) == .current else { return false }
        for entry in watched {
            if entry.serial > serial { break }
            if entry.name != name { return false }
        }
        return true
    }

    /// `node.name`, reading a label by its number when it is the one read last.
    private mutating func name(of node: Node) -> String? {
        let key = node.labelKey
        guard key != 0 else { return node.name }
        if let last = lastLabel, last.key == key { return last.name }
        let name = node.name
        if let name { lastLabel = (key, name) }
        return name
    }

    /// How `node` stands against the binding of `name`, its own name.
    private mutating func standing(of node: Node, name: String) -> Standing {
        let binding = binding(of: name)
        if binding.node == ObjectIdentifier(node) { return .current }
        guard binding.isBound, boundNodes.wasBound(node, as: name, whichIsItsName: true) else { return .unrelated }
        return .outdated
    }

    /// What `name` is bound to now: whether anything is, and the node of its value if it is one. The last
    /// name asked about is remembered: the named nodes of a large graph are mostly the earlier values of one
    /// loop variable, and hashing the name for each was half the cost of a walk.
    private mutating func binding(of name: String) -> (isBound: Bool, node: ObjectIdentifier?) {
        if let last = lastBinding, last.name == name { return (last.isBound, last.node) }
        let found: (isBound: Bool, node: ObjectIdentifier?)
        switch bindings[name] {
        case .value(let value, _): found = (true, value.node.map(ObjectIdentifier.init))
        case .function: found = (true, nil)
        case nil: found = (false, nil)
        }
        lastBinding = (name, found.isBound, found.node)
        return found
    }
}
