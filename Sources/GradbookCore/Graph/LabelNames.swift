// The binding names nodes are labelled with, each kept once, so that a node holds its label as a small number.

import Synchronization

/// Numbers for the names intermediate results are labelled with (`h` in `h = relu(z)`).
///
/// A loop like `repeat 30000 { v = v*x + 0.1 }` labels every intermediate `v`. Keeping the name in the node's
/// side object (`Node.Extras`) allocated one per repetition, a twentieth of the repetition's time; a number in
/// two bytes the node had spare costs no memory. The names are few (a session's binding names), so the table only
/// grows with new names; when it is full, labels go back to the side object. Shared by every session in the
/// process, hence the lock.
enum LabelNames {
    private struct Table {
        /// The name of each number; 0 stands for "no label".
        var names: [String] = [""]
        var numbers: [String: UInt16] = [:]
        /// The last name asked for: a loop labels with the same name over and over, and comparing two short
        /// strings is cheaper than hashing one.
        var last: (name: String, number: UInt16)?
    }

    private static let table = Mutex(Table())

    /// The number standing for `name`, added if new; nil when every number is taken.
    static func number(for name: String) -> UInt16? {
        table.withLock { table in
            if let last = table.last, last.name == name { return last.number }
            let number: UInt16
            if let known = table.numbers[name] {
                number = known
            } else {
                guard table.names.count <= Int(UInt16.max) else { return nil }
                number = UInt16(table.names.count)
                table.names.append(name)
                table.numbers[name] = number
            }
            table.last = (name, number)
            return number
        }
    }

    /// The name `number` stands for (a number `number(for:)` gave).
    static func name(_ number: UInt16) -> String {
        table.withLock { $0.names[Int(number)] }
    }
}
