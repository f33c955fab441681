// "Did you mean …?" over many names: the bound names indexed by what is left of each after deleting up to
// two of its letters, so a lookup touches only names within two slips instead of measuring every one.

/// The session's bound names, indexed for `Suggestion.closest`-style lookups that stay fast with
/// thousands of names (a `grad` over 641 free names in a session of 320 bindings measured 200,000 pairs).
///
/// Two names within k slips (insertions, deletions, substitutions) become the same string after at
/// most k deletions from each (a substitution is one deletion on each side), so every name close
/// enough shares a deletion variant with the word; the candidates found are then measured exactly.
struct NearNames {
    /// Each deletion variant (up to two letters deleted), with the positions of the names it comes from.
    private var namesByVariant: [String: [Int]] = [:]
    private let names: [String]
    /// The names by their lower-case spelling (w for W).
    private var namesByLowercase: [String: [String]] = [:]

    init(_ names: [String]) {
        self.names = names
        for (position, name) in names.enumerated() {
            namesByLowercase[name.lowercased(), default: []].append(name)
            for variant in NearNames.variants(of: name, deletions: 2) {
                namesByVariant[variant, default: []].append(position)
            }
        }
    }

    /// The name `Suggestion.closest(to: word, among: names)` would choose, in the same order of preference.
    func closest(to word: String) -> String? {
        let allowed = Suggestion.allowedSlips(in: word)
        var positions = Set<Int>()
        for variant in NearNames.variants(of: word, deletions: allowed) {
            if let found = namesByVariant[variant] { positions.formUnion(found) }
        }
        return Suggestion.closest(to: word, among: positions.sorted().map { names[$0] })
    }

    /// The first (in sorted order) other name spelled like `word` but for case: W for w.
    func sameLetters(as word: String) -> String? {
        namesByLowercase[word.lowercased()]?.filter { $0 != word }.min()
    }

    /// `word` with every choice of up to `deletions` of its letters removed (itself included).
    static func variants(of word: String, deletions: Int) -> Set<String> {
        var found: Set<String> = [word]
        var frontier: Set<String> = [word]
        for _ in 0..<deletions {
            var next = Set<String>()
            for text in frontier {
                let letters = Array(text.unicodeScalars)
                for skipped in letters.indices {
                    var view = String.UnicodeScalarView()
                    for (index, letter) in letters.enumerated() where index != skipped { view.append(letter) }
                    next.insert(String(view))
                }
            }
            found.formUnion(next)
            frontier = next
        }
        return found
    }
}
