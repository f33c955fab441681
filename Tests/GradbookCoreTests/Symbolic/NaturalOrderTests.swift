// The byte-level fast path of NaturalOrder must order names exactly as the definition on runs does.

@testable import GradbookCore
import PropertyBased
import Testing

@Suite("Natural order of names")
struct NaturalOrderTests {
    /// Names built from the pieces that make runs interesting: letters, digits, leading zeros, non-ASCII.
    static let names = Gen.int(in: 0...9).array(of: 0...6).map { pieces in
        pieces.map { ["t", "w", "1", "2", "10", "0", "09", "b", "_", "é"][$0] }.joined()
    }

    @Test("the fast path agrees with the definition on random names")
    func fastPathAgrees() async {
        await propertyCheck(count: 2_000, input: Self.names, Self.names) { a, b in
            #expect(NaturalOrder.precedes(a, b) == NaturalOrder.runsPrecedes(a, b), "\(a) vs \(b)")
        }
    }

    @Test("numbers inside names compare by value", arguments: [("t2", "t10"), ("w9", "w10"), ("t1", "t1b"), ("x", "y"), ("t7", "t07")])
    func examples(_ pair: (String, String)) {
        #expect(NaturalOrder.precedes(pair.0, pair.1))
        #expect(!NaturalOrder.precedes(pair.1, pair.0))
    }
}
