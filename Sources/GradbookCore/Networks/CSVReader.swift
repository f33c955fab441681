// Reading a CSV file of numbers into a matrix: all or nothing, with the place of the first bad cell.

import Foundation

/// Parses comma-separated numbers with a header line.
public enum CSVReader {
    /// What went wrong, and where (1-based line and column in the file).
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// The matrix of the file's numbers (one row per line after the header) and the header's names.
    public static func read(_ text: String) -> Result<(names: [String], matrix: Tensor), Problem> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let header = lines.first else { return .failure(Problem(line: 1, column: 1, message: "the file is empty")) }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count > 1 else { return .failure(Problem(line: 2, column: 1, message: "there are no rows after the header")) }
        var elements: [Double] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == names.count else {
                return .failure(Problem(line: index + 1, column: 1,
                                        message: "this row has \(cells.count) values but the header names \(names.count) columns"))
            }
            var column = 1
            for cell in cells {
                let text = cell.trimmingCharacters(in: .whitespaces)
                guard let value = Double(text), value.isFinite || text.lowercased().contains("inf") || text.lowercased() == "nan" else {
                    return .failure(Problem(line: index + 1, column: column, message: "'\(text)' is not a number"))
                }
                elements.append(value)
                column += cell.count + 1
            }
            if elements.count > Tensor.maximumElementCount {
                return .failure(Problem(line: index + 1, column: 1, message: "the file holds more than \(Tensor.maximumElementCount) numbers"))
            }
        }
        return .success((names, Tensor(shape: [lines.count - 1, names.count], elements: elements)))
    }
}
