// Where a maximum came from: the one rule backprop, the recorded backward pass and forward mode share.

enum MaximumRouting {
    /// For each element of `node` (a max over all of its input, or over each column (axis 1) or row (axis 2)),
    /// the position in the input of the first element equal to it. At a tie the first one wins, the
    /// convention `:help max` states; a group whose maximum is nan has no source (nil).
    static func sources(of node: Node, axis: Int?) -> [Int?] {
        let input = node.inputs[0]
        let x = input.elements, maxima = node.elements
        let columns = input.shape.count == 2 ? input.shape[1] : x.count
        var sources = [Int?](repeating: nil, count: maxima.count)
        for index in x.indices {
            let group = axis == nil || input.shape.count < 2 ? 0 : (axis == 1 ? index % columns : index / columns)
            if sources[group] == nil, x[index] == maxima[group] { sources[group] = index }
        }
        return sources
    }

    /// Whether `node` (a max over groups, or max(a, b) / min(a, b) element by element) was taken at a tie,
    /// where the convention above decided which input receives the gradient.
    static func hasTie(_ node: Node) -> Bool {
        switch node.operation {
        case .max(let axis):
            let input = node.inputs[0]
            let x = input.elements, maxima = node.elements
            let columns = input.shape.count == 2 ? input.shape[1] : x.count
            var seen = [Bool](repeating: false, count: maxima.count)
            for index in x.indices {
                let group = axis == nil || input.shape.count < 2 ? 0 : (axis == 1 ? index % columns : index / columns)
                guard x[index] == maxima[group] else { continue }
                if seen[group] { return true }
                seen[group] = true
            }
            return false
        case .maximum, .minimum:
            let (a, b) = (node.inputs[0], node.inputs[1])
            let left = Broadcast.sourceIndices(of: a.shape, in: node.shape), right = Broadcast.sourceIndices(of: b.shape, in: node.shape)
            let x = a.elements, y = b.elements
            return zip(left, right).contains { x[$0] == y[$1] }
        default:
            return false
        }
    }
}
