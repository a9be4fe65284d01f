import CreditCore
import CreditRules

/// `Rules/repair.yaml`: the agencies that issue notices, the low-fine thresholds, how a
/// penalty's seriousness is derived, the publication and repair regimes by decision date,
/// and which regime applies to penalties decided from 2026-04-01.
public struct RepairRules: Sendable {
    public var version: String
    /// The city regulator: issuer of credit reports and the contact defaults of every notice.
    public var issuer: Issuer
    /// 谁处罚、谁告知: who signs and numbers each penalty's notice.
    public var notices: NoticeNumbering
    /// 较低数额罚款 thresholds (exclusive: 五万元（不含本数）以下), by entity kind.
    public var lowFineThreshold: [EnforcementRecord.SubjectKind: Amount]
    public var lowFineSource: String
    /// 失信严重程度 when the export leaves it empty (any regime: 信用+审批 uses it too).
    public var severity: SeverityDerivation
    public var summaryProcedureNotPublished: Bool
    public var warningOnlyNotPublished: Bool
    public var acceptanceWorkingDays: Int
    public var decisionWorkingDays: Int
    public var reminderWindowDays: Int
    public var paymentDays: Int
    /// Accepted names of each required material (canonical name → synonyms).
    public var materialSynonyms: [String: [String]]
    public var regimes: [Regime]
    /// Which regime applies to decisions from a date on, where two could (the 2026 question).
    public var regimeChoice: RegimeChoice?
    /// 经营异常名录 and 严重违法失信名单: terms, removal and repair of listings (`lists:`).
    public var lists: [ListKind: ListRepairRule]
    /// Repair of a false commitment (`false_commitment:`).
    public var falseCommitment: FalseCommitmentRule
    /// Names of region and industry codes for documents (`Rules/code-names.yaml`; codes alone without it).
    public var codeNames = CodeNames()

    public struct Issuer: Sendable, Hashable {
        public var agency: String
        public var department: String
        public var phone: String
        public var address: String
        /// How to apply; `{agency}` stands for the deciding agency.
        public var channel: String
        public var website: String

        /// `channel` with the deciding agency in place of `{agency}` (every occurrence). The
        /// standard library's split, not Foundation's `replacingOccurrences`, which goes through
        /// `NSString` on Linux and was 3 % of a notice batch's CPU.
        public func channel(of agency: String) -> String {
            channel.split(separator: "{agency}", omittingEmptySubsequences: false).joined(separator: agency)
        }
    }

    /// Notice numbers: `{abbreviation}{word}〔{year}〕{sequence}号`, one sequence per agency and year.
    public struct NoticeNumbering: Sendable, Hashable {
        /// 信修告.
        public var word: String
        public var agencies: [Agency]
        /// 抄送机关 printed in every notice's 版记 (the issuing agency itself left out).
        public var copiesTo: [String] = []

        /// A deciding agency: its abbreviation in document numbers and, optionally, its own contact.
        public struct Agency: Sendable, Hashable {
            public var name: String
            public var abbreviation: String
            public var department: String?
            public var phone: String?
            public var address: String?
        }
    }

    /// The tier of a penalty whose export gives none: these types, or a fine plus confiscation
    /// of at least this amount, are 严重; 通报批评 or a low fine alone is 轻微; otherwise 一般.
    public struct SeverityDerivation: Sendable, Hashable {
        public var seriousTypes: Set<PenaltyType>
        public var seriousAmount: Amount
    }

    /// The regime for decisions on or after `from` when more than one could apply.
    public struct RegimeChoice: Sendable, Hashable {
        public var from: CalendarDate
        public var regimeID: String
        /// Why this reading (printed by `credit rules check`).
        public var basis: String
    }

    /// A publication and repair regime, in force for decisions in [from, until].
    public struct Regime: Sendable {
        public var id: String
        public var name: String
        /// The instrument the notice's opening cites (e.g. 《市场监督管理行政处罚信息公示规定》).
        public var citedAs: String
        public var from: CalendarDate?
        public var until: CalendarDate?
        public var kind: Kind
        public var nonRepairableTypes: Set<PenaltyType>
        /// The legal basis of the publication periods.
        public var basis: String
        /// The legal basis of early repair (提前停止公示 / 信用修复) and its conditions.
        public var repairBasis: String
        public var conditions: [String]
        public var materials: [String]

        public enum Kind: Sendable {
            case samr(shortMonths: Int, longMonths: Int, repairAfterMonths: Int, repairAfterMonthsSpecial: Int,
                      specialDomains: Set<EnforcementRecord.PenaltyDomain>)
            case tiered(tiers: [EnforcementRecord.DishonestySeverity: Tier])
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

    /// The regime for a decision date: the chosen one from `regimeChoice.from` on, else the one
    /// whose dates contain it.
    public func regime(for date: CalendarDate) -> Regime? {
        if let choice = regimeChoice, date >= choice.from { return regimes.first { $0.id == choice.regimeID } }
        return regimes.first { $0.applies(to: date) }
    }

