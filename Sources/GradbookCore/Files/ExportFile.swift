// Writing exported files safely: atomically (a temporary file renamed into place), never over a file
// gradbook did not write unless forced, and Graphviz's dot run as a separate program when it is there.

import Foundation

/// Why an export could not be written.
enum ExportProblem: Error, Equatable {
    /// The file exists and has no gradbook marker: it may be the person's own work.
    case wouldOverwrite(String)
    case writeFailed(String)
    case graphvizMissing
    case graphvizFailed(String)
    /// Ctrl-C came before the file was written: nothing was written, and a file already there is untouched.
    case interrupted
}

/// Atomic, non-clobbering file output for `:export`.
///
/// Every file gradbook exports carries the words `gradbook export` near its start (a comment in DOT,
/// SVG, Markdown and HTML, the notebook metadata in .ipynb, a tEXt chunk in PNG). A file that exists
/// without them in its first `markerWindow` bytes is not overwritten unless `force` is set.
enum ExportFile {
    static let marker = "gradbook export"
    static let markerWindow = 4_096

    /// Whether the file at `url` was written by gradbook (or does not exist).
    static func isOursOrAbsent(_ url: URL) -> Bool {
        guard FileManager.default.fileExists(atPath: url.path) else { return true }
        // A folder, fifo or device is not read (opening a fifo would wait for a writer forever):
        // `write` refuses it with the reason, with or without --force.
        if let target = try? AtomicFile.target(of: url), case .other = AtomicFile.kind(at: target.path) { return true }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: markerWindow)) ?? Data()
        return start.range(of: Data(marker.utf8)) != nil
    }

    /// Writes `data` to `url` as `:save` writes scripts (`AtomicFile`: through a symlink, keeping the mode,
    /// fsynced, renamed into place, never over a folder, device or fifo, even with `force`).
    static func write(_ data: Data, to url: URL, force: Bool) throws(ExportProblem) {
        guard force || isOursOrAbsent(url) else { throw .wouldOverwrite(url.lastPathComponent) }
        do { try AtomicFile.write(data, to: url) } catch { throw .writeFailed(error.reason) }
    }

    /// The path of Graphviz's `dot` on the PATH, if it is installed.
    static func graphvizPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `dot -T<format>` on `source` and returns what it printed, marked as gradbook's.
    ///
    /// dot can take minutes on a large graph, so `shouldStop` (Ctrl-C) is asked every 50 ms while it runs
    /// (`ChildProcess`); when it says stop, dot is terminated and nothing is kept.
    static func graphviz(_ source: String, format: String, shouldStop: () -> Bool = { false }) throws(ExportProblem) -> Data {
        guard let dot = graphvizPath() else { throw .graphvizMissing }
        let run: ChildProcessResult
        do {
            run = try ChildProcess.run(dot, arguments: ["-T\(format)"], input: Array(source.utf8), shouldStop: shouldStop)
        } catch {
            switch error {
            case .stopped: throw .interrupted
            case .couldNotStart(let reason): throw .graphvizFailed(reason)
            }
        }
        guard run.status == 0 else { throw .graphvizFailed(failure(of: run)) }
        return format == "png" ? markedPNG(Data(run.output)) : markedSVG(Data(run.output))
    }

    /// Why dot failed: what it said, or, when it said nothing (a 6,000-node chain got it killed after a minute),
    /// how it ended.
    static func failure(of run: ChildProcessResult) -> String {
        let said = String(decoding: run.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard said.isEmpty else { return said }
        guard run.status > 128 else { return "dot stopped with exit status \(run.status) and said nothing" }
        let signal = run.status - 128
        return "dot was stopped by signal \(signal)" + (signal == SIGKILL ? ", most likely for want of memory" : "")
    }

    /// An SVG with gradbook's marker comment after its XML declaration.
    static func markedSVG(_ data: Data) -> Data {
        var text = String(decoding: data, as: UTF8.self)
        let comment = "<!-- \(marker): computation graph -->\n"
        if let end = text.range(of: "?>\n") { text.insert(contentsOf: comment, at: end.upperBound) } else { text = comment + text }
        return Data(text.utf8)
    }

    /// A PNG with a `tEXt` chunk (Software: gradbook export) right after its header chunk.
    static func markedPNG(_ data: Data) -> Data {
        let headerEnd = 8 + 25
        guard data.count > headerEnd else { return data }
        let body = Data("tEXt".utf8) + Data("Software".utf8) + Data([0]) + Data(marker.utf8)
        var chunk = bigEndian(UInt32(body.count - 4)) + body
        chunk += bigEndian(crc32(body))
        return data.prefix(headerEnd) + chunk + data.dropFirst(headerEnd)
    }

    private static func bigEndian(_ value: UInt32) -> Data {
        Data([UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    /// CRC-32 (PNG's, polynomial 0xEDB88320) of `data`.
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
