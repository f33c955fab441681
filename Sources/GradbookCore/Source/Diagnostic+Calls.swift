// Where in a chain of user-function calls an error happened, said in one bounded sentence.

extension Diagnostic {
    /// How many calls are named at each end of a long chain; the ones between are counted.
    static let callsNamedAtEachEnd = 3
    /// The longest a function's definition is quoted before it is cut with `…`.
    static let longestQuotedCall = 80

    /// The hint as shown: the hint itself, then the functions the error happened inside, innermost first.
    ///
    /// A chain of 5,000 calls names the first and last three and counts the rest, so the message stays a few
    /// lines long however deep the calls went.
    public var shownHint: String? {
        guard !calls.isEmpty else { return hint }
        let inside = "this happened inside " + Diagnostic.chain(calls)
        return hint.map { "\($0) (\(inside))" } ?? inside + "."
    }

    /// The calls, innermost first: all of them when there are few, else both ends with a count between
    /// (`f1(x) = …, called from f2(x) = …, … 4,994 more calls …, called from f5000(x) = …`).
    static func chain(_ calls: [String]) -> String {
        let quoted = calls.map(shortened)
        let end = callsNamedAtEachEnd
        guard quoted.count > 2 * end + 1 else { return quoted.joined(separator: ", called from ") }
        let hidden = quoted.count - 2 * end
        return quoted.prefix(end).joined(separator: ", called from ") + ", … \(grouped(hidden)) more calls …, called from "
            + quoted.suffix(end).joined(separator: ", called from ")
    }

    private static func shortened(_ definition: String) -> String {
        let scalars = definition.unicodeScalars
        guard scalars.count > longestQuotedCall else { return definition }
        return String(String.UnicodeScalarView(scalars.prefix(longestQuotedCall - 1))) + "…"
    }

    /// 4994 as `4,994`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
