/// 核查结果 of a commitment (告知承诺): whether the enterprise kept it. 国办发〔2020〕42号: a false
/// commitment (虚假承诺) is a dishonest act that goes into the credit record.
public enum CommitmentOutcome: String, CaseIterable, Sendable, Hashable, Codable {
    /// 履约: the conditions committed to were met.
    case kept = "履约"
    /// 未履约: not met (yet), without deceit: corrected under supervision.
    case notKept = "未履约"
    /// 虚假承诺: the commitment was false — a dishonesty record until repaired.
    case falseCommitment = "虚假承诺"

    /// Reads the contract's value or a common synonym (已履约, 未履行承诺, 承诺不实).
    public init?(text: String) {
        let compact = text.filter { !$0.isWhitespace }
        if let exact = CommitmentOutcome(rawValue: compact) { self = exact; return }
        switch compact {
        case "已履约", "履行承诺", "已履行承诺", "符合承诺", "核查通过": self = .kept
        case "未履行承诺", "不符合承诺", "未履行": self = .notKept
        case "承诺不实", "虚假", "作出虚假承诺", "提供虚假承诺": self = .falseCommitment
        default: return nil
        }
    }
}

/// One commitment an enterprise signed to obtain an approval by 告知承诺 (信用+审批, item 38 of
/// the plan), with the follow-up check (先证后验) and its outcome once checked. Its identity is
/// the enterprise, the deciding agency (code, else name) and the 承诺书编号 — or, without a
/// number, the approval item and the day of the commitment.
public struct Commitment: Sendable, Hashable {
    public var uscc: UnifiedSocialCreditCode
    public var subjectName: String
    /// 承诺书编号; `（无编号）CODE YYYY-MM-DD` when the export gives none.
    public var documentNumber: String
    /// 审批事项 (承诺事项) and its code in `Rules/eligibility.yaml`.
    public var itemName: String
    public var itemCode: String
    /// 承诺日期: the day of the commitment and the approval it obtained.
    public var committedOn: CalendarDate
    /// 作出决定机关: the agency that approved on the commitment.
    public var agency: String
    public var agencyCode: String?
    /// 核查期限 as the export gives it (nil: computed from the item's rule).
    public var checkDue: CalendarDate?
    /// 核查日期: when the follow-up check was done.
    public var checkedOn: CalendarDate?
    /// 核查结果, once checked.
    public var outcome: CommitmentOutcome?
    public var reportDate: CalendarDate?
    public var remark: String?

    public var agencyKey: String { agencyCode ?? agency }

    public init(uscc: UnifiedSocialCreditCode, subjectName: String, documentNumber: String? = nil, itemName: String, itemCode: String,
                committedOn: CalendarDate, agency: String, agencyCode: String? = nil, checkDue: CalendarDate? = nil,
                checkedOn: CalendarDate? = nil, outcome: CommitmentOutcome? = nil, reportDate: CalendarDate? = nil, remark: String? = nil) {
        self.uscc = uscc; self.subjectName = subjectName
        self.documentNumber = documentNumber ?? Self.unnumbered(itemCode: itemCode, committedOn: committedOn)
        self.itemName = itemName; self.itemCode = itemCode; self.committedOn = committedOn; self.agency = agency
        self.agencyCode = agencyCode; self.checkDue = checkDue; self.checkedOn = checkedOn; self.outcome = outcome
        self.reportDate = reportDate; self.remark = remark
    }

    /// The number a commitment without a 承诺书编号 is known by.
    public static func unnumbered(itemCode: String, committedOn: CalendarDate) -> String { "（无编号）\(itemCode) \(committedOn)" }

    /// A false commitment found by a check on or before `date`.
    public func isFalse(asOf date: CalendarDate) -> Bool {
        outcome == .falseCommitment && (checkedOn.map { $0 <= date } ?? false)
    }
}
