// Which elements an index expression picks: v[i], W[i, j], W[i, :], v[2:4].

/// A choice of rows and columns, 0-based, already checked against the shape it applies to.
///
/// A vector is one row (`rows == [0]`, `dropsRows`). An index that is a single number drops its
/// dimension (`W[1, :]` is a vector, `W[1, 2]` a number); a range or `:` keeps it.
public struct Selection: Sendable, Hashable {
    public var rows: [Int]
    public var columns: [Int]
    public var dropsRows: Bool
    public var dropsColumns: Bool
    /// The width of a row in the tensor selected from.
    public var sourceColumns: Int

    /// The shape of what is picked.
    public var shape: [Int] {
        (dropsRows ? [] : [rows.count]) + (dropsColumns ? [] : [columns.count])
    }

    /// For each picked element, its index in the source's storage.
    public var sourceIndices: [Int] {
        rows.flatMap { row in columns.map { row * sourceColumns + $0 } }
    }
}
