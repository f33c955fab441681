// The matrix products hold eight or sixteen columns in registers at a time; each must still equal the product written
// as the textbook triple loop, adding the same products in the same order with fused multiply-adds, bit for bit, at
// every size.

import CMatrixKernels
import Foundation
@testable import GradbookCore
import PropertyBased
import Testing

@Suite("Matrix products")
struct MatrixProductTests {
    /// Sizes around the block of eight, and matrices with zeros in them (relu's), which the products skip.
    static let size = Gen.int(in: 1...19)
    static let entries = Gen.int(in: -3...3).map { $0 == 0 ? 0.0 : Double($0) * 0.37 }.array(of: 400)

    /// C[i][j] = Σ_p A[i][p]·B[p][j], adding p = 0, 1, … in order, each with one fused multiply-add (rounded once),
    /// and skipping A's zeros (as the kernels do,
    /// so an inf in B meets a relu's 0 as nothing, the same in every pass).
    static func reference(_ a: (Int, Int) -> Double, _ b: (Int, Int) -> Double, m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k where a(i, p) != 0 { c[i * n + j].addProduct(a(i, p), b(p, j)) } } }
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

    /// Any doubles, a third of them zeros, now and then an inf or a nan: products of these round differently in
    /// each order of additions, so a kernel that reordered them would show it.
    static let roughEntries = Gen.int(in: 0...20).array(of: 400).map { codes in
        codes.enumerated().map { index, code -> Double in
            switch code {
            case 0...6: 0
            case 7: index % 2 == 0 ? .infinity : .nan
            default: (Double(code) - 13.7) * Double(index % 7 + 1) / 3.3 + 1e-3 * Double(index)
            }
        }
    }

    @Test("every vector width this CPU has gives the triple loop's numbers, bit for bit, with bias, zeros, inf and nan")
    func everyWidthMatchesTheTripleLoop() async {
        let widths = [Int32(GRADBOOK_SSE2), Int32(GRADBOOK_AVX2), Int32(GRADBOOK_AVX512)]
        await propertyCheck(count: 150, input: Self.size, Self.size, Self.size, Self.roughEntries, Self.roughEntries, Gen.bool) { m, k, n, x, y, finiteB in
            // A finite B takes the kernels' dense path (no zero skipping, rows sharing loads), any other the careful one.
            let b = Array(y.prefix(k * n)).map { finiteB && !$0.isFinite ? 1.5 : $0 }
            let a = Array(x.prefix(m * k)), bias = Array(y.suffix(n))
            var expected = Self.reference({ a[$0 * k + $1] }, { b[$0 * n + $1] }, m: m, k: k, n: n)
            for i in 0..<m { for j in 0..<n { expected[i * n + j] += bias[j] } }
            let left = Array(x.prefix(k * m))
            let expectedLeft = Self.reference({ left[$1 * m + $0] }, { b[$0 * n + $1] }, m: m, k: k, n: n)
            for width in widths {
                var c = [Double](repeating: -1, count: m * n), d = c
                guard gradbook_multiply_at_width(width, a, b, m, k, n, &c, bias) == 1 else { continue }
                #expect(Self.sameBits(c, expected), "width \(width): \(m)×\(k) · \(k)×\(n) + bias")
                #expect(gradbook_multiply_transposing_left_at_width(width, left, b, k, m, n, &d) == 1)
                #expect(Self.sameBits(d, expectedLeft), "width \(width): \(k)×\(m)ᵀ · \(k)×\(n)")
            }
        }
    }

    @Test("a matrix times a vector, its rows taken four at a time, gives the triple loop's numbers at every width")
    func matrixTimesVectorMatchesTheTripleLoop() async {
        let widths = [Int32(GRADBOOK_SSE2), Int32(GRADBOOK_AVX2), Int32(GRADBOOK_AVX512)]
        await propertyCheck(count: 100, input: Self.size, Self.size, Self.roughEntries, Self.roughEntries, Gen.bool) { m, k, x, y, finiteB in
            let b = Array(y.prefix(k)).map { finiteB && !$0.isFinite ? -2.5 : $0 }
            let a = Array(x.prefix(m * k)), bias = [y[399]]
            let expected = Self.reference({ a[$0 * k + $1] }, { p, _ in b[p] }, m: m, k: k, n: 1).map { $0 + bias[0] }
            for width in widths {
                var c = [Double](repeating: -1, count: m)
                guard gradbook_multiply_at_width(width, a, b, m, k, 1, &c, bias) == 1 else { continue }
                #expect(Self.sameBits(c, expected), "width \(width): \(m)×\(k) · \(k)×1 + bias, finite B: \(finiteB)")
            }
        }
    }

    @Test("the products run at the widest width the CPU has, and that width is one the tests compare")
    func widestWidth() {
        let best = Int(gradbook_matrix_kernel_best_width())
        #expect([Int(GRADBOOK_SSE2), Int(GRADBOOK_AVX2), Int(GRADBOOK_AVX512)].contains(best))
        #expect(["SSE2", "AVX2", "AVX-512"].contains(LinearAlgebra.vectorWidth))
        // Nothing is written at a width the CPU lacks (above the best, unless GRADBOOK_VECTOR_WIDTH narrowed it).
        var c = [Double](repeating: 7, count: 1)
        if best < Int(GRADBOOK_AVX512), ProcessInfo.processInfo.environment["GRADBOOK_VECTOR_WIDTH"] == nil {
            #expect(gradbook_multiply_at_width(Int32(GRADBOOK_AVX512), [1], [1], 1, 1, 1, &c, nil) == 0 && c == [7])
        }
    }

    @Test("the element scan behind a node's lost-part flag finds inf, nan, 0 and subnormals at any position and length")
    func elementScan() {
        func scan(_ elements: [Double]) -> (notFinite: Bool, notNormal: Bool) {
            var notFinite: Int32 = 7, notNormal: Int32 = 7
            elements.withUnsafeBufferPointer { gradbook_scan_elements($0.baseAddress, $0.count, &notFinite, &notNormal) }
            return (notFinite != 0, notNormal != 0)
        }
        for count in [1, 7, 8, 9, 17, 40] {
            let plain = (0..<count).map { Double($0 + 1) * (($0 % 2 == 0) ? 1.5 : -2.25) }
            #expect(scan(plain) == (false, false), "length \(count)")
            for position in [0, count / 2, count - 1] {
                for (odd, expected) in [(Double.infinity, (true, false)), (-.infinity, (true, false)), (.nan, (true, false)),
                                        (0, (false, true)), (-0.0, (false, true)), (4e-320, (false, true)), (-2.2250738585072014e-308, (false, false))] {
                    var elements = plain
                    elements[position] = odd
                    #expect(scan(elements) == expected, "\(odd) at \(position) of \(count)")
                }
            }
        }
        #expect(scan([]) == (false, false))
    }

    @Test("relu in the kernels: off at z ≤ 0, on above, a NaN z passed on, at every length, into another array or in place")
    func reluKernel() {
        for count in [0, 1, 7, 8, 9, 17, 40] {
            let z = (0..<count).map { Self.reluPattern[$0 % Self.reluPattern.count] }
            var a = [Double](repeating: 9, count: count)
            if count > 0 { gradbook_relu(z, &a, count) }
            #expect(Self.sameBits(a, z.map { $0 > 0 ? $0 : ($0.isNaN ? $0 : 0) }), "relu at length \(count)")
            // In place, as a training step applies it.
            var inPlace = z
            inPlace.withUnsafeMutableBufferPointer { if let p = $0.baseAddress { gradbook_relu(p, p, count) } }
            #expect(Self.sameBits(inPlace, a), "relu in place at length \(count)")
        }
    }

    @Test("relu's backward step and a bias's column sums: g where z > 0, else 0, a NaN z passed on, and each column added down the rows in order, bit for bit, at every shape")
    func reluBackwardAndColumnSums() {
        for rows in [0, 1, 3, 100] {
            for columns in [1, 7, 8, 9, 16, 17, 24, 33] {
                let count = rows * columns
                let z = (0..<count).map { Self.reluPattern[($0 * 7 + rows) % Self.reluPattern.count] }
                // Sizes that make the order of the additions show in the last bits, and -0, inf and nan among them.
                let g = (0..<count).map { index -> Double in
                    switch index % 23 {
                    case 5: return -0.0
                    case 11: return index % 2 == 0 ? .infinity : -.infinity
                    case 17: return .nan
                    default: return (Double(index % 13) - 6.5) * pow(10, Double(index % 9 - 4)) / 3
                    }
                }
                let relu = zip(g, z).map { g, v in v > 0 ? g : (v.isNaN ? v : 0) }
                func sumsInOrder(_ x: [Double]) -> [Double] {
                    (0..<columns).map { column in (0..<rows).reduce(0.0) { $0 + x[$1 * columns + column] } }
                }
                var backward = g, sums = [Double](repeating: 9, count: columns)
                gradbook_relu_backward_column_sums(&backward, z, rows, columns, &sums)
                #expect(Self.sameBits(backward, relu), "relu's backward step, \(rows)×\(columns)")
                #expect(Self.sameBits(sums, sumsInOrder(relu)), "its column sums, \(rows)×\(columns)")
                var plainSums = [Double](repeating: 9, count: columns)
                gradbook_column_sums(g, rows, columns, &plainSums)
                #expect(Self.sameBits(plainSums, sumsInOrder(g)), "column sums without relu, \(rows)×\(columns)")
            }
        }
    }

    static let reluPattern: [Double] = [-1, 0, -0.0, 2, .nan, .infinity, -.infinity, 1e-300, -1e-300, 3.5]

    /// Equal as bit patterns up to NaN's payload: -0 differs from 0 here, and nan equals nan.
    static func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || $0.bitPattern == $1.bitPattern }
    }
}
