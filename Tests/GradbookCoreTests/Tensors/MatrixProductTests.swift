// The matrix products hold eight columns in registers at a time; each must still equal the product written as
// the textbook triple loop, adding the same products in the same order, bit for bit, at every size.

@testable import GradbookCore
import PropertyBased
import Testing

@Suite("Matrix products")
struct MatrixProductTests {
    /// Sizes around the block of eight, and matrices with zeros in them (relu's), which the products skip.
    static let size = Gen.int(in: 1...19)
    static let entries = Gen.int(in: -3...3).map { $0 == 0 ? 0.0 : Double($0) * 0.37 }.array(of: 400)

    /// C[i][j] = Σ_p A[i][p]·B[p][j], adding p = 0, 1, … in order and skipping A's zeros (as the kernels do,
    /// so an inf in B meets a relu's 0 as nothing, the same in every pass).
    static func reference(_ a: (Int, Int) -> Double, _ b: (Int, Int) -> Double, m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k where a(i, p) != 0 { c[i * n + j] += a(i, p) * b(p, j) } } }
        return c
    }

    @Test("A·B, Aᵀ·B and A·Bᵀ equal the triple loop exactly")
    func productsMatchTheTripleLoop() async {
        await propertyCheck(count: 200, input: Self.size, Self.size, Self.size, Self.entries, Self.entries) { m, k, n, x, y in
            let a = Array(x.prefix(m * k)), b = Array(y.prefix(k * n))
            #expect(LinearAlgebra.multiply(a, b, m: m, k: k, n: n)
                    == Self.reference({ a[$0 * k + $1] }, { b[$0 * n + $1] }, m: m, k: k, n: n), "\(m)×\(k) · \(k)×\(n)")
            // Aᵀ·B with A stored k×m (n rows of the data, here k): C is m×n.
            let left = Array(x.prefix(k * m))
            #expect(LinearAlgebra.multiplyTransposingLeft(left, b, n: k, k: m, m: n)
                    == Self.reference({ left[$1 * m + $0] }, { b[$0 * n + $1] }, m: m, k: k, n: n), "\(k)×\(m)ᵀ · \(k)×\(n)")
            // A·Bᵀ with B stored n×k: C is m×n.
            let right = Array(y.prefix(n * k))
            #expect(LinearAlgebra.multiplyTransposingRight(a, right, n: m, m: k, k: n)
                    == Self.reference({ a[$0 * k + $1] }, { right[$1 * k + $0] }, m: m, k: k, n: n), "\(m)×\(k) · \(n)×\(k)ᵀ")
        }
    }
}
