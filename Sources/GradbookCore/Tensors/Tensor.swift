// Vectors and matrices of Double: a shape and contiguous row-major storage.

/// A vector (`shape == [n]`) or a matrix (`shape == [rows, columns]`) of numbers, stored row by row.
///
/// Scalars are not tensors: a number is a plain `Double` in its `Node`, which keeps scalar graphs as
/// fast as micrograd's. Tensors hold their elements in one contiguous array, so the kernels in
/// `Tensor+*.swift` run over raw buffers the compiler can vectorise.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var elements: [Double]

    public init(shape: [Int], elements: [Double]) {
        self.shape = shape
        self.elements = elements
    }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Double) {
        self.shape = shape
        self.elements = [Double](repeating: value, count: shape.reduce(1, *))
    }

    /// The most elements one tensor may hold (80 MB of numbers): larger requests are refused before
    /// anything is allocated.
    public static let maximumElementCount = 10_000_000

    public var count: Int { elements.count }
    public var isVector: Bool { shape.count == 1 }
    public var isMatrix: Bool { shape.count == 2 }
    /// Rows of a matrix; a vector counts as one row.
    public var rows: Int { shape.count == 2 ? shape[0] : 1 }
    /// Columns of a matrix; a vector's length.
    public var columns: Int { shape.last ?? 1 }

    /// The element at a row and column (0-based; a vector has only row 0).
    public subscript(row: Int, column: Int) -> Double {
        elements[row * columns + column]
    }

    /// What a value of this shape is called: "a number", "a vector of 3", "a 3×2 matrix".
    public static func noun(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "a number"
        case 1: return "a vector of \(shape[0])"
        default: return "a \(describe(shape)) matrix"
        }
    }

    /// Shape as a person writes it: `3` for a vector, `3×2` for a matrix.
    public static func describe(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
    }
}
