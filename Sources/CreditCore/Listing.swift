/// The two lists a market regulator keeps: 经营异常名录 (《企业经营异常名录管理暂行办法》,
/// 原国家工商行政管理总局令第68号) and 严重违法失信名单 (《市场监督管理严重违法失信名单管理办法》,
/// 国家市场监督管理总局令第44号).
public enum ListKind: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
    case abnormal = "abnormal-list"
    case serious = "serious-list"

    /// 经营异常名录 / 严重违法失信名单: the list's name, also the file name of its export.
    public var chineseName: String {
        switch self {
        case .abnormal: "经营异常名录"
        case .serious: "严重违法失信名单"
        }
    }

    /// Accepts the identifier (`abnormal-list`), the Chinese name, or the file-name forms
    /// `abnormal_list` / `serious_list`.
    public init?(name: String) {
        let lower = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if let kind = ListKind(rawValue: lower) { self = kind; return }
        switch name {
        case "经营异常名录", "列入经营异常名录", "经营异常名录信息": self = .abnormal
        case "严重违法失信名单", "列入严重违法失信名单", "严重违法失信名单信息", "严重违法失信企业名单": self = .serious
        default: return nil
        }
    }

    public static func < (l: Self, r: Self) -> Bool { l == .abnormal && r == .serious }
}

/// 列入经营异常名录的情形 (《企业经营异常名录管理暂行办法》第四条; 《企业信息公示暂行条例》第十七条).
/// The reason decides how the enterprise is moved out (第十条至第十三条).
public enum AbnormalReason: String, CaseIterable, Sendable, Hashable, Codable {
    /// 第四条第（一）项: 未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告.
    case annualReport = "未按时公示年报"
    /// 第四条第（二）项: 未在责令的期限内公示有关企业信息 (条例第十条).
    case orderedDisclosure = "未按责令期限公示有关企业信息"
    /// 第四条第（三）项: 公示企业信息隐瞒真实情况、弄虚作假.
    case falseDisclosure = "公示信息隐瞒真实情况弄虚作假"
    /// 第四条第（四）项: 通过登记的住所或者经营场所无法联系.
    case unreachable = "通过登记的住所或经营场所无法联系"

    /// The item of 第四条 the reason is.
    public var item: Int {
        switch self {
        case .annualReport: 1
        case .orderedDisclosure: 2
        case .falseDisclosure: 3
        case .unreachable: 4
        }
    }

    /// Reads the contract's value, or the wording of a decision or a GSXT page ("未按照《企业信息
    /// 公示暂行条例》第八条规定的期限公示年度报告的", "通过登记的住所或者经营场所无法联系的", …)
    /// by the words each 情形 is stated in. Nil when the text names none of the four.
    public init?(text: String) {
        let compact = text.filter { !$0.isWhitespace && !"，、。,；;（）()《》“”\"".contains($0) }
        if let exact = AbnormalReason(rawValue: compact) { self = exact; return }
        if compact.contains("无法联系") { self = .unreachable; return }
        if compact.contains("隐瞒真实情况") || compact.contains("弄虚作假") { self = .falseDisclosure; return }
        if compact.contains("责令") || compact.contains("第十条") || compact.contains("即时信息") { self = .orderedDisclosure; return }
        if compact.contains("年度报告") || compact.contains("年报") || compact.contains("第八条") { self = .annualReport; return }
        return nil
    }
}

/// 列入严重违法失信名单的情形, by the article of 总局令第44号 that states them (第五条至第十条),
/// and the transfer from the 经营异常名录 (《企业信息公示暂行条例》第十七条). Exports give the
/// circumstance in words or by article; the category is what reports count by.
public enum SeriousCircumstance: String, CaseIterable, Sendable, Hashable, Codable {
    /// 第五条: 食品安全领域.
    case food = "食品安全领域严重违法行为"
    /// 第六条: 药品、医疗器械、化妆品领域.
    case drugs = "药品医疗器械化妆品领域严重违法行为"
    /// 第七条: 质量安全领域.
    case quality = "质量安全领域严重违法行为"
    /// 第八条: 侵害消费者权益.
    case consumers = "侵害消费者权益的严重违法行为"
    /// 第九条: 破坏公平竞争秩序和扰乱市场秩序.
    case competition = "破坏公平竞争秩序和扰乱市场秩序的严重违法行为"
    /// 第十条: 拒绝、阻碍、干扰市场监督管理部门依法开展监督检查和事故调查.
    case obstruction = "拒绝阻碍干扰监督检查和事故调查"
    /// 《企业信息公示暂行条例》第十七条: 被列入经营异常名录届满三年仍未履行相关义务.
    case abnormalThreeYears = "列入经营异常名录届满三年仍未履行相关义务"
    /// Any other circumstance the export states (kept in its own words).
    case other = "其他严重违法失信情形"

