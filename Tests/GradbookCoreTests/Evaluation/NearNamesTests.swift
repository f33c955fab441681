// "Did you mean" over many names: the deletion index must choose exactly what the plain scan chooses, and a
// gradient's formulas must share their common parts when they become graph nodes.

@testable import GradbookCore
import PropertyBased
import Testing

@Suite("Did you mean, over many names; shared gradient nodes")
struct NearNamesTests {
    /// Short names from a small alphabet, so that many are within one or two slips of each other.
    static let name = Gen.int(in: 0...5).array(of: 0...6).map { "w" + String($0.map { Array("abcW12")[$0] }) }
    /// Names with letters beyond ASCII too (é, α), which the index spells out by their scalars.
    static let wideName = Gen.int(in: 0...7).array(of: 0...6).map { "w" + String($0.map { Array("abcW12éα")[$0] }) }

    /// Every choice of up to `deletions` letters removed, worked out plainly as sets (how the index first did it).
    static func plainVariants(of word: String, deletions: Int) -> Set<String> {
        var found: Set<String> = [word], frontier: Set<String> = [word]
        for _ in 0..<deletions {
            var next = Set<String>()
            for text in frontier {
                let letters = Array(text.unicodeScalars)
                for skipped in letters.indices {
                    next.insert(String(String.UnicodeScalarView(letters.enumerated().filter { $0.offset != skipped }.map(\.element))))
                }
            }
            found.formUnion(next)
            frontier = next
        }
        return found
    }

    @Test("the deletion variants are every choice of up to two letters removed, ASCII or not")
    func variantsAreEveryDeletion() async {
        await propertyCheck(count: 300, input: Self.wideName, Gen.int(in: 0...2)) { word, deletions in
            #expect(Set(NearNames.variants(of: word, deletions: deletions)) == Self.plainVariants(of: word, deletions: deletions), "\(word)")
        }
    }

    @Test("the index chooses what Suggestion.closest chooses among names beyond ASCII too")
    func indexAgreesWithScanBeyondASCII() async {
        await propertyCheck(count: 200, input: Self.wideName.array(of: 0...40), Self.wideName) { names, word in
            let unique = names.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            #expect(NearNames(unique).closest(to: word) == Suggestion.closest(to: word, among: unique), "\(word) among \(unique)")
        }
    }

    @Test("the index chooses what Suggestion.closest chooses among every name")
    func indexAgreesWithScan() async {
        await propertyCheck(count: 200, input: Self.name.array(of: 0...40), Self.name) { names, word in
            let unique = names.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            #expect(NearNames(unique).closest(to: word) == Suggestion.closest(to: word, among: unique), "\(word) among \(unique)")
        }
    }

    @Test("the session's index follows the names as they are bound and unbound")
    func cacheFollowsBindings() {
        let cache = NearNamesCache()
        #expect(cache.index(of: ["weight", "bias"]).closest(to: "weigth") == "weight")
        #expect(cache.index(of: ["weight", "bias", "lerning"]).closest(to: "learning") == "lerning")
        // A name removed (a repetition undone): the index is rebuilt, not extended.
        #expect(cache.index(of: ["bias", "lerning"]).closest(to: "weigth") == nil)
        #expect(cache.index(of: ["bias", "lerning"]).names == ["bias", "lerning"])
        let notebook = Notebook()
        run("weight = 2", in: notebook)
        run("y = weigth * 3", in: notebook)
        run("w2 = 1; f(t) = t", in: notebook)
        // Functions are not suggested as values; a rebinding keeps the index right.
        #expect(notebook.bindings.nearNames.index(of: notebook.bindings.names).names == ["weight", "y", "w2", "f"])
    }

    @Test("the bounded distance counts a swap of neighbours as one slip, within the limit, else nil")
    func boundedDistance() {
        // ("ca", "abc") is 3: optimal string alignment does not edit a swapped pair again.
        let pairs = [("weight", "weigth", 1), ("tarce", "trace", 1), ("ab", "ba", 1), ("kitten", "sitting", 3),
                     ("", "abc", 3), ("abc", "abc", 0), ("sin", "sign", 1), ("ca", "abc", 3), ("aa", "aa", 0)]
        for (a, b, expected) in pairs {
            #expect(Suggestion.distance(a, b) == expected)
            #expect(Suggestion.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), within: expected) == expected)
            if expected > 0 { #expect(Suggestion.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), within: expected - 1) == nil) }
        }
    }

    @Test("two swapped letters are one slip: tarce is trace, sigmiod is sigmoid, wieght is weight")
    func swappedLetters() {
        let notebook = Notebook()
        run("wieght = 1", in: notebook)
        for (typed, meant) in [("tarce([[1, 2], [3, 4]])", "trace"), ("sigmiod(1)", "sigmoid")] {
            let hint = diagnostic(of: run(typed, in: notebook))?.hint ?? ""
            #expect(hint == "did you mean \(meant)?", "\(typed): \(hint)")
        }
        // A free name one swap from a bound one is a symbol, with a note that names the bound one.
        let notes = run("grad(weihgt^2, wieght)", in: notebook).outputs.map(\.text).joined(separator: "\n")
        #expect(notes.contains("did you mean 'wieght'?"), "\(notes)")
    }

    @Test("a typo among many bindings is still named: one slip away, and in another case")
    func typoAmongMany() {
        let notebook = Notebook()
        let bindings = (1...60).map { "h\($0) = \($0)" }.joined(separator: "; ")
        run(bindings + "; weight = 2; W = 3", in: notebook)
        // More than the few lookups a statement scans before it builds the index.
        let names = (1...20).map { "zz\($0)" }.joined(separator: ", ")
        let result = run("grad(x^2, [\(names), weigth])", in: notebook)
        #expect(diagnostic(of: result)?.message.contains("did you mean weight") == true, "\(String(describing: diagnostic(of: result)?.message))")
        let caseSlip = run("grad(x^2, [\(names), w])", in: notebook)
        #expect(diagnostic(of: caseSlip)?.message.contains("did you mean W") == true)
    }

    @Test("the partial derivatives of a chain share the nodes of their common adjoints")
    func gradientNodesShared() throws {
        let notebook = Notebook()
        let chain = (1...40).map { "h\($0) = tanh(w\($0)*h\($0 - 1) + b\($0))" }.joined(separator: "\n")
        run("h0 = x\n" + chain, in: notebook)
        let names = ["x"] + (1...40).map { "w\($0)" } + (1...40).map { "b\($0)" }
        run("g = grad(h40, [\(names.joined(separator: ", "))])", in: notebook)
        guard case .value(.scalar(let g), _)? = notebook.bindings["g"] else {
            Issue.record("g is not a vector of formulas")
            return
        }
        // Built separately, each partial re-creates the adjoints below it: about 40²/2 nodes of them.
        let distinct = g.graph.count
        #expect(distinct < 40 * 40, "the gradient's graph has \(distinct) nodes")
    }
}
