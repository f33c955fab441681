// SIGINT handling: the handler only sets the Interruption flag; the evaluator stops at a safe point.

import Foundation

/// Installs a SIGINT handler that requests an interruption instead of killing the process.
public enum InterruptSignal {
    nonisolated(unsafe) private static var target: Interruption?

    /// Routes Ctrl-C to `interruption` from now on.
    public static func install(_ interruption: Interruption) {
        target = interruption
        signal(SIGINT) { _ in
            // Only async-signal-safe work here: an atomic store.
            InterruptSignal.target?.request()
        }
    }
}
