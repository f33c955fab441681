// Reading a CSV file of numbers into a matrix: all or nothing, with the place of the first bad cell.

import Foundation

/// Parses comma-separated numbers with a header line.
public enum CSVReader {
    /// What went wrong, and where (1-based line and column in the file).
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var message: String

        /// Not a problem with the file: `shouldStop` (Ctrl-C) asked to stop, and nothing was loaded.
        public static let interrupted = Problem(line: 0, column: 0, message: "interrupted")
    }

    /// Lines read between polls of `shouldStop`: a 120 MB file has millions of them.
    static let pollInterval = 4_096

    /// The matrix of the file's numbers (one row per line after the header) and the header's names.
    ///
    /// `shouldStop` (Ctrl-C) is asked every `pollInterval` lines, while the lines are found and while they are
    /// read; when it says stop, the result is `Problem.interrupted`.
    public static func read(_ text: String, shouldStop: () -> Bool = { false }) -> Result<(names: [String], matrix: Tensor), Problem> {
        guard var lines = lines(of: text, shouldStop: shouldStop) else { return .failure(.interrupted) }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let header = lines.first else { return .failure(Problem(line: 1, column: 1, message: "the file is empty")) }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count > 1 else { return .failure(Problem(line: 2, column: 1, message: "there are no rows after the header")) }
        var elements: [Double] = []
        var firstBad: Problem?
        var badCount = 0
        for (index, line) in lines.enumerated().dropFirst() {
            if index % pollInterval == 0, shouldStop() { return .failure(.interrupted) }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == names.count else {
                return .failure(Problem(line: index + 1, column: 1,
                                        message: "this row has \(cells.count) values but the header names \(names.count) columns"))
            }
            var column = 1
            for (position, cell) in cells.enumerated() {
                let text = cell.trimmingCharacters(in: .whitespaces)
                if let value = number(text) {
                    elements.append(value)
                } else {
                    badCount += 1
                    if firstBad == nil {
                        firstBad = Problem(line: index + 1, column: column, message: describe(text, row: index, column: position + 1, name: names[position]))
                    }
                }
                column += cell.count + 1
            }
            if elements.count > Tensor.maximumElementCount {
                return .failure(Problem(line: index + 1, column: 1, message: "the file holds more than \(Tensor.maximumElementCount) numbers"))
            }
        }
        if var problem = firstBad {
            if badCount > 1 { problem.message += "; \(badCount - 1) more cell\(badCount == 2 ? " is" : "s are") not numbers either" }
            return .failure(problem)
        }
        return .success((names, Tensor(shape: [lines.count - 1, names.count], elements: elements)))
    }

    /// The lines of `text`, ended by "\n", "\r\n" or "\r" (Swift reads "\r\n" as one Character, so splitting on
    /// "\n" alone would leave a Windows file one line), found by scanning its bytes; nil when `shouldStop` said so.
    static func lines(of text: String, shouldStop: () -> Bool) -> [Substring]? {
        let bytes = text.utf8
        var lines: [Substring] = []
        var start = bytes.startIndex, index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index = bytes.index(after: index)
                continue
            }
            lines.append(text[start..<index])
            if lines.count % pollInterval == 0, shouldStop() { return nil }
            index = bytes.index(after: index)
            if byte == UInt8(ascii: "\r"), index < bytes.endIndex, bytes[index] == UInt8(ascii: "\n") { index = bytes.index(after: index) }
            start = index
        }
        lines.append(text[start..<bytes.endIndex])
        return lines
    }

    /// A cell's number: a finite number, or an infinity written out (`inf`, `-Infinity`). NaN is refused,
    /// as an empty cell and text are: it usually marks a missing value, and it would spread through training.
    static func number(_ text: String) -> Double? {
        guard let value = Double(text), !value.isNaN else { return nil }
        return value.isFinite || text.lowercased().contains("inf") ? value : nil
    }

    /// Which cell is not a number, by row (1 is the first row after the header), column and its name.
    static func describe(_ text: String, row: Int, column: Int, name: String) -> String {
        let shown = text.isEmpty ? "the empty cell" : "'\(text)'"
        let header = name.isEmpty ? "column \(column)" : "column \(column) (\(name))"
        let why = text.isEmpty || text.lowercased() == "nan" || text == "NA" ? " (a missing value?)" : ""
        return "\(shown) in row \(row), \(header) is not a number\(why)"
    }
}
