// Numbered cells: run(cell) → CellResult. Bindings are committed one statement at a time, only on success.

import Foundation

/// One thing a cell shows: a result, a note, help text, or an error.
public struct Output: Sendable {
    public enum Kind: Sendable {
        /// A value (shown after `Out[n]:` in the REPL, on stdout in scripts).
        case result
        /// A remark about a result: where a NaN appeared, a kink convention used.
        case note
        /// Text a command prints (`:help`, `:vars`).
        case info
        /// A statement that failed; it changed nothing.
        case error(Diagnostic)
    }

    public var kind: Kind
    public var text: String

    public var isError: Bool {
        if case .error = kind { return true }
        return false
    }
}

/// What running one cell produced.
public struct CellResult: Sendable {
    /// The cell's number (`In [n]`).
    public var number: Int
    public var outputs: [Output] = []
    /// Whether `:quit` was among the statements.
    public var wantsQuit = false

    public var hasErrors: Bool { outputs.contains { $0.isError } }
}

/// A session: the bindings, the settings and the numbered cells so far.
///
/// `run` parses a cell into statements and runs them in order. Each statement works on a copy of the
/// bindings, and the copy is kept only when the statement succeeds: a failed statement changes nothing,
/// and the statements after it still run (as in a script).
public final class Notebook {
    public private(set) var bindings = Bindings()
    public private(set) var format = NumberFormat()
    public private(set) var cellCount = 0
    /// Every statement that succeeded, as typed, for `:save`.
    public private(set) var history: [String] = []
    /// Set by Ctrl-C; polled by long computations.
    public let interruption: Interruption
    /// Where `:load` and `:save` resolve relative paths.
    public var workingDirectory: URL

    public init(interruption: Interruption = Interruption(), workingDirectory: URL? = nil) {
        self.interruption = interruption
        self.workingDirectory = workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// Runs one cell (or a whole script) and returns what it shows.
    public func run(_ text: String, sourceName: String? = nil) -> CellResult {
        cellCount += 1
        let source = SourceText(text, name: sourceName ?? "In [\(cellCount)]")
        var result = CellResult(number: cellCount)
        run(source, into: &result)
        return result
    }

    /// Runs `source`'s statements, appending their outputs to `result`.
    func run(_ source: SourceText, into result: inout CellResult) {
        interruption.clear()
        for parsed in Parser.statements(in: source) {
            switch parsed {
            case .failure(let diagnostic):
                result.outputs.append(Output(kind: .error(diagnostic.located(in: source)), text: diagnostic.message))
            case .success(let statement):
                run(statement, in: source, into: &result)
            }
            if result.wantsQuit { return }
        }
    }

    private func run(_ statement: Statement, in source: SourceText, into result: inout CellResult) {
        do throws(Diagnostic) {
            switch statement.kind {
            case .command(let name, let argument):
                try runCommand(name, argument: argument, statement: statement, source: source, into: &result)
            case .help(let topic):
                result.outputs.append(Output(kind: .info, text: Help.text(for: topic)))
            default:
                let evaluator = Evaluator(bindings: bindings, source: source, cell: cellCount, interruption: interruption)
                let value = try evaluator.execute(statement)
                bindings = evaluator.bindings
                history.append(source.text(in: statement.range))
                if let value, !statement.isSilenced {
                    result.outputs.append(Output(kind: .result, text: ValueRenderer(format: format).text(value)))
                }
                for note in evaluator.notes {
                    result.outputs.append(Output(kind: .note, text: "note: " + note))
                }
            }
        } catch {
            result.outputs.append(Output(kind: .error(error.located(in: source)), text: error.message))
        }
    }

    // MARK: Commands

    private func runCommand(_ name: String, argument: String, statement: Statement, source: SourceText,
                            into result: inout CellResult) throws(Diagnostic) {
        guard let command = Command(rawValue: name) else {
            throw .unknownCommand(name, suggestion: Suggestion.closest(to: name, among: Command.allCases.map(\.rawValue)), at: statement.range)
        }
        switch command {
        case .digits:
            guard let digits = Int(argument), (1...NumberFormat.maximumDigits).contains(digits) else {
                if argument.isEmpty {
                    result.outputs.append(Output(kind: .info, text: "numbers are printed with \(format.digits) significant digits."))
                    return
                }
                throw .digitsOutOfRange(argument, at: statement.range)
            }
            format = NumberFormat(digits: digits)
            history.append(":digits \(digits)")
        case .help:
            result.outputs.append(Output(kind: .info, text: Help.text(for: argument.isEmpty ? nil : argument)))
        case .vars:
            result.outputs.append(Output(kind: .info, text: variablesText()))
        case .reset:
            bindings = Bindings()
            format = NumberFormat()
            history = []
            result.outputs.append(Output(kind: .info, text: "every binding is cleared."))
        case .load:
            guard !argument.isEmpty else { throw .commandNeedsArgument("load", usage: ":load FILE", at: statement.range) }
            try load(argument, statement: statement, into: &result)
        case .save:
            guard !argument.isEmpty else { throw .commandNeedsArgument("save", usage: ":save FILE", at: statement.range) }
            try save(to: argument, statement: statement)
            result.outputs.append(Output(kind: .info, text: "saved \(history.count) statements to \(argument)."))
        case .quit:
            result.wantsQuit = true
        }
    }

    private func url(for path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : workingDirectory.appendingPathComponent(expanded)
    }

    private func load(_ path: String, statement: Statement, into result: inout CellResult) throws(Diagnostic) {
        let file = url(for: path)
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw Diagnostic(statement.range, "could not read '\(path)': \(FileProblem.describe(error, at: file)).")
        }
        run(SourceText(text, name: path), into: &result)
    }

    private func save(to path: String, statement: Statement) throws(Diagnostic) {
        let file = url(for: path)
        let script = "# gradbook session, saved by :save; replay with :load or gradbook run\n" + history.joined(separator: "\n") + "\n"
        do { try Data(script.utf8).write(to: file, options: .atomic) } catch {
            throw Diagnostic(statement.range, "could not save to '\(path)': \(FileProblem.describe(error, at: file)); nothing was written.")
        }
    }

    private func variablesText() -> String {
        let all = bindings.all
        guard !all.isEmpty else { return "no bindings yet; try x = 2" }
        let renderer = ValueRenderer(format: format)
        var table = Table(header: ["name", "value"], alignments: [.left, .left])
        for (name, entry) in all {
            switch entry {
            case .value(let value, _): table.add([name, renderer.text(value).replacingOccurrences(of: "\n", with: " ")])
            case .function(let function): table.add([name, function.source])
            }
        }
        return table.text
    }
}

/// Turns file errors into a few plain words.
enum FileProblem {
    static func describe(_ error: Error, at url: URL) -> String {
        let manager = FileManager.default
        let directory = url.deletingLastPathComponent().path
        if !manager.fileExists(atPath: directory) { return "the folder \(directory) does not exist" }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue { return "it is a folder" }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileReadInapplicableStringEncodingError: return "it is not UTF-8 text"
            case NSFileWriteOutOfSpaceError: return "the disk is full"
            case NSFileWriteVolumeReadOnlyError: return "the disk is read-only"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
