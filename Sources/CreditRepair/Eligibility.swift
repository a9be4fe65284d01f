import CreditCore
import CreditRules

/// 信用+审批 (国办发〔2020〕42号): may this enterprise use commitment-based approval?
public struct EligibilityDecision: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case eligible = "可适用告知承诺制"
        case notEligible = "不适用告知承诺制"
        case manualReview = "人工审核"
    }
    public var uscc: String
    public var outcome: Outcome
    public var reasons: [String]
}

/// The eligibility rules (`Rules/eligibility.yaml`).
public struct EligibilityRules: Sendable {
    public var blockSeriousList: Bool
    public var blockDishonestDebtor: Bool
    public var blockUnrepairedSeriousPenalty: Bool
    public var manualReviewClasses: Set<RiskClass>
    public var basis: String

    public init(blockSeriousList: Bool = true, blockDishonestDebtor: Bool = true, blockUnrepairedSeriousPenalty: Bool = true,
                manualReviewClasses: Set<RiskClass> = [.d], basis: String) {
        self.blockSeriousList = blockSeriousList; self.blockDishonestDebtor = blockDishonestDebtor
        self.blockUnrepairedSeriousPenalty = blockUnrepairedSeriousPenalty; self.manualReviewClasses = manualReviewClasses
        self.basis = basis
    }

    /// Decides from the register, the penalties under publication and the internal class.
    /// - Parameter unrepairedSerious: 决定文书号s of 严重 penalties still published and not repaired.
    public func decide(_ enterprise: Enterprise, unrepairedSerious: [String], riskClass: RiskClass?) -> EligibilityDecision {
        var blocks: [String] = []
        if blockSeriousList, enterprise.onSeriousList { blocks.append("列入严重违法失信名单") }
        if blockDishonestDebtor, enterprise.isDishonestDebtor { blocks.append("被列为失信被执行人") }
        if blockUnrepairedSeriousPenalty, !unrepairedSerious.isEmpty {
            blocks.append("存在未修复的严重失信行政处罚：\(unrepairedSerious.joined(separator: "、"))")
        }
        if !blocks.isEmpty {
            return EligibilityDecision(uscc: enterprise.uscc.rawValue, outcome: .notEligible, reasons: blocks + ["依据：\(basis)"])
        }
        if let riskClass, manualReviewClasses.contains(riskClass) {
            return EligibilityDecision(uscc: enterprise.uscc.rawValue, outcome: .manualReview,
                                       reasons: ["信用风险分类为\(riskClass.rawValue)类，转人工审核（内部参考，不对外公开）"])
        }
        return EligibilityDecision(uscc: enterprise.uscc.rawValue, outcome: .eligible,
                                   reasons: ["未发现不得适用告知承诺制的情形", "依据：\(basis)"])
    }
}

/// Reads `Rules/eligibility.yaml`.
public enum EligibilityRulesLoader {
    public static func load(_ text: String, file: String = "eligibility.yaml") throws(RuleFileError) -> EligibilityRules {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["basis", "not_eligible_when", "manual_review_classes"])
        let when = try root.required("not_eligible_when")
        try when.onlyKeys(["serious_list", "dishonest_debtor", "unrepaired_serious_penalty"])
        var classes = Set<RiskClass>()
        for item in try root.optional("manual_review_classes")?.items() ?? [] {
            guard let c = RiskClass(rawValue: try item.string()) else { throw item.error("'\(try item.string())' is not a class A–D") }
            classes.insert(c)
        }
        return EligibilityRules(
            blockSeriousList: try when.required("serious_list").bool(), blockDishonestDebtor: try when.required("dishonest_debtor").bool(),
            blockUnrepairedSeriousPenalty: try when.required("unrepaired_serious_penalty").bool(), manualReviewClasses: classes,
            basis: try root.required("basis").string())
    }
}
