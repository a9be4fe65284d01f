import CreditCore
import CreditRepair
import CreditRules
import Foundation
import Synchronization

/// "What class is this enterprise, and why?": the class and score of its latest stored run,
/// re-derived from that run's own rules, as-of date and knowledge cut-off (so the trace is
/// exactly the stored one), with every contribution, the counterfactual and the history.
public struct EnterpriseExplanation: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        public var indicator: String
        /// The indicator's name in the rule set (Chinese).
        public var indicatorName: String
        /// Its cap per enterprise, when it has one.
        public var cap: Int?
        public var category: String?
        public var categoryName: String?
        public var documentNo: String?
        public var decisionDate: String?
        public var points: Int
        public var rawPoints: Int
        public var decayedPoints: Int
        public var basis: String
        enum CodingKeys: String, CodingKey {
            case indicator, indicatorName = "indicator_name", cap, category, categoryName = "category_name", documentNo = "document_no"
            case decisionDate = "decision_date", points, rawPoints = "raw_points", decayedPoints = "decayed_points", basis
        }
    }
    /// A class band of the rule set: scores in [from, below) give the class.
    public struct Band: Sendable, Encodable {
        public var riskClass: String, name: String, from: Int, below: Int
        enum CodingKeys: String, CodingKey { case riskClass = "class", name, from, below }
    }
    /// An override that decided the class, with its name and basis.
    public struct OverrideApplied: Sendable, Encodable { public var id: String, name: String, basis: String }
    public struct HistoryEntry: Sendable, Encodable {
        public var runID: Int64, asOf: String, riskClass: String, score: Int
        enum CodingKeys: String, CodingKey { case runID = "run_id", asOf = "as_of", riskClass = "class", score }
    }

    public var uscc: String
    public var name: String
    public var riskClass: String
    /// 信用风险低（A类）…
    public var className: String
    public var score: Int
    /// The rule set's maximum score: the sum of contributions is clamped to 0…max.
    public var scoreMax: Int
    /// The sum of the counted points before the clamp (differs from `score` when clamped).
    public var contributionsTotal: Int
    public var scoreClass: String
    public var scoreClassName: String
    public var bands: [Band]
    public var overridesApplied: [OverrideApplied]
    public var asOf: String
    public var rulesetSHA256: String
    public var override: String?
    public var runID: Int64?
    public var contributions: [Item]
    public var counterfactual: Counterfactual
    public var history: [HistoryEntry]
    /// The publication of each penalty (when repair rules were given): dates, what they run
    /// from, and disagreements with the export's 公示截止期.
    public var publication: [PenaltyPublication]?
    /// The 经营异常名录 and 严重违法失信名单 as of the run's date — each flag with its source
    /// (listings or the register's yes/no fallback), every listing with its dates — and the
    /// commitments with their checks.
    public var lists: StandingView?

    enum CodingKeys: String, CodingKey {
        case uscc, name, riskClass = "class", className = "class_name", score, scoreMax = "score_max", contributionsTotal = "contributions_total"
        case scoreClass = "score_class", scoreClassName = "score_class_name", bands, overridesApplied = "overrides_applied"
        case asOf = "as_of", rulesetSHA256 = "ruleset_sha256"
        case override, runID = "run_id", contributions, counterfactual, history, publication, lists
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(uscc, forKey: .uscc); try c.encode(name, forKey: .name); try c.encode(riskClass, forKey: .riskClass)
        try c.encode(className, forKey: .className); try c.encode(scoreMax, forKey: .scoreMax)
        try c.encode(contributionsTotal, forKey: .contributionsTotal); try c.encode(scoreClassName, forKey: .scoreClassName)
        try c.encode(bands, forKey: .bands); try c.encode(overridesApplied, forKey: .overridesApplied)
        try c.encode(score, forKey: .score); try c.encode(scoreClass, forKey: .scoreClass); try c.encode(asOf, forKey: .asOf)
        try c.encode(rulesetSHA256, forKey: .rulesetSHA256); try c.encode(override, forKey: .override); try c.encode(runID, forKey: .runID)
        try c.encode(contributions, forKey: .contributions); try c.encode(counterfactual, forKey: .counterfactual)
        try c.encode(history, forKey: .history)
        try c.encodeIfPresent(publication, forKey: .publication)
        try c.encodeIfPresent(lists, forKey: .lists)
    }

    /// Builds the explanation from a classification result.
    /// - Parameter rules: the rule set of the run, for the names of indicators, overrides and bands.
    public init(enterprise: Enterprise, result: Classification, counterfactual: Counterfactual, rules: RuleSet, asOf: CalendarDate,
                rulesSHA256: String, runID: Int64?, history: [StoredClassification], publication: [PenaltyPublication]? = nil,
                lists: StandingView? = nil) {
        uscc = enterprise.uscc.rawValue; name = enterprise.name; riskClass = result.riskClass.rawValue; score = result.score
        className = result.riskClass.chineseName; scoreClassName = result.scoreClass.chineseName; scoreMax = rules.maxScore
        contributionsTotal = result.contributions.reduce(0) { $0 + $1.points }
        bands = rules.bands.map { Band(riskClass: $0.riskClass.rawValue, name: $0.riskClass.chineseName, from: $0.lower, below: $0.upper) }
        overridesApplied = result.overrides.map { id in
            let rule = rules.overrides.first { $0.id == id }
            return OverrideApplied(id: id, name: rule?.name ?? id, basis: rule?.basis ?? "")
        }
        scoreClass = result.scoreClass.rawValue; self.asOf = asOf.description; rulesetSHA256 = rulesSHA256
        override = result.overrides.isEmpty ? nil : result.overrides.joined(separator: ",")
        self.runID = runID
        contributions = result.contributions.sorted { abs($0.points) > abs($1.points) }.map {
            let indicator = $0.indicator
            let rule = rules.indicators.first { $0.id == indicator }
            return Item(indicator: indicator, indicatorName: rule?.name ?? indicator, cap: rule?.cap, category: $0.category?.rawValue,
                        categoryName: $0.category?.chineseName, documentNo: $0.documentNumber, decisionDate: $0.decisionDate?.description,
                        points: $0.points, rawPoints: $0.rawPoints, decayedPoints: $0.decayedPoints, basis: $0.basis)
        }
        self.counterfactual = counterfactual
        self.history = history.map { HistoryEntry(runID: $0.runID, asOf: $0.asOf.description, riskClass: $0.riskClass.rawValue, score: $0.score) }
        self.publication = publication
        self.lists = lists
    }
}

