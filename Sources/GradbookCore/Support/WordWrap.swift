// Lines longer than the terminal broken at spaces, never inside a word or a number.
//
// The terminal itself wraps a long line at the last column, whatever is there: `1.70684e18` became `1.70684e1`
// and `8`, `backward` became `bac` and `kward`. Text gradbook prints to a terminal goes through here instead.

/// Breaks lines wider than `width` columns at spaces.
///
/// A line that fits is left exactly as it is. A longer one breaks at the last space that keeps it within the
/// width; its further lines start with the same indentation as the line (so an indented table row or help
/// example stays indented). A word wider than the whole width stays whole on a line of its own: a number is
/// never split. Colour escapes take no columns. Runs of spaces inside a line (a table's alignment) are kept
/// where the line does not break.
public struct WordWrap: Sendable {
    /// Columns per line; at least `minimumWidth`.
    public var width: Int

    /// Narrower than this, breaking lines would only make text harder to read.
    public static let minimumWidth = 20

    public init(width: Int) {
        self.width = max(WordWrap.minimumWidth, width)
    }

    /// The text with every line wider than `width` broken at spaces.
    public func text(_ text: String) -> String {
        guard text.utf8.count > width || text.contains("\n") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line(Substring($0)) }.joined(separator: "\n")
    }

    /// Text written as paragraphs broken at some wider width (help): when a line is wider than `width`, the lines
    /// that start at column 0 are joined into paragraphs and broken again, so no stub of a line is left behind;
    /// indented lines (examples, lists) stay lines of their own. Text that fits is left exactly as it is.
    public func reflowing(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.contains(where: { WordWrap.visibleWidth($0) > width }) else { return text }
        var paragraphs: [String] = []
        var joinsNext = false
        for line in lines {
            let isParagraphLine = !line.isEmpty && line.first != " "
            if isParagraphLine, joinsNext, let last = paragraphs.indices.last {
                paragraphs[last] += " " + line
            } else {
                paragraphs.append(String(line))
            }
            joinsNext = isParagraphLine
        }
        return self.text(paragraphs.joined(separator: "\n"))
    }

    /// One line (no newline inside), broken as needed.
    private func line(_ line: Substring) -> String {
        guard WordWrap.visibleWidth(line) > width else { return String(line) }
        let indentation = String(line.prefix { $0 == " " })
        // A numbered or bulleted line continues under its text, not under its marker.
        let body = line.dropFirst(indentation.count)
        let marker = body.prefixMatch(of: #/(\d+\.|•|-) /#).map { $0.output.0.count } ?? 0
        let hanging = indentation + String(repeating: " ", count: marker)
        // An indentation that leaves almost no room would give a column of single words; start those at 0.
        let continuation = hanging.count > width / 2 ? "" : hanging
        var lines: [String] = []
        var current = indentation
        var currentWidth = indentation.count
        var hasWord = false
        var pendingSpaces = ""
        for piece in WordWrap.pieces(line.dropFirst(indentation.count), width: width - continuation.count) {
            if piece.isSpace {
                pendingSpaces += piece.text
                continue
            }
            let pieceWidth = WordWrap.visibleWidth(piece.text[...])
            if hasWord, currentWidth + pendingSpaces.count + pieceWidth > width {
                lines.append(current)
                (current, currentWidth) = (continuation, continuation.count)
            } else {
                current += pendingSpaces
                currentWidth += pendingSpaces.count
            }
            pendingSpaces = ""
            current += piece.text
            currentWidth += pieceWidth
            hasWord = true
        }
        lines.append(current + pendingSpaces)
        return lines.joined(separator: "\n")
    }

    /// The line as alternating words and runs of spaces. A space inside brackets does not end a word, so a
    /// call in a hint (`grad(sum((W @ x)^2), W)`) stays on one line, whole and pastable, unless it is wider
    /// than `width` by itself (or its brackets never close): then it breaks at its spaces like prose. So does an
    /// aside in brackets that is prose ("(its sums of contributions that cancel, …)", `isProse`), which kept whole
    /// left a short line before it.
    private static func pieces(_ line: Substring, width: Int) -> [(text: String, isSpace: Bool)] {
        var pieces: [(text: String, isSpace: Bool)] = []
        var current = ""
        var inSpace = false
        var depth = 0
        var proseUntil: String.Index?
        func finishWord() {
            if !inSpace, current.contains(" "), visibleWidth(current[...]) > width {
                pieces += plainPieces(current[...])
            } else {
                pieces.append((current, inSpace))
            }
            current = ""
        }
        for index in line.indices {
            let character = line[index]
            if let end = proseUntil, index > end { proseUntil = nil }
            let isSpace = character == " " && (depth == 0 || proseUntil != nil)
            if !current.isEmpty, isSpace != inSpace { finishWord() }
            switch character {
            case "(", "[":
                if depth == 0, proseUntil == nil, let end = closing(of: index, in: line), isProse(line[index...end]) { proseUntil = end }
                if proseUntil == nil { depth += 1 }
            case ")", "]": if proseUntil == nil { depth = max(0, depth - 1) }
            default: break
            }
            current.append(character)
            inSpace = isSpace
        }
        if !current.isEmpty { finishWord() }
        return pieces
    }

    /// The index of the bracket that closes the one at `open`, if the line has it.
    private static func closing(of open: Substring.Index, in line: Substring) -> Substring.Index? {
        var depth = 0
        for index in line[open...].indices {
            switch line[index] {
            case "(", "[": depth += 1
            case ")", "]":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    /// Whether a bracketed group reads as prose rather than code: two words of three or more letters in a row
    /// ("(relative error at most 1e-7)"), which no formula or call has (`sin(x) + cos(x)`, `rtol = 1e-3`).
    private static func isProse(_ group: Substring) -> Bool {
        let words = group.dropFirst().dropLast().split(separator: " ")
        let isWord = { (token: Substring) in token.count >= 3 && token.allSatisfy(\.isLetter) }
        return zip(words, words.dropFirst()).contains { isWord($0) && isWord($1) }
    }

    /// The line as alternating words and runs of spaces, every space a break.
    private static func plainPieces(_ line: Substring) -> [(text: String, isSpace: Bool)] {
        var pieces: [(text: String, isSpace: Bool)] = []
        var current = ""
        var inSpace = false
        for character in line {
            let isSpace = character == " "
            if !current.isEmpty, isSpace != inSpace {
                pieces.append((current, inSpace))
                current = ""
            }
            current.append(character)
            inSpace = isSpace
        }
        if !current.isEmpty { pieces.append((current, inSpace)) }
        return pieces
    }

    /// Printed columns: characters, not counting colour escapes (`ESC [ … m`).
    static func visibleWidth(_ text: Substring) -> Int {
        guard text.contains("\u{1B}") else { return text.count }
        var width = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}
