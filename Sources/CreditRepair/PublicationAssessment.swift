import CreditCore

/// For one penalty: whether it is published, for how long, when repair may be applied for,
/// and why not when it cannot — exact calendar arithmetic from the day publication began.
public struct PublicationAssessment: Sendable, Hashable, Codable {
    public var documentNumber: String
    public var regimeID: String
    public var published: Bool
    /// Why a penalty is not published (简易程序, warning only, 轻微 tier, no regime).
    public var notPublishedReason: String?
    /// The dishonesty tier the regime applies (2026 regime), given or derived.
    public var tier: EnforcementRecord.DishonestySeverity?
    /// The penalty's seriousness whatever the regime: 失信严重程度 as exported, else derived by
    /// `severity:` in repair.yaml (信用+审批 decides from it under either regime).
    public var severity: EnforcementRecord.DishonestySeverity?
    public var lowAmount: Bool
    public var periodMonths: Int?
    /// The day the periods run from (总局令第45号 第十三条 "自公示之日起").
    public var start: CalendarDate?
    /// Whether `start` is the 公示日期 of the export or, lacking it, the decision date.
    public var startBasis: StartBasis?
    /// Publication stops by itself on this day.
    public var end: CalendarDate?
    /// The first day an application for repair (提前停止公示) is accepted.
    public var earliestRepair: CalendarDate?
    public var repairable: Bool
    public var notRepairableReason: String?
    /// 公示截止期 as the export declared it.
    public var declaredEnd: CalendarDate?
    /// The declared 公示截止期 differs from the legally computed `end` (outputs use `end`).
    public var declaredEndDisagrees: Bool?

    /// Where the publication periods are counted from.
    public enum StartBasis: String, Sendable, Hashable, Codable {
        /// The 公示日期 the export gives.
        case publicationDate = "publication_date"
        /// No 公示日期 in the export: the decision date stands in, and outputs say so.
        case decisionDate = "decision_date"

        /// How outputs name it.
        public var chinese: String {
            switch self {
            case .publicationDate: "公示日期"
            case .decisionDate: "决定日期（未提供公示日期，暂按决定日期起算）"
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case documentNumber = "document_no", regimeID = "regime", published, notPublishedReason = "not_published_reason", tier, severity
        case lowAmount = "low_amount", periodMonths = "period_months", start, startBasis = "start_basis", end
        case earliestRepair = "earliest_repair", repairable, notRepairableReason = "not_repairable_reason"
        case declaredEnd = "declared_end", declaredEndDisagrees = "declared_end_disagrees"
    }
}

extension EnforcementRecord.DishonestySeverity: Codable {}

extension PublicationAssessment {
    /// As `JSONEncoder` encodes it (`RepairNotice.storedJSON`); every key by an exhaustive `switch`.
    var jsonValue: JSONValue {
        .object(keyedBy: CodingKeys.self) { key in
            switch key {
            case .documentNumber: .string(documentNumber)
            case .regimeID: .string(regimeID)
            case .published: .bool(published)
            case .notPublishedReason: notPublishedReason.map(JSONValue.string)
            case .tier: tier.map { .string($0.rawValue) }
            case .severity: severity.map { .string($0.rawValue) }
            case .lowAmount: .bool(lowAmount)
            case .periodMonths: periodMonths.map { .int(Int64($0)) }
            case .start: start.map { .string($0.description) }
            case .startBasis: startBasis.map { .string($0.rawValue) }
            case .end: end.map { .string($0.description) }
            case .earliestRepair: earliestRepair.map { .string($0.description) }
            case .repairable: .bool(repairable)
            case .notRepairableReason: notRepairableReason.map(JSONValue.string)
            case .declaredEnd: declaredEnd.map { .string($0.description) }
            case .declaredEndDisagrees: declaredEndDisagrees.map(JSONValue.bool)
            }
        }
    }
}

extension RepairRules {
    /// 较低数额罚款 (总局令第45号 第十三条第一款 "仅受到通报批评或者较低数额罚款"): a fine below the
    /// threshold (五万元（不含本数）以下 for organisations here), counted alone — any confiscation
    /// (没收违法所得、没收非法财物) in the same decision makes the penalty more than a low fine.
    public func isLowFine(_ record: EnforcementRecord) -> Bool {
        guard case .penalty(let p) = record.details, p.types.contains(.fine) else { return false }
        if p.types.contains(.confiscateIllegalGains) || p.types.contains(.confiscateIllegalProperty) || (p.confiscation ?? .zero) > .zero {
            return false
        }
        let threshold = lowFineThreshold[record.subjectKind] ?? lowFineThreshold[.organisation]!
        return (p.fine ?? .zero) < threshold
    }

    /// The penalty's seriousness: as exported, else derived (严重 by type or amount; 轻微 for
    /// 通报批评, warnings and low fines only; otherwise 一般).
    public func severity(of record: EnforcementRecord) -> EnforcementRecord.DishonestySeverity? {
        guard case .penalty(let p) = record.details else { return nil }
        if let given = p.severity { return given }
        let amount = (p.fine ?? .zero) + (p.confiscation ?? .zero)
        if p.types.contains(where: severity.seriousTypes.contains) || amount >= severity.seriousAmount { return .serious }
        let light: Set<PenaltyType> = [.warning, .circulatedCriticism, .fine]
        if p.types.allSatisfy(light.contains), !p.types.contains(.fine) || isLowFine(record) { return .minor }
        return .ordinary
    }