/// Rule sets of stored runs, parsed once: a run's rules never change.
public final class RunRulesCache: Sendable {
    private let cache = Mutex<[Int64: LoadedRuleSet]>([:])
    public init() {}

    func rules(run: Int64, load: () throws -> String?) rethrows -> LoadedRuleSet? {
        if let hit = cache.withLock({ $0[run] }) { return hit }
        guard let text = try load(), let loaded = try? LoadedRuleSet(text: text, file: "run \(run)") else { return nil }
        cache.withLock { $0[run] = loaded }
        return loaded
    }
}

extension ClassificationRunner {
    /// The explanation of the latest stored run that classified the enterprise, or nil.
    /// - Parameters:
    ///   - cache: parsed rule sets of runs, shared between calls (the server keeps one).
    ///   - repair: the repair rules and calendar, to add each penalty's publication for officers
    ///     (from the current full records: the classification reads only the fields it scores).
    public func explainStored(_ uscc: String, cache: RunRulesCache = RunRulesCache(),
                              repair: (rules: RepairRules, calendar: WorkingDayCalendar)? = nil) throws -> EnterpriseExplanation? {
        let history = try history(uscc)
        guard let latest = history.first, let loaded = try cache.rules(run: latest.runID, load: { try rulesText(run: latest.runID) }),
              let (enterprise, records, result) = try classifyOne(uscc, ruleSet: loaded.rules, asOf: latest.asOf, knownBy: Timestamp(iso: latest.knownBy))
        else { return nil }
        let counterfactual = Classifier(rules: loaded.rules).counterfactual(enterprise, records: records, asOf: latest.asOf)
        let lists = StandingView(try standing(uscc, knownBy: Timestamp(iso: latest.knownBy)), registered: enterprise, asOf: latest.asOf)
        return EnterpriseExplanation(enterprise: enterprise, result: result, counterfactual: counterfactual, rules: loaded.rules, asOf: latest.asOf,
                                     rulesSHA256: loaded.sha256, runID: latest.runID, history: history,
                                     publication: try repair.map { repair in
                                         try database.writer.read { db in try RepairStore.penalties(db, uscc: uscc) }
                                             .map { repair.rules.publication($0.0, calendar: repair.calendar) }
                                     }, lists: lists)
    }
}
