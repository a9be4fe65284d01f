import CreditCore

/// Why a repair operation was refused: typed, with the context the clerk and the enterprise
/// need, and a Chinese description for pages, documents and the command line.
public enum RepairError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The enterprise has no penalty with this 决定文书号.
    case notFound(uscc: String, documentNumber: String)
    /// The penalty is not published, so there is nothing to stop.
    case notPublished(documentNumber: String, reason: String)
    /// Publication already ended by itself.
    case publicationEnded(documentNumber: String, on: CalendarDate)
    /// The penalty can never be repaired early (type) or needs no repair.
    case notRepairable(documentNumber: String, reason: String)
    /// The minimum publication period has not passed.
    case tooEarly(documentNumber: String, possibleFrom: CalendarDate)
    /// A condition of 第十四条 (or the 2026 regime) is not met.
    case conditionNotMet(documentNumber: String, RepairBlocker)
    /// Materials are missing: the regime's required set and what was not given.
    case missingMaterials(regime: String, required: [String], missing: [String])
    /// A decision without a reason.
    case reasonRequired
    case applicationNotFound(id: Int64)
    case alreadyDecided(id: Int64, status: String)
    /// The enterprise has no listing with this 决定书文号 (on this list, when one was named).
    case listingNotFound(uscc: String, list: ListKind?, documentNumber: String)
    /// Two listings share the number (different lists or agencies): name the list and agency.
    case ambiguousListing(documentNumber: String, candidates: [String])
    /// The listing already ended: by its 移出日期, a repair decision or the list's term.
    case listingEnded(list: ListKind, documentNumber: String, on: CalendarDate, basis: RemovalBasis)
    /// The enterprise has no commitment with this 承诺书编号.
    case commitmentNotFound(uscc: String, documentNumber: String)
    /// The commitment is not a false one (or not checked yet): nothing to repair.
    case notFalseCommitment(documentNumber: String, outcome: CommitmentOutcome?)
    /// The false commitment was already repaired on that day.
    case alreadyRepaired(documentNumber: String, on: CalendarDate)

    /// For an early application: the first day it becomes possible.
    public var possibleFrom: CalendarDate? {
        if case .tooEarly(_, let date) = self { return date }
        return nil
    }

    public var description: String {
        switch self {
        case .notFound(let uscc, let number): "未找到\(uscc)的行政处罚\(number)"
        case .notPublished(let number, let reason): "\(number)未公示，无需申请信用修复：\(reason)"
        case .publicationEnded(let number, let date): "\(number)的公示已于\(date.chinese)届满停止，无需申请信用修复"
        case .notRepairable(let number, let reason): "\(number)不能申请信用修复：\(reason)"
        case .tooEarly(let number, let date): "申请过早：\(number)自\(date.chinese)（\(date)）起方可申请信用修复"
        case .conditionNotMet(let number, let blocker): "\(number)不符合信用修复条件：\(blocker.description)"
        case .missingMaterials(let regime, let required, let missing):
            "申请材料不全，缺少：\(missing.joined(separator: "、"))。适用\(regime)，须提交：\(required.joined(separator: "、"))"
        case .reasonRequired: "作出决定须说明理由"
        case .applicationNotFound(let id): "没有编号为\(id)的信用修复申请"
        case .alreadyDecided(let id, let status): "信用修复申请\(id)已经处理（\(status)），不能再次决定"
        case .listingNotFound(let uscc, let list, let number): "未找到\(uscc)列入\(list?.chineseName ?? "经营异常名录或严重违法失信名单")的决定\(number)"
        case .ambiguousListing(let number, let candidates): "决定书文号\(number)对应多条名录记录（\(candidates.joined(separator: "；"))），请指定名录和作出决定机关"
        case .listingEnded(let list, let number, let date, let basis):
            "\(number)已于\(date.chinese)移出\(list.chineseName)（\(basis == .repair ? "经信用修复决定" : basis == .expiry ? "列入期满" : "移出决定")），无需申请信用修复"
        case .commitmentNotFound(let uscc, let number): "未找到\(uscc)的信用承诺\(number)"
        case .notFalseCommitment(let number, let outcome):
            "信用承诺\(number)\(outcome.map { "核查结果为“\($0.rawValue)”" } ?? "尚未核查")，不属于虚假承诺，无需申请信用修复"
        case .alreadyRepaired(let number, let date): "虚假承诺\(number)已于\(date.chinese)完成信用修复"
        }
    }
}

