// Replacing a file safely: through symlinks to the file they name, only when it is a regular file, with
// its mode and owner kept, the new bytes fsynced before a rename puts them in place.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a file could not be replaced. The old file is untouched in every case.
public enum AtomicFileProblem: Error, Equatable, Sendable {
    /// The path names something other than a regular file ("a folder", "a device", …).
    case notARegularFile(String)
    /// The system refused: the reason in a few plain words ("permission denied", "the folder … does not exist").
    case failed(String)

    /// The reason as a learner reads it after "could not save to 'f': ".
    public var reason: String {
        switch self {
        case .notARegularFile(let kind): return kind == "a folder" ? "it is a folder" : "it is \(kind), not a regular file"
        case .failed(let reason): return reason
        }
    }
}

/// Writes whole files atomically, the way SQLite and editors do.
///
/// The bytes go to a temporary file beside the target (`.NAME.gradbook-PID.tmp`), which is written, given
/// the old file's permissions and owner, `fsync`ed and then renamed over the target: a crash or a full disk
/// leaves either the old file or the new one, never half of either. A symlink is followed, so the file it
/// points to is replaced and the link stays a link. A folder, device, fifo or socket is never replaced.
public enum AtomicFile {
    /// The temporary file beside `name` for process `pid`; `HistoryFile` removes ones whose process has died.
    public static func temporaryName(for name: String, pid: Int32 = getpid()) -> String {
        // A file name may have 255 bytes; the target's own name is shortened so the temporary one fits.
        let short = name.utf8.count <= 200 ? name : String(decoding: name.utf8.prefix(200), as: UTF8.self)
        return ".\(short).gradbook-\(pid).tmp"
    }

    /// What is at a path, without following a final symlink.
    public enum Kind: Equatable, Sendable {
        case absent
        case regular(mode: mode_t, owner: uid_t, group: gid_t, size: Int)
        /// Anything else, described for a sentence: "a folder", "a device", "a fifo", "a socket".
        case other(String)
    }

    /// What `path` names, following no symlink.
    public static func kind(at path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(mode: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid, size: Int(info.st_size))
        case S_IFDIR: return .other("a folder")
        case S_IFCHR, S_IFBLK: return .other("a device")
        case S_IFIFO: return .other("a fifo")
        case S_IFSOCK: return .other("a socket")
        case S_IFLNK: return .other("a symbolic link")
        default: return .other("a special file")
        }
    }

    /// The file `url` finally names after following symlinks (at most 40, as the kernel allows); a link to
    /// a file that does not exist yet gives that file's path, so writing creates it.
    public static func target(of url: URL) throws(AtomicFileProblem) -> URL {
        var path = url.path
        for _ in 0..<40 {
            guard case .other("a symbolic link") = kind(at: path) else { return URL(fileURLWithPath: path) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(path, &buffer, buffer.count - 1)
            guard count >= 0 else { throw .failed(describeErrno()) }
            let destination = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            path = destination.hasPrefix("/") ? destination
                : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(destination).standardizedFileURL.path
        }
        throw .failed("it is a chain of too many symbolic links")
    }

    /// Replaces the file `url` names (through symlinks) with `data`; a new file gets `newFileMode`
    /// (less the umask), an existing one keeps its mode and, where the system allows, its owner.
    public static func write(_ data: Data, to url: URL, newFileMode: mode_t = 0o644) throws(AtomicFileProblem) {
        let target = try target(of: url)
        let existing = kind(at: target.path)
        if case .other(let description) = existing { throw .notARegularFile(description) }
        let folder = target.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .failed(FileManager.default.fileExists(atPath: folder.path) ? "\(folder.path) is not a folder" : "the folder \(folder.path) does not exist")
        }
        let temporary = folder.appendingPathComponent(temporaryName(for: target.lastPathComponent)).path
        unlink(temporary)
        var mode = newFileMode
        if case .regular(let oldMode, _, _, _) = existing { mode = oldMode }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .failed(describeErrno()) }
        var problem = fill(descriptor, with: data, like: existing)
        if close(descriptor) != 0, problem == nil { problem = .failed(describeErrno()) }
        if let problem {
            unlink(temporary)
            throw problem
        }
        guard rename(temporary, target.path) == 0 else {
            let reason = describeErrno()
            unlink(temporary)
            throw .failed(reason)
        }
        syncFolder(folder.path)
    }

    /// Writes the temporary file's bytes, gives it the old file's mode and owner, and flushes it to disk;
    /// nil when all of that worked.
    private static func fill(_ descriptor: Int32, with data: Data, like existing: Kind) -> AtomicFileProblem? {
        guard writeBytes(data, to: descriptor) else { return .failed(describeErrno()) }
        if case .regular(let mode, let owner, let group, _) = existing {
            // Only root can give a file away; for anyone else the new file stays theirs, as in any editor.
            _ = fchown(descriptor, owner, group)
            guard fchmod(descriptor, mode) == 0 else { return .failed(describeErrno()) }
        }
        return fsync(descriptor) == 0 ? nil : .failed(describeErrno())
    }

    /// Makes the rename itself durable (the folder's entry), as SQLite does; failure here loses nothing.
    private static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// The C library's reason for the last failure, in lower case ("permission denied", "no space left on device").
    static func describeErrno() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}

/// Writes every byte of `data` to `descriptor`, retrying after a signal; false on failure (see errno).
/// Outside `AtomicFile`, where the C library's `write` is not shadowed by `AtomicFile.write`.
private func writeBytes(_ data: Data, to descriptor: Int32) -> Bool {
    data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return true }
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
