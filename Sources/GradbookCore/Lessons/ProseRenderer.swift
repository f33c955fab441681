// A lesson's Markdown prose as terminal text: headings, **bold**, `code`, lists and quotes, wrapped to a width.
//
// Deliberately small: the lessons use only these constructs. Colour comes from the `Style` it is given.

/// Lays out Markdown prose for a terminal of `width` columns.
public struct ProseRenderer: Sendable {
    public var style: Style
    public var width: Int

    public init(style: Style, width: Int) {
        self.style = style
        self.width = max(20, width)
    }

    /// The prose, wrapped and styled; paragraphs separated by one blank line.
    public func text(_ markdown: String) -> String {
        var out: [String] = []
        for paragraph in paragraphs(in: ProseRenderer.withoutComments(markdown)) {
            if !out.isEmpty { out.append("") }
            out += render(paragraph)
        }
        return out.joined(separator: "\n")
    }

    /// Paragraphs: runs of lines separated by blank lines; fenced blocks (```text) kept whole.
    private func paragraphs(in markdown: String) -> [[String]] {
        var result: [[String]] = [], current: [String] = [], inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") { inFence.toggle(); current.append(line); continue }
            if !inFence, line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { result.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private func render(_ lines: [String]) -> [String] {
        guard let first = lines.first else { return [] }
        if first.hasPrefix("```") { return lines.filter { !$0.hasPrefix("```") }.map { "    " + $0 } }
        if first.hasPrefix("#") {
            let level = first.prefix { $0 == "#" }.count
            let title = inline(String(first.dropFirst(level)).trimmingCharacters(in: .whitespaces), base: .heading)
            let plainWidth = visibleWidth(title)
            let rule = level == 1 ? [style.apply(.heading, String(repeating: "=", count: plainWidth))] : []
            return [style.apply(.heading, title)] + rule + (lines.count > 1 ? render(Array(lines.dropFirst())) : [])
        }
        if isListItem(first) { return listItems(lines).flatMap { wrap($0.text, first: $0.marker, rest: String(repeating: " ", count: $0.marker.count)) } }
        if first.hasPrefix(">") {
            let text = lines.map { $0.drop { $0 == ">" || $0 == " " } }.joined(separator: " ")
            return wrap(String(text), first: "  | ", rest: "  | ")
        }
        return wrap(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "), first: "", rest: "")
    }

    private func isListItem(_ line: String) -> Bool {
        line.hasPrefix("- ") || line.hasPrefix("* ") || line.firstMatch(of: #/^\d+\. /#) != nil
    }

    /// List items with their markers (`  • ` or `  1. `); indented lines continue the item above.
    private func listItems(_ lines: [String]) -> [(marker: String, text: String)] {
        var items: [(marker: String, text: String)] = []
        for line in lines {
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                items.append(("  • ", String(line.dropFirst(2))))
            } else if let match = line.firstMatch(of: #/^(\d+)\. /#) {
                items.append(("  \(match.1). ", String(line[match.range.upperBound...])))
            } else if !items.isEmpty {
                items[items.count - 1].text += " " + line.trimmingCharacters(in: .whitespaces)
            }
        }
        return items
    }

    /// Words wrapped to the width, after inline styling; `first` and `rest` prefix the lines.
    private func wrap(_ text: String, first: String, rest: String) -> [String] {
        var lines: [String] = [], current = first, currentWidth = first.count, hasWord = false
        for word in inlineWords(text) {
            let wordWidth = visibleWidth(word)
            if hasWord, currentWidth + 1 + wordWidth > width {
                lines.append(current)
                (current, currentWidth, hasWord) = (rest, rest.count, false)
            }
            if hasWord { current += " "; currentWidth += 1 }
            current += word
            currentWidth += wordWidth
            hasWord = true
        }
        lines.append(current)
        return lines
    }

    /// Styled words: `code` spans keep their spaces inside one word; **bold** spans are styled word by word;
    /// links keep their text.
    private func inlineWords(_ text: String) -> [String] {
        var words: [String] = [], word = "", run = "", bold = false
        var index = text.startIndex
        func endRun() { word += bold ? style.apply(.heading, run) : run; run = "" }
        func flush() { endRun(); if !word.isEmpty { words.append(word) }; word = "" }
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("**") {
                endRun()
                bold.toggle()
                index = text.index(index, offsetBy: 2)
            } else if rest.hasPrefix("*"), isEmphasisMark(in: text, at: index) {
                index = text.index(after: index)
            } else if rest.hasPrefix("`"), let close = rest.dropFirst().firstIndex(of: "`") {
                endRun()
                word += style.apply(.formula, String(text[text.index(after: index)..<close]))
                index = text.index(after: close)
            } else if rest.hasPrefix("["), let match = rest.prefixMatch(of: /\[([^\]]*)\]\(([^)]*)\)/) {
                run += String(match.1)
                index = match.range.upperBound
            } else if text[index] == " " {
                flush()
                index = text.index(after: index)
            } else {
                run.append(text[index])
                index = text.index(after: index)
            }
        }
        flush()
        return words
    }

    /// Whether the `*` at `index` opens or closes *emphasis* (shown plainly): it starts a word or ends one.
    /// A `*` between two non-spaces (`2*x` outside code) is kept, and so is one before an opening bracket
    /// (`2*(a - t)`, `sigmoid(z)*(1 - sigmoid(z))`): emphasis closes only before a space or closing punctuation.
    private func isEmphasisMark(in text: String, at index: String.Index) -> Bool {
        let before = index > text.startIndex ? text[text.index(before: index)] : " "
        let afterIndex = text.index(after: index)
        let after = afterIndex < text.endIndex ? text[afterIndex] : " "
        let closes = !before.isWhitespace && (after.isWhitespace || ".,;:!?)]\"'".contains(after))
        let opens = before == " " || before == "("
        return (opens && !after.isWhitespace) || closes
    }

    /// A heading's text with inline marks applied, on one line.
    private func inline(_ text: String, base: Style.Role) -> String {
        inlineWords(text).joined(separator: " ")
    }

    /// The printed width of text that may hold ANSI colour escapes.
    private func visibleWidth(_ text: String) -> Int {
        text.replacing(/\u{1B}\[[0-9;]*m/, with: "").count
    }

    /// The text without HTML comments (`<!-- TODO … -->` notes for the authors).
    /// The Markdown without its `<!-- comments -->` (notes to the lesson's authors).
    static func withoutComments(_ markdown: String) -> String {
        markdown.replacing(/<!--[\s\S]*?-->/, with: "")
    }
}
