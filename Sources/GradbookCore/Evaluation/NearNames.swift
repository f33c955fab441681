// "Did you mean …?" over many names: the bound names indexed by what is left of each after deleting up to
// two of its letters, so a lookup touches only names within two slips instead of measuring every one.

import Foundation

/// The session's bound names, indexed for `Suggestion.closest`-style lookups that stay fast with
/// thousands of names (a `grad` over 641 free names in a session of 320 bindings measured 200,000 pairs).
///
/// Two names within k slips (insertions, deletions, substitutions) become the same string after at
/// most k deletions from each (a substitution is one deletion on each side), so every name close
/// enough shares a deletion variant with the word; the candidates found are then measured exactly.
struct NearNames {
    /// Each deletion variant (up to two letters deleted), with the positions of the names it comes from.
    private var namesByVariant: [String: [Int]] = [:]
    private(set) var names: [String] = []
    /// The names by their lower-case spelling (w for W).
    private var namesByLowercase: [String: [String]] = [:]

    init(_ names: [String]) {
        for name in names { append(name) }
    }

    /// Adds a name after the others (it is preferred after them on ties, as in a scan).
    mutating func append(_ name: String) {
        let position = names.count
        names.append(name)
        namesByLowercase[name.lowercased(), default: []].append(name)
        for variant in NearNames.variants(of: name, deletions: 2) {
            namesByVariant[variant, default: []].append(position)
        }
    }

    /// The name `Suggestion.closest(to: word, among: names.filter(isCandidate))` would choose, in the same
    /// order of preference.
    func closest(to word: String, where isCandidate: (String) -> Bool = { _ in true }) -> String? {
        let allowed = Suggestion.allowedSlips(in: word)
        var positions = Set<Int>()
        for variant in NearNames.variants(of: word, deletions: allowed) {
            if let found = namesByVariant[variant] { positions.formUnion(found) }
        }
        return Suggestion.closest(to: word, among: positions.sorted().map { names[$0] }.filter(isCandidate))
    }

    /// The first (in sorted order) other name spelled like `word` but for case: W for w.
    func sameLetters(as word: String, where isCandidate: (String) -> Bool = { _ in true }) -> String? {
        namesByLowercase[word.lowercased()]?.filter { $0 != word && isCandidate($0) }.min()
    }

    /// `word` with every choice of up to `deletions` (at most two) of its letters removed, itself first. A word
    /// with a letter twice gives some variant twice, which only lists a name twice under it (lookups gather the
    /// positions into a set). Built letter by letter from the word's bytes when it is ASCII, as nearly every name
    /// is: sets of strings built through their scalars made each lookup of a free name cost 15,000 instructions,
    /// a quarter of a `grad` over the 641 free names of a 320-layer chain.
    static func variants(of word: String, deletions: Int) -> [String] {
        let ascii = word.utf8.allSatisfy { $0 < 0x80 }
        let count = ascii ? word.utf8.count : word.unicodeScalars.count
        var found = [word]
        guard deletions > 0, count > 0 else { return found }
        found.reserveCapacity(1 + count + (deletions > 1 ? count * (count - 1) / 2 : 0))
        // Every choice of one letter removed, then of two, from a way to spell the word without them.
        func collect(_ without: (_ first: Int, _ second: Int) -> String) {
            for first in 0..<count { found.append(without(first, -1)) }
            if deletions > 1 { for first in 0..<count { for second in (first + 1)..<count { found.append(without(first, second)) } } }
        }
        if ascii {
            let bytes = Array(word.utf8)
            collect { first, second in
                String(unsafeUninitializedCapacity: bytes.count) { buffer in
                    var length = 0
                    for index in bytes.indices where index != first && index != second {
                        buffer[length] = bytes[index]
                        length += 1
                    }
                    return length
                }
            }
        } else {
            let letters = Array(word.unicodeScalars)
            collect { first, second in
                var view = String.UnicodeScalarView()
                for index in letters.indices where index != first && index != second { view.append(letters[index]) }
                return String(view)
            }
        }
        return found
    }
}

/// A session's `NearNames`, kept up to date as names are bound: shared by every copy of the bindings (each
/// statement works on a copy), and extended by the names bound since, so a statement that looks up a free
/// name costs the names it is near, not the whole session (320 statements that each named a free symbol
/// rescanned every earlier name: quadratic).
final class NearNamesCache: @unchecked Sendable {
    private let lock = NSLock()
    private var index = NearNames([])

    /// The index of exactly `order`: extended when `order` only added names since the last call, rebuilt
    /// when names were removed (`:reset`, a repetition undone at Ctrl-C).
    func index(of order: [String]) -> NearNames {
        lock.lock()
        defer { lock.unlock() }
        let known = index.names
        let extends = known.count <= order.count && (known.isEmpty || order[known.count - 1] == known[known.count - 1])
        if !extends { index = NearNames([]) }
        for name in order[index.names.count...] { index.append(name) }
        return index
    }
}
