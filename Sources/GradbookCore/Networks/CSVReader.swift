// Reading a CSV file of numbers into a matrix: all or nothing, with the place of the first bad cell.

import Foundation

/// Parses comma-separated numbers with a header line.
public enum CSVReader {
    /// What went wrong, and where (1-based line and column in the file).
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
        /// What is wrong, worded by `CSVProblem.text` in the message catalogue.
        public var kind: CSVProblem

        /// Not a problem with the file: `shouldStop` (Ctrl-C) asked to stop, and nothing was loaded.
        public static let interrupted = Problem(line: 0, column: 0, kind: .interrupted)
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
        guard let header = lines.first else { return .failure(Problem(line: 1, column: 1, kind: .empty)) }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count > 1 else { return .failure(Problem(line: 2, column: 1, kind: .noRows)) }
        var elements: [Double] = []
        var firstBad: Problem?
        var badCount = 0
        for (index, line) in lines.enumerated().dropFirst() {
            if index % pollInterval == 0, shouldStop() { return .failure(.interrupted) }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == names.count else {
                return .failure(Problem(line: index + 1, column: 1, kind: .rowLength(values: cells.count, columns: names.count)))
            }
            var column = 1
            for (position, cell) in cells.enumerated() {
                let text = cell.trimmingCharacters(in: .whitespaces)
                if let value = number(text) {
                    elements.append(value)
                } else {
                    badCount += 1
                    if firstBad == nil {
                        firstBad = Problem(line: index + 1, column: column,
                                           kind: .notANumber(text, row: index, column: position + 1, name: names[position], others: 0))
                    }
                }
                column += cell.count + 1
            }
            if elements.count > Tensor.maximumElementCount {
                return .failure(Problem(line: index + 1, column: 1, kind: .tooManyNumbers(limit: Tensor.maximumElementCount)))
            }
        }
        if var problem = firstBad {
            if case .notANumber(let text, let row, let column, let name, _) = problem.kind {
                problem.kind = .notANumber(text, row: row, column: column, name: name, others: badCount - 1)
            }
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
}