    /// The number sequence, signature and contact of a deciding agency: as listed, or derived.
    public func agency(named name: String) -> NoticeNumbering.Agency {
        if let listed = notices.agencies.first(where: { $0.name == name }) { return listed }
        return NoticeNumbering.Agency(name: name, abbreviation: Self.derivedAbbreviation(name, city: issuer.agency))
    }

    /// The abbreviation of an agency `Rules/repair.yaml` does not list: the name without the
    /// ending 市场监督管理局 and without the city's own name in front, then 市监
    /// (保定市涞水县市场监督管理局 → 涞水县市监); the city's own agency → its first character and
    /// 市监 (保定市市场监督管理局 → 保市监). Names of another form are kept whole, then 信修告.
    public static func derivedAbbreviation(_ name: String, city: String) -> String {
        let suffix = "市场监督管理局"
        guard name.hasSuffix(suffix) else { return name }
        let stem = String(name.dropLast(suffix.count))
        let cityStem = city.hasSuffix(suffix) ? String(city.dropLast(suffix.count)) : ""
        if stem == cityStem || stem.isEmpty { return "\(stem.prefix(1))市监" }
        let local = !cityStem.isEmpty && stem.hasPrefix(cityStem) ? String(stem.dropFirst(cityStem.count)) : stem
        return "\(local)市监"
    }

    /// `保市监信修告〔2026〕1号`: the agency's own sequence, not zero-padded (GB/T 9704-2012 7.2.4:
    /// 发文顺序号不编虚位).
    public func noticeNumber(agency: String, year: Int, sequence: Int) -> String {
        "\(self.agency(named: agency).abbreviation)\(notices.word)〔\(year)〕\(sequence)号"
    }

