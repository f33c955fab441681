// A half-open span of a SourceText: what a caret points at.

/// A half-open span `lowerBound..<upperBound` of scalar offsets in one `SourceText`.
public struct SourceRange: Sendable, Hashable {
    public var lowerBound: Int
    public var upperBound: Int

    public init(_ lowerBound: Int, _ upperBound: Int) {
        self.lowerBound = lowerBound
        self.upperBound = max(lowerBound, upperBound)
    }

    /// An empty range at `offset` (a caret between two characters, e.g. at the end of the input).
    public static func at(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

    /// The smallest range covering both.
    public func joined(with other: SourceRange) -> SourceRange {
        SourceRange(min(lowerBound, other.lowerBound), max(upperBound, other.upperBound))
    }

    public var isEmpty: Bool { lowerBound == upperBound }
}
