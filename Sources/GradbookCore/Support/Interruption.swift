// The flag Ctrl-C sets and long computations poll at safe points (Lua's lesson: a signal only sets a flag).

import Synchronization

/// A request to stop the current computation.
///
/// The terminal's signal handler calls `request()`; the evaluator checks `isRequested` at safe points
/// (each call, each chain step, each numeric re-run) and stops with "interrupted; nothing was changed".
public final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Set with the flag but only reset by `takeWasRequested()`: whether Ctrl-C came at all, even if a
    /// computation that stops gracefully (train, repeat) has already handled and cleared it.
    private let seen = Atomic<Bool>(false)

    public init() {}

    public func request() {
        flag.store(true, ordering: .relaxed)
        seen.store(true, ordering: .relaxed)
    }

    /// Whether Ctrl-C came since the last call (the REPL then starts its output on a fresh line).
    public func takeWasRequested() -> Bool { seen.exchange(false, ordering: .relaxed) }

    public func clear() { flag.store(false, ordering: .relaxed) }

    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
