import CreditCore
import CreditRepair
import Foundation
import GRDB
import Synchronization

/// Where a notice batch hands its notices as it goes (a CLI writes their files meanwhile):
/// `RepairNotice`s of penalties, `ListingNotice`s of listing decisions.
public struct NoticeReceiver<Notice> {
    /// Each chunk's notices, in order, as soon as they are stored.
    public var receive: ([Notice]) throws -> Void
    /// After the last chunk, before the batch commits (e.g. wait for the last files).
    public var finish: () throws -> Void

    /// An error either closure throws rolls the whole batch back.
    public init(receive: @escaping ([Notice]) throws -> Void, finish: @escaping () throws -> Void = {}) {
        self.receive = receive
        self.finish = finish
    }
}

/// What `credit notice issue` did.
public struct NoticeIssueSummary: Sendable {
    /// The notices issued, in order; empty when they went to a `NoticeReceiver` instead.
    public var issued: [RepairNotice] = []
    /// How many were issued, the first and last numbers, the issuing agencies and how many were
    /// served with the decision (一并送达), however the notices were handed over.
    public var issuedCount = 0
    public var firstNumber: String?
    public var lastNumber: String?
    public var agencies: Set<String> = []
    public var servedWithDecision = 0
    /// Penalties that get no notice because they are not published, by reason.
    public var unpublished: [String: Int] = [:]
    public var alreadyNoticed = 0

    mutating func count(_ notice: RepairNotice) {
        issuedCount += 1
        if firstNumber == nil { firstNumber = notice.number }
        lastNumber = notice.number
        agencies.insert(notice.agency)
        if notice.service == .withDecision { servedWithDecision += 1 }
    }
}

/// A repair application as stored.
public struct RepairApplication: Sendable, Codable, Hashable {
    public var id: Int64
    public var uscc: String
    /// What it is about: `penalty`, `abnormal-list`, `serious-list` or `commitment`.
    public var category: String
    public var documentNumber: String
    public var appliedAt: String
    public var materials: [String]
    public var status: String
    public var decidedAt: String?
    public var reason: String?
    enum CodingKeys: String, CodingKey {
        case id, uscc, category, documentNumber = "document_no", appliedAt = "applied_at", materials, status, decidedAt = "decided_at", reason
    }
}

/// Notices, applications and the data of reports, reminders and eligibility.
public struct RepairStore: Sendable {
    public let database: CreditDatabase
    public let rules: RepairRules
    /// Threads for composing a notice batch (as `DrawStore` has for a draw's tickets).
    let parallelism: Int
    public init(database: CreditDatabase, rules: RepairRules) {
        self.database = database; self.rules = rules
        parallelism = ProcessInfo.processInfo.activeProcessorCount
    }

    /// The query of `penalties`, with conditions only for the filters given: `(? IS NULL OR
    /// r.uscc = ?)` would keep SQLite from the record key (uscc first), and one enterprise's
    /// penalties then cost a scan of every record (0.3 s per lookup on a million enterprises).
    ///
    /// The whole batch (no enterprise given) reads the table in its own order (`NOT INDEXED`):
    /// through the record key it fetched every penalty's row out of order, and the same pages
    /// came from the file again and again (9.5 s for 315,667 penalties). Ties in date and
    /// number are ordered by enterprise and agency, so notices are numbered the same whatever
    /// plan SQLite picks.
    static func penaltiesQuery(uscc: String?, since: CalendarDate?) -> (String, StatementArguments) {
        var conditions = ["r.category = 'penalty'"]
        var arguments: StatementArguments = []
        if let uscc { conditions.append("r.uscc = ?"); arguments += [uscc] }
        if let since { conditions.append("r.decision_date >= ?"); arguments += [since.description] }
        return ("""
            SELECT r.*, e.name AS register_name, e.phone AS register_phone FROM record r\(uscc == nil ? " NOT INDEXED" : "")
            LEFT JOIN enterprise e ON e.uscc = r.uscc
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY r.decision_date, r.document_no, r.uscc, r.agency_key
            """, arguments)
    }

