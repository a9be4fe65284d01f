/// A reason that puts a class-A enterprise on a targeted inspection despite "非请勿扰"
/// (seed item 40): complaints, big-data monitoring hits, referred leads, legal requirement.
public struct InspectionTrigger: Sendable, Hashable {
    public var uscc: UnifiedSocialCreditCode
    public var kind: Kind
    /// 线索编号: the complaint number, case lead or legal basis.
    public var reference: String
    public var date: CalendarDate

    public init(uscc: UnifiedSocialCreditCode, kind: Kind, reference: String, date: CalendarDate) {
        self.uscc = uscc; self.kind = kind; self.reference = reference; self.date = date
    }

    public enum Kind: String, Sendable, CaseIterable, Codable {
        case complaint = "投诉举报", bigData = "大数据监测", referral = "转办交办", legalRequirement = "法律法规规定"
    }
}
