import CreditCore

/// The impact of a rule change: how many enterprises move from each old class to each new
/// class, overall and by region, and who moves and why (the migration matrix a regulator
/// reads before releasing a rule set).
public struct ClassMigration: Sendable, Codable {
    /// matrix[old][new], indexed by class rank (A = 0 … D = 3).
    public var matrix: [[Int]] = Array(repeating: Array(repeating: 0, count: 4), count: 4)
    public var byRegion: [String: [[Int]]] = [:]
    public var movers: [Mover] = []

    public struct Mover: Sendable, Hashable, Codable {
        public var uscc: String
        public var name: String
        public var region: String
        public var oldClass: RiskClass
        public var newClass: RiskClass
        public var oldScore: Int
        public var newScore: Int
        /// The indicator (or override) whose points changed most.
        public var responsible: String
        enum CodingKeys: String, CodingKey {
            case uscc, name, region, oldClass = "old_class", newClass = "new_class", oldScore = "old_score"
            case newScore = "new_score", responsible
        }
    }

    public init() {}

    /// Adds one enterprise's old and new classification.
    public mutating func add(_ enterprise: Enterprise, old: Classification, new: Classification) {
        matrix[old.riskClass.rank][new.riskClass.rank] += 1
        byRegion[enterprise.region, default: Array(repeating: Array(repeating: 0, count: 4), count: 4)][old.riskClass.rank][new.riskClass.rank] += 1
        guard old.riskClass != new.riskClass else { return }
        movers.append(Mover(uscc: enterprise.uscc.rawValue, name: enterprise.name, region: enterprise.region,
                            oldClass: old.riskClass, newClass: new.riskClass, oldScore: old.score, newScore: new.score,
                            responsible: Self.responsible(old: old, new: new)))
    }

    /// The override that appeared or disappeared, else the indicator with the largest change in points.
    static func responsible(old: Classification, new: Classification) -> String {
        let overrideChange = Set(old.overrides).symmetricDifference(new.overrides).sorted()
        if let first = overrideChange.first { return "override:\(first)" }
        var delta: [String: Int] = [:]
        for c in old.contributions { delta[c.indicator, default: 0] -= c.points }
        for c in new.contributions { delta[c.indicator, default: 0] += c.points }
        let best = delta.filter { $0.value != 0 }.max { (abs($0.value), $1.key) < (abs($1.value), $0.key) }
        return best.map { "\($0.key) (\($0.value > 0 ? "+" : "")\($0.value))" } ?? "class bands"
    }
}