    /// The forms a notice number may be stored in: as written, without zero padding, and padded to
    /// four digits as notices issued before 2026-12 were numbered (`…〔2026〕0001号`), so an old
    /// notice is found by its printed number and by the number written the standard way.
    public static func noticeNumberSpellings(_ number: String) -> [String] {
        guard let open = number.lastIndex(of: "〕"), number.hasSuffix("号") else { return [number] }
        let digits = number[number.index(after: open)..<number.index(before: number.endIndex)]
        guard digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let sequence = Int(digits) else { return [number] }
        let prefix = number[...open]
        let plain = String(sequence)
        var spellings = [number, "\(prefix)\(plain)号"]
        if plain.count < 4 { spellings.append("\(prefix)\(String(repeating: "0", count: 4 - plain.count))\(plain)号") }
        var seen = Set<String>()
        return spellings.filter { seen.insert($0).inserted }
    }
}

/// Reads `Rules/repair.yaml` with file:line:column errors.
public enum RepairRulesLoader {
    public static func load(_ text: String, file: String = "repair.yaml") throws(RuleFileError) -> RepairRules {
        let root = try YAMLNode.parse(text, file: file)
        try root.onlyKeys(["version", "issuer", "notices", "low_fine_threshold_yuan", "low_fine_source", "severity", "not_published",
                           "processing_working_days", "reminders", "material_synonyms", "regimes", "regime_choice", "lists",
                           "false_commitment"])
        let issuerNode = try root.required("issuer")
        try issuerNode.onlyKeys(["agency", "department", "phone", "address", "channel", "website"])
        let issuer = RepairRules.Issuer(
            agency: try issuerNode.required("agency").string(),
            department: try issuerNode.required("department").string(), phone: try issuerNode.required("phone").string(),
            address: try issuerNode.required("address").string(), channel: try issuerNode.required("channel").string(),
            website: try issuerNode.required("website").string())
        let noticesNode = try root.required("notices")
        try noticesNode.onlyKeys(["number_word", "agencies", "copies_to"])
        var agencies: [RepairRules.NoticeNumbering.Agency] = []
        for node in try noticesNode.optional("agencies")?.items() ?? [] {
            try node.onlyKeys(["name", "abbreviation", "department", "phone", "address"])
            let agency = RepairRules.NoticeNumbering.Agency(
                name: try node.required("name").string(), abbreviation: try node.required("abbreviation").string(),
                department: try node.optional("department")?.string(), phone: try node.optional("phone")?.string(),
                address: try node.optional("address")?.string())
            if agencies.contains(where: { $0.name == agency.name }) { throw node.error("agency \(agency.name) is listed twice") }
            if let other = agencies.first(where: { $0.abbreviation == agency.abbreviation }) {
                throw node.error("abbreviation \(agency.abbreviation) is already \(other.name)'s: notice numbers would collide")
            }
            agencies.append(agency)
        }
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
        let severityNode = try root.required("severity")
        try severityNode.onlyKeys(["serious_types", "serious_amount_yuan"])
        let severity = RepairRules.SeverityDerivation(seriousTypes: try types(severityNode, "serious_types"),
                                                      seriousAmount: Amount(yuan: Int64(try severityNode.required("serious_amount_yuan").int())))
        let notPublished = try root.required("not_published")
        try notPublished.onlyKeys(["summary_procedure", "warning_only"])
        let processing = try root.required("processing_working_days")
        try processing.onlyKeys(["acceptance", "decision"])
        let reminders = try root.required("reminders")
        try reminders.onlyKeys(["window_days", "payment_days"])
        var synonyms: [String: [String]] = [:]
        for (canonical, node) in try root.optional("material_synonyms")?.mappingEntries() ?? [] {
            synonyms[canonical] = try node.items().map { n throws(RuleFileError) in try n.string() }
        }
        var regimes: [RepairRules.Regime] = []
        for raw in try root.required("regimes").items() {
            let id = try raw.required("id").string()
            let node = raw.withRuleID(id)
            try node.onlyKeys(["id", "name", "cited_as", "from", "until", "kind", "short_period_months", "long_period_months", "repair_after_months",
                               "repair_after_months_special", "special_domains", "non_repairable_types", "tiers",
                               "basis", "repair_basis", "conditions", "materials"])
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
                kind = .tiered(tiers: tiers)
            default:
                throw kindNode.error("kind must be samr or tiered")
            }
            let materials = try node.required("materials").items().map { n throws(RuleFileError) in try n.string() }
            guard !materials.isEmpty else { throw node.error("a regime needs at least one required material") }
            regimes.append(RepairRules.Regime(
                id: id, name: try node.required("name").string(), citedAs: try node.required("cited_as").string(),
                from: try date(node, "from"), until: try date(node, "until"), kind: kind,
                nonRepairableTypes: try types(node, "non_repairable_types"), basis: try node.required("basis").string(),
                repairBasis: try node.required("repair_basis").string(),
                conditions: try node.required("conditions").items().map { n throws(RuleFileError) in try n.string() },
                materials: materials))
        }
        var choice: RepairRules.RegimeChoice?
        if let node = try root.optional("regime_choice") {
            try node.onlyKeys(["from", "regime", "basis"])
            let regimeNode = try node.required("regime")
            let id = try regimeNode.string()
            guard let from = try date(node, "from") else { throw node.error("missing required key 'from'") }
            guard let chosen = regimes.first(where: { $0.id == id }) else {
                throw regimeNode.error("'\(id)' is not a regime (\(regimes.map(\.id).joined(separator: ", ")))")
            }
            guard chosen.applies(to: from), chosen.until == nil else {
                throw regimeNode.error("regime \(id) must apply from \(from) on without an end date to be chosen")
            }
            choice = .init(from: from, regimeID: id, basis: try node.required("basis").string())
        }
        // Before the choice's date (or everywhere without one), at most one regime per date.
        for (i, a) in regimes.enumerated() {
            for b in regimes[(i + 1)...] {
                let start = [a.from, b.from].compactMap { $0 }.max()
                let end = [a.until, b.until, choice.map { $0.from.adding(days: -1) }].compactMap { $0 }.min()
                if start.map({ s in end.map { s <= $0 } ?? true }) ?? true {
                    throw root.error("regimes \(a.id) and \(b.id) both apply to decisions \(start.map { "from \($0)" } ?? "before \(end?.description ?? "any date")")"
                                     + (choice == nil ? "; give their dates or a regime_choice" : " before regime_choice.from"))
                }
            }
        }
        return RepairRules(
            version: try root.required("version").string(), issuer: issuer,
            notices: .init(word: try noticesNode.required("number_word").string(), agencies: agencies,
                           copiesTo: try noticesNode.optional("copies_to")?.items().map { n throws(RuleFileError) in try n.string() } ?? []),
            lowFineThreshold: thresholds, lowFineSource: try root.optional("low_fine_source")?.string() ?? "", severity: severity,
            summaryProcedureNotPublished: try notPublished.required("summary_procedure").bool(),
            warningOnlyNotPublished: try notPublished.required("warning_only").bool(),
            acceptanceWorkingDays: try processing.required("acceptance").int(), decisionWorkingDays: try processing.required("decision").int(),
            reminderWindowDays: try reminders.required("window_days").int(), paymentDays: try reminders.required("payment_days").int(),
            materialSynonyms: synonyms, regimes: regimes, regimeChoice: choice,
            lists: try ListRepairRulesLoader.lists(try root.required("lists")),
            falseCommitment: try ListRepairRulesLoader.falseCommitment(try root.required("false_commitment")))
    }

    private static func date(_ node: YAMLNode, _ key: String) throws(RuleFileError) -> CalendarDate? {
        guard let n = try node.optional(key) else { return nil }
        guard let d = CalendarDate(iso: try n.string()) else { throw n.error("'\(try n.string())' is not a date YYYY-MM-DD") }
        return d
    }

    private static func types(_ node: YAMLNode, _ key: String) throws(RuleFileError) -> Set<PenaltyType> {
        var result = Set<PenaltyType>()
        for item in try node.optional(key)?.items() ?? [] {
            guard let t = PenaltyType(text: try item.string()) else { throw item.error("'\(try item.string())' is not a penalty type") }
            result.insert(t)
        }
        return result
    }
}
