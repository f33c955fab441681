// The learner's progress through the lessons: which are done and where they stopped, kept in a small JSON file.

import Foundation

/// `$XDG_STATE_HOME/gradbook/lessons.json`, else `~/.local/state/gradbook/lessons.json`.
///
/// Like the history file, it never fails loudly: when it cannot be read the learner starts fresh, and
/// when it cannot be written progress lasts for this run only. Writes are atomic (a temporary file renamed
/// into place), so an interrupted write never leaves a broken file.
public struct LessonProgress: Sendable {
    /// What is remembered.
    public struct State: Codable, Equatable, Sendable {
        /// The slugs of the finished lessons.
        public var completed: [String] = []
        /// The lesson in progress, and the step (0-based) the learner reached in it.
        public var current: String?
        public var step = 0

        public init() {}
    }

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

    public func load() -> State {
        guard let url, let data = try? Data(contentsOf: url), let state = try? JSONDecoder().decode(State.self, from: data) else { return State() }
        return state
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
            try encoder.encode(state).write(to: url, options: .atomic)
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
