/// An exact ratio `numerator / denominator` (归集及时率, 合规率), rendered as a percentage
/// with two decimals, rounded half up: 199/200 → `99.50`.
public struct Rate: Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator; self.denominator = denominator
    }

    /// The percentage in hundredths (9950 for 99.50 %), or nil when nothing was counted.
    public var basisPointsOfPercent: Int? {
        guard denominator > 0 else { return nil }
        return (numerator * 20_000 + denominator) / (2 * denominator)
    }

    /// `99.50`, or `-` when the denominator is 0.
    public var description: String {
        guard let v = basisPointsOfPercent else { return "-" }
        let frac = v % 100
        return "\(v / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
