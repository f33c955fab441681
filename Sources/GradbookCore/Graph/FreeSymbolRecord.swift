// Which names have ever stood free in a graph, and since when: what lets a stale check skip a graph that is
// older than every free symbol of a name bound now (`StalenessCheck`).

import Synchronization

/// The serial of the first free symbol made for each name, in this process.
///
/// A value made before that serial cannot hold a free symbol of the name, so binding the name cannot have made
/// it "made when the name was free". Process-wide, as the serials are: a name that was free in another session
/// only makes a check walk more, never less. (A lock, not the session: free symbols are made by the evaluator,
/// by formulas turned back into graphs and by re-runs, and every one of them passes through `Node.init`.)
enum FreeSymbolRecord {
    private static let firstSerials = Mutex<[String: Int]>([:])

    /// Notes a free symbol of `name` made with `serial` (only the first of each name is kept).
    static func note(_ name: String, serial: Int) {
        firstSerials.withLock { serials in
            if serials[name] == nil { serials[name] = serial }
        }
    }

    /// Every name a free symbol was made for, with the serial of the first.
    static var all: [String: Int] { firstSerials.withLock { $0 } }
}
