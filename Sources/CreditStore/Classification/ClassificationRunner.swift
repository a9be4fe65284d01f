import CreditCore
import CreditRules
import Crypto
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Counts of classes, for distributions.
public struct ClassCounts: Sendable, Hashable, Codable {
    public var a = 0, b = 0, c = 0, d = 0
    public init() {}
    public var total: Int { a + b + c + d }
    public subscript(riskClass: RiskClass) -> Int {
        get { switch riskClass { case .a: a; case .b: b; case .c: c; case .d: d } }
        set { switch riskClass { case .a: a = newValue; case .b: b = newValue; case .c: c = newValue; case .d: d = newValue } }
    }
    enum CodingKeys: String, CodingKey { case a = "A", b = "B", c = "C", d = "D" }

    /// Adds another distribution class by class.
    public static func += (lhs: inout ClassCounts, rhs: ClassCounts) {
        lhs.a += rhs.a; lhs.b += rhs.b; lhs.c += rhs.c; lhs.d += rhs.d
    }
}

/// A rule set with the exact text it was read from (stored with every run, hashed).
public struct LoadedRuleSet: Sendable {
    public var rules: RuleSet
    public var text: String
    public var sha256: String

    public init(text: String, file: String) throws(RuleFileError) {
        rules = try RuleSetLoader.load(text, file: file)
        self.text = text
        sha256 = Hex.lowercase(SHA256.hash(data: Data(text.utf8)))
    }
}

/// The outcome of classifying the register.
public struct ClassificationRunSummary: Sendable, Codable {
    public var runID: Int64?
    public var asOf: CalendarDate
    public var knownBy: String
    public var rulesetID: String
    public var rulesetVersion: String
    public var rulesetSHA256: String
    public var counts: ClassCounts
    public var byRegion: [String: ClassCounts]
    /// By GB/T 4754 section letter ("?" when the register has no industry).
    public var byIndustry: [String: ClassCounts]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", asOf = "as_of", knownBy = "known_by", rulesetID = "ruleset_id"
        case rulesetVersion = "ruleset_version", rulesetSHA256 = "ruleset_sha256", counts, byRegion = "by_region"
        case byIndustry = "by_industry"
    }
}

/// A stored per-enterprise result.
public struct StoredClassification: Sendable, Hashable, Codable {
    public var runID: Int64
    public var createdAt: String
    public var asOf: CalendarDate
    public var knownBy: String
    public var rulesetSHA256: String
    public var riskClass: RiskClass
    public var score: Int
    public var overrides: [String]
    public var trace: String

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", createdAt = "created_at", asOf = "as_of", knownBy = "known_by", rulesetSHA256 = "ruleset_sha256"
        case riskClass = "class", score, overrides, trace
    }
}

/// Classifies every enterprise of the register and stores the run; also reads runs back.
public struct ClassificationRunner: Sendable {
    public let database: CreditDatabase
    /// When a list removes an enterprise by itself (`Rules/repair.yaml`), for list flags as of a date.
    public let listingTerms: ListingTerms

    /// - Parameter listingTerms: the lists' own terms (`RepairRules.listingTerms`); without
    ///   them a listing ends only by its 移出日期 or a repair decision.
    public init(database: CreditDatabase, listingTerms: ListingTerms = ListingTerms()) {
        self.database = database
        self.listingTerms = listingTerms
    }

