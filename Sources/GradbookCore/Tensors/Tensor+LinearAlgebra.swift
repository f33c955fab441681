// Matrix products and transposes over raw buffers. The products' inner loops are in CMatrixKernels, compiled
// for the widest vector instructions the CPU has; they give the same numbers at every width.

import CMatrixKernels

public enum LinearAlgebra {
    /// The shape of `a @ b`, or nil when the inner sizes differ.
    ///
    /// A vector on the left acts as a row, on the right as a column: matrix @ vector is a vector,
    /// vector @ matrix a vector, and vector @ vector their dot product (a number, shape []).
    public static func productShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        switch (a.count, b.count) {
        case (2, 2): return a[1] == b[0] ? [a[0], b[1]] : nil
        case (2, 1): return a[1] == b[0] ? [a[0]] : nil
        case (1, 2): return a[0] == b[0] ? [b[1]] : nil
        case (1, 1): return a[0] == b[0] ? [] : nil
        default: return nil
        }
    }

    /// C = A·B for an m×k matrix A and a k×n matrix B, both row-major; C is m×n.
    public static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        filled(m * n, from: a, b) { multiply($0, $1, m: m, k: k, n: n, into: $2) }
    }

    /// A new array of `count` elements that `kernel` writes from the elements of `a` and `b`: zeros when either
    /// is empty (an empty inner dimension: nothing to add, and no elements to point at).
    private static func filled(_ count: Int, from a: [Double], _ b: [Double],
                               by kernel: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        guard count > 0 else { return [] }
        guard !a.isEmpty, !b.isEmpty else { return [Double](repeating: 0, count: count) }
        return [Double](unsafeUninitializedCapacity: count) { c, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in kernel(a.baseAddress!, b.baseAddress!, c.baseAddress!) }
            }
            initialized = count
        }
    }

    /// C = A·B (+ `bias`, a row of n added to every row of the product, as a layer's Z = A·W + b), written
    /// into `c`, which need not be initialised: the training kernel's buffers are reused from step to step.
    ///
    /// The i-k-j loop order streams rows of B and C, which the compiler vectorises. The bias is added to each
    /// finished sum, so Z is the same number as the product with the bias added afterwards.
    static func multiply(_ ap: UnsafePointer<Double>, _ bp: UnsafePointer<Double>, m: Int, k: Int, n: Int,
                         into cp: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>? = nil) {
        gradbook_multiply(ap, bp, m, k, n, cp, bias)
    }

    /// C = Aᵀ·B for an n×k matrix A and an n×m matrix B; C is k×m (a weight gradient: inputsᵀ·dZ).
    public static func multiplyTransposingLeft(_ a: [Double], _ b: [Double], n: Int, k: Int, m: Int) -> [Double] {
        filled(k * m, from: a, b) { multiplyTransposingLeft($0, $1, n: n, k: k, m: m, into: $2) }
    }

    /// C = Aᵀ·B written into `c` (uninitialised is fine).
    ///
    /// Summed as outer products of matching rows, so neither matrix is transposed in memory.
    static func multiplyTransposingLeft(_ ap: UnsafePointer<Double>, _ bp: UnsafePointer<Double>, n: Int, k: Int, m: Int,
                                        into cp: UnsafeMutablePointer<Double>) {
        gradbook_multiply_transposing_left(ap, bp, n, k, m, cp)
    }

    /// The vector instructions the matrix products run with on this machine ("AVX-512", "AVX2" or "SSE2").
    public static var vectorWidth: String {
        switch Int(gradbook_matrix_kernel_best_width()) {
        case Int(GRADBOOK_AVX512): "AVX-512"
        case Int(GRADBOOK_AVX2): "AVX2"
        default: "SSE2"
        }
    }

    /// C = A·Bᵀ for an n×m matrix A and a k×m matrix B; C is n×k (a gradient sent back: dZ·Wᵀ).
    public static func multiplyTransposingRight(_ a: [Double], _ b: [Double], n: Int, m: Int, k: Int) -> [Double] {
        // Through Bᵀ, so the innermost loop runs along a row of the result and vectorises: a dot product per
        // element was a chain of dependent additions (dZ·W2ᵀ was a third of a training step). Each element
        // still adds its products in the same order, so the numbers are the same.
        multiply(a, transpose(b, rows: k, columns: m), m: n, k: m, n: k)
    }

    /// The transpose of a rows×columns matrix.
    public static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        guard !a.isEmpty else { return [] }
        return [Double](unsafeUninitializedCapacity: a.count) { t, count in
            a.withUnsafeBufferPointer { a in transpose(a.baseAddress!, rows: rows, columns: columns, into: t.baseAddress!) }
            count = a.count
        }
    }

    /// The transpose of a rows×columns matrix, written into `t`.
    static func transpose(_ a: UnsafePointer<Double>, rows: Int, columns: Int, into t: UnsafeMutablePointer<Double>) {
        // (Wrapping arithmetic: the positions are below rows × columns, which the caller's buffers hold, and the
        // overflow checks were most of the loop, a thirtieth of a training step that transposes every weight matrix.)
        for i in 0..<rows {
            let row = a + i &* columns
            for j in 0..<columns { t[j &* rows &+ i] = row[j] }
        }
    }

    /// The (m, k, n) of a product whose operands have shapes `a` and `b` (vectors as row or column).
    static func dimensions(_ a: [Int], _ b: [Int]) -> (m: Int, k: Int, n: Int) {
        let m = a.count == 2 ? a[0] : 1
        let k = a.last ?? 1
        let n = b.count == 2 ? b[1] : 1
        return (m, k, n)
    }
}
