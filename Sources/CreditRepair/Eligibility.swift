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
    /// The approval item asked about (`--item`), when one was.
    public var item: String?
}

/// An approval item that allows 告知承诺制 (`approval_items:` in `Rules/eligibility.yaml`): its
/// name, the instrument that allows it, and the follow-up check of a commitment (先证后验).
public struct ApprovalItem: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var basis: String
    /// Conditions of the item that the applicant commits to (shown with the answer).
    public var conditions: [String]
    /// Months after the commitment within which the follow-up check is due.
    public var checkWithinMonths: Int
    public var checkBasis: String
    /// The item also refuses enterprises on the 经营异常名录.
    public var blockAbnormalList: Bool

    /// The day the follow-up check of a commitment made on `committedOn` is due.
    public func checkDue(_ committedOn: CalendarDate) -> CalendarDate { committedOn.adding(months: checkWithinMonths) }
}

/// The eligibility rules (`Rules/eligibility.yaml`).
public struct EligibilityRules: Sendable {
    public var blockSeriousList: Bool
    public var blockDishonestDebtor: Bool
    public var blockUnrepairedSeriousPenalty: Bool
    public var manualReviewClasses: Set<RiskClass>
    public var basis: String
    /// An unrepaired 虚假承诺 refuses 告知承诺制 (国办发〔2020〕42号).
    public var blockFalseCommitment: Bool = true
    /// The approval items that allow 告知承诺制, by code.
    public var items: [String: ApprovalItem] = [:]

    public init(blockSeriousList: Bool = true, blockDishonestDebtor: Bool = true, blockUnrepairedSeriousPenalty: Bool = true,
                manualReviewClasses: Set<RiskClass> = [.d], basis: String, blockFalseCommitment: Bool = true, items: [String: ApprovalItem] = [:]) {
        self.blockSeriousList = blockSeriousList; self.blockDishonestDebtor = blockDishonestDebtor
        self.blockUnrepairedSeriousPenalty = blockUnrepairedSeriousPenalty; self.manualReviewClasses = manualReviewClasses
        self.basis = basis; self.blockFalseCommitment = blockFalseCommitment; self.items = items
    }

    /// Decides from the register, the penalties under publication and the internal class.
    /// - Parameter unrepairedSerious: 决定文书号s of 严重 penalties still published and not repaired.
    public func decide(_ enterprise: Enterprise, unrepairedSerious: [String], riskClass: RiskClass?) -> EligibilityDecision {
        decide(enterprise, unrepairedSerious: unrepairedSerious, riskClass: riskClass, item: nil, standing: nil, today: nil)
    }

    /// Decides for an approval item (`item`: its code; nil for 告知承诺制 in general), with the
    /// lists and commitments as of `today` where the enterprise has any: serious-list
    /// membership by its listings (the register's flag otherwise) and unrepaired false
    /// commitments, each named with its number and date.
    public func decide(_ registered: Enterprise, unrepairedSerious: [String], riskClass: RiskClass?, item code: String?,
                       standing: RegisterStanding?, today: CalendarDate?) -> EligibilityDecision {
        var decision = decideAll(registered, unrepairedSerious: unrepairedSerious, riskClass: riskClass, item: code, standing: standing, today: today)
        decision.item = code
        return decision
    }

    private func decideAll(_ registered: Enterprise, unrepairedSerious: [String], riskClass: RiskClass?, item code: String?,
                           standing: RegisterStanding?, today: CalendarDate?) -> EligibilityDecision {
        var item: ApprovalItem?
        if let code {
            guard let known = items[code] else {
                return EligibilityDecision(uscc: registered.uscc.rawValue, outcome: .notEligible, reasons: [
                    "审批事项\(code)未列入可适用告知承诺制的事项（Rules/eligibility.yaml approval_items：\(items.keys.sorted().joined(separator: "、"))）",
                ])
            }
            item = known
        }
        let enterprise = today.flatMap { day in standing.map { $0.applied(to: registered, asOf: day) } } ?? registered
        var blocks: [String] = []
        if blockSeriousList, enterprise.onSeriousList {
            let listings = today.flatMap { standing?.inForce(.serious, on: $0) } ?? []
            blocks.append("列入严重违法失信名单" + (listings.isEmpty ? "" : "（\(listings.map { "\($0.listing.documentNumber)，\($0.listing.listedOn.chinese)列入" }.joined(separator: "；"))）"))
        }
        if item?.blockAbnormalList == true, enterprise.onAbnormalList {
            blocks.append("列入经营异常名录（\(item!.name)不适用告知承诺制）")
        }
        if blockFalseCommitment, let today, let standing {
            for c in standing.falseCommitments(on: today) {
                blocks.append("存在未修复的虚假承诺：\(c.documentNumber)（\(c.itemName)，\(c.checkedOn?.chinese ?? "")核查认定）")
            }
        }
        if blockDishonestDebtor, enterprise.isDishonestDebtor { blocks.append("被列为失信被执行人") }
        if blockUnrepairedSeriousPenalty, !unrepairedSerious.isEmpty {
            blocks.append("存在未修复的严重失信行政处罚：\(unrepairedSerious.joined(separator: "、"))")
        }
        if !blocks.isEmpty {
            return EligibilityDecision(uscc: enterprise.uscc.rawValue, outcome: .notEligible, reasons: blocks + ["依据：\(basis)"])
        }
        let itemReasons = item.map { i in
            ["审批事项：\(i.name)（\(i.code)），依据\(i.basis)"] + i.conditions.map { "承诺条件：\($0)" }
                + ["审批后\(i.checkWithinMonths)个月内核查承诺内容（\(i.checkBasis)）"]
        } ?? []
        if let riskClass, manualReviewClasses.contains(riskClass) {
            return EligibilityDecision(uscc: enterprise.uscc.rawValue, outcome: .manualReview,
                                       reasons: ["信用风险分类为\(riskClass.rawValue)类，转人工审核（内部参考，不对外公开）"] + itemReasons)
        }
        return EligibilityDecision(uscc: enterprise.uscc.rawValue, outcome: .eligible,
                                   reasons: ["未发现不得适用告知承诺制的情形"] + itemReasons + ["依据：\(basis)"])
    }
}