/// What stands in the way of repair although the period has passed (总局令第45号 第十四条:
/// 未因同一类违法行为再次受到市场监督管理部门行政处罚；未在经营异常名录和严重违法失信名单中).
public enum RepairBlocker: Sendable, Hashable, CustomStringConvertible {
    case abnormalList
    case seriousList
    /// A later penalty for the same kind of violation (同一类违法行为).
    case laterSameViolation(violation: String, documentNumber: String, decided: CalendarDate)
    /// An application is already pending (or approved) for this penalty.
    case applicationOnFile(status: String)
    /// A 较重行政处罚 decided after the listing (总局令第44号 第二十条: 未再受到较重行政处罚).
    case laterHeavierPenalty(documentNumber: String, decided: CalendarDate, types: [PenaltyType])

    public var description: String {
        switch self {
        case .abnormalList: "企业被列入经营异常名录"
        case .seriousList: "企业被列入严重违法失信名单"
        case .laterSameViolation(let violation, let number, let decided):
            "因同一类违法行为（\(violation)）于\(decided.chinese)再次受到行政处罚（\(number)）"
        case .applicationOnFile(let status): "已有\(status == "approved" ? "已批准" : "待处理")的信用修复申请"
        case .laterHeavierPenalty(let number, let decided, let types):
            "列入后于\(decided.chinese)再次受到市场监督管理部门较重行政处罚（\(number)：\(types.map(\.rawValue).joined(separator: "、"))）"
        }
    }
}

/// The facts besides the penalty itself that the repair conditions look at.
public struct RepairContext: Sendable {
    public var onAbnormalList: Bool
    public var onSeriousList: Bool
    /// The enterprise's other penalties (any order; the penalty itself may be among them).
    public var penalties: [EnforcementRecord]
    /// Status of an application already on file for the penalty (pending / approved), if any.
    public var applicationStatus: String?

    public init(onAbnormalList: Bool, onSeriousList: Bool, penalties: [EnforcementRecord], applicationStatus: String? = nil) {
        self.onAbnormalList = onAbnormalList; self.onSeriousList = onSeriousList
        self.penalties = penalties; self.applicationStatus = applicationStatus
    }
}

extension RepairRules {
    /// The conditions of repair not met for a penalty, in the order the law lists them.
    public func blockers(_ record: EnforcementRecord, context: RepairContext) -> [RepairBlocker] {
        var result: [RepairBlocker] = []
        if let status = context.applicationStatus { result.append(.applicationOnFile(status: status)) }
        if context.onAbnormalList { result.append(.abnormalList) }
        if context.onSeriousList { result.append(.seriousList) }
        if let later = laterSameViolation(record, among: context.penalties), case .penalty(let p) = later.details {
            result.append(.laterSameViolation(violation: p.violationType ?? "", documentNumber: later.documentNumber, decided: later.decisionDate))
        }
        return result
    }

    /// The earliest later penalty of the same enterprise for the same 违法行为类型, if any.
    public func laterSameViolation(_ record: EnforcementRecord, among penalties: [EnforcementRecord]) -> EnforcementRecord? {
        guard case .penalty(let p) = record.details, let violation = p.violationType, !violation.isEmpty else { return nil }
        return penalties.filter { other in
            guard other.uscc == record.uscc, other.decisionDate > record.decisionDate, case .penalty(let q) = other.details else { return false }
            return q.violationType == violation
        }.min { ($0.decisionDate, $0.documentNumber) < ($1.decisionDate, $1.documentNumber) }
    }

    /// The required materials of the regime not covered by what was submitted. A name counts
    /// when it equals the required one or one of its synonyms in `material_synonyms`, after
    /// dropping spaces, book-title marks and a trailing 一份/复印件-style note.
    public func missingMaterials(_ submitted: [String], regime: Regime) -> [String] {
        missing(submitted, required: regime.materials)
    }

    /// The required materials not covered by what was submitted (names and synonyms).
    public func missing(_ submitted: [String], required materials: [String]) -> [String] {
        let given = Set(submitted.map(Self.normalisedMaterial))
        return materials.filter { required in
            let names = [required] + (materialSynonyms[required] ?? [])
            return !names.map(Self.normalisedMaterial).contains(where: given.contains)
        }
    }

    static func normalisedMaterial(_ name: String) -> String {
        var text = name.trimmingDataWhitespace()
        for mark in ["《", "》", "“", "”", "\"", " ", "\u{3000}"] { text = text.replacingOccurrences(of: mark, with: "") }
        for note in ["（复印件）", "(复印件)", "复印件", "原件", "一份"] where text.hasSuffix(note) && text.count > note.count {
            text = String(text.dropLast(note.count))
        }
        return text
    }

