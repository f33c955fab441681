// What each :command does: :digits, :help, :info, :load, :quit, :recompute, :reset, :save, :vars.

import Foundation

extension Notebook {
    func runCommand(_ name: String, argument: String, statement: Statement, source: SourceText,
                    into result: inout CellResult) throws(Diagnostic) {
        guard let command = Command(rawValue: name) else {
            throw .unknownCommand(name, suggestion: Suggestion.closest(to: name, among: Command.allCases.map(\.rawValue)), at: statement.range)
        }
        switch command {
        case .answer:
            guard let exercises else { throw .answerWithoutLessons(at: statement.range) }
            guard !argument.isEmpty else { throw .commandNeedsArgument("answer", usage: command.usage, at: statement.range) }
            let feedback = try exercises.answer(argument, bindings: bindings, format: format, at: statement.range)
            result.outputs.append(Output(kind: .info, text: feedback, isParagraphs: true))
        case .digits:
            try setDigits(argument, statement: statement, into: &result)
        case .help:
            result.outputs.append(Output(kind: .info, text: Help.text(for: argument.isEmpty ? nil : argument), isParagraphs: true))
        case .info:
            guard !argument.isEmpty else { throw .commandNeedsArgument("info", usage: command.usage, at: statement.range) }
            result.outputs.append(Output(kind: .info, text: information(about: argument)))
        case .vars:
            let table = variablesTable()
            result.outputs.append(Output(kind: .info, text: table.text, table: table))
        case .recompute:
            try recompute(statement, into: &result)
        case .reset:
            session = Session()
            result.outputs.append(Output(kind: .info, text: "every binding, result and setting is cleared."))
        case .load:
            guard !argument.isEmpty else { throw .commandNeedsArgument("load", usage: command.usage, at: statement.range) }
            guard allowsFileAccess else { throw .fileAccessDisabled("load", at: statement.range) }
            try load(Notebook.unquoted(argument), statement: statement, into: &result)
        case .save:
            guard !argument.isEmpty else { throw .commandNeedsArgument("save", usage: command.usage, at: statement.range) }
            guard allowsFileAccess else { throw .fileAccessDisabled("save", at: statement.range) }
            try save(argument, statement: statement, into: &result)
        case .export:
            guard !argument.isEmpty else { throw .commandNeedsArgument("export", usage: command.usage, at: statement.range) }
            guard allowsFileAccess else { throw .fileAccessDisabled("export", at: statement.range) }
            try export(argument, statement: statement, source: source, into: &result)
        case .time:
            guard !argument.isEmpty else { throw .commandNeedsArgument("time", usage: command.usage, at: statement.range) }
            runTimed(argument, statement: statement, source: source, into: &result)
        case .quit:
            result.wantsQuit = true
        case .lesson:
            result.requestedLesson = argument
        }
    }

    private func setDigits(_ argument: String, statement: Statement, into result: inout CellResult) throws(Diagnostic) {
        if argument.isEmpty {
            result.outputs.append(Output(kind: .info, text: "numbers are printed with \(format.digits) significant digits."))
            return
        }
        guard let digits = Int(argument), (1...NumberFormat.maximumDigits).contains(digits) else {
            throw .digitsOutOfRange(argument, at: statement.range)
        }
        session.format = NumberFormat(digits: digits)
        session.history.append(":digits \(digits)")
    }

    // MARK: :recompute

