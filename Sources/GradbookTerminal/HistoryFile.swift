// Where the REPL keeps typed lines between sessions, and how several sessions add to it without losing any.

import Foundation
import GradbookCore

/// The history file: `$XDG_STATE_HOME/gradbook/history`, else `~/.local/state/gradbook/history`.
///
/// Reading and writing never fail loudly: with no usable directory (no `HOME`, a read-only disk), the
/// REPL simply keeps its history for this session only. Two REPLs open at once both keep their cells, as
/// IPython does: a write merges (it reads what is on disk, adds this session's cells not yet written, keeps
/// the newest `limit`) under a lock, then replaces the file atomically (`AtomicFile`: fsync, rename, through a
/// symlink to its target). The format is readline's: each entry is a marker line (`\u{1}` and a time) and the
/// entry's lines, so a cell typed over several lines comes back whole.
public struct HistoryFile: Sendable, Equatable {
    /// One remembered cell: readline's marker line (without its line break) and the cell's text.
    public struct Entry: Sendable, Equatable {
        public var marker: String
        public var text: String

        public init(marker: String, text: String) {
            self.marker = marker
            self.text = text
        }

        /// An entry stamped with the current time, as readline stamps one.
        public init(_ text: String, at date: Date = Date()) {
            self.init(marker: "\u{1}\(Int(date.timeIntervalSince1970))", text: text)
        }
    }

    /// How many entries the file keeps (readline's `stifle_history` in `LineEditor` keeps as many in memory).
    public static let limit = 1_000

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

    /// Adds `entries` after what the file holds now (another session may have written since), keeping the
    /// newest `limit`; returns whether the file was written. On failure the old file is left as it was.
    @discardableResult
    public func append(_ entries: [Entry]) -> Bool {
        guard let url, prepareFolder(), let target = try? AtomicFile.target(of: url) else { return false }
        // Anything but a regular file (a fifo would block the read) is refused by the write as well.
        if case .other = AtomicFile.kind(at: target.path) { return false }
        return HistoryFile.whileLocked(beside: target) {
            let onDisk = (try? Data(contentsOf: target)).map { HistoryFile.entries(in: String(decoding: $0, as: UTF8.self)) } ?? []
            let merged = Array((onDisk + entries).suffix(HistoryFile.limit))
            do { try AtomicFile.write(Data(HistoryFile.text(of: merged).utf8), to: target, newFileMode: 0o600) } catch { return false }
            return true
        }
    }

    /// Removes temporary files left by sessions that were killed mid-write (`history.tmp-PID` from older
    /// versions, `.history.gradbook-PID.tmp` now) whose process no longer exists.
    public func removeAbandonedTemporaryFiles() {
        guard let url, let target = try? AtomicFile.target(of: url) else { return }
        let folder = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        for file in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            guard let pid = HistoryFile.writerProcess(ofTemporary: file, for: name), pid != getpid() else { continue }
            // kill with signal 0 only asks whether the process exists; ESRCH means it does not.
            if kill(pid, 0) != 0, errno == ESRCH { unlink(folder.appendingPathComponent(file).path) }
        }
    }

    /// The process that was writing `file`, when it is one of the history's temporary files.
    static func writerProcess(ofTemporary file: String, for name: String) -> pid_t? {
        let prefixes = [("\(name).tmp-", ""), (".\(name).gradbook-", ".tmp")]
        for (prefix, suffix) in prefixes where file.hasPrefix(prefix) && file.hasSuffix(suffix) {
            let digits = file.dropFirst(prefix.count).dropLast(suffix.count)
            if !digits.isEmpty, digits.allSatisfy(\.isASCII), let pid = pid_t(digits), pid > 0 { return pid }
        }
        return nil
    }

    // MARK: The file's format

    /// The entries of a history file. A line that starts with `\u{1}` and a digit is a marker opening an
    /// entry, and the lines up to the next marker are its text; a file without markers (from before they were
    /// written) has one entry per line.
    public static func entries(in text: String) -> [Entry] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.contains(where: isMarker) else {
            return lines.filter { !$0.isEmpty }.map { Entry(marker: "\u{1}0", text: String($0)) }
        }
        var entries: [(marker: String, lines: [Substring])] = []
        for line in lines {
            if isMarker(line) {
                entries.append((String(line), []))
            } else if !entries.isEmpty {
                entries[entries.count - 1].lines.append(line)
            }
        }
        return entries.filter { !$0.lines.isEmpty }.map { Entry(marker: $0.marker, text: $0.lines.joined(separator: "\n")) }
    }

    /// The file's text for `entries`, as readline writes it with `history_write_timestamps`.
    public static func text(of entries: [Entry]) -> String {
        entries.map { "\($0.marker)\n\($0.text)\n" }.joined()
    }

    private static func isMarker(_ line: Substring) -> Bool {
        line.unicodeScalars.first == "\u{1}" && line.unicodeScalars.dropFirst().first.map { ("0"..."9").contains($0) } == true
    }

    /// Runs `work` holding an exclusive lock on `NAME.lock` beside the file, so two sessions writing at the
    /// same moment take turns; without a lock (a read-only folder) it runs anyway, and its write then fails.
    private static func whileLocked(beside target: URL, _ work: () -> Bool) -> Bool {
        let lockPath = target.deletingLastPathComponent().appendingPathComponent(target.lastPathComponent + ".lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return work() }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        return work()
    }
}
