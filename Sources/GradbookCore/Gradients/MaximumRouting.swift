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
}
