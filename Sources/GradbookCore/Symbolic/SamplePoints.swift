// Deterministic pseudo-random points for comparing formulas numerically (SplitMix64, seeded).

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast, well-mixed generator; one seed, one sequence.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The points at which two formulas are compared: a few with small "nice" values first (so that a
/// counterexample reads well), then uniform points in [-3, 3], widened to [-30, 30] after many
/// rejections (a domain such as log(x - 10) lies outside [-3, 3]).
struct SamplePoints {
    /// Values tried first; 0 is left out because many domains (log, 1/x) exclude it.
    static let niceValues: [Double] = [1, 2, -1, 0.5, 3, -2, 1.5, -0.5]
    /// Half-width of the usual sampling range: moderate, so exp and powers stay well inside Double.
    static let range = 3.0
    /// Half-width used once the usual range has yielded too few points inside the domain.
    static let wideRange = 30.0
    /// After this many attempts the wide range is used.
    static let widenAfter = 150

    let variables: [Variable]
    private var generator: SplitMix64
    private(set) var attempt = 0

    init(variables: Set<Variable>, seed: UInt64) {
        self.variables = variables.sorted()
        generator = SplitMix64(seed: seed)
    }

    /// The next point to try.
    mutating func next() -> [Variable: Double] {
        defer { attempt += 1 }
        var point: [Variable: Double] = [:]
        let nice = Self.niceValues
        for (j, v) in variables.enumerated() {
            if attempt < nice.count {
                point[v] = nice[(attempt + 3 * j) % nice.count]
            } else {
                let width = attempt < Self.widenAfter ? Self.range : Self.wideRange
                point[v] = Double.random(in: -width...width, using: &generator)
            }
        }
        return point
    }
}
