// Built-in data sets for training: xor, moons, circles, spiral and line, reproducible from a seed.

import Foundation

/// Examples as rows of X with their targets as rows of Y.
public struct Dataset: Sendable {
    public var name: String
    public var inputs: Tensor
    public var targets: Tensor

    public var count: Int { inputs.rows }

    /// The four points of XOR: the classic problem no single linear unit can solve.
    public static func xor() -> Dataset {
        Dataset(name: "xor", inputs: Tensor(shape: [4, 2], elements: [0, 0, 0, 1, 1, 0, 1, 1]),
                targets: Tensor(shape: [4, 1], elements: [0, 1, 1, 0]))
    }

    /// Two interleaving half circles (scikit-learn's make_moons), labels 0 and 1.
    public static func moons(_ n: Int, noise: Double, seed: UInt64) -> Dataset {
        var random = RandomNumbers(seed: seed)
        var points: [Double] = [], labels: [Double] = []
        for index in 0..<n {
            let upper = index < (n + 1) / 2
            let count = upper ? (n + 1) / 2 : n / 2
            let position = upper ? index : index - (n + 1) / 2
            let angle = Double.pi * Double(position) / Double(max(1, count - 1))
            let x = upper ? cos(angle) : 1 - cos(angle)
            let y = upper ? sin(angle) : 0.5 - sin(angle)
            let jitter = random.normal(2)
            points += [x + noise * jitter[0], y + noise * jitter[1]]
            labels.append(upper ? 0 : 1)
        }
        return Dataset(name: "moons", inputs: Tensor(shape: [n, 2], elements: points), targets: Tensor(shape: [n, 1], elements: labels))
    }

    /// Two concentric circles, labels 0 (outer) and 1 (inner).
    public static func circles(_ n: Int, noise: Double, seed: UInt64) -> Dataset {
        var random = RandomNumbers(seed: seed)
        var points: [Double] = [], labels: [Double] = []
        for index in 0..<n {
            let inner = index % 2 == 1
            let angle = 2 * Double.pi * random.unit()
            let radius = inner ? 0.5 : 1.0
            let jitter = random.normal(2)
            points += [radius * cos(angle) + noise * jitter[0], radius * sin(angle) + noise * jitter[1]]
            labels.append(inner ? 1 : 0)
        }
        return Dataset(name: "circles", inputs: Tensor(shape: [n, 2], elements: points), targets: Tensor(shape: [n, 1], elements: labels))
    }

    /// Interleaved spiral arms (CS231n's example), one per class, labels 0, 1, … as one-hot rows when
    /// there are more than two classes.
    public static func spiral(_ n: Int, classes: Int, noise: Double, seed: UInt64) -> Dataset {
        var random = RandomNumbers(seed: seed)
        var points: [Double] = [], labels: [Double] = []
        let perClass = max(1, n / classes)
        for label in 0..<classes {
            for index in 0..<perClass {
                let radius = Double(index) / Double(perClass)
                let angle = Double(label) * 4 + 4 * radius + noise * random.normal(1)[0]
                points += [radius * sin(angle), radius * cos(angle)]
                if classes == 2 { labels.append(Double(label)) } else {
                    labels += (0..<classes).map { $0 == label ? 1 : 0 }
                }
            }
        }
        let rows = perClass * classes
        return Dataset(name: "spiral", inputs: Tensor(shape: [rows, 2], elements: points),
                       targets: Tensor(shape: [rows, classes == 2 ? 1 : classes], elements: labels))
    }

    /// Points on y = 2x + 1 with noise: a regression problem.
    public static func line(_ n: Int, noise: Double, seed: UInt64) -> Dataset {
        var random = RandomNumbers(seed: seed)
        let xs = (0..<n).map { n == 1 ? 0 : -1 + 2 * Double($0) / Double(n - 1) }
        let ys = xs.map { 2 * $0 + 1 + noise * random.normal(1)[0] }
        return Dataset(name: "line", inputs: Tensor(shape: [n, 1], elements: xs), targets: Tensor(shape: [n, 1], elements: ys))
    }
}
