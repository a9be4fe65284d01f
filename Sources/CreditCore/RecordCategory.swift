/// The seven categories of administrative enforcement data (seed item 37).
public enum RecordCategory: String, CaseIterable, Sendable, Codable, Comparable {
    case licensing, penalty, coercion, reward, confirmation, adjudication, inspection

    /// The Chinese name, which is also the file name of an export (`行政处罚.csv`).
    public var chineseName: String {
        switch self {
        case .licensing: "行政许可"
        case .penalty: "行政处罚"
        case .coercion: "行政强制"
        case .reward: "行政奖励"
        case .confirmation: "行政确认"
        case .adjudication: "行政裁决"
        case .inspection: "行政检查"
        }
    }

    /// Accepts the English identifier, the Chinese name, or 行政监督检查.
    public init?(name: String) {
        if let c = RecordCategory(rawValue: name.lowercased()) { self = c; return }
        if name == "行政监督检查" { self = .inspection; return }
        guard let c = RecordCategory.allCases.first(where: { $0.chineseName == name }) else { return nil }
        self = c
    }

    public static func < (l: Self, r: Self) -> Bool { l.ordinal < r.ordinal }
}

/// 企业信用风险分类 (国市监信发〔2022〕6号): A 低 / B 一般 / C 较高 / D 高. Internal: never published.
public enum RiskClass: String, CaseIterable, Sendable, Codable, Comparable {
    case a = "A", b = "B", c = "C", d = "D"

    public var chineseName: String {
        switch self {
        case .a: "信用风险低（A类）"
        case .b: "信用风险一般（B类）"
        case .c: "信用风险较高（C类）"
        case .d: "信用风险高（D类）"
        }
    }

    public var rank: Int { ordinal }
    public init(rank: Int) { self = RiskClass.allCases[max(0, min(3, rank))] }
    /// `n` levels riskier, capped at D.
    public func raised(by n: Int) -> RiskClass { RiskClass(rank: rank + n) }
    public static func < (l: Self, r: Self) -> Bool { l.rank < r.rank }
}
