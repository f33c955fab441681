// :save FILE [--force]: the session as a script, written atomically and never over a file :save did not write.

import Foundation

extension Notebook {
    /// The first line of every script `:save` writes. A file that starts with it is gradbook's to replace;
    /// any other file may be the learner's own work (a script they wrote and loaded), so it needs --force.
    static let savedScriptMarker = "# gradbook session, saved by :save"

    /// Writes the session's statements as a script (see `AtomicFile` for how it is written).
    func save(_ argument: String, statement: Statement, into result: inout CellResult) throws(Diagnostic) {
        let (path, force) = Notebook.saveArguments(argument)
        guard !path.isEmpty else { throw .commandNeedsArgument("save", usage: Command.save.usage, at: statement.range) }
        let file = url(for: path)
        let target: URL
        do { target = try AtomicFile.target(of: file) } catch { throw .couldNotSave(path, reason: error.reason, at: statement.range) }
        guard force || Notebook.isReplaceableBySave(target) else {
            throw .saveWouldReplace(path, otherName: Notebook.unusedName(like: path, in: file.deletingLastPathComponent()), at: statement.range)
        }
        let script = Notebook.savedScriptMarker + "; replay with :load or gradbook run\n" + history.map { $0 + "\n" }.joined()
        do { try AtomicFile.write(Data(script.utf8), to: file) } catch {
            throw .couldNotSave(path, reason: error.reason, at: statement.range)
        }
        let count = history.count == 1 ? "1 statement" : "\(history.count) statements"
        result.outputs.append(Output(kind: .info, text: "saved \(count) to \(path)."))
        if history.contains(where: Notebook.refersToNumberedResult) {
            result.outputs.append(Output(kind: .note, text: "note: some statements use Out[n] or _n; a replay numbers its results differently, so bind them to names (y = Out[3]) to keep them."))
        }
    }

    /// The file name and whether `--force` was given, from `:save notes.gb --force` (or `--force` first);
    /// a name with spaces may be in double quotes.
    static func saveArguments(_ argument: String) -> (path: String, force: Bool) {
        var rest = argument.trimmingCharacters(in: .whitespaces)
        var force = false
        if rest == "--force" { return ("", true) }
        if rest.hasPrefix("--force ") { force = true; rest = String(rest.dropFirst("--force ".count)) }
        if rest.hasSuffix(" --force") { force = true; rest = String(rest.dropLast(" --force".count)) }
        return (unquoted(rest.trimmingCharacters(in: .whitespaces)), force)
    }

    /// Whether `:save` may replace what is at `target` without --force: nothing there, an empty file, or a
    /// script `:save` wrote (its first line is the marker). Something that is not a regular file is left to
    /// `AtomicFile.write`, which refuses it with or without --force.
    static func isReplaceableBySave(_ target: URL) -> Bool {
        switch AtomicFile.kind(at: target.path) {
        case .absent, .other: return true
        case .regular(_, _, _, let size) where size == 0: return true
        case .regular:
            guard let handle = try? FileHandle(forReadingFrom: target) else { return false }
            defer { try? handle.close() }
            let start = (try? handle.read(upToCount: savedScriptMarker.utf8.count)) ?? Data()
            return start == Data(savedScriptMarker.utf8)
        }
    }

    /// A free name beside the file `path` names, as typed: notes.gb → notes-2.gb (or -3, …), for the hint.
    static func unusedName(like path: String, in folder: URL) -> String {
        let typedFolder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let base = (name as NSString).deletingPathExtension
        let suffix = (name as NSString).pathExtension.isEmpty ? "" : "." + (name as NSString).pathExtension
        var candidate = "\(base)-new\(suffix)"
        for number in 2...99 {
            let name = "\(base)-\(number)\(suffix)"
            if case .absent = AtomicFile.kind(at: folder.appendingPathComponent(name).path) { candidate = name; break }
        }
        return typedFolder.isEmpty ? candidate : (typedFolder as NSString).appendingPathComponent(candidate)
    }
}
