import CreditCore

/// The monthly double-random plan (`Rules/sampling.yaml`): per-class rates and minimum
/// intervals, extra stratum keys, inspection items, inspectors per task, workload cap and the
/// 回避 (conflict-of-interest) rules.
public struct SamplingPlan: Sendable {
    public var id: String
    public var version: String
    /// Where the default numbers come from.
    public var source: String
    public var classes: [RiskClass: ClassRule]
    /// Extra stratum keys after the class.
    public var strata: [StratumKey]
    /// 抽查事项: the default item, and items by industry section.
    public var defaultItem: String
    public var itemsBySection: [Character: String]
    public var inspectorsPerTask: Int
    /// Tasks one inspector may get in one draw.
    public var workloadCap: Int
    public var conflicts: ConflictRules
    /// 实施机关 named on inspection records and published results.
    public var agency: String
    /// Working days after an inspection ends by which its result is published (国市监信〔2019〕38号: 20).
    public var resultPublicationDays: Int = 20

    public struct ClassRule: Sendable, Hashable {
        /// Share of the eligible stratum drawn, exact: `numerator / denominator`.
        public var rate: DecimalRate
        /// Months an enterprise of this class stays out of the frame after being drawn.
        public var minimumIntervalMonths: Int
    }

    public enum StratumKey: String, Sendable, CaseIterable {
        case region
        case industrySection = "industry_section"
    }

    public struct ConflictRules: Sendable, Hashable {
        /// Declared conflicts (conflicts.csv) exclude the inspector.
        public var declared: Bool
        /// An inspector who inspected the enterprise in its previous draw is excluded.
        public var previousInspector: Bool
        /// 交叉检查: inspectors of the enterprise's own area are excluded (area coverage is then
        /// not required).
        public var sameAreaExcluded: Bool
    }

    /// The inspection item for an enterprise of this industry section.
    public func item(section: Character?) -> String {
        section.flatMap { itemsBySection[$0] } ?? defaultItem
    }
}

/// An exact rate written as a decimal string (`"0.02"`): numerator over a power of ten.
public struct DecimalRate: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int
    public let text: String

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty, (parts.count == 2 ? parts[1].count : 0) <= 9,
              let whole = Int(parts[0]) else { return nil }
        let fractionDigits = parts.count == 2 ? parts[1].count : 0
        var denominator = 1
        for _ in 0..<fractionDigits { denominator *= 10 }
        numerator = whole * denominator + (parts.count == 2 ? Int(parts[1])! : 0)
        self.denominator = denominator
        guard numerator <= denominator else { return nil }
        self.text = text
    }

    /// `ceil(rate × n)`, exactly.
    public func ceilTimes(_ n: Int) -> Int { (numerator * n + denominator - 1) / denominator }

    /// As a Double, for display only (expected counts, probabilities): never for selection.
    public var approximateValue: Double { Double(numerator) / Double(denominator) }

    public var description: String { text }
}
