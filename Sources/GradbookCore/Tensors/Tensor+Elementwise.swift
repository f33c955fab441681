// Elementwise operations with broadcasting (numpy's rules for vectors and matrices).

/// How two shapes combine elementwise.
///
/// Shapes are aligned at their last dimension; each pair of sizes must be equal or one of them 1, and
/// a missing dimension counts as 1. So a vector of length n acts as a 1×n row, an m×1 matrix as a
/// column, and a number goes with anything.
public enum Broadcast {
    /// The shape of the result, or nil when the shapes do not fit together.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for offset in 0..<rank {
            let x = offset < a.count ? a[a.count - 1 - offset] : 1
            let y = offset < b.count ? b[b.count - 1 - offset] : 1
            guard x == y || x == 1 || y == 1 else { return nil }
            result[rank - 1 - offset] = max(x, y)
        }
        return result
    }

    /// For each element of `result`, the index of the element of a tensor of `shape` it reads.
    static func sourceIndices(of shape: [Int], in result: [Int]) -> [Int] {
        let count = result.reduce(1, *)
        let rows = result.count == 2 ? result[0] : 1
        let columns = result.last ?? 1
        let sourceRows = shape.count == 2 ? shape[0] : 1
        let sourceColumns = shape.last ?? 1
        var indices = [Int](repeating: 0, count: count)
        for row in 0..<rows {
            let sourceRow = sourceRows == 1 ? 0 : row
            for column in 0..<columns {
                indices[row * columns + column] = sourceRow * sourceColumns + (sourceColumns == 1 ? 0 : column)
            }
        }
        return indices
    }

    /// The index of the element of a tensor of `shape` that element `index` of `result` reads (one entry of
    /// `sourceIndices`, without building the rest).
    static func sourceIndex(_ index: Int, of shape: [Int], in result: [Int]) -> Int {
        let columns = result.last ?? 1
        let sourceRows = shape.count == 2 ? shape[0] : 1
        let sourceColumns = shape.last ?? 1
        let (row, column) = columns == 0 ? (0, 0) : index.quotientAndRemainder(dividingBy: columns)
        return (sourceRows == 1 ? 0 : row) * sourceColumns + (sourceColumns == 1 ? 0 : column)
    }

    /// Sums a gradient of shape `result` back onto `shape`: every element a broadcast copied receives
    /// the sum of the gradients of its copies (the vector-Jacobian product of broadcasting).
    static func reduce(_ gradient: [Double], from result: [Int], to shape: [Int]) -> [Double] {
        if shape == result { return gradient }
        if shape.reduce(1, *) == 1 { return [gradient.reduce(0, +)] }
        // A bias vector added to every row of a matrix: its gradient is the sum of the rows.
        if result.count == 2, shape == [result[1]] || shape == [1, result[1]] {
            let rows = result[0], columns = result[1]
            var reduced = [Double](repeating: 0, count: columns)
            gradient.withUnsafeBufferPointer { g in
                for row in 0..<rows {
                    for column in 0..<columns { reduced[column] += g[row * columns + column] }
                }
            }
            return reduced
        }
        var reduced = [Double](repeating: 0, count: shape.reduce(1, *))
        for (index, source) in sourceIndices(of: shape, in: result).enumerated() {
            reduced[source] += gradient[index]
        }
        return reduced
    }
}

extension Tensor {
    /// `f` applied to corresponding elements of `a` and `b`, broadcast to a common shape.
    static func combine(_ a: [Double], shape aShape: [Int], _ b: [Double], shape bShape: [Int], result: [Int],
                        _ f: (Double, Double) -> Double) -> [Double] {
        let count = result.reduce(1, *)
        if aShape == result, bShape == result {
            return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y in
                        for i in 0..<count { buffer[i] = f(x[i], y[i]) }
                    }
                }
                initialized = count
            }
        }
        if bShape.reduce(1, *) == 1, aShape == result {
            let y = b[0]
            return a.map { f($0, y) }
        }
        if aShape.reduce(1, *) == 1, bShape == result {
            let x = a[0]
            return b.map { f(x, $0) }
        }
        let aIndices = Broadcast.sourceIndices(of: aShape, in: result)
        let bIndices = Broadcast.sourceIndices(of: bShape, in: result)
        return (0..<count).map { f(a[aIndices[$0]], b[bIndices[$0]]) }
    }
}
