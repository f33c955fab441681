// The flag Ctrl-C sets and long computations poll at safe points (Lua's lesson: a signal only sets a flag).

import Synchronization

/// A request to stop the current computation.
///
/// The terminal's signal handler calls `request()`; the evaluator checks `isRequested` at safe points
/// (each call, each chain step, each numeric re-run) and stops with "interrupted; nothing was changed".
public final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func request() { flag.store(true, ordering: .relaxed) }

    public func clear() { flag.store(false, ordering: .relaxed) }

    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
