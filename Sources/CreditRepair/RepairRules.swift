import CreditCore
import CreditRules

/// `Rules/repair.yaml`: who issues notices, the low-fine thresholds, and the publication and
/// repair regimes by decision date.
public struct RepairRules: Sendable {
    public var version: String
    public var issuer: Issuer
    /// 较低数额罚款 thresholds (exclusive), by entity kind.
    public var lowFineThreshold: [EnforcementRecord.SubjectKind: Amount]
    public var lowFineSource: String
    public var summaryProcedureNotPublished: Bool
    public var warningOnlyNotPublished: Bool
    public var acceptanceWorkingDays: Int
    public var decisionWorkingDays: Int
    public var reminderWindowDays: Int
    public var paymentDays: Int
    public var regimes: [Regime]

    public struct Issuer: Sendable, Hashable {
        public var agency: String
        public var noticePrefix: String
        public var department: String
        public var phone: String
        public var address: String
        public var channel: String
        public var website: String
    }

    /// A publication and repair regime, in force for decisions in [from, until].
    public struct Regime: Sendable {
        public var id: String
        public var name: String
        public var from: CalendarDate?
        public var until: CalendarDate?
        public var kind: Kind
        public var nonRepairableTypes: Set<PenaltyType>
        public var basis: String
        public var conditions: [String]
        public var materials: [String]

        public enum Kind: Sendable {
            case samr(shortMonths: Int, longMonths: Int, repairAfterMonths: Int, repairAfterMonthsSpecial: Int,
                      specialDomains: Set<EnforcementRecord.PenaltyDomain>)
            case tiered(tiers: [EnforcementRecord.DishonestySeverity: Tier], seriousTypes: Set<PenaltyType>, seriousAmount: Amount)
        }

        public struct Tier: Sendable, Hashable {
            public var publish: Bool
            public var minMonths: Int
            public var maxMonths: Int
        }

        public func applies(to date: CalendarDate) -> Bool {
            (from.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
        }
    }

