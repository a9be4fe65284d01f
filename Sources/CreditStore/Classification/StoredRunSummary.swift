import CreditCore
import GRDB

extension ClassificationRunner {
    /// A stored run's summary read back: its rules and dates, and the classes counted overall,
    /// per 行政区划 and per industry section. Regions and industries are the register's today
    /// (an enterprise that moved since the run counts where it is now).
    /// - Parameter id: the run; nil = the latest.
    /// - Returns: nil when there is no such run.
    public func storedSummary(run id: Int64? = nil) throws -> ClassificationRunSummary? {
        try database.writer.read { db in
            guard let run = try Row.fetchOne(db, sql: """
                SELECT id, as_of, known_by, ruleset_id, ruleset_version, ruleset_sha256 FROM classification_run
                WHERE id = COALESCE(?, (SELECT MAX(id) FROM classification_run))
                """, arguments: [id]), let asOf = CalendarDate(iso: run["as_of"]) else { return nil }
            var summary = ClassificationRunSummary(
                runID: run["id"], asOf: asOf, knownBy: run["known_by"], rulesetID: run["ruleset_id"],
                rulesetVersion: run["ruleset_version"], rulesetSHA256: run["ruleset_sha256"], counts: ClassCounts(), byRegion: [:], byIndustry: [:])
            let groups = try Row.fetchCursor(db, sql: """
                SELECT e.region, COALESCE(NULLIF(upper(substr(e.industry, 1, 1)), ''), '?'), c.class, COUNT(*)
                FROM classification c JOIN enterprise e ON e.uscc = c.uscc
                WHERE c.run_id = ? GROUP BY 1, 2, 3
                """, arguments: [run["id"] as Int64])
            while let group = try groups.next() {
                guard let riskClass = RiskClass(rawValue: group[2]) else { continue }
                let n: Int = group[3]
                summary.counts[riskClass] += n
                summary.byRegion[group[0], default: ClassCounts()][riskClass] += n
                summary.byIndustry[group[1], default: ClassCounts()][riskClass] += n
            }
            return summary
        }
    }
}
