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
        self.firstLine = firstLine
        // Plain ASCII (nearly every cell and script) from its bytes, one scalar per byte: going through the string's
        // scalars, counted first and then decoded, took about 70 instructions a character, 20 ms for a 1 MB script.
        let bytes = Array(text.utf8)
        var isASCII = true
        for byte in bytes { isASCII = isASCII && byte < 128 }
        self.scalars = isASCII ? bytes.map { Unicode.Scalar($0) } : Array(text.unicodeScalars)
        self.asciiBytes = isASCII ? bytes : nil
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The whole text as a `String`.
    public var text: String { String(String.UnicodeScalarView(scalars)) }

    /// The 0-based index of the line holding `offset`.
    private func lineIndex(of offset: Int) -> Int {
        // First where the line would be if all were as long as the average, then outward from there: a script's
        // statements ask for their lines one after another, and a search of 250,000 line starts from the middle
        // waited on memory at most of its steps.
        let lines = lineStarts.count
        guard lines > 1 else { return 0 }
        var low = 0, high = lines - 1
        let guess = Swift.min(Swift.max(0, scalars.isEmpty ? 0 : Int(Double(offset) / Double(scalars.count) * Double(lines))), lines - 1)
        var step = 1
        if lineStarts[guess] <= offset {
            low = guess
            while low + step <= high, lineStarts[low + step] <= offset { low += step; step *= 2 }
            high = Swift.min(high, low + step - 1)
        } else {
            high = guess - 1
            while high - step >= low, lineStarts[high - step + 1] > offset { high -= step; step *= 2 }
            low = Swift.max(low, high - step + 1)
        }
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
