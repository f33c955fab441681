// The REPL loop over scripted lines: continuation, _ and Out[n], stale marks, errors that keep state.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

@Suite("REPL sessions over scripted lines")
struct REPLSessionTests {
    @Test("scratch")
    func scratch() {
        print(session(["x = 2", "y = x^2 + (1 +", "  2)", "y", "x = 5", "y", ":vars", ":info y", "y + 1", ":recompute", "y", "_", "Out[4]", "_4 * 2", "diff(x^2, x)", "sin(x, y)", "x", "(1 +", "^C", "3", "grad([x", "", "^D"]))
    }
}
