// Vectors and matrices as text: short vectors inline, matrices as aligned columns under their shape,
// large ones with the middle elided by …

/// Lays out tensors for a person.
public struct TensorText {
    public var format: NumberFormat
    /// Vectors up to this length print whole, in one line.
    public static let inlineLength = 12
    /// Matrices show at most this many rows and columns; the middle ones become `…`.
    public static let shownRowsAndColumns = 10

    public init(format: NumberFormat) {
        self.format = format
    }

    public func text(_ tensor: Tensor) -> String {
        tensor.isMatrix ? matrix(tensor) : vector(tensor)
    }

    private func vector(_ tensor: Tensor) -> String {
        let elements = tensor.elements
        if elements.count <= TensorText.inlineLength { return "[" + elements.map(format.text).joined(separator: ", ") + "]" }
        let head = elements.prefix(5).map(format.text), tail = elements.suffix(3).map(format.text)
        return "vector of \(elements.count): [" + (head + ["…"] + tail).joined(separator: ", ") + "]"
    }

    /// The widest a matrix row may be: with the `Out[n]: ` margin it fits an 80-column terminal.
    public static let maximumRowWidth = 72

    /// Shows as many columns as fit in `maximumRowWidth` (up to `shownRowsAndColumns`, at least the
    /// first two and the last), eliding the middle ones.
    private func matrix(_ tensor: Tensor) -> String {
        var limit = TensorText.shownRowsAndColumns
        while true {
            let lines = matrixLines(tensor, columnLimit: limit)
            if limit <= 4 || lines.allSatisfy({ $0.count <= TensorText.maximumRowWidth }) {
                return (["\(tensor.rows)×\(tensor.columns) matrix"] + lines).joined(separator: "\n")
            }
            limit -= 1
        }
    }

    private func matrixLines(_ tensor: Tensor, columnLimit: Int) -> [String] {
        let rows = shownIndices(tensor.rows), columns = shownIndices(tensor.columns, limit: columnLimit)
        let cells: [[String]] = rows.map { row in
            columns.map { column in
                guard let row, let column else { return "…" }
                return format.text(tensor[row, column])
            }
        }
        let widths = columns.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        return cells.map { row in
            "  " + row.enumerated().map { column, cell in
                String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }

    /// The indices to show, with nil standing for the elided middle.
    private func shownIndices(_ count: Int, limit: Int = TensorText.shownRowsAndColumns) -> [Int?] {
        guard count > limit else { return Array(0..<count) }
        return Array(0..<(limit / 2)) + [nil] + Array((count - limit / 2 + 1)..<count)
    }

    /// One line summarising a tensor, for tables: the whole thing when small, else its range.
    public func summary(_ tensor: Tensor) -> String {
        if tensor.count <= 6 {
            if tensor.isMatrix {
                return "[" + (0..<tensor.rows).map { row in
                    "[" + (0..<tensor.columns).map { format.text(tensor[row, $0]) }.joined(separator: ", ") + "]"
                }.joined(separator: ", ") + "]"
            }
            return "[" + tensor.elements.map(format.text).joined(separator: ", ") + "]"
        }
        let low = tensor.elements.min() ?? .nan, high = tensor.elements.max() ?? .nan
        return "\(Tensor.describe(tensor.shape)), from \(format.text(low)) to \(format.text(high))"
    }
}

/// Vectors and matrices of formulas as text: `[f1, f2]` lists, arranged in rows for a matrix.
extension TensorText {
    /// The most elements of a vector or matrix of formulas shown one by one.
    public static let maximumFormulaElements = 100

    /// `[a, b, c, d] where …` as `[[a, b], [c, d]] where …` for a matrix of formulas with 2 columns.
    static func matrixRows(_ listText: String, columns: Int) -> String {
        guard listText.hasPrefix("["), let close = closingBracket(in: listText) else { return listText }
        let inner = String(listText[listText.index(after: listText.startIndex)..<close])
        let elements = splitTopLevel(inner)
        guard columns > 0, elements.count % columns == 0 else { return listText }
        let rows = stride(from: 0, to: elements.count, by: columns).map { "[" + elements[$0..<($0 + columns)].joined(separator: ", ") + "]" }
        return "[" + rows.joined(separator: ", ") + "]" + listText[listText.index(after: close)...]
    }

    private static func closingBracket(in text: String) -> String.Index? {
        var depth = 0
        for index in text.indices {
            if text[index] == "[" || text[index] == "(" { depth += 1 }
            if text[index] == "]" || text[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for character in text {
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingSpaces())
        return parts
    }
}