    /// Assesses a penalty record; other categories are never published by these rules.
    public func assess(_ record: EnforcementRecord) -> PublicationAssessment {
        var a = PublicationAssessment(documentNumber: record.documentNumber, regimeID: "", published: false, lowAmount: false, repairable: false)
        guard case .penalty(let p) = record.details else {
            a.notPublishedReason = "非行政处罚信息"
            return a
        }
        a.severity = severity(of: record)
        a.declaredEnd = p.declaredPublicationEnd
        guard let regime = regime(for: record.decisionDate) else {
            a.notPublishedReason = "决定日期\(record.decisionDate.chinese)不在任何公示规则的适用期间内"
            return a
        }
        a.regimeID = regime.id
        a.lowAmount = isLowFine(record)
        if summaryProcedureNotPublished, p.procedure == .summary {
            a.notPublishedReason = "适用简易程序作出的行政处罚不予公示"
            return a
        }
        if warningOnlyNotPublished, p.types == [.warning] {
            a.notPublishedReason = "仅给予警告的行政处罚不予公示"
            return a
        }
        // 第十三条: the periods run "自公示之日起"; the decision date only stands in for a
        // publication date the export does not give.
        let start = p.publicationDate ?? record.decisionDate
        a.start = start
        a.startBasis = p.publicationDate == nil ? .decisionDate : .publicationDate
        let blocking = p.types.filter(regime.nonRepairableTypes.contains)
        switch regime.kind {
        case .samr(let shortMonths, let longMonths, let repairAfter, let repairAfterSpecial, let special):
            // Several types in one decision: the longest period applies.
            let months = p.types.map { type -> Int in
                switch type {
                case .warning: 0
                case .circulatedCriticism: shortMonths
                case .fine: a.lowAmount ? shortMonths : longMonths
                default: longMonths
                }
            }.max() ?? longMonths
            a.published = true
            a.tier = p.severity
            a.periodMonths = months
            a.end = start.adding(months: months)
            let wait = special.contains(p.domain) ? repairAfterSpecial : repairAfter
            a.earliestRepair = start.adding(months: wait)
            if let first = blocking.first {
                a.repairable = false
                a.notRepairableReason = "受到\(first.rawValue)行政处罚的，不得申请提前停止公示（\(regime.repairBasis)）"
            } else if let earliest = a.earliestRepair, let end = a.end, earliest >= end {
                a.repairable = false
                a.notRepairableReason = "公示期\(months)个月，于\(end.chinese)届满后自动停止公示，无需申请信用修复"
            } else {
                a.repairable = true
            }
        case .tiered(let tiers):
            let tier = a.severity ?? .ordinary
            a.tier = tier
            let rule = tiers[tier]!
            guard rule.publish else {
                a.start = nil
                a.startBasis = nil
                a.notPublishedReason = "“\(tier.rawValue)”失信行为原则上不予公示（\(regime.name)）"
                return a
            }
            a.published = true
            a.periodMonths = rule.maxMonths
            a.end = start.adding(months: rule.maxMonths)
            a.earliestRepair = start.adding(months: rule.minMonths)
            if let first = blocking.first {
                a.notRepairableReason = "受到\(first.rawValue)行政处罚的，不得申请提前停止公示"
            } else {
                a.repairable = true
            }
        }
        if let declared = a.declaredEnd, let end = a.end { a.declaredEndDisagrees = declared != end }
        return a
    }

    /// The latest day the penalty must be published (总局令第45号 第九条: within 20 working days
    /// of the decision), provisional when a year without a published holiday schedule is counted.
    public func latestPublication(_ record: EnforcementRecord, calendar: WorkingDayCalendar) -> WorkingDayDeadline {
        calendar.deadline(20, after: record.decisionDate)
    }
}

/// A penalty's publication as officers see it (`credit query`, the enterprise explanation): the
/// legal dates, what they run from, and where the export disagrees.
public struct PenaltyPublication: Sendable, Hashable, Codable {
    public var documentNumber: String
    public var agency: String
    public var decisionDate: CalendarDate
    public var assessment: PublicationAssessment
    /// The latest lawful publication day (第九条) when the export gave no 公示日期.
    public var latestPublication: WorkingDayDeadline?
    /// The same facts in sentences (未提供公示日期, 公示截止期不一致, 暂定).
    public var notes: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case documentNumber = "document_no", agency, decisionDate = "decision_date", assessment
        case latestPublication = "latest_publication", notes
    }
}

extension RepairRules {
    /// The officers' view of one penalty's publication.
    public func publication(_ record: EnforcementRecord, calendar: WorkingDayCalendar) -> PenaltyPublication {
        let a = assess(record)
        var notes: [String] = []
        var latest: WorkingDayDeadline?
        if a.published, a.startBasis == .decisionDate {
            let deadline = latestPublication(record, calendar: calendar)
            latest = deadline
            notes.append("未提供公示日期：公示期限暂按决定日期\(record.decisionDate.chinese)起算；依第九条最迟应于\(deadline.chinese)公示")
        }
        if let declared = a.declaredEnd, a.declaredEndDisagrees != false {
            notes.append("导出数据的公示截止期为\(declared.chinese)，与依法计算的"
                         + (a.end.map { "\($0.chinese)不一致（告知书和信用报告使用\($0.chinese)）" } ?? "结果不一致（该处罚依法不予公示）"))
        }
        return PenaltyPublication(documentNumber: record.documentNumber, agency: record.agency, decisionDate: record.decisionDate,
                                  assessment: a, latestPublication: latest, notes: notes)
    }
}