    /// The row ids of every penalty (decided on or after `since`), in the order of
    /// `penaltiesQuery` — the order notices are numbered in.
    static func penaltyOrderQuery(since: CalendarDate?) -> (String, StatementArguments) {
        ("""
            SELECT id FROM record NOT INDEXED WHERE category = 'penalty'\(since == nil ? "" : " AND decision_date >= ?")
            ORDER BY decision_date, document_no, uscc, agency_key
            """, since.map { [$0.description] } ?? [])
    }

    /// The rows of `penaltiesQuery` for the row ids given as a JSON array (in id order).
    static let penaltiesByIDQuery = """
        SELECT r.*, e.name AS register_name, e.phone AS register_phone FROM record r
        LEFT JOIN enterprise e ON e.uscc = r.uscc
        WHERE r.id IN (SELECT value FROM json_each(?))
        """

    /// Penalties (current versions) with their register name and phone.
    static func penalties(_ db: Database, uscc: String? = nil, since: CalendarDate? = nil) throws -> [(EnforcementRecord, String, String?)] {
        let (sql, arguments) = penaltiesQuery(uscc: uscc, since: since)
        // Cached: preparing this 60-column statement (GRDB's authorizer notes every column
        // read) cost more than running it, on every lookup of an enterprise.
        let statement = try db.cachedStatement(sql: sql)
        let reader = PenaltyRows(statement)
        // A cursor: each row is decoded where SQLite left it, never copied into a `Row` first.
        var penalties: [(EnforcementRecord, String, String?)] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            if let penalty = reader.penalty(row) { penalties.append(penalty) }
        }
        return penalties
    }

    /// Reads the rows of `penaltiesQuery`: the record, the register's name (the record's own
    /// when the register has none) and phone, by column positions found once per statement.
    struct PenaltyRows {
        let columns: ColumnIndexes<RecordColumn>
        let name: Int?, phone: Int?
        /// The row id's column.
        let id: Int

        init(_ statement: Statement) {
            columns = ColumnIndexes(statement.columnNames)
            id = statement.index(ofColumn: "id") ?? 0  // `r.*` starts with it
            name = statement.index(ofColumn: "register_name")
            phone = statement.index(ofColumn: "register_phone")
        }

        func penalty(_ row: Row) -> (EnforcementRecord, String, String?)? {
            guard let record = StoredColumns.record(row, columns: columns) else { return nil }
            return (record, name.flatMap { row[$0] as String? } ?? record.subjectName, phone.flatMap { row[$0] as String? })
        }
    }

    /// Issues one notice per published penalty that has none yet (idempotent). 谁处罚、谁告知:
    /// the deciding agency issues and signs it, numbered in that agency's own sequence for the
    /// year; the notice claims 一并送达 only when issued on the decision day, otherwise it is a
    /// 补充告知 served on the day of issue.
    ///
    /// The penalties are read and issued in chunks of `chunkSize`, so a province's batch (a
    /// million notices) holds one chunk in memory, not the whole batch; numbers follow the
    /// penalties' order whatever the chunk size.
    /// - Parameters:
    ///   - calendar: the working-day calendar, for the latest publication day (第九条).
    ///   - receiver: when given, receives each chunk's notices as soon as they are stored, and is
    ///     told to finish before the batch commits (inside the batch's transaction: an error it
    ///     throws rolls the whole batch back); `summary.issued` then stays empty. Otherwise the
    ///     summary holds every notice.
    public func issueNotices(since: CalendarDate?, now: Timestamp, actor: String, calendar: WorkingDayCalendar,
                             chunkSize: Int = 20_000, receiver: NoticeReceiver<RepairNotice>? = nil) throws -> NoticeIssueSummary {
        let today = now.chinaDate
        return try database.writer.write { db in
            var summary = NoticeIssueSummary()
            let noticed = Set(try Row.fetchAll(db, sql: "SELECT decision_agency, document_no, uscc FROM repair_notice").map {
                Self.noticeKey(agency: $0[0], documentNumber: $0[1], uscc: $0[2])
            })
            // Each agency's last number this year, so that a chunk is numbered off the database thread.
            let sequences = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT agency, MAX(sequence) FROM repair_notice WHERE year = ? GROUP BY agency
                """, arguments: [today.year]).map { ($0[0] as String, $0[1] as Int) })
            let insert = try db.makeStatement(sql: """
                INSERT INTO repair_notice (number, agency, year, sequence, category, decision_agency, document_no, uscc, issued_at, issued_on,
                    service, served_on, regime, tier, published_until, earliest_repair, repairable, content)
                VALUES (?, ?, ?, ?, 'penalty', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)

            /// Stores and hands over one prepared chunk (on the database thread).
            func store(_ chunk: PreparedNotices) throws {
                for (reason, count) in chunk.unpublished { summary.unpublished[reason, default: 0] += count }
                for (record, notice, sequence, content) in chunk.issued {
                    let a = notice.assessment
                    try insert.execute(arguments: [notice.number, record.agency, today.year, sequence, record.agency, record.documentNumber,
                                                   record.uscc.rawValue, now.description, today.description, notice.service?.rawValue,
                                                   notice.servedOn?.description, a.regimeID, a.tier?.rawValue, a.end?.description,
                                                   a.earliestRepair?.description, a.repairable, content])
                    summary.count(notice)
                }
                if let receiver {
                    if !chunk.issued.isEmpty { try receiver.receive(chunk.issued.map(\.notice)) }
                } else {
                    summary.issued += chunk.issued.map(\.notice)
                }
            }

            // The penalties' order is found on their row ids alone, then each chunk's rows are read
            // by id: sorting the whole rows (sixty columns, 违法事实 among them) took three seconds
            // for 100,000 penalties before the first notice could be composed, the ids 0.6 s.
            let (sql, arguments) = Self.penaltyOrderQuery(since: since)
            let order = try Int64.fetchAll(db, sql: sql, arguments: arguments)
            let statement = try db.makeStatement(sql: Self.penaltiesByIDQuery)
            let reader = PenaltyRows(statement)
            /// The next chunk's penalties that have no notice yet, in order (nil after the last).
            var start = 0, size = max(1, chunkSize / 10)  // a small first chunk: the first files are written early
            func nextChunk() throws -> [(EnforcementRecord, String)]? {
                guard start < order.count else { return nil }
                let ids = order[start..<min(start + size, order.count)]
                start += ids.count
                size = max(1, chunkSize)
                var byID: [Int64: (EnforcementRecord, String)] = [:]
                byID.reserveCapacity(ids.count)
                let rows = try Row.fetchCursor(statement, arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
                while let row = try rows.next() {
                    guard let (record, name, _) = reader.penalty(row) else { continue }
                    byID[row[reader.id]] = (record, name)
                }
                var pending: [(EnforcementRecord, String)] = []
                pending.reserveCapacity(ids.count)
                for id in ids {
                    guard let (record, name) = byID[id] else { continue }
                    if noticed.contains(Self.noticeKey(agency: record.agency, documentNumber: record.documentNumber, uscc: record.uscc.rawValue)) {
                        summary.alreadyNoticed += 1
                        continue
                    }
                    pending.append((record, name))
                }
                return pending
            }

            // A pipeline: while one chunk is composed, numbered and encoded on another thread (pure
            // work, on all cores), this thread reads the next chunk and stores the one before —
            // in turns, this thread's reads and writes left the cores a fifth idle. Chunks are
            // prepared one after another (each continues the numbers of the one before), so the
            // numbers follow the penalties' order whatever the chunk size.
            let preparing = PreparedNoticesSlot(rules: rules, today: today, calendar: calendar, parallelism: parallelism)
            defer { preparing.wait() }
            var following = try nextChunk()
            if let first = following {
                preparing.start(first, sequences: sequences)
                following = try nextChunk()
            }
            while let prepared = preparing.take() {
                if let chunk = following { preparing.start(chunk, sequences: prepared.sequences) }
                try store(prepared)
                if following != nil { following = try nextChunk() }
            }
            try receiver?.finish()
            if let first = summary.firstNumber, let last = summary.lastNumber {
                try AuditLog.append(db, kind: "notice", actor: actor, at: now, payload: [
                    "issued": .int(Int64(summary.issuedCount)), "first": .string(first), "last": .string(last),
                    "agencies": .int(Int64(summary.agencies.count)),
                    "with_decision": .int(Int64(summary.servedWithDecision)), "later": .int(Int64(summary.issuedCount - summary.servedWithDecision)),
                ])
            }
            return summary
        }
    }

    /// What composing a pending penalty's notice gave.
    enum ComposedNotice: Sendable {
        case expired
        case unpublished(String)
        case notice(RepairNotice)
    }

    /// One chunk of a batch composed, numbered and encoded, ready to store.
    struct PreparedNotices: Sendable {
        var issued: [(record: EnforcementRecord, notice: RepairNotice, sequence: Int, content: String)] = []
        /// Penalties without a notice, by reason.
        var unpublished: [String: Int] = [:]
        /// Each agency's last number after this chunk.
        var sequences: [String: Int]

        /// Composes the notices of `pending` on `parallelism` threads (pure, and most of the
        /// work), then numbers them in the penalties' order, so numbers never depend on the
        /// threads, continuing `sequences`; then encodes them for storage.
        init(_ pending: [(EnforcementRecord, String)], sequences: [String: Int], rules: RepairRules, today: CalendarDate,
             calendar: WorkingDayCalendar, parallelism: Int) {
            self.sequences = sequences
            let composed = Parallel.map(count: pending.count, parallelism: parallelism, serialBelow: 512, placeholder: ComposedNotice.expired) { i in
                let (record, name) = pending[i]
                let assessment = rules.assess(record)
                if assessment.published, let end = assessment.end, end <= today { return .expired }
                guard let notice = rules.notice(for: record, number: "", subjectName: name, issuedOn: today, calendar: calendar),
                      notice.service != nil, notice.servedOn != nil else {
                    return .unpublished(assessment.notPublishedReason ?? "不予公示")
                }
                return .notice(notice)
            }
            var numbered: [(record: EnforcementRecord, notice: RepairNotice, sequence: Int)] = []
            for (i, outcome) in composed.enumerated() {
                switch outcome {
                case .expired: unpublished["公示期已届满，不再告知", default: 0] += 1
                case .unpublished(let reason): unpublished[reason, default: 0] += 1
                case .notice(var notice):
                    let record = pending[i].0
                    let sequence = (self.sequences[record.agency] ?? 0) + 1
                    self.sequences[record.agency] = sequence
                    notice.number = rules.noticeNumber(agency: record.agency, year: today.year, sequence: sequence)
                    numbered.append((record, notice, sequence))
                }
            }
            let ready = numbered
            let contents = Parallel.map(count: ready.count, parallelism: parallelism, serialBelow: 512, placeholder: "") { i in
                ready[i].notice.storedJSON
            }
            issued = zip(ready, contents).map { ($0.record, $0.notice, $0.sequence, $1) }
        }
    }

    /// Where a batch's next chunk is prepared, on a queue of its own, while the database thread
    /// reads and stores: one chunk at a time.
    final class PreparedNoticesSlot: Sendable {
        private let queue = DispatchQueue(label: "credit.notice-compose")
        private let prepared = Mutex<PreparedNotices?>(nil)
        private let rules: RepairRules, today: CalendarDate, calendar: WorkingDayCalendar, parallelism: Int

        init(rules: RepairRules, today: CalendarDate, calendar: WorkingDayCalendar, parallelism: Int) {
            self.rules = rules; self.today = today; self.calendar = calendar; self.parallelism = parallelism
        }

        /// Starts preparing `pending` (after the chunk before it, whose result must be taken first).
        func start(_ pending: [(EnforcementRecord, String)], sequences: [String: Int]) {
            queue.async { [self] in
                let chunk = PreparedNotices(pending, sequences: sequences, rules: rules, today: today, calendar: calendar, parallelism: parallelism)
                prepared.withLock { $0 = chunk }
            }
        }

        /// The chunk started last, once prepared; nil when none was started since the last take.
        func take() -> PreparedNotices? {
            wait()
            return prepared.withLock { chunk in defer { chunk = nil }; return chunk }
        }

        /// Waits for the chunk being prepared, if any.
        func wait() { queue.sync {} }
    }

    static func noticeKey(agency: String, documentNumber: String, uscc: String) -> String {
        agency + "\u{1F}" + documentNumber + "\u{1F}" + uscc
    }

    /// The notice of a number, written with or without zero padding (`〔2026〕1号` finds a notice
    /// stored before numbers lost their padding as `〔2026〕0001号`, and the other way round).
    public func notice(number: String) throws -> RepairNotice? {
        let spellings = RepairRules.noticeNumberSpellings(number)
        return try database.writer.read { db in
            try String.fetchOne(db, sql: """
                SELECT content FROM repair_notice WHERE number IN (\(databaseQuestionMarks(count: spellings.count)))
                ORDER BY number = ? DESC LIMIT 1
                """, arguments: StatementArguments(spellings + [number]))
                .map { try RepairNotice.decode(stored: $0) }
        }
    }

    /// Notice numbers by 决定文书号 (numbers are unique only per agency: the earliest notice wins
    /// when two agencies' penalties share one).
    public func noticeNumbers(uscc: String? = nil) throws -> [String: String] {
        try database.writer.read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT document_no, number FROM repair_notice WHERE ? IS NULL OR uscc = ? ORDER BY issued_at, number",
                                        arguments: [uscc, uscc]).map { ($0[0] as String, $0[1] as String) },
                       uniquingKeysWith: { first, _ in first })
        }
    }

    /// Files an application after checking the record, the earliest date, the conditions
    /// (总局令第45号 第十四条) and the materials the regime requires.
    /// - Throws: `RepairError` saying why the application is refused.
    public func apply(uscc: String, documentNumber: String, materials: [String], now: Timestamp, actor: String) throws -> Int64 {
        try database.writer.write { db in try apply(db, uscc: uscc, documentNumber: documentNumber, materials: materials, now: now, actor: actor) }
    }

    /// The same inside the caller's transaction (an online application stores its files with it).
    func apply(_ db: Database, uscc: String, documentNumber: String, materials: [String], now: Timestamp, actor: String) throws -> Int64 {
        let today = now.chinaDate
        let penalties = try Self.penalties(db, uscc: uscc).map(\.0)
        guard let record = penalties.first(where: { $0.documentNumber == documentNumber }) else {
            throw RepairError.notFound(uscc: uscc, documentNumber: documentNumber)
        }
        // The list flags as of today: from the listings where the enterprise has any, else the register's.
        let standing = try RegisterStandings.load(db, knownBy: nil, terms: rules.listingTerms, uscc: uscc)[uscc]
        let flags = try Row.fetchOne(db, sql: "SELECT abnormal, serious FROM enterprise WHERE uscc = ?", arguments: [uscc]).map { row in
            (abnormal: standing?.inForce(.abnormal, on: today).map { !$0.isEmpty } ?? (row[0] as Bool),
             serious: standing?.inForce(.serious, on: today).map { !$0.isEmpty } ?? (row[1] as Bool))
        }
        let status = try String.fetchOne(db, sql: """
            SELECT status FROM repair_application WHERE category = 'penalty' AND document_no = ? AND uscc = ? AND status IN ('pending', 'approved')
            ORDER BY id DESC LIMIT 1
            """, arguments: [documentNumber, uscc])
        let context = RepairContext(onAbnormalList: flags?.abnormal ?? false, onSeriousList: flags?.serious ?? false,
                                    penalties: penalties.filter { $0.decisionDate <= today }, applicationStatus: status)
        _ = try rules.checkApplication(record, context: context, materials: materials, today: today)
        try db.execute(sql: """
            INSERT INTO repair_application (uscc, category, document_no, applied_at, materials, status) VALUES (?, 'penalty', ?, ?, ?, 'pending')
            """, arguments: [uscc, documentNumber, now.description, materials.joined(separator: ";")])
        let id = db.lastInsertedRowID
        try AuditLog.append(db, kind: "repair-apply", actor: actor, at: now, payload: [
            "application": .int(id), "uscc": .string(uscc), "document_no": .string(documentNumber),
        ])
        return id
    }

    /// Approves or rejects a pending application (logged). An approval ends the record's
    /// publication and the next classification no longer counts it.
    public func decide(id: Int64, approve: Bool, reason: String, now: Timestamp, actor: String) throws {
        guard !reason.trimmingDataWhitespace().isEmpty else { throw RepairError.reasonRequired }
        try database.writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT status, category FROM repair_application WHERE id = ?", arguments: [id]) else {
                throw RepairError.applicationNotFound(id: id)
            }
            let status: String = row[0], category: String = row[1]
            guard status == "pending" else { throw RepairError.alreadyDecided(id: id, status: status) }
            try db.execute(sql: "UPDATE repair_application SET status = ?, decided_at = ?, decision_reason = ?, decided_by = ? WHERE id = ?",
                           arguments: [approve ? "approved" : "rejected", now.description, reason, actor, id])
            try AuditLog.append(db, kind: "repair-decision", actor: actor, at: now, payload: [
                "application": .int(id), "approved": .bool(approve), "reason": .string(reason), "category": .string(category),
            ])
        }
    }

    public func applications(uscc: String? = nil) throws -> [RepairApplication] {
        try database.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, uscc, document_no, applied_at, materials, status, decided_at, decision_reason, category FROM repair_application
                WHERE ? IS NULL OR uscc = ? ORDER BY id
                """, arguments: [uscc, uscc]).map {
                RepairApplication(id: $0[0], uscc: $0[1], category: $0[8], documentNumber: $0[2], appliedAt: $0[3],
                                  materials: ($0[4] as String).split(separator: ";").map(String.init), status: $0[5], decidedAt: $0[6], reason: $0[7])
            }
        }
    }

    /// Inputs of the reminder lists: every penalty with its name, phone, notice, repair state,
    /// the list flags and any application on file.
    /// - Parameter asOf: the day of the lists: an enterprise with listings is on a list when a
    ///   listing is in force that day; without one (or without `asOf`) the register's flag counts.
    public func reminderInputs(asOf: CalendarDate? = nil) throws -> [ReminderInput] {
        try database.writer.read { db in
            let standings = try asOf == nil ? [:] : RegisterStandings.load(db, knownBy: nil, terms: rules.listingTerms)
            let notices = Dictionary(try Row.fetchAll(db, sql: "SELECT decision_agency, document_no, uscc, number FROM repair_notice").map {
                (Self.noticeKey(agency: $0[0], documentNumber: $0[1], uscc: $0[2]), $0[3] as String)
            }, uniquingKeysWith: { first, _ in first })
            var applications: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT uscc, document_no, status FROM repair_application WHERE category = 'penalty' AND status IN ('pending', 'approved') ORDER BY id") {
                applications[(row[0] as String) + "\u{1F}" + (row[1] as String)] = row[2]
            }
            var flags: [String: (Bool, Bool)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT uscc, abnormal, serious FROM enterprise WHERE uscc IN (SELECT uscc FROM record WHERE category = 'penalty')
                """) {
                let code: String = row[0]
                let standing = asOf.flatMap { day in standings[code].map { (day, $0) } }
                flags[code] = (standing.flatMap { $0.1.inForce(.abnormal, on: $0.0).map { !$0.isEmpty } } ?? row[1],
                               standing.flatMap { $0.1.inForce(.serious, on: $0.0).map { !$0.isEmpty } } ?? row[2])
            }
            return try Self.penalties(db).map { record, name, phone in
                let status = applications[record.uscc.rawValue + "\u{1F}" + record.documentNumber]
                let (abnormal, serious) = flags[record.uscc.rawValue] ?? (false, false)
                return ReminderInput(record: record, name: name, phone: phone,
                                     noticeNumber: notices[Self.noticeKey(agency: record.agency, documentNumber: record.documentNumber, uscc: record.uscc.rawValue)],
                                     repaired: status == "approved", onAbnormalList: abnormal, onSeriousList: serious, applicationStatus: status)
            }
        }
    }
}

