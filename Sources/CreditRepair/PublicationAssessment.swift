import CreditCore

/// For one penalty: whether it is published, for how long, when repair may be applied for,
/// and why not when it cannot — exact calendar arithmetic on the decision date.
public struct PublicationAssessment: Sendable, Hashable, Codable {
    public var documentNumber: String
    public var regimeID: String
    public var published: Bool
    /// Why a penalty is not published (简易程序, warning only, 轻微 tier, no regime).
    public var notPublishedReason: String?
    /// The dishonesty tier (2026 regime), given or derived.
    public var tier: EnforcementRecord.DishonestySeverity?
    public var lowAmount: Bool
    public var periodMonths: Int?
    public var start: CalendarDate?
    /// Publication stops by itself on this day.
    public var end: CalendarDate?
    /// The first day an application for repair (提前停止公示) is accepted.
    public var earliestRepair: CalendarDate?
    public var repairable: Bool
    public var notRepairableReason: String?

    enum CodingKeys: String, CodingKey {
        case documentNumber = "document_no", regimeID = "regime", published, notPublishedReason = "not_published_reason", tier
        case lowAmount = "low_amount", periodMonths = "period_months", start, end, earliestRepair = "earliest_repair", repairable
        case notRepairableReason = "not_repairable_reason"
    }
}

extension EnforcementRecord.DishonestySeverity: Codable {}

extension RepairRules {
    /// Assesses a penalty record; other categories are never published by these rules.
    public func assess(_ record: EnforcementRecord) -> PublicationAssessment {
        var a = PublicationAssessment(documentNumber: record.documentNumber, regimeID: "", published: false, lowAmount: false, repairable: false)
        guard case .penalty(let p) = record.details else {
            a.notPublishedReason = "非行政处罚信息"
            return a
        }
        guard let regime = regime(for: record.decisionDate) else {
            a.notPublishedReason = "决定日期\(record.decisionDate.chinese)不在任何公示规则的适用期间内"
            return a
        }
        a.regimeID = regime.id
        let amount = (p.fine ?? .zero) + (p.confiscation ?? .zero)
        let threshold = lowFineThreshold[record.subjectKind] ?? lowFineThreshold[.organisation]!
        let monetary: Set<PenaltyType> = [.fine, .confiscateIllegalGains, .confiscateIllegalProperty]
        a.lowAmount = p.types.contains(where: monetary.contains) && amount < threshold
        if summaryProcedureNotPublished, p.procedure == .summary {
            a.notPublishedReason = "适用简易程序作出的行政处罚不予公示"
            return a
        }
        if warningOnlyNotPublished, p.types == [.warning] {
            a.notPublishedReason = "仅给予警告的行政处罚不予公示"
            return a
        }
        a.start = record.decisionDate
        let blocking = p.types.filter(regime.nonRepairableTypes.contains)
        switch regime.kind {
        case .samr(let shortMonths, let longMonths, let repairAfter, let repairAfterSpecial, let special):
            // Several types in one decision: the longest period applies.
            let months = p.types.map { type -> Int in
                switch type {
                case .warning: 0
                case .circulatedCriticism: shortMonths
                case .fine, .confiscateIllegalGains, .confiscateIllegalProperty: a.lowAmount ? shortMonths : longMonths
                default: longMonths
                }
            }.max() ?? longMonths
            a.published = true
            a.tier = p.severity
            a.periodMonths = months
            a.end = record.decisionDate.adding(months: months)
            let wait = special.contains(p.domain) ? repairAfterSpecial : repairAfter
            a.earliestRepair = record.decisionDate.adding(months: wait)
            if let first = blocking.first {
                a.repairable = false
                a.notRepairableReason = "受到\(first.rawValue)行政处罚的，不得申请提前停止公示（\(regime.basis)）"
            } else if let earliest = a.earliestRepair, let end = a.end, earliest >= end {
                a.repairable = false
                a.notRepairableReason = "公示期\(months)个月，于\(end.chinese)届满后自动停止公示，无需申请信用修复"
            } else {
                a.repairable = true
            }
        case .tiered(let tiers, let seriousTypes, let seriousAmount):
            let tier = p.severity ?? {
                if p.types.contains(where: seriousTypes.contains) || amount >= seriousAmount { return .serious }
                if p.types.allSatisfy({ $0 == .warning || $0 == .circulatedCriticism || monetary.contains($0) })
                    && (a.lowAmount || !p.types.contains(where: monetary.contains)) { return .minor }
                return .ordinary
            }()
            a.tier = tier
            let rule = tiers[tier]!
            guard rule.publish else {
                a.start = nil
                a.notPublishedReason = "“\(tier.rawValue)”失信行为原则上不予公示（\(regime.name)）"
                return a
            }
            a.published = true
            a.periodMonths = rule.maxMonths
            a.end = record.decisionDate.adding(months: rule.maxMonths)
            a.earliestRepair = record.decisionDate.adding(months: rule.minMonths)
            if let first = blocking.first {
                a.notRepairableReason = "受到\(first.rawValue)行政处罚的，不得申请提前停止公示"
            } else {
                a.repairable = true
            }
        }
        return a
    }
}
