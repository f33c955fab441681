// One cell's or one file's text, and how offsets in it map to lines and columns.

/// The text a person typed (a cell) or a script file, with a name for messages.
///
/// Offsets are counted in Unicode scalars, so a caret lines up under the character a person sees
/// (for the plain ASCII that gradbook's language uses, scalars, bytes and columns coincide).
public struct SourceText: Sendable, Equatable {
    /// Where the text came from: `"In [3]"`, `"-e"`, `"<stdin>"` or a file path.
    public let name: String
    /// The text, split into Unicode scalars for O(1) indexing by the lexer.
    public let scalars: [Unicode.Scalar]
    /// The 1-based line number of the first line (a `:load`ed file starts at 1; a cell may be a slice).
    public let firstLine: Int
    /// Offsets at which each line starts.
    private let lineStarts: [Int]
    /// The text as bytes when it is plain ASCII (the usual case), where slicing it is cheap.
    private let asciiBytes: [UInt8]?

    public init(_ text: String, name: String = "<input>", firstLine: Int = 1) {
        self.name = name
        self.scalars = Array(text.unicodeScalars)
        self.firstLine = firstLine
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
        self.asciiBytes = text.utf8.allSatisfy { $0 < 128 } ? Array(text.utf8) : nil
    }

    /// The whole text as a `String`.
    public var text: String { String(String.UnicodeScalarView(scalars)) }

    /// The 0-based index of the line holding `offset`.
    private func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The 1-based line and column of `offset`.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let index = lineIndex(of: offset)
        return (firstLine + index, offset - lineStarts[index] + 1)
    }

    /// The text of the line holding `offset`, without its newline.
    public func lineText(containing offset: Int) -> String {
        let index = lineIndex(of: offset)
        let start = lineStarts[index]
        var end = start
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        if let asciiBytes { return String(decoding: asciiBytes[start..<end], as: UTF8.self) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    /// The text of `range`.
    public func text(in range: SourceRange) -> String {
        let lower = max(0, min(range.lowerBound, scalars.count))
        let upper = max(lower, min(range.upperBound, scalars.count))
        if let asciiBytes { return String(decoding: asciiBytes[lower..<upper], as: UTF8.self) }
        return String(String.UnicodeScalarView(scalars[lower..<upper]))
    }

    /// How many lines the text has.
    public var lineCount: Int { lineStarts.count }
}
