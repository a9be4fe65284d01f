import CreditCore
import CreditRules

/// How a listing on the 经营异常名录 or the 严重违法失信名单 ends and is repaired
/// (`lists:` in `Rules/repair.yaml`), each number with its legal basis.
public struct ListRepairRule: Sendable, Hashable {
    public var kind: ListKind
    public var name: String
    /// The instrument the list rests on.
    public var basis: String
    /// Months of listing before a repair (removal) may be applied for; 0 = once the cause is corrected.
    public var repairAfterMonths: Int
    public var repairBasis: String
    /// Months after which the listing ends by itself (nil: only a decision ends it).
    public var removedAfterMonths: Int?
    public var removalBasis: String?
    /// Working days to decide an accepted application.
    public var decisionWorkingDays: Int
    /// Per 情形 of the 经营异常名录: its item of 第四条, what corrects it, the article of removal.
    public var reasons: [AbnormalReason: ReasonRule]
    /// Conditions of an early removal (严重违法失信名单).
    public var conditions: [String]
    /// Types of 较重行政处罚 that, decided after the listing, block early removal.
    public var heavierPenaltyTypes: Set<PenaltyType>
    public var materials: [String]
    /// The word of the notice numbers of this list (`异修告`).
    public var noticeWord: String

    public struct ReasonRule: Sendable, Hashable {
        public var item: String
        public var condition: String
        public var removalBasis: String
    }

    /// The first day an application for the listing may be filed.
    public func earliestRepair(_ listing: Listing) -> CalendarDate { listing.listedOn.adding(months: repairAfterMonths) }
}

/// How a false commitment is repaired (`false_commitment:` in `Rules/repair.yaml`).
public struct FalseCommitmentRule: Sendable, Hashable {
    public var name: String
    public var basis: String
    /// Months after the check that found it before a repair may be applied for.
    public var repairAfterMonths: Int
    public var repairBasis: String
    public var conditions: [String]
    public var materials: [String]

    /// The first day a repair of the false commitment may be applied for (nil: not a false one).
    public func earliestRepair(_ commitment: Commitment) -> CalendarDate? {
        guard commitment.outcome == .falseCommitment, let checked = commitment.checkedOn else { return nil }
        return checked.adding(months: repairAfterMonths)
    }
}

extension RepairRules {
    /// The lists' own terms, for list flags as of a date (classification, eligibility).
    public var listingTerms: ListingTerms {
        ListingTerms(removedAfterMonths: lists.compactMapValues(\.removedAfterMonths))
    }
}

/// Reads `lists:` and `false_commitment:` of `Rules/repair.yaml`.
enum ListRepairRulesLoader {
    static func lists(_ node: YAMLNode) throws(RuleFileError) -> [ListKind: ListRepairRule] {
        var result: [ListKind: ListRepairRule] = [:]
        for (key, raw) in try node.mappingEntries() {
            guard let kind = ListKind(rawValue: key) else { throw raw.error("'\(key)' is not a list (abnormal-list, serious-list)") }
            let rule = raw.withRuleID(key)
            try rule.onlyKeys(["name", "basis", "repair_after_months", "repair_basis", "removed_after_months", "removal_basis",
                               "decision_working_days", "reasons", "conditions", "heavier_penalty_types", "materials", "notice_word"])
            var reasons: [AbnormalReason: ListRepairRule.ReasonRule] = [:]
            for (name, entry) in try rule.optional("reasons")?.mappingEntries() ?? [] {
                guard kind == .abnormal, let reason = AbnormalReason(rawValue: name) else {
                    throw entry.error("'\(name)' is not a 情形 of the 经营异常名录 (\(AbnormalReason.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                try entry.onlyKeys(["item", "condition", "removal_basis"])
                reasons[reason] = .init(item: try entry.required("item").string(), condition: try entry.required("condition").string(),
                                        removalBasis: try entry.required("removal_basis").string())
            }
            if kind == .abnormal, let missing = AbnormalReason.allCases.first(where: { reasons[$0] == nil }) {
                throw rule.error("reasons: 情形 \(missing.rawValue) is missing (each needs its condition of removal)")
            }
            let removedAfter = try rule.optional("removed_after_months")?.int()
            let removalBasis = try rule.optional("removal_basis")?.string()
            if removedAfter != nil, removalBasis == nil { throw rule.error("removed_after_months needs its removal_basis") }
            let repairAfter = try rule.required("repair_after_months").int()
            guard repairAfter >= 0, removedAfter.map({ $0 > repairAfter }) ?? true else {
                throw rule.error("repair_after_months must be ≥ 0 and below removed_after_months")
            }
            var heavier = Set<PenaltyType>()
            for item in try rule.optional("heavier_penalty_types")?.items() ?? [] {
                guard let type = PenaltyType(text: try item.string()) else { throw item.error("'\(try item.string())' is not a penalty type") }
                heavier.insert(type)
            }
            let materials = try strings(rule.required("materials"))
            guard !materials.isEmpty else { throw rule.error("a list needs at least one required material") }
            result[kind] = ListRepairRule(
                kind: kind, name: try rule.required("name").string(), basis: try rule.required("basis").string(),
                repairAfterMonths: repairAfter, repairBasis: try rule.required("repair_basis").string(),
                removedAfterMonths: removedAfter, removalBasis: removalBasis,
                decisionWorkingDays: try rule.required("decision_working_days").int(), reasons: reasons,
                conditions: try rule.optional("conditions").map(strings) ?? [], heavierPenaltyTypes: heavier, materials: materials,
                noticeWord: try rule.required("notice_word").string())
        }
        for kind in ListKind.allCases where result[kind] == nil { throw node.error("lists: \(kind.rawValue) is missing") }
        if result[.abnormal]!.noticeWord == result[.serious]!.noticeWord {
            throw node.error("the two lists need different notice_word values: their notice numbers would collide")
        }
        return result
    }

    static func falseCommitment(_ node: YAMLNode) throws(RuleFileError) -> FalseCommitmentRule {
        let rule = node.withRuleID("false_commitment")
        try rule.onlyKeys(["name", "basis", "repair_after_months", "repair_basis", "conditions", "materials"])
        let months = try rule.required("repair_after_months").int()
        guard months >= 0 else { throw rule.error("repair_after_months must be ≥ 0") }
        let materials = try strings(rule.required("materials"))
        guard !materials.isEmpty else { throw rule.error("at least one required material") }
        return FalseCommitmentRule(name: try rule.required("name").string(), basis: try rule.required("basis").string(), repairAfterMonths: months,
                                   repairBasis: try rule.required("repair_basis").string(),
                                   conditions: try strings(rule.required("conditions")), materials: materials)
    }

    private static func strings(_ node: YAMLNode) throws(RuleFileError) -> [String] {
        try node.items().map { n throws(RuleFileError) in try n.string() }
    }
}