    /// Reads the contract's value, or an export's wording, by the article it cites or the
    /// field it names; an unrecognised text is `.other` (its words are stored as given).
    public init(text: String) {
        let compact = text.filter { !$0.isWhitespace }
        if let exact = SeriousCircumstance.allCases.first(where: { $0.rawValue == compact }) { self = exact; return }
        let byArticle: [(String, SeriousCircumstance)] = [
            ("第五条", .food), ("第六条", .drugs), ("第七条", .quality), ("第八条", .consumers), ("第九条", .competition), ("第十条", .obstruction),
        ]
        if compact.contains("经营异常名录") { self = .abnormalThreeYears; return }
        if let hit = byArticle.first(where: { compact.contains($0.0) }) { self = hit.1; return }
        let byWords: [(String, SeriousCircumstance)] = [
            ("食品", .food), ("药品", .drugs), ("医疗器械", .drugs), ("化妆品", .drugs), ("质量", .quality), ("特种设备", .quality),
            ("消费者", .consumers), ("公平竞争", .competition), ("不正当竞争", .competition), ("垄断", .competition), ("传销", .competition),
            ("虚假广告", .competition), ("拒绝", .obstruction), ("阻碍", .obstruction), ("干扰", .obstruction),
        ]
        self = byWords.first(where: { compact.contains($0.0) })?.1 ?? .other
    }
}

/// Why an enterprise is on a list: one of the four 情形 of the 经营异常名录, or a circumstance
/// of the 严重违法失信名单.
public enum ListingReason: Sendable, Hashable {
    case abnormal(AbnormalReason)
    case serious(SeriousCircumstance)

    public var kind: ListKind {
        switch self {
        case .abnormal: .abnormal
        case .serious: .serious
        }
    }

    /// The category as stored and counted (the contract's value).
    public var category: String {
        switch self {
        case .abnormal(let r): r.rawValue
        case .serious(let c): c.rawValue
        }
    }

    /// Reads a stored category back.
    public init?(kind: ListKind, category: String) {
        switch kind {
        case .abnormal:
            guard let r = AbnormalReason(rawValue: category) else { return nil }
            self = .abnormal(r)
        case .serious:
            guard let c = SeriousCircumstance(rawValue: category) else { return nil }
            self = .serious(c)
        }
    }
}

/// One listing decision (列入决定) on the 经营异常名录 or the 严重违法失信名单, with its removal
/// (移出) once there is one. Its identity is the enterprise, the list, the deciding agency (its
/// code, else its name) and the 决定书文号 — or, where an export gives no number (GSXT pages),
/// the list-in date in its place.
public struct Listing: Sendable, Hashable {
    public var kind: ListKind
    public var uscc: UnifiedSocialCreditCode
    /// 企业名称 as the list names it.
    public var subjectName: String
    /// 决定书文号 of the 列入 decision; `（无文书号）YYYY-MM-DD` when the export gives none.
    public var documentNumber: String
    /// 列入日期 (valid time: the listing counts from this day).
    public var listedOn: CalendarDate
    /// The 情形 or circumstance, as categorised.
    public var reason: ListingReason
    /// The reason in the export's own words, when they differ from the category.
    public var reasonText: String?
    /// 作出决定机关 (列入).
    public var agency: String
    public var agencyCode: String?
    /// 移出日期: the listing stops counting on this day.
    public var removedOn: CalendarDate?
    /// 移出原因.
    public var removalReason: String?
    /// 作出移出决定机关, when another than the listing agency.
    public var removalAgency: String?
    /// 上报日期.
    public var reportDate: CalendarDate?
    public var remark: String?

    /// The agency part of the identity: its code when given, else its name.
    public var agencyKey: String { agencyCode ?? agency }

    public init(kind: ListKind, uscc: UnifiedSocialCreditCode, subjectName: String, documentNumber: String? = nil, listedOn: CalendarDate,
                reason: ListingReason, reasonText: String? = nil, agency: String, agencyCode: String? = nil, removedOn: CalendarDate? = nil,
                removalReason: String? = nil, removalAgency: String? = nil, reportDate: CalendarDate? = nil, remark: String? = nil) {
        self.kind = kind; self.uscc = uscc; self.subjectName = subjectName
        self.documentNumber = documentNumber ?? Self.unnumbered(listedOn)
        self.listedOn = listedOn; self.reason = reason; self.reasonText = reasonText; self.agency = agency; self.agencyCode = agencyCode
        self.removedOn = removedOn; self.removalReason = removalReason; self.removalAgency = removalAgency
        self.reportDate = reportDate; self.remark = remark
    }

    /// The number a listing without a 决定书文号 is known by: its list-in date.
    public static func unnumbered(_ listedOn: CalendarDate) -> String { "（无文书号）\(listedOn)" }

    /// Whether the listing counts on `date`: listed on or before it, not yet removed (a removal
    /// takes effect on its day).
    public func isInForce(on date: CalendarDate, removedOn effectiveRemoval: CalendarDate? = nil) -> Bool {
        guard listedOn <= date else { return false }
        guard let out = effectiveRemoval ?? removedOn else { return true }
        return date < out
    }
}