    /// Re-runs the statements that made every stale binding, oldest first, until nothing is stale.
    ///
    /// One pass in cell order is usually enough (`z = y + 1` was defined after `y = x^2`); further passes
    /// catch the rest, and the number of passes is bounded so a failing statement cannot loop. Each pass
    /// finds the stale bindings in one walk over the graphs (`StaleBindings`), so 20,000 stale values take
    /// seconds, and Ctrl-C is heard between statements and during the walk.
    func recompute(_ statement: Statement, into result: inout CellResult) throws(Diagnostic) {
        var recomputed: [String] = []
        var loops: [String] = []
        for _ in 0..<max(1, bindings.names.count) {
            let stale = try staleBindings(at: statement.range)
            guard !stale.isEmpty else { break }
            let before = recomputed.count
            for (name, definition) in stale {
                if interruption.isRequested { throw .interrupted(at: statement.range) }
                // A loop's statement ran many times, each from the value before: running it once would
                // not remake the value, so it is named instead.
                if let loop = definition.loop {
                    let named = "\(name) (\(Notebook.oneLine(definition.text)) in \(loop), In [\(definition.cell)])"
                    if !loops.contains(named) { loops.append(named) }
                    continue
                }
                let source = SourceText(definition.text, name: "In [\(definition.cell)]")
                let firstOutput = result.outputs.count
                for case .success(let rerun) in Parser.statements(in: source) {
                    run(rerun, in: source, into: &result)
                }
                if result.wasInterrupted { return }
                if !result.outputs[firstOutput...].contains(where: \.isError) { recomputed.append("\(name) (In [\(definition.cell)]: \(Notebook.oneLine(definition.text)))") }
            }
            if recomputed.count == before { break }
        }
        var summary = Notebook.recomputedSummary(recomputed, skipping: !loops.isEmpty)
        if !loops.isEmpty {
            summary += "\nnot recomputed, made in a repeat: " + loops.joined(separator: ", ")
                + ". :recompute does not re-run loops; run the cell again to remake \(loops.count == 1 ? "it" : "them")."
        }
        result.outputs.append(Output(kind: .info, text: summary))
    }

    /// How many bindings :recompute names one by one; past that, the rest are counted.
    static let recomputedNamed = 10

    /// `recomputed y (In [2]: y = x^2), …`, naming the first `recomputedNamed` and counting the rest.
    static func recomputedSummary(_ recomputed: [String], skipping: Bool = false) -> String {
        guard !recomputed.isEmpty else {
            return skipping ? "nothing recomputed." : "nothing to recompute: no value was computed from a name that has been rebound since."
        }
        guard recomputed.count > recomputedNamed else { return "recomputed " + recomputed.joined(separator: ", ") + "." }
        return "recomputed \(Diagnostic.grouped(recomputed.count)) values: " + recomputed.prefix(recomputedNamed).joined(separator: ", ")
            + ", and \(Diagnostic.grouped(recomputed.count - recomputedNamed)) more."
    }

    /// The bindings computed from a name that has been rebound since, with their definitions, oldest first.
    func staleBindings(at range: SourceRange) throws(Diagnostic) -> [(name: String, definition: Definition)] {
        var finder = StaleBindings(session)
        let interruption = self.interruption
        guard let names = finder.names(shouldStop: { interruption.isRequested }) else { throw .interrupted(at: range) }
        // Oldest cell first; within a cell (a script binds many names), in the order the names were bound.
        let stale = names.compactMap { name in session.definitions[name].map { (name: name, definition: $0) } }
        return stale.enumerated().sorted { ($0.element.definition.cell, $0.offset) < ($1.element.definition.cell, $1.offset) }.map(\.element)
    }

    // MARK: :load and :save

    func url(for path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : workingDirectory.appendingPathComponent(expanded)
    }

    /// How many scripts deep `:load` may nest (a.gb loads b.gb loads …); past it, one surely loads itself.
    static let maximumLoadDepth = 20

    /// A file name as typed after :load or :save, without the double quotes a name with spaces may
    /// be written in (`:save "my session.gb"`, as `:export` takes it).
    static func unquoted(_ argument: String) -> String {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return argument }
        return String(trimmed.dropFirst().dropLast())
    }

    /// Runs a script into this session; its errors name the file, line and column.
    private func load(_ path: String, statement: Statement, into result: inout CellResult) throws(Diagnostic) {
        // A script that loads itself, directly or through others, would recurse until the stack overflows.
        guard loadDepth < Notebook.maximumLoadDepth else { throw .loadNestedTooDeeply(path, limit: Notebook.maximumLoadDepth, at: statement.range) }
        loadDepth += 1
        defer { loadDepth -= 1 }
        let file = url(for: path)
        switch ScriptFile.read(file, name: path) {
        case .success(let text): run(SourceText(text, name: path), into: &result)
        case .failure(let problem): throw problem.diagnostic(at: statement.range)
        }
    }

    /// Whether a statement reads a numbered result (`Out[3]`, `_3`), which a replay would number differently.
    static func refersToNumberedResult(_ statement: String) -> Bool {
        guard let tokens = try? Lexer.tokens(of: SourceText(statement)) else { return false }
        for (index, token) in tokens.enumerated() {
            guard let name = token.name else { continue }
            if name == "Out", index + 1 < tokens.count, tokens[index + 1].kind == .leftBracket { return true }
            if Bindings.resultNumber(of: name) != nil, name != "_" { return true }
        }
        return false
    }
}
