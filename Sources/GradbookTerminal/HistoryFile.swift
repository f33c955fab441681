// Where the REPL keeps typed lines between sessions, and how it writes them without ever failing.

import Foundation

/// The history file: `$XDG_STATE_HOME/gradbook/history`, else `~/.local/state/gradbook/history`.
///
/// Reading and writing never fail loudly: with no usable directory (no `HOME`, a read-only disk), the
/// REPL simply keeps its history for this session only. Writes go to a temporary file in the same
/// folder that is then renamed over the old one, so an interrupted write never truncates the history.
public struct HistoryFile: Sendable, Equatable {
    /// The file, or nil when no location can be worked out.
    public var url: URL?

    public init(url: URL?) {
        self.url = url
    }

    /// The location the XDG Base Directory rules give: `XDG_STATE_HOME` when it is an absolute path,
    /// otherwise `HOME/.local/state`; nil when neither is usable.
    public init(environment: [String: String]) {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            url = URL(fileURLWithPath: state).appendingPathComponent("gradbook/history")
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            url = URL(fileURLWithPath: home).appendingPathComponent(".local/state/gradbook/history")
        } else {
            url = nil
        }
    }

    /// Creates the folder if needed (readable by the user only); false when that is impossible.
    public func prepareFolder() -> Bool {
        guard let folder = url?.deletingLastPathComponent() else { return false }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            return true
        } catch {
            return false
        }
    }

    /// Writes the file by calling `write` on a temporary path, then renaming it into place.
    ///
    /// `write` returns 0 on success (readline's `write_history` convention). Returns whether it worked;
    /// on failure the old file is left as it was and the temporary file is removed.
    @discardableResult
    public func replace(using write: (String) -> Int32) -> Bool {
        guard let url, prepareFolder() else { return false }
        let temporary = url.path + ".tmp-\(getpid())"
        guard write(temporary) == 0, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