    /// The regime for a decision date.
    public func regime(for date: CalendarDate) -> Regime? { regimes.first { $0.applies(to: date) } }
}

/// Reads `Rules/repair.yaml` with file:line:column errors.
public enum RepairRulesLoader {
    public static func load(_ text: String, file: String = "repair.yaml") throws(RuleFileError) -> RepairRules {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["version", "issuer", "low_fine_threshold_yuan", "low_fine_source", "not_published",
                           "processing_working_days", "reminders", "regimes"])
        let issuerNode = try root.required("issuer")
        try issuerNode.onlyKeys(["agency", "notice_prefix", "department", "phone", "address", "channel", "website"])
        let issuer = RepairRules.Issuer(
            agency: try issuerNode.required("agency").string(), noticePrefix: try issuerNode.required("notice_prefix").string(),
            department: try issuerNode.required("department").string(), phone: try issuerNode.required("phone").string(),
            address: try issuerNode.required("address").string(), channel: try issuerNode.required("channel").string(),
            website: try issuerNode.required("website").string())
        var thresholds: [EnforcementRecord.SubjectKind: Amount] = [:]
        let thresholdNode = try root.required("low_fine_threshold_yuan")
        for (key, node) in try thresholdNode.mappingEntries() {
            let kind: EnforcementRecord.SubjectKind
            switch key {
            case "organisation": kind = .organisation
            case "individual_business": kind = .individualBusiness
            default: throw node.error("unknown entity kind '\(key)' (organisation, individual_business)")
            }
            let yuan = try node.int()
            guard yuan > 0 else { throw node.error("the threshold must be positive") }
            thresholds[kind] = Amount(yuan: Int64(yuan))
        }
        guard thresholds[.organisation] != nil else { throw thresholdNode.error("a threshold for organisation is required") }
        let notPublished = try root.required("not_published")
        try notPublished.onlyKeys(["summary_procedure", "warning_only"])
        let processing = try root.required("processing_working_days")
        try processing.onlyKeys(["acceptance", "decision"])
        let reminders = try root.required("reminders")
        try reminders.onlyKeys(["window_days", "payment_days"])
        var regimes: [RepairRules.Regime] = []
        for raw in try root.required("regimes").items() {
            let id = try raw.required("id").string()
            let node = raw.withRuleID(id)
            try node.onlyKeys(["id", "name", "from", "until", "kind", "short_period_months", "long_period_months", "repair_after_months",
                               "repair_after_months_special", "special_domains", "non_repairable_types", "tiers", "serious_types",
                               "serious_amount_yuan", "basis", "conditions", "materials"])
            func date(_ key: String) throws(RuleFileError) -> CalendarDate? {
                guard let n = try node.optional(key) else { return nil }
                guard let d = CalendarDate(iso: try n.string()) else { throw n.error("'\(try n.string())' is not a date YYYY-MM-DD") }
                return d
            }
            func types(_ key: String) throws(RuleFileError) -> Set<PenaltyType> {
                var result = Set<PenaltyType>()
                for item in try node.optional(key)?.items() ?? [] {
                    guard let t = PenaltyType(text: try item.string()) else { throw item.error("'\(try item.string())' is not a penalty type") }
                    result.insert(t)
                }
                return result
            }
            let kindNode = try node.required("kind")
            let kind: RepairRules.Regime.Kind
            switch try kindNode.string() {
            case "samr":
                var domains = Set<EnforcementRecord.PenaltyDomain>()
                for item in try node.required("special_domains").items() {
                    guard let d = EnforcementRecord.PenaltyDomain(rawValue: try item.string()) else {
                        throw item.error("'\(try item.string())' is not a domain (食品, 药品, 特种设备, 其他)")
                    }
                    domains.insert(d)
                }
                kind = .samr(shortMonths: try node.required("short_period_months").int(), longMonths: try node.required("long_period_months").int(),
                             repairAfterMonths: try node.required("repair_after_months").int(),
                             repairAfterMonthsSpecial: try node.required("repair_after_months_special").int(), specialDomains: domains)
            case "tiered":
                var tiers: [EnforcementRecord.DishonestySeverity: RepairRules.Regime.Tier] = [:]
                for (key, tierNode) in try node.required("tiers").mappingEntries() {
                    guard let severity = EnforcementRecord.DishonestySeverity(rawValue: key) else {
                        throw tierNode.error("'\(key)' is not a tier (轻微, 一般, 严重)")
                    }
                    try tierNode.onlyKeys(["publish", "min_months", "max_months"])
                    let tier = RepairRules.Regime.Tier(publish: try tierNode.required("publish").bool(),
                                                       minMonths: try tierNode.required("min_months").int(),
                                                       maxMonths: try tierNode.required("max_months").int())
                    guard tier.minMonths >= 0, tier.maxMonths >= tier.minMonths else {
                        throw tierNode.error("min_months must be ≥ 0 and ≤ max_months")
                    }
                    tiers[severity] = tier
                }
                for severity in EnforcementRecord.DishonestySeverity.allCases where tiers[severity] == nil {
                    throw node.error("tier \(severity.rawValue) is missing")
                }
                kind = .tiered(tiers: tiers, seriousTypes: try types("serious_types"),
                               seriousAmount: Amount(yuan: Int64(try node.required("serious_amount_yuan").int())))
            default:
                throw kindNode.error("kind must be samr or tiered")
            }
            regimes.append(RepairRules.Regime(
                id: id, name: try node.required("name").string(), from: try date("from"), until: try date("until"), kind: kind,
                nonRepairableTypes: try types("non_repairable_types"), basis: try node.required("basis").string(),
                conditions: try node.required("conditions").items().map { n throws(RuleFileError) in try n.string() },
                materials: try node.required("materials").items().map { n throws(RuleFileError) in try n.string() }))
        }
        // Regimes must not overlap: every date has at most one.
        for (a, b) in zip(regimes, regimes.dropFirst()) {
            guard let until = a.until, let from = b.from, until < from else {
                throw root.error("regimes \(a.id) and \(b.id) must be listed in date order and must not overlap")
            }
        }
        return RepairRules(
            version: try root.required("version").string(), issuer: issuer, lowFineThreshold: thresholds,
            lowFineSource: try root.optional("low_fine_source")?.string() ?? "",
            summaryProcedureNotPublished: try notPublished.required("summary_procedure").bool(),
            warningOnlyNotPublished: try notPublished.required("warning_only").bool(),
            acceptanceWorkingDays: try processing.required("acceptance").int(), decisionWorkingDays: try processing.required("decision").int(),
            reminderWindowDays: try reminders.required("window_days").int(), paymentDays: try reminders.required("payment_days").int(),
            regimes: regimes)
    }
}
