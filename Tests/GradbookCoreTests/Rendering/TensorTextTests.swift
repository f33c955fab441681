// Matrices as text: a large one keeps its first and last columns and fits an 80-column terminal.

@testable import GradbookCore
import Testing

@Suite("Vectors and matrices as text")
struct TensorTextTests {
    @Test("a matrix of wide numbers elides middle columns until each row fits", arguments: [(60, 60), (3, 9), (4, 40)])
    func wideMatrixFits(_ shape: (Int, Int)) {
        let elements = (0..<(shape.0 * shape.1)).map { -1.0 / Double($0 + 7) }  // -0.142857 …: wide numbers
        let text = TensorText(format: NumberFormat()).text(Tensor(shape: [shape.0, shape.1], elements: elements))
        let rows = text.split(separator: "\n").dropFirst()
        #expect(rows.allSatisfy { $0.count <= TensorText.maximumRowWidth }, "\(text)")
        // The first and the last column are always there.
        #expect(rows.first?.hasSuffix(NumberFormat().text(elements[shape.1 - 1])) == true, "\(text)")
        #expect(rows.first?.contains(NumberFormat().text(elements[0])) == true, "\(text)")
    }

    @Test("a narrow matrix shows every column")
    func narrowMatrixWhole() {
        let text = TensorText(format: NumberFormat()).text(Tensor(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6]))
        #expect(text == "2×3 matrix\n  1  2  3\n  4  5  6")
    }
}
