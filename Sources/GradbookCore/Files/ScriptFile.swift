// Reading a script (run FILE, :load FILE, piped stdin) as text, with one plain sentence for each way it can fail.
//
// Convention: a script must be UTF-8. A byte that is not is refused with its line and column, the same way for
// a file and for piped input, rather than read as U+FFFD: a replaced byte inside a comment or a file name in
// quotes would otherwise change what the script means without a word (Python refuses such files too).

import Foundation

/// Reads script files and checks that their bytes are UTF-8 text.
public enum ScriptFile {
    /// The most bytes read from one script: four per character of the longest input the lexer accepts, so a
    /// huge file (or /dev/zero) is refused after reading this much instead of filling memory.
    public static let maximumBytes = 4 * Lexer.maximumLength

    /// Why a script could not be read (worded by `ScriptUnreadable.sentence`, with no caret: there is no text to
    /// point into), or the place of its first byte that is not UTF-8.
    public enum Problem: Error, Sendable, Equatable {
        case unreadable(ScriptUnreadable)
        case notUTF8(Diagnostic)

        /// The diagnostic to show, at `range` when the file could not be read at all.
        public func diagnostic(at range: SourceRange) -> Diagnostic {
            switch self {
            case .unreadable(let reason): return .scriptUnreadable(reason, at: range)
            case .notUTF8(let diagnostic): return diagnostic
            }
        }
    }

    /// The text of the file at `url` (named `name` in messages, as the person typed it).
    public static func read(_ url: URL, name: String) -> Result<String, Problem> {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(.unreadable(openFailure(errno, name: name, at: url))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            return .failure(.unreadable(.isFolder(name)))
        }
        let data: Data
        do { data = try handle.read(upToCount: maximumBytes + 1) ?? Data() } catch {
            return .failure(.unreadable(.failed(name, reason: (error as NSError).localizedDescription)))
        }
        guard data.count <= maximumBytes else {
            return .failure(.unreadable(.tooLarge(name, megabytes: maximumBytes / 1_000_000)))
        }
        return decode(data, name: name).mapError { .notUTF8($0) }
    }

    /// Why `open` refused the file, from its error `code`.
    static func openFailure(_ code: Int32, name: String, at url: URL) -> ScriptUnreadable {
        switch code {
        case ENOENT:
            let folder = url.deletingLastPathComponent().path
            return .noFile(name, missingFolder: FileManager.default.fileExists(atPath: folder) ? nil : folder)
        case EACCES, EPERM: return .noPermission(name)
        case EISDIR: return .isFolder(name)
        case ENOTDIR: return .notAFile(name)
        default: return .failed(name, reason: String(cString: strerror(code)).lowercased())
        }
    }

    /// `data` as text, or a diagnostic at the first byte that is not UTF-8 (its line and column, the line shown).
    public static func decode(_ data: Data, name: String) -> Result<String, Diagnostic> {
        // The standard library's validation is fast; the scalar-by-scalar search below runs only for a bad file
        // (it cost about 90 instructions a byte, a twentieth of running a script of short lines).
        if let text = String(validating: data, as: UTF8.self) { return .success(text) }
        let text = String(decoding: data, as: UTF8.self)
        guard let bad = firstInvalidByte(in: data) else { return .success(text) }
        // String(decoding:) turns each invalid sequence into one U+FFFD, so the valid prefix's scalar count is
        // the offset of the replacement character the caret should point at.
        let offset = String(decoding: data.prefix(bad), as: UTF8.self).unicodeScalars.count
        let byte = String(format: "0x%02X", data[data.startIndex + bad])
        let diagnostic = Diagnostic.scriptNotUTF8(byte: byte, at: SourceRange(offset, offset + 1))
        return .failure(diagnostic.located(in: SourceText(text, name: name)))
    }

    /// The index (from the start of `data`) of the first byte that does not belong to valid UTF-8, if any.
    static func firstInvalidByte(in data: Data) -> Int? {
        var decoder = UTF8()
        var iterator = data.makeIterator()
        var consumed = 0
        var valid = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                valid = consumed
            case .emptyInput:
                return nil
            case .error:
                return valid
            }
        }
    }
}
