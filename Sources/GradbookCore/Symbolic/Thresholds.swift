// Where a formula changes its nature: the kinks and jumps of abs, relu, sign and step (relu(x - 4)
// bends at x = 4) and the domain edges of log and sqrt. `==` samples both sides of each, so two
// formulas that differ only past a threshold far from the usual sample range are still told apart.

import Foundation

extension FormulaStore {
    /// At most this many thresholds, variables and roots per threshold are searched (a hand-written
    /// formula has a few; a network's has hundreds, and sampling them all would cost more than it tells).
    static let maximumThresholds = 12
    static let maximumThresholdVariables = 8
    static let maximumRootsPerThreshold = 4

    /// The arguments u of every abs(u), relu(u), sign(u), step(u) (where the formula bends or jumps at
    /// u = 0), and of every function whose domain ends (log(u), sqrt(u) at u = 0; u + 1 of log1p(u), u ∓ 1
    /// of asin(u)) in `roots`, outermost first.
    func thresholdArguments(in roots: [FormulaID]) -> [FormulaID] {
        var found: [FormulaID] = []
        for id in reachable(from: roots).reversed() {
            guard case .apply(let f, let u) = node(id), constantValue(u) == nil else { continue }
            // A kink or jump at 0, or the ends of the domain (log1p's at u = -1: the argument u + 1 crosses 0).
            let edges = f.hasKinkAtZero ? [0] : f.domainEdges
            for edge in edges {
                let argument = edge == 0 ? u : add(u, constant(-edge))
                if !found.contains(argument) { found.append(argument) }
            }
        }
        return found
    }

    /// Points on both sides of every place where a threshold argument of `roots` crosses 0, found by
    /// moving one variable at a time away from `base`: very close to the crossing (a jump shows there)
    /// and a little further (a bend shows there), plus the crossing itself.
    ///
    /// Each search costs about 80 evaluations of every threshold argument, charged to `evaluations`
    /// (counted in evaluations of the whole comparison); searching stops while `keeping` are left.
    func thresholdPoints(of roots: [FormulaID], variables: [Variable], base: [Variable: Double],
                         evaluations: inout Int, keeping reserve: Int) -> [[Variable: Double]] {
        let arguments = Array(thresholdArguments(in: roots).prefix(Self.maximumThresholds))
        guard !arguments.isEmpty else { return [] }
        let evaluation = FormulaEvaluation(store: self, roots: arguments)
        var points: [[Variable: Double]] = []
        for v in variables.prefix(Self.maximumThresholdVariables) where !pollForStop() {
            for (k, _) in arguments.enumerated() where evaluations > reserve {
                evaluations -= 80
                let crossing = { (t: Double) -> Double in
                    var point = base
                    point[v] = t
                    return evaluation.values(at: point)[k]
                }
                for root in Self.zeros(of: crossing).prefix(Self.maximumRootsPerThreshold) {
                    // Relative to the crossing, so a jump on a tiny interval (step(x^2 - 1e-40), at |x| < 1e-20) is seen.
                    let near = root == 0 ? 1e-9 : Swift.abs(root) * 1e-7, further = root == 0 ? 1e-3 : Swift.abs(root) * 1e-2
                    // Further first: a bend shows there, and its coordinates are short enough to read.
                    for t in [root - further, root + further, root - near, root + near] {
                        var point = base
                        point[v] = SamplePoints.roundedAway(from: root, toward: t)
                        if !points.contains(point) { points.append(point) }
                    }
                    var exact = base
                    exact[v] = root
                    if !points.contains(exact) { points.append(exact) }
                }
            }
        }
        return points
    }

    /// Where g(t) = 0: exactly when g is affine in t (checked at four points), else by bisection
    /// between neighbouring points of a grid from -1e6 to 1e6 where g changes sign.
    static func zeros(of g: (Double) -> Double) -> [Double] {
        var roots: [Double] = []
        let (g0, g1, gm, g10) = (g(0), g(1), g(-1), g(10))
        let slope = g1 - g0
        if slope != 0, slope.isFinite, g0.isFinite,
           EquivalenceSettings.agree(g0 - gm, slope), EquivalenceSettings.agree(g10 - g0, 10 * slope) {
            roots.append(-g0 / slope)
        }
        let magnitudes = (-12...12).map { Foundation.pow(10, Double($0) / 2) }
        let grid = magnitudes.reversed().map { -$0 } + [0] + magnitudes
        var previous: (t: Double, value: Double)?
        for t in grid {
            let value = g(t)
            guard value.isFinite else {
                previous = nil
                continue
            }
            if value == 0 { roots.append(t) }
            if let (s, before) = previous, before != 0, value != 0, (before < 0) != (value < 0) {
                roots.append(bisect(g, from: s, to: t, signAtStart: before < 0))
            }
            previous = (t, value)
        }
        var distinct: [Double] = []
        for root in roots where !distinct.contains(where: { EquivalenceSettings.agree($0, root) }) { distinct.append(root) }
        return distinct
    }

    /// A point of [a, b] where g changes sign, to within a few ulps.
    private static func bisect(_ g: (Double) -> Double, from a: Double, to b: Double, signAtStart negative: Bool) -> Double {
        var (low, high) = (a, b)
        for _ in 0..<200 {
            let middle = low + (high - low) / 2
            guard middle != low, middle != high else { break }
            let value = g(middle)
            if value == 0 { return middle }
            if value.isFinite, (value < 0) == negative { low = middle } else { high = middle }
        }
        return low + (high - low) / 2
    }
}
