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
        public var category: String?
        public var documentNo: String?
        public var decisionDate: String?
        public var points: Int
        public var rawPoints: Int
        public var decayedPoints: Int
        public var basis: String
        enum CodingKeys: String, CodingKey {
            case indicator, category, documentNo = "document_no", decisionDate = "decision_date", points, rawPoints = "raw_points"
            case decayedPoints = "decayed_points", basis
        }
    }
    public struct HistoryEntry: Sendable, Encodable {
        public var runID: Int64, asOf: String, riskClass: String, score: Int
        enum CodingKeys: String, CodingKey { case runID = "run_id", asOf = "as_of", riskClass = "class", score }
    }

    public var uscc: String
    public var name: String
    public var riskClass: String
    public var score: Int
    public var scoreClass: String
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

    enum CodingKeys: String, CodingKey {
        case uscc, name, riskClass = "class", score, scoreClass = "score_class", asOf = "as_of", rulesetSHA256 = "ruleset_sha256"
        case override, runID = "run_id", contributions, counterfactual, history, publication
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(uscc, forKey: .uscc); try c.encode(name, forKey: .name); try c.encode(riskClass, forKey: .riskClass)
        try c.encode(score, forKey: .score); try c.encode(scoreClass, forKey: .scoreClass); try c.encode(asOf, forKey: .asOf)
        try c.encode(rulesetSHA256, forKey: .rulesetSHA256); try c.encode(override, forKey: .override); try c.encode(runID, forKey: .runID)
        try c.encode(contributions, forKey: .contributions); try c.encode(counterfactual, forKey: .counterfactual)
        try c.encode(history, forKey: .history)
        try c.encodeIfPresent(publication, forKey: .publication)
    }

    /// Builds the explanation from a classification result.
    public init(enterprise: Enterprise, result: Classification, counterfactual: Counterfactual, asOf: CalendarDate, rulesSHA256: String,
                runID: Int64?, history: [StoredClassification], publication: [PenaltyPublication]? = nil) {
        uscc = enterprise.uscc.rawValue; name = enterprise.name; riskClass = result.riskClass.rawValue; score = result.score
        scoreClass = result.scoreClass.rawValue; self.asOf = asOf.description; rulesetSHA256 = rulesSHA256
        override = result.overrides.isEmpty ? nil : result.overrides.joined(separator: ",")
        self.runID = runID
        contributions = result.contributions.sorted { abs($0.points) > abs($1.points) }.map {
            Item(indicator: $0.indicator, category: $0.category?.rawValue, documentNo: $0.documentNumber, decisionDate: $0.decisionDate?.description,
                 points: $0.points, rawPoints: $0.rawPoints, decayedPoints: $0.decayedPoints, basis: $0.basis)
        }
        self.counterfactual = counterfactual
        self.history = history.map { HistoryEntry(runID: $0.runID, asOf: $0.asOf.description, riskClass: $0.riskClass.rawValue, score: $0.score) }
        self.publication = publication
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
        return EnterpriseExplanation(enterprise: enterprise, result: result, counterfactual: counterfactual, asOf: latest.asOf,
                                     rulesSHA256: loaded.sha256, runID: latest.runID, history: history,
                                     publication: try repair.map { repair in
                                         try database.writer.read { db in try RepairStore.penalties(db, uscc: uscc) }
                                             .map { repair.rules.publication($0.0, calendar: repair.calendar) }
                                     })
    }
}
