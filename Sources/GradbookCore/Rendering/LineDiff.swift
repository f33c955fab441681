// A line-by-line comparison of expected and actual text, for transcripts and lessons that drifted.

/// The lines where two texts differ: `-` what was expected, `+` what came instead.
public enum LineDiff {
    /// The differing lines, each prefixed by its line number when `numbered`, at most `limit` of them.
    public static func text(expected: String, actual: String, numbered: Bool = true, limit: Int = 40) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var report: [String] = []
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : nil
            let b = index < new.count ? String(new[index]) : nil
            guard a != b else { continue }
            let place = numbered ? "\(index + 1): " : "  "
            if let a { report.append("\(place)- \(a)") }
            if let b { report.append("\(place)+ \(b)") }
        }
        return report.prefix(limit).joined(separator: "\n")
    }
}