/// Reads `Rules/eligibility.yaml`.
public enum EligibilityRulesLoader {
    public static func load(_ text: String, file: String = "eligibility.yaml") throws(RuleFileError) -> EligibilityRules {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["basis", "not_eligible_when", "manual_review_classes", "approval_items"])
        let when = try root.required("not_eligible_when")
        try when.onlyKeys(["serious_list", "dishonest_debtor", "unrepaired_serious_penalty", "unrepaired_false_commitment"])
        var items: [String: ApprovalItem] = [:]
        for (code, node) in try root.optional("approval_items")?.mappingEntries() ?? [] {
            let entry = node.withRuleID(code)
            try entry.onlyKeys(["name", "basis", "conditions", "check_within_months", "check_basis", "abnormal_list"])
            let months = try entry.required("check_within_months").int()
            guard months >= 1 else { throw entry.error("check_within_months must be at least 1") }
            items[code] = ApprovalItem(
                code: code, name: try entry.required("name").string(), basis: try entry.required("basis").string(),
                conditions: try entry.optional("conditions")?.items().map { n throws(RuleFileError) in try n.string() } ?? [],
                checkWithinMonths: months, checkBasis: try entry.required("check_basis").string(),
                blockAbnormalList: try entry.optional("abnormal_list")?.bool() ?? false)
        }
        var classes = Set<RiskClass>()
        for item in try root.optional("manual_review_classes")?.items() ?? [] {
            guard let c = RiskClass(rawValue: try item.string()) else { throw item.error("'\(try item.string())' is not a class A–D") }
            classes.insert(c)
        }
        return EligibilityRules(
            blockSeriousList: try when.required("serious_list").bool(), blockDishonestDebtor: try when.required("dishonest_debtor").bool(),
            blockUnrepairedSeriousPenalty: try when.required("unrepaired_serious_penalty").bool(), manualReviewClasses: classes,
            basis: try root.required("basis").string(),
            blockFalseCommitment: try when.optional("unrepaired_false_commitment")?.bool() ?? true, items: items)
    }
}

/// A commitment's follow-up check (先证后验) on a date: when it is due and whether it is late.
public struct CommitmentCheck: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable {
        /// Not checked, due within the window.
        case comingDue = "即将到期"
        /// Not checked, due date passed.
        case overdue = "已逾期"
    }
    public var uscc: String
    public var subjectName: String
    public var documentNo: String
    public var itemCode: String
    public var itemName: String
    public var committedOn: CalendarDate
    public var agency: String
    public var due: CalendarDate
    /// Where the due date came from: the export's 核查期限, or the item's rule.
    public var dueBasis: String
    public var state: State
    /// Days until due (negative: days overdue).
    public var daysLeft: Int

    enum CodingKeys: String, CodingKey {
        case uscc, subjectName = "subject_name", documentNo = "document_no", itemCode = "item_code", itemName = "item_name"
        case committedOn = "committed_on", agency, due, dueBasis = "due_basis", state, daysLeft = "days_left"
    }
}

extension EligibilityRules {
    /// The follow-up check of a commitment is due on its exported 核查期限, else
    /// `check_within_months` of its approval item after the commitment; nil when neither is known.
    public func checkDue(_ commitment: Commitment) -> (CalendarDate, String)? {
        if let due = commitment.checkDue { return (due, "导出的核查期限") }
        guard let item = items[commitment.itemCode] else { return nil }
        return (item.checkDue(commitment.committedOn), item.checkBasis)
    }

    /// Unchecked commitments whose check is overdue on `asOf` or due within `windowDays` after
    /// it, overdue first, then by due date. Commitments of unknown items with no 核查期限 are
    /// returned apart so that they are not silently dropped.
    public func checksDue(_ commitments: [Commitment], asOf: CalendarDate, windowDays: Int) -> (due: [CommitmentCheck], undated: [Commitment]) {
        var due: [CommitmentCheck] = [], undated: [Commitment] = []
        for c in commitments where c.outcome == nil && c.committedOn <= asOf {
            guard let (date, basis) = checkDue(c) else { undated.append(c); continue }
            let left = date.dayNumber - asOf.dayNumber
            guard left <= windowDays else { continue }
            due.append(CommitmentCheck(uscc: c.uscc.rawValue, subjectName: c.subjectName, documentNo: c.documentNumber, itemCode: c.itemCode,
                                       itemName: c.itemName, committedOn: c.committedOn, agency: c.agency, due: date, dueBasis: basis,
                                       state: left < 0 ? .overdue : .comingDue, daysLeft: left))
        }
        due.sort { ($0.due, $0.uscc, $0.documentNo) < ($1.due, $1.uscc, $1.documentNo) }
        return (due, undated.sorted { ($0.committedOn, $0.documentNumber) < ($1.committedOn, $1.documentNumber) })
    }
}