extension RepairStore {
    /// The enterprise, its current records and its approved repairs (document → decision date).
    public func reportData(uscc: String) throws -> (Enterprise, [EnforcementRecord], [String: CalendarDate])? {
        try database.writer.read { db in try Self.reportData(db, uscc: uscc) }
    }

    static func reportData(_ db: Database, uscc: String) throws -> (Enterprise, [EnforcementRecord], [String: CalendarDate])? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM enterprise WHERE uscc = ?", arguments: [uscc]),
              let enterprise = StoredColumns.enterprise(row) else { return nil }
        let records = try StoredColumns.records(db, sql: "SELECT * FROM record WHERE uscc = ? ORDER BY decision_date", arguments: [uscc])
        var repairs: [String: CalendarDate] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT document_no, decided_at FROM repair_application WHERE uscc = ? AND category = 'penalty' AND status = 'approved'", arguments: [uscc]) {
            repairs[r[0]] = Timestamp(iso: r[1]).map(\.chinaDate)
        }
        return (enterprise, records, repairs)
    }

    /// 严重 penalties still published and not repaired, and the latest class. Seriousness is what
    /// the penalty is (as exported, or derived by `severity:` in repair.yaml), under either
    /// regime: a 吊销许可证件 decided 2026-03-31 weighs as much as one decided 2026-04-01.
    public func eligibilityData(uscc: String, today: CalendarDate) throws -> (Enterprise, [String], RiskClass?)? {
        guard let (enterprise, records, repairs) = try reportData(uscc: uscc) else { return nil }
        let serious = records.filter { record in
            let a = rules.assess(record)
            return a.published && a.severity == .serious && (a.end.map { $0 > today } ?? false) && repairs[record.documentNumber] == nil
        }.map(\.documentNumber)
        let riskClass = try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT class FROM classification WHERE uscc = ? ORDER BY run_id DESC LIMIT 1", arguments: [uscc])
        }.flatMap(RiskClass.init(rawValue:))
        return (enterprise, serious, riskClass)
    }
}

