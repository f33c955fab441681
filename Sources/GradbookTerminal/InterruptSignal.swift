// SIGINT handling: the handler only sets the Interruption flag; the evaluator stops at a safe point.

import Foundation
import GradbookCore

/// Installs a SIGINT handler that requests an interruption instead of killing the process.
///
/// The handler does one atomic store and nothing else (Lua's lesson: a signal only sets a flag). During a
/// computation the evaluator polls the flag and stops with every binding as it was before the cell; at
/// the prompt readline notices the signal and `LineEditor`'s hook clears the line. `signal` on glibc and
/// on Darwin has BSD semantics, i.e. `SA_RESTART`, so a read from a pipe is resumed, never broken
/// (TOOLCHAIN.md §1).
public enum InterruptSignal {
    nonisolated(unsafe) private static var target: Interruption?

    /// Routes Ctrl-C to `interruption` from now on.
    public static func install(_ interruption: Interruption) {
        // Assigning first also runs the static's lazy initialisation, which is not async-signal-safe.
        target = interruption
        signal(SIGINT) { _ in
            InterruptSignal.target?.request()
        }
    }
}
