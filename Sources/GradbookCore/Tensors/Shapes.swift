// Shapes after a reduction. The shape rule of each operation is in Graph/Node+Shapes.swift.

/// Shape rules, one per operation (Graph/Node+Shapes.swift); the evaluator reports a mismatch before anything is computed.
public enum Shapes {
    /// The shape after reducing along `axis` (1: down the columns, 2: along the rows; nil: everything).
    static func reduced(_ shape: [Int], axis: Int?) -> [Int]? {
        guard let axis else { return [] }
        switch (shape.count, axis) {
        case (1, 1): return []
        case (2, 1): return [shape[1]]
        case (2, 2): return [shape[0]]
        default: return nil
        }
    }
}