/// A penalty whose exported 公示截止期 differs from the legally computed end of publication:
/// notices and reports use the computed date; officers see both.
public struct DeclaredEndDisagreement: Sendable, Hashable, Codable {
    public var sourceUnit: String
    public var agency: String
    public var documentNumber: String
    public var uscc: String
    public var decisionDate: CalendarDate
    public var declaredEnd: CalendarDate
    /// The end by the rules (nil when the penalty is not published at all).
    public var computedEnd: CalendarDate?
    public var startBasis: PublicationAssessment.StartBasis?

    enum CodingKeys: String, CodingKey {
        case sourceUnit = "source_unit", agency, documentNumber = "document_no", uscc, decisionDate = "decision_date"
        case declaredEnd = "declared_end", computedEnd = "computed_end", startBasis = "start_basis"
    }
}

extension RepairStore {
    /// Every penalty whose declared 公示截止期 disagrees with the computed end (read side: the
    /// quality report's details and the officers' explanation show them).
    public func declaredEndDisagreements(month: CalendarMonth? = nil) throws -> [DeclaredEndDisagreement] {
        try database.writer.read { db in
            try StoredColumns.records(db, sql: """
                SELECT * FROM record WHERE category = 'penalty' AND pen_declared_end IS NOT NULL AND (? IS NULL OR decision_date BETWEEN ? AND ?)
                ORDER BY source_unit, decision_date, document_no
                """, arguments: [month?.description, month?.firstDay.description, month?.lastDay.description]).compactMap { record in
                let a = rules.assess(record)
                guard let declared = a.declaredEnd, declared != a.end else { return nil }
                return DeclaredEndDisagreement(sourceUnit: record.sourceUnit, agency: record.agency, documentNumber: record.documentNumber,
                                               uscc: record.uscc.rawValue, decisionDate: record.decisionDate, declaredEnd: declared,
                                               computedEnd: a.end, startBasis: a.startBasis)
            }
        }
    }
}