    /// Classifies the whole register.
    /// - Parameters:
    ///   - ruleSet: the rules and their exact text.
    ///   - asOf: the date classes are for.
    ///   - knownBy: use only record versions known by this instant (nil = everything now).
    ///   - now: the run's timestamp (also its knowledge cut-off when `knownBy` is nil).
    ///   - store: write the run; false = a dry run (what-if) that writes nothing.
    public func run(_ ruleSet: LoadedRuleSet, asOf: CalendarDate, knownBy: Timestamp?, now: Timestamp, store: Bool,
                    actor: String = "cli") throws -> ClassificationRunSummary {
        let classifier = Classifier(rules: ruleSet.rules)
        var summary = ClassificationRunSummary(
            runID: nil, asOf: asOf, knownBy: (knownBy ?? now).description, rulesetID: ruleSet.rules.id,
            rulesetVersion: ruleSet.rules.version, rulesetSHA256: ruleSet.sha256, counts: ClassCounts(), byRegion: [:], byIndustry: [:])
        let terms = listingTerms
        let work = { (db: Database) throws in
            let excluded = CodeOrderedValues(try RepairExclusions.load(db, knownBy: knownBy))
            let standings = CodeOrderedValues(try RegisterStandings.load(db, knownBy: knownBy, terms: terms))
            var insert: RawStatement?, insertChunk: RawStatement?
            if store {
                if try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM classification_run WHERE ruleset_sha256 = ?)",
                                     arguments: [ruleSet.sha256]) == true {
                    try AuditLog.append(db, kind: "rules-release", actor: actor, at: now, payload: [
                        "ruleset_id": .string(ruleSet.rules.id), "version": .string(ruleSet.rules.version),
                        "sha256": .string(ruleSet.sha256), "effective": .string(ruleSet.rules.effective.description),
                    ])
                }
                try db.execute(sql: """
                    INSERT INTO classification_run (created_at, as_of, known_by, ruleset_id, ruleset_version, ruleset_sha256,
                        ruleset_text, enterprises, class_a, class_b, class_c, class_d)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)
                    """, arguments: [now.description, asOf.description, summary.knownBy, ruleSet.rules.id,
                                     ruleSet.rules.version, ruleSet.sha256, ruleSet.text])
                summary.runID = db.lastInsertedRowID
                let columns = "INSERT INTO classification (run_id, uscc, class, score, score_class, overrides, trace) VALUES "
                let values = "(?, ?, ?, ?, ?, ?, ?)"
                insert = RawStatement(try db.makeStatement(sql: columns + values))
                insertChunk = RawStatement(try db.makeStatement(
                    sql: columns + Array(repeating: values, count: Self.rowsPerInsert).joined(separator: ", ")))
            }
            /// Inserts a batch: whole chunks through the many-row statement (one statement step
            /// per chunk instead of per row), the rest one by one, every text bound in place
            /// from the batch's buffer (SQLite copies none of them).
            func insertRows(_ batch: ResultBatch) throws {
                guard let insert, let insertChunk, let runID = summary.runID else { return }
                try batch.texts.withUnsafeBufferPointer { bytes in
                    func text(_ span: ResultBatch.Span) -> UnsafeBufferPointer<UInt8> {
                        UnsafeBufferPointer(rebasing: bytes[span.offset..<span.offset + span.count])
                    }
                    func execute(_ statement: RawStatement, _ rows: ArraySlice<ResultBatch.Row>) throws {
                        sqlite3_reset(statement.handle)
                        for (k, row) in rows.enumerated() {
                            let first = Int32(k * 7 + 1)
                            statement.bindInt(runID, at: first)
                            statement.bindBorrowedText(text(row.uscc), at: first + 1)
                            statement.bindBorrowedText(text(row.riskClass), at: first + 2)
                            statement.bindInt(row.score, at: first + 3)
                            statement.bindBorrowedText(text(row.scoreClass), at: first + 4)
                            if let overrides = row.overrides { statement.bindBorrowedText(text(overrides), at: first + 5) } else { statement.bindNull(at: first + 5) }
                            statement.bindBorrowedText(text(row.trace), at: first + 6)
                        }
                        defer { statement.clearBindings() }
                        try statement.execute(db)
                    }
                    var next = 0
                    while batch.rows.count - next >= Self.rowsPerInsert {
                        try execute(insertChunk, batch.rows[next..<next + Self.rowsPerInsert])
                        next += Self.rowsPerInsert
                    }
                    for k in next..<batch.rows.count { try execute(insert, batch.rows[k...k]) }
                }
            }
            let pool = store ? database.writer as? DatabasePool : nil
            let snapshot = try RegisterSnapshot.load(db, knownBy: knownBy, parallel: pool)
            var tally = Tally()
            if pool != nil {
                // Two workers classify the two halves of the register (and count classes) while
                // this writer inserts.
                let halves = [0..<snapshot.count / 2, snapshot.count / 2..<snapshot.count]
                let channel = BatchChannel<ResultBatch>()
                let producers = DispatchGroup()
                let tallies = Mutex<[Tally]>([])
                for half in halves {
                    DispatchQueue.global().async(group: producers) {
                        do {
                            var own = Tally()
                            try Self.classifyAll(snapshot, half, classifier: classifier, asOf: asOf, excluded: excluded, standings: standings,
                                                 tally: &own) { batch in
                                guard channel.send([batch]) else { throw CancellationError() }
                            }
                            tallies.withLock { [own] in $0.append(own) }
                            channel.finish(nil)
                        } catch {
                            channel.finish(error)
                        }
                    }
                }
                defer { channel.cancel(); producers.wait() }
                var finished = 0
                while finished < halves.count {
                    guard let batches = try channel.receive() else { finished += 1; continue }
                    for batch in batches { try insertRows(batch) }
                }
                for own in tallies.withLock({ $0 }) { tally.merge(own) }
            } else {
                try Self.classifyAll(snapshot, 0..<snapshot.count, classifier: classifier, asOf: asOf, excluded: excluded,
                                     standings: standings, tally: &tally) { batch in
                    try insertRows(batch)
                }
            }
            // A million enterprises take a while to free: do it off the committing thread.
            DispatchQueue.global().async { [snapshot] in withExtendedLifetime(snapshot) {} }
            summary.counts = tally.counts
            summary.byRegion = tally.byRegion
            summary.byIndustry = tally.byIndustry
            if let runID = summary.runID {
                let c = summary.counts
                try db.execute(sql: """
                    UPDATE classification_run SET enterprises = ?, class_a = ?, class_b = ?, class_c = ?, class_d = ? WHERE id = ?
                    """, arguments: [c.total, c.a, c.b, c.c, c.d, runID])
                try AuditLog.append(db, kind: "classify", actor: actor, at: now, payload: [
                    "run_id": .int(runID), "as_of": .string(asOf.description), "known_by": .string(summary.knownBy),
                    "ruleset_sha256": .string(ruleSet.sha256), "A": .int(Int64(c.a)), "B": .int(Int64(c.b)),
                    "C": .int(Int64(c.c)), "D": .int(Int64(c.d)),
                ])
            }
        }
        if store {
            // Results go in in code order, at the right edge of the table: a small cache does
            // (dirty pages beyond it go to the WAL early), where the connection's own 128 MiB
            // would fill with the run's pages and stay resident.
            try database.writer.write { db in try RegisterSnapshot.withCacheSize(db, kibibytes: Self.writeCacheKiB) { try work(db) } }
        } else {
            try database.writer.read(work)
        }
        return summary
    }

    /// Page cache of the writing connection during a run, KiB.
    static let writeCacheKiB = 16384

    /// Result rows per INSERT statement (7 parameters each).
    static let rowsPerInsert = 64

    /// Results as stored, a batch at a time, ready to bind: every text end to end in one buffer
    /// (built by the classifying workers, so the writer only binds and steps).
    struct ResultBatch: Sendable {
        struct Span: Sendable { var offset: Int; var count: Int }
        struct Row: Sendable { var uscc: Span, riskClass: Span, score: Int64, scoreClass: Span, overrides: Span?, trace: Span }
        var texts: [UInt8] = []
        var rows: [Row] = []

        var count: Int { rows.count }

        private mutating func add(_ text: String) -> Span {
            let span = Span(offset: texts.count, count: text.utf8.count)
            texts += text.utf8
            return span
        }

        mutating func append(uscc: String, _ r: Classification) {
            rows.append(Row(uscc: add(uscc), riskClass: add(r.riskClass.rawValue), score: Int64(r.score), scoreClass: add(r.scoreClass.rawValue),
                            overrides: r.overrides.isEmpty ? nil : add(r.overrides.joined(separator: ",")), trace: add(r.compactTrace)))
        }
    }

    /// Class counts, overall, by region and by industry section.
    struct Tally: Sendable {
        var counts = ClassCounts()
        var byRegion: [String: ClassCounts] = [:]
        var byIndustry: [String: ClassCounts] = [:]

        mutating func add(_ enterprise: Enterprise, _ riskClass: RiskClass) {
            counts[riskClass] += 1
            byRegion[enterprise.region, default: ClassCounts()][riskClass] += 1
            byIndustry[enterprise.industry.map { String($0.section) } ?? "?", default: ClassCounts()][riskClass] += 1
        }

        mutating func merge(_ other: Tally) {
            counts += other.counts
            for (key, value) in other.byRegion { byRegion[key, default: ClassCounts()] += value }
            for (key, value) in other.byIndustry { byIndustry[key, default: ClassCounts()] += value }
        }
    }

    /// Classifies enterprises of the snapshot in code order, counting classes and handing
    /// results over in batches.
    /// - Parameter standings: listings and commitments by code: an enterprise's list flags come
    ///   from its listings as of `asOf` where it has any.
    static func classifyAll(_ snapshot: RegisterSnapshot, _ positions: Range<Int>, classifier: Classifier, asOf: CalendarDate,
                            excluded: CodeOrderedValues<Set<String>>, standings: CodeOrderedValues<RegisterStanding>, tally: inout Tally,
                            _ deliver: (ResultBatch) throws -> Void) throws {
        var batch = ResultBatch()
        var standings = standings, excluded = excluded
        try snapshot.forEach(positions) { registered, code, records, arena in
            let enterprise = standings.isEmpty ? registered : standings.value(for: code).map { $0.applied(to: registered, asOf: asOf) } ?? registered
            let skip = excluded.isEmpty ? [] : excluded.value(for: code) ?? []
            let r = classifier.classify(enterprise, packed: records, arena: arena, asOf: asOf, excluded: skip)
            tally.add(enterprise, r.riskClass)
            batch.append(uscc: enterprise.uscc.rawValue, r)
            if batch.count == 1024 { try deliver(batch); batch = ResultBatch() }
        }
        if batch.count > 0 { try deliver(batch) }
    }

    /// Classifies one enterprise live (nothing stored), with its full trace.
    public func classifyOne(_ uscc: String, ruleSet: RuleSet, asOf: CalendarDate, knownBy: Timestamp?)
        throws -> (Enterprise, [EnforcementRecord], Classification)? {
        try database.writer.read { db in
            let excluded = try RepairExclusions.load(db, knownBy: knownBy, uscc: uscc)[uscc] ?? []
            let standing = try RegisterStandings.load(db, knownBy: knownBy, terms: listingTerms, uscc: uscc)[uscc]
            var found: (Enterprise, [EnforcementRecord], Classification)?
            try ClassificationSource.forOne(db, knownBy: knownBy, uscc: uscc) { registered, records in
                let enterprise = standing?.applied(to: registered, asOf: asOf) ?? registered
                found = (enterprise, records, Classifier(rules: ruleSet).classify(enterprise, records: records, asOf: asOf, excluded: excluded))
            }
            return found
        }
    }

    /// An enterprise's listings and commitments with the repair decisions that lifted them, as
    /// known at `knownBy` (now when nil); empty when it has none.
    public func standing(_ uscc: String, knownBy: Timestamp? = nil) throws -> RegisterStanding {
        try database.writer.read { db in
            try RegisterStandings.load(db, knownBy: knownBy, terms: listingTerms, uscc: uscc)[uscc] ?? RegisterStanding(terms: listingTerms)
        }
    }

    /// The class of an enterprise in every stored run, newest first.
    public func history(_ uscc: String) throws -> [StoredClassification] {
        try database.writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT r.id, r.created_at, r.as_of, r.known_by, r.ruleset_sha256, c.class, c.score, c.overrides, c.trace
                FROM classification_run r JOIN classification c ON c.run_id = r.id AND c.uscc = ?
                ORDER BY r.id DESC
                """), arguments: [uscc]).map { row in
                StoredClassification(runID: row[0], createdAt: row[1], asOf: CalendarDate(iso: row[2])!, knownBy: row[3],
                                     rulesetSHA256: row[4], riskClass: RiskClass(rawValue: row[5])!, score: row[6],
                                     overrides: (row[7] as String?)?.split(separator: ",").map(String.init) ?? [], trace: row[8])
            }
        }
    }

    /// The id of the latest stored run, nil before the first.
    public func latestRunID() throws -> Int64? {
        try database.writer.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM classification_run")) }
    }

    /// The latest stored run: id, as-of, known-by and the rule text it used.
    public func latestRun() throws -> (id: Int64, asOf: CalendarDate, knownBy: String, rulesText: String)? {
        try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, as_of, known_by, ruleset_text FROM classification_run ORDER BY id DESC LIMIT 1").map {
                (id: $0[0], asOf: CalendarDate(iso: $0[1])!, knownBy: $0[2], rulesText: $0[3])
            }
        }
    }

    /// The rule text of a run.
    public func rulesText(run id: Int64) throws -> String? {
        try database.writer.read { db in try String.fetchOne(db, sql: "SELECT ruleset_text FROM classification_run WHERE id = ?", arguments: [id]) }
    }

    /// Enterprise class per code in a run.
    public func classes(run id: Int64) throws -> [String: RiskClass] {
        try database.writer.read { db in
            var result: [String: RiskClass] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT uscc, class FROM classification WHERE run_id = ?", arguments: [id])
            while let row = try rows.next() { result[row[0]] = RiskClass(rawValue: row[1]) }
            return result
        }
    }
}

/// Records that no longer count for classification (approved credit repairs), per enterprise.
enum RepairExclusions {
    /// - Parameter uscc: only this enterprise's (nil = all).
    static func load(_ db: Database, knownBy: Timestamp?, uscc: String? = nil) throws -> [String: Set<String>] {
        guard try db.tableExists("repair_application") else { return [:] }
        var result: [String: Set<String>] = [:]
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT uscc, document_no FROM repair_application
            WHERE status = 'approved' AND category = 'penalty' AND (? IS NULL OR decided_at <= ?) AND (? IS NULL OR uscc = ?)
            """), arguments: [knownBy?.description, knownBy?.description, uscc, uscc])
        for row in rows { result[row[0], default: []].insert(row[1]) }
        return result
    }
}

extension ClassificationRunner {
    /// Classifies the register with two rule sets side by side, storing nothing.
    public func compare(baseline: RuleSet, candidate: RuleSet, asOf: CalendarDate, knownBy: Timestamp?) throws -> ClassMigration {
        let old = Classifier(rules: baseline), new = Classifier(rules: candidate)
        return try database.writer.read { db in
            var excluded = CodeOrderedValues(try RepairExclusions.load(db, knownBy: knownBy))
            var standings = CodeOrderedValues(try RegisterStandings.load(db, knownBy: knownBy, terms: listingTerms))
            var migration = ClassMigration()
            let snapshot = try RegisterSnapshot.load(db, knownBy: knownBy, withNames: true)
            try snapshot.forEach(0..<snapshot.count) { registered, code, records, arena in
                let enterprise = standings.value(for: code).map { $0.applied(to: registered, asOf: asOf) } ?? registered
                let skip = excluded.value(for: code) ?? []
                migration.add(enterprise, old: old.classify(enterprise, packed: records, arena: arena, asOf: asOf, excluded: skip),
                              new: new.classify(enterprise, packed: records, arena: arena, asOf: asOf, excluded: skip))
            }
            return migration
        }
    }
}