    /// Checks an application against the law and returns the regime, or throws why not.
    /// - Parameters:
    ///   - today: the day of the application.
    ///   - materials: the names of the materials submitted.
    public func checkApplication(_ record: EnforcementRecord, context: RepairContext, materials: [String],
                                 today: CalendarDate) throws(RepairError) -> Regime {
        let a = assess(record)
        guard a.published, let end = a.end, let regime = regime(for: record.decisionDate) else {
            throw .notPublished(documentNumber: record.documentNumber, reason: a.notPublishedReason ?? "不予公示")
        }
        guard end > today else { throw .publicationEnded(documentNumber: record.documentNumber, on: end) }
        guard a.repairable, let earliest = a.earliestRepair else {
            throw .notRepairable(documentNumber: record.documentNumber, reason: a.notRepairableReason ?? "")
        }
        guard today >= earliest else { throw .tooEarly(documentNumber: record.documentNumber, possibleFrom: earliest) }
        if let blocker = blockers(record, context: context).first { throw .conditionNotMet(documentNumber: record.documentNumber, blocker) }
        let missing = missingMaterials(materials, regime: regime)
        guard missing.isEmpty else { throw .missingMaterials(regime: regime.name, required: regime.materials, missing: missing) }
        return regime
    }
}

extension RepairRules {
    /// Checks an application to move a listing out (移出经营异常名录 / 提前移出严重违法失信名单)
    /// and returns the list's rule, or throws why not.
    /// - Parameters:
    ///   - status: the listing with the day it ends by itself or by an exported removal.
    ///   - penalties: the enterprise's penalties (a 较重 one after the listing blocks early removal).
    ///   - applicationStatus: an application already on file for the listing (pending / approved).
    public func checkListingApplication(_ status: ListingStatus, penalties: [EnforcementRecord], applicationStatus: String?,
                                        materials: [String], today: CalendarDate) throws(RepairError) -> ListRepairRule {
        let listing = status.listing
        let rule = lists[listing.kind]!
        if let out = status.removedOn, let basis = status.removalBasis, out <= today {
            throw .listingEnded(list: listing.kind, documentNumber: listing.documentNumber, on: out, basis: basis)
        }
        let earliest = rule.earliestRepair(listing)
        guard today >= earliest else { throw .tooEarly(documentNumber: listing.documentNumber, possibleFrom: earliest) }
        if let applicationStatus {
            throw .conditionNotMet(documentNumber: listing.documentNumber, .applicationOnFile(status: applicationStatus))
        }
        if !rule.heavierPenaltyTypes.isEmpty, let later = penalties.filter({ p in
            guard p.uscc == listing.uscc, p.decisionDate > listing.listedOn, p.decisionDate <= today, case .penalty(let d) = p.details else { return false }
            return d.types.contains(where: rule.heavierPenaltyTypes.contains)
        }).min(by: { ($0.decisionDate, $0.documentNumber) < ($1.decisionDate, $1.documentNumber) }), case .penalty(let d) = later.details {
            throw .conditionNotMet(documentNumber: listing.documentNumber, .laterHeavierPenalty(
                documentNumber: later.documentNumber, decided: later.decisionDate, types: d.types.filter(rule.heavierPenaltyTypes.contains)))
        }
        let lacking = missing(materials, required: rule.materials)
        guard lacking.isEmpty else { throw .missingMaterials(regime: rule.repairBasis, required: rule.materials, missing: lacking) }
        return rule
    }

    /// Checks an application to repair a false commitment.
    /// - Parameter repairedOn: the day a repair of it was already approved, if one was.
    public func checkCommitmentApplication(_ commitment: Commitment, repairedOn: CalendarDate?, applicationStatus: String?,
                                           materials: [String], today: CalendarDate) throws(RepairError) -> FalseCommitmentRule {
        let rule = falseCommitment
        guard commitment.isFalse(asOf: today), let earliest = rule.earliestRepair(commitment) else {
            throw .notFalseCommitment(documentNumber: commitment.documentNumber, outcome: commitment.outcome)
        }
        if let repairedOn { throw .alreadyRepaired(documentNumber: commitment.documentNumber, on: repairedOn) }
        guard today >= earliest else { throw .tooEarly(documentNumber: commitment.documentNumber, possibleFrom: earliest) }
        if let applicationStatus {
            throw .conditionNotMet(documentNumber: commitment.documentNumber, .applicationOnFile(status: applicationStatus))
        }
        let lacking = missing(materials, required: rule.materials)
        guard lacking.isEmpty else { throw .missingMaterials(regime: rule.repairBasis, required: rule.materials, missing: lacking) }
        return rule
    }
}
