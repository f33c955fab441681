// gradbook serve --json: one JSON request per line in, one JSON reply per line out (jupyter/PROTOCOL.md).

import Foundation
import GradbookCore

/// A session driven by another program (the Jupyter kernel): execute, complete, inspect, is_complete, reset
/// and shutdown, each a JSON object on one line, each answered by one JSON object on one line.
///
/// Replies carry the cell's results as data (MIME bundles, notes, errors with their place and hint), never
/// text to be parsed. SIGINT while a cell runs stops it at its next safe point, with every binding as it
/// was before the cell, and the server goes on reading requests.
public final class JSONServer {
    private(set) var notebook: Notebook
    public let interruption: Interruption

    public init(interruption: Interruption = Interruption()) {
        self.interruption = interruption
        self.notebook = Notebook(interruption: interruption)
        notebook.exercises = lessons.answers()
    }

    /// Where `:answer` finds the lessons' exercises.
    private let lessons = LessonLibrary.standard()

    /// Reads requests from `nextLine` until shutdown or end of input, writing each reply with `write`.
    public func serve(nextLine: () -> String?, write: (String) -> Void) {
        while let line = nextLine() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let (reply, stop) = handle(line)
            write(JSONServer.encode(reply))
            if stop { return }
        }
    }

    /// One request's reply, and whether the server should stop after sending it.
    public func handle(_ line: String) -> (reply: [String: Any], stop: Bool) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
              let request = object as? [String: Any] else {
            return (JSONServer.failure(nil, "the request is not a JSON object on one line."), false)
        }
        let id = request["id"]
        guard let type = request["type"] as? String else {
            return (JSONServer.failure(id, "the request has no \"type\" (execute, complete, inspect, is_complete, reset or shutdown)."), false)
        }
        let code = request["code"] as? String ?? ""
        let cursor = (request["cursor"] as? Int).map { max(0, min($0, code.unicodeScalars.count)) } ?? code.unicodeScalars.count
        var reply: [String: Any]
        switch type {
        case "execute":
            reply = execute(code, silent: request["silent"] as? Bool ?? false)
        case "complete":
            reply = complete(code, cursor: cursor)
        case "inspect":
            reply = inspect(code, cursor: cursor)
        case "is_complete":
            reply = ["status": Notebook.isIncomplete(code) ? "incomplete" : "complete"]
        case "reset":
            notebook = Notebook(interruption: interruption)
            notebook.exercises = lessons.answers()
            reply = ["status": "ok"]
        case "shutdown":
            reply = ["status": "ok"]
        default:
            return (JSONServer.failure(id, "'\(type)' is not a request gradbook serves (execute, complete, inspect, is_complete, reset or shutdown)."), false)
        }
        reply["type"] = type + "_reply"
        if let id { reply["id"] = id }
        return (reply, type == "shutdown")
    }

    private func execute(_ code: String, silent: Bool) -> [String: Any] {
        let interruption = self.interruption
        _ = interruption.takeWasRequested()   // a SIGINT between cells stops nothing
        let result = notebook.run(code)
        // train and repeat stop early and keep their work; any other statement is undone with its cell.
        let interrupted = interruption.takeWasRequested() || result.wasInterrupted
        interruption.clear()
        let outputs = silent ? [] : CellMIME(format: notebook.format) { interruption.isRequested }.outputs(of: result)
        var reply: [String: Any] = [
            "status": result.hasErrors ? "error" : "ok",
            "execution_count": result.number,
            "interrupted": interrupted,
            "undone": result.wasInterrupted,
            "quit": result.wantsQuit,
            "outputs": outputs.map(JSONServer.json),
        ]
        if let lesson = result.requestedLesson { reply["lesson"] = lesson }
        return reply
    }

    static func json(_ output: MIMEOutput) -> [String: Any] {
        var object: [String: Any] = ["kind": output.kind.rawValue, "data": output.data]
        if let diagnostic = output.diagnostic {
            var error: [String: Any] = ["message": diagnostic.message, "interruption": diagnostic.kind == .interruption]
            if let hint = diagnostic.shownHint { error["hint"] = hint }
            if let source = diagnostic.source {
                let (line, column) = source.location(of: diagnostic.range.lowerBound)
                error["line"] = line
                error["column"] = column
                error["source_line"] = source.lineText(containing: diagnostic.range.lowerBound)
            }
            object["error"] = error
        }
        return object
    }

    /// The word before `cursor` and the words that can replace it, as the terminal's TAB offers them.
    private func complete(_ code: String, cursor: Int) -> [String: Any] {
        let scalars = Array(code.unicodeScalars)
        let prefix = String(String.UnicodeScalarView(scalars[..<cursor]))
        let line = prefix.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        var breaks = Set(Completion.wordBreakCharacters(forLine: line).unicodeScalars)
        if Completion.context(before: prefix) == .fileNameInString { breaks.insert("\"") }
        var start = cursor
        while start > 0, !breaks.contains(scalars[start - 1]) { start -= 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<cursor]))
        let before = String(String.UnicodeScalarView(scalars[..<start]))
        let completion = Completion(bindings: notebook.bindings, listDirectory: FileListing.entries)
        return ["status": "ok", "matches": completion.candidates(completing: word, after: before),
                "cursor_start": start, "cursor_end": cursor]
    }

    /// `:info` and `?` help for the name under (or just before) the cursor.
    private func inspect(_ code: String, cursor: Int) -> [String: Any] {
        let scalars = Array(code.unicodeScalars)
        func isNamePart(_ scalar: Unicode.Scalar) -> Bool { scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) }
        var start = cursor, end = cursor
        while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isNamePart(scalars[end]) { end += 1 }
        // Just after a call's `(`: the function being called.
        if start == end, start > 0, scalars[start - 1] == "(" {
            end = start - 1
            start = end
            while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
        }
        var word = String(String.UnicodeScalarView(scalars[start..<end]))
        if start > 0, scalars[start - 1] == ":" { word = ":" + word }
        guard !word.isEmpty, let text = notebook.inspection(of: word) else {
            return ["status": "ok", "found": false, "data": [String: String](), "name": word]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": text], "name": word]
    }

    static func failure(_ id: Any?, _ message: String) -> [String: Any] {
        var reply: [String: Any] = ["type": "error_reply", "status": "error", "message": message]
        if let id { reply["id"] = id }
        return reply
    }

    static func encode(_ reply: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: reply, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return #"{"status":"error","message":"gradbook could not encode its reply as JSON."}"#
        }
        return String(decoding: data, as: UTF8.self)
    }
}
