// The learner's progress through the lessons: which are done and where they stopped, kept in a small JSON file.

import Foundation
import GradbookCore

/// `$XDG_STATE_HOME/gradbook/lessons.json`, else `~/.local/state/gradbook/lessons.json`.
///
/// Like the history file, it never fails loudly: when it cannot be written progress lasts for this run only.
/// Everything read from it is checked (types, ranges, size), because a hand-edited or damaged file must not
/// crash a lesson: a file that fails the check is moved aside as `lessons.json.damaged` (never overwritten),
/// the learner is told once, and progress starts afresh. Writes are atomic (`AtomicFile`).
public struct LessonProgress: Sendable {
    /// What is remembered.
    public struct State: Codable, Equatable, Sendable {
        /// The slugs of the finished lessons.
        public var completed: [String] = []
        /// The lesson in progress, and the step (0-based) the learner reached in it.
        public var current: String?
        public var step = 0

        public init() {}

        /// Reads a state, leniently about missing fields (they keep their defaults) and strictly about
        /// wrong types and values no lesson can have.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            completed = try container.decodeIfPresent([String].self, forKey: .completed) ?? []
            current = try container.decodeIfPresent(String.self, forKey: .current)
            step = try container.decodeIfPresent(Int.self, forKey: .step) ?? 0
            guard (0...LessonProgress.largestStep).contains(step) else {
                throw DecodingError.dataCorruptedError(forKey: .step, in: container, debugDescription: "step \(step) is out of range")
            }
            let names = completed + (current.map { [$0] } ?? [])
            guard completed.count <= LessonProgress.mostLessons, names.allSatisfy({ !$0.isEmpty && $0.count <= LessonProgress.longestName }) else {
                throw DecodingError.dataCorruptedError(forKey: .completed, in: container, debugDescription: "a lesson name is out of range")
            }
        }
    }

    /// The bounds a real progress file stays far within; past them the file is damaged.
    static let largestStep = 100_000, mostLessons = 10_000, longestName = 200, largestFile = 1 << 20

    public var url: URL?

    public init(url: URL?) {
        self.url = url
    }

    public init(environment: [String: String]) {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            url = URL(fileURLWithPath: state).appendingPathComponent("gradbook/lessons.json")
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            url = URL(fileURLWithPath: home).appendingPathComponent(".local/state/gradbook/lessons.json")
        } else {
            url = nil
        }
    }

    /// The progress, with a sentence for the learner when the file was damaged (and has been moved aside).
    /// A file that cannot be read at all (no permission, a folder in its place) is left alone: no progress.
    public func read() -> (state: State, notice: String?) {
        guard let url, let target = try? AtomicFile.target(of: url),
              case .regular(_, _, _, let size) = AtomicFile.kind(at: target.path),
              let data = size <= LessonProgress.largestFile ? try? Data(contentsOf: target) : Data()
        else { return (State(), nil) }
        if let state = try? JSONDecoder().decode(State.self, from: data) { return (state, nil) }
        let backup = moveAside(target)
        let kept = backup.map { "it is kept as \($0.path)" } ?? "it could not be moved aside"
        return (State(), "note: your lesson progress file \(url.path) is damaged, so progress starts afresh; \(kept).")
    }

    /// The progress (see `read`, which also says when the file was damaged).
    public func load() -> State {
        read().state
    }

    /// Renames a damaged file to `lessons.json.damaged` (or `.damaged-2`, … so an earlier one is kept).
    private func moveAside(_ url: URL) -> URL? {
        for number in 1...99 {
            let backup = URL(fileURLWithPath: url.path + ".damaged" + (number == 1 ? "" : "-\(number)"))
            guard case .absent = AtomicFile.kind(at: backup.path) else { continue }
            return rename(url.path, backup.path) == 0 ? backup : nil
        }
        return nil
    }

    /// Writes `state`; returns whether it was saved.
    @discardableResult
    public func save(_ state: State) -> Bool {
        guard let url else { return false }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try encoder.encode(state), to: url, newFileMode: 0o600)
            return true
        } catch {
            return false
        }
    }

    /// Records that the learner reached `step` of `slug`.
    public func reached(step: Int, of slug: String) {
        var state = load()
        state.current = slug
        state.step = step
        save(state)
    }

    /// Records that `slug` is finished.
    public func finished(_ slug: String) {
        var state = load()
        if !state.completed.contains(slug) { state.completed.append(slug) }
        if state.current == slug { state.current = nil; state.step = 0 }
        save(state)
    }
}
