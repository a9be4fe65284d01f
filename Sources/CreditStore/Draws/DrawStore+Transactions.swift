import CreditCore
import CreditRules
import CreditSampling
import Foundation
import GRDB
import GRDBSQLite

/// The draw use cases inside one transaction each: every check, the inputs, the computation
/// and the records see the same database state.
extension DrawStore {
    static func validID(_ text: String) throws(DrawError) -> String {
        do throws(DrawID.Invalid) { return try DrawID(text).rawValue } catch { throw .invalidID(error) }
    }

    /// The stored commitment of a draw.
    struct CommitmentRow {
        var asOf: CalendarDate
        var planText: String
        var randomnessSource: String
        var salt: String
        var commitment: [UInt8]
        var classificationRunID: Int64
        var voidReason: String?

        static func fetch(_ db: Database, id: String) throws -> CommitmentRow? {
            try Row.fetchOne(db, sql: """
                SELECT as_of, plan_text, randomness_source, salt, commitment, classification_run_id, void_reason
                FROM draw_commitment WHERE draw_id = ?
                """, arguments: [id]).map {
                CommitmentRow(asOf: CalendarDate(iso: $0[0]) ?? CalendarDate(dayNumber: 0), planText: $0[1], randomnessSource: $0[2],
                              salt: $0[3], commitment: Array(($0[4] as String).utf8), classificationRunID: $0[5], voidReason: $0[6])
            }
        }
    }

    static func prepare(_ db: Database, id text: String, asOf: CalendarDate, randomnessSource: String, plan: SamplingPlan,
                        planText: String, now: Timestamp, actor: String, salt fixedSalt: DrawSalt? = nil, parallelism: Int,
                        pool: DatabasePool?) throws -> PreparedDraw {
        let id = try validID(text)
        let source = randomnessSource.trimmingDataWhitespace()
        guard !source.isEmpty else { throw DrawError.emptyRandomnessSource }
        guard asOf <= now.chinaDate else { throw DrawError.asOfInFuture(asOf: asOf, today: now.chinaDate) }
        if let existing = try CommitmentRow.fetch(db, id: id) {
            // The same command again (e.g. after a lost commitment file): the recorded commitment.
            guard existing.asOf == asOf, existing.randomnessSource == source else { throw DrawError.idTaken(id: id) }
            if let reason = existing.voidReason { throw DrawError.voided(id: id, reason: reason) }
            let commitment = try DrawCommitment(bytes: existing.commitment)
            guard case .int(let frameCount)? = commitment.document["frame_count"] else { throw DrawError.idTaken(id: id) }
            return PreparedDraw(id: id, asOf: asOf, commitment: commitment, frameCount: Int(frameCount), unclassified: 0,
                                classificationRunID: existing.classificationRunID, alreadyPrepared: true)
        }
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM draw WHERE id = ?)", arguments: [id]) == true {
            throw DrawError.idTaken(id: id)
        }
        if let pending = try String.fetchOne(db, sql: """
            SELECT c.draw_id FROM draw_commitment c WHERE c.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM draw d WHERE d.id = c.draw_id)
            """) {
            throw DrawError.pendingDraw(id: pending)
        }
        let month = CalendarMonth(asOf)
        if let other = try String.fetchOne(db, sql: "SELECT id FROM draw WHERE month = ? AND voided_at IS NULL", arguments: [month.description]) {
            throw DrawError.monthTaken(month: month, by: other)
        }
        if let latest = try Row.fetchOne(db, sql: "SELECT id, as_of FROM draw WHERE voided_at IS NULL ORDER BY as_of DESC, sequence DESC LIMIT 1"),
           let latestAsOf = CalendarDate(iso: latest[1]), latestAsOf > asOf {
            throw DrawError.asOfBeforeLatest(asOf: asOf, latestID: latest[0], latestAsOf: latestAsOf)
        }
        let gathered = try gather(db, pool: pool, drawID: id, asOf: asOf, plan: plan, planText: planText)
        let frozen = FrozenDraw.freeze(gathered.inputs, parallelism: parallelism)
        var generator = SystemRandomNumberGenerator()
        let salt = fixedSalt ?? DrawSalt(using: &generator)
        let head = try AuditLog.head(db)
        let commitment = DrawCommitment(frozen, salt: salt, auditHead: head.hash, preparedAt: now, randomnessSource: source)
        try db.execute(sql: """
            INSERT INTO draw_commitment (draw_id, month, as_of, prepared_at, classification_run_id, plan_text, randomness_source, salt,
                commitment, commitment_sha256, audit_head_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, month.description, asOf.description, now.description, gathered.runID, planText, source, salt.hex,
                             String(decoding: commitment.bytes, as: UTF8.self), commitment.sha256, head.hash])
        for path in frozen.files.keys.sorted() {
            try LargeBlob.insertFile(db, table: "draw_input_file", drawID: id, path: path, content: frozen.files[path]!)
        }
        try AuditLog.append(db, kind: "draw-prepare", actor: actor, at: now, payload: [
            "draw_id": .string(id), "as_of": .string(asOf.description), "randomness_source": .string(source),
            "commitment_sha256": .string(commitment.sha256), "frame_count": .int(Int64(frozen.frameCount)),
        ])
        try DrawInputWatch.start(db, drawID: id, unclassified: gathered.unclassified)
        return PreparedDraw(id: id, asOf: asOf, commitment: commitment, frameCount: frozen.frameCount, unclassified: gathered.unclassified,
                            classificationRunID: gathered.runID, alreadyPrepared: false)
    }

    static func run(_ db: Database, id text: String, randomness: String, now: Timestamp, actor: String, parallelism: Int,
                    pool: DatabasePool?) throws -> DrawOutcome {
        let id = try validID(text)
        guard !randomness.trimmingDataWhitespace().isEmpty else { throw DrawError.emptyRandomness }
        if let recorded = try Row.fetchOne(db, sql: "SELECT public_randomness, void_reason FROM draw WHERE id = ?", arguments: [id]) {
            if let reason = recorded[1] as String? { throw DrawError.voided(id: id, reason: reason) }
            guard recorded[0] == randomness else { throw DrawError.alreadyRun(id: id, randomness: recorded[0]) }
            return try recordedOutcome(db, id: id)
        }
        guard let stored = try CommitmentRow.fetch(db, id: id) else { throw DrawError.notPrepared(id: id) }
        if let reason = stored.voidReason { throw DrawError.voided(id: id, reason: reason) }
        let month = CalendarMonth(stored.asOf)
        if let voided = try String.fetchOne(db, sql: "SELECT id FROM draw WHERE month = ? AND public_randomness = ? AND voided_at IS NOT NULL",
                                            arguments: [month.description, randomness]) {
            throw DrawError.randomnessReused(randomness: randomness, voidedID: voided)
        }
        if let other = try String.fetchOne(db, sql: "SELECT id FROM draw WHERE month = ? AND voided_at IS NULL", arguments: [month.description]) {
            throw DrawError.monthTaken(month: month, by: other)
        }
        let plan: SamplingPlan
        do { plan = try SamplingPlanLoader.load(stored.planText, file: "draw_commitment.plan_text") }
        catch { throw DatabaseError(message: "the stored plan of draw \(id) does not load: \(error)") }
        let commitment = try DrawCommitment(bytes: stored.commitment)
        let (unclassified, frozen, fromFiles) = try frozenAgain(db, pool: pool, id: id, stored: stored, plan: plan, commitment: commitment,
                                                            parallelism: parallelism)
        try DrawInputWatch.stop(db)
        let salt = try DrawSalt(hex: stored.salt)
        let head = try AuditLog.head(db)
        let bundle = DrawBundle.run(frozen, commitment: commitment, randomness: randomness, salt: salt, auditHead: head.hash,
                                    parallelism: parallelism)
        let sequence = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM draw") ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO draw (id, sequence, month, as_of, public_randomness, created_at, classification_run_id, plan_text,
                receipt, receipt_sha256, previous_receipt_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, sequence, month.description, stored.asOf.description, randomness, now.description,
                             stored.classificationRunID, stored.planText, String(decoding: bundle.files[DrawFiles.receipt]!, as: UTF8.self),
                             bundle.receiptSHA256, frozen.previousReceiptSHA256])
        let task = RawStatement(try db.makeStatement(sql: """
            INSERT INTO draw_task (draw_id, position, uscc, stratum, ticket, kind, item, inspectors, unassigned_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        // Inserted in code order, each with its position in ticket order: the table's two keys
        // (draw, code) and (code) take them in their own order. In ticket order, which is random
        // by code, each row went to a random place in both: with 16 KiB pages, inserting a
        // city's 27,000 tasks took twice as long.
        for position in bundle.tasks.indices.sorted(by: { bundle.tasks[$0].uscc < bundle.tasks[$1].uscc }) {
            let t = bundle.tasks[position]
            // Bound through the C API: GRDB's arguments boxed each of the nine values of 27,000 rows.
            sqlite3_reset(task.handle)
            task.bindText(id, at: 1)
            task.bindInt(Int64(position + 1), at: 2)
            task.bindText(t.uscc, at: 3)
            task.bindText(t.stratum, at: 4)
            task.bindText(t.ticket, at: 5)
            task.bindText(t.targeted ? "targeted" : "random", at: 6)
            task.bindText(bundle.items[position], at: 7)
            switch bundle.assignments[position] {
            case .assigned(let c): task.bindText(c.joined(separator: ";"), at: 8); task.bindNull(at: 9)
            case .unassigned(let r): task.bindNull(at: 8); task.bindText(r, at: 9)
            }
            try task.execute(db)
        }
        let unassigned: [UnassignedTask] = zip(bundle.tasks, bundle.assignments).compactMap { t, assignment in
            if case .unassigned(let reason) = assignment { UnassignedTask(uscc: t.uscc, reason: reason) } else { nil }
        }
        for path in DrawBundle.outputs.sorted() {
            try LargeBlob.insertFile(db, table: "draw_file", drawID: id, path: path, content: bundle.files[path]!)
        }
        try AuditLog.append(db, kind: "draw", actor: actor, at: now, payload: [
            "draw_id": .string(id), "as_of": .string(stored.asOf.description), "public_randomness": .string(randomness),
            "commitment_sha256": .string(commitment.sha256), "receipt_sha256": .string(bundle.receiptSHA256),
            "tasks": .int(Int64(bundle.tasks.count)), "previous_receipt_sha256": JSONValue(frozen.previousReceiptSHA256),
        ])
        return DrawOutcome(id: id, asOf: stored.asOf, files: bundle.files, receiptSHA256: bundle.receiptSHA256,
                           commitmentSHA256: commitment.sha256, previousReceiptSHA256: frozen.previousReceiptSHA256,
                           tasks: bundle.tasks.count, targeted: bundle.tasks.filter(\.targeted).count, unassigned: unassigned,
                           strata: bundle.strata, exclusions: bundle.exclusionCount, unclassified: unclassified,
                           inputsFromPreparedFiles: fromFiles, alreadyRecorded: false)
    }

    /// A prepared draw's inputs, proven to be the committed ones, with the number of active
    /// enterprises left out of the frame for want of a class: read back from the files prepare
    /// stored when `DrawInputWatch` proves every table they come from unwritten since and the
    /// files' SHA-256 are the committed ones (true in the result); else, or when those files
    /// cannot be read back, gathered from the tables and laid out again (the inputs of a run
    /// that must refuse are always read there, so that it names what changed in the tables).
    private static func frozenAgain(_ db: Database, pool: DatabasePool?, id: String, stored: CommitmentRow, plan: SamplingPlan,
                                    commitment: DrawCommitment, parallelism: Int) throws -> (unclassified: Int, FrozenDraw, fromFiles: Bool) {
        if let unclassified = try DrawInputWatch.untouched(db, drawID: id),
           let rulesSHA256 = try String.fetchOne(db, sql: "SELECT ruleset_sha256 FROM classification_run WHERE id = ?",
                                                 arguments: [stored.classificationRunID]) {
            let files = try DrawInputWatch.storedInputFiles(db, drawID: id)
            if let frozen = FrozenDraw.stored(files, drawID: id, asOf: stored.asOf, plan: plan, rulesSHA256: rulesSHA256,
                                              parallelism: parallelism),
               frozen.changes(since: commitment).isEmpty {
                return (unclassified, frozen, true)
            }
        }
        let gathered = try gather(db, pool: pool, drawID: id, asOf: stored.asOf, plan: plan, planText: stored.planText)
        let frozen = FrozenDraw.freeze(gathered.inputs, parallelism: parallelism)
        let changes = frozen.changes(since: commitment)
        guard changes.isEmpty else { throw DrawError.inputsChanged(id: id, changes: changes) }
        return (gathered.unclassified, frozen, false)
    }

    /// A recorded draw read back (the repeated `run` of a draw whose files were lost).
    static func recordedOutcome(_ db: Database, id: String) throws -> DrawOutcome {
        let summary = try summary(db, id: id)
        let tasks = try Row.fetchAll(db, sql: "SELECT uscc, kind, unassigned_reason FROM draw_task WHERE draw_id = ? ORDER BY position",
                                     arguments: [id])
        return DrawOutcome(id: id, asOf: CalendarDate(iso: summary.asOf) ?? CalendarDate(dayNumber: 0), files: try files(db, id: id),
                           receiptSHA256: summary.receiptSHA256 ?? "", commitmentSHA256: summary.commitmentSHA256,
                           previousReceiptSHA256: summary.previousReceiptSHA256, tasks: tasks.count,
                           targeted: tasks.filter { $0[1] == "targeted" }.count,
                           unassigned: tasks.compactMap { row in (row[2] as String?).map { UnassignedTask(uscc: row[0], reason: $0) } },
                           strata: [], exclusions: 0, unclassified: 0, alreadyRecorded: true)
    }

    static func void(_ db: Database, id: String, reason: String, now: Timestamp, actor: String) throws {
        let reason = reason.trimmingDataWhitespace()
        guard !reason.isEmpty else { throw DrawError.emptyVoidReason }
        let stage: String
        if let row = try Row.fetchOne(db, sql: "SELECT voided_at FROM draw WHERE id = ?", arguments: [id]) {
            if (row[0] as String?) != nil { throw DrawError.alreadyVoid(id: id) }
            try db.execute(sql: "UPDATE draw SET voided_at = ?, void_reason = ? WHERE id = ?", arguments: [now.description, reason, id])
            stage = "run"
        } else if let row = try Row.fetchOne(db, sql: "SELECT voided_at FROM draw_commitment WHERE draw_id = ?", arguments: [id]) {
            if (row[0] as String?) != nil { throw DrawError.alreadyVoid(id: id) }
            try db.execute(sql: "UPDATE draw_commitment SET voided_at = ?, void_reason = ? WHERE draw_id = ?", arguments: [now.description, reason, id])
            try DrawInputWatch.stop(db)
            stage = "prepared"
        } else {
            throw DrawError.notFound(id: id)
        }
        try AuditLog.append(db, kind: "void", actor: actor, at: now, payload: ["draw_id": .string(id), "reason": .string(reason), "stage": .string(stage)])
    }

    static func list(_ db: Database, id: String? = nil) throws -> [DrawSummary] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.id, d.month, d.as_of, c.prepared_at, c.randomness_source, c.commitment_sha256, d.public_randomness, d.created_at,
                (SELECT COUNT(*) FROM draw_task t WHERE t.draw_id = d.id),
                (SELECT COUNT(*) FROM draw_task t WHERE t.draw_id = d.id AND t.inspectors IS NULL),
                d.receipt_sha256, d.previous_receipt_sha256, d.voided_at, d.void_reason, d.sequence
            FROM draw d LEFT JOIN draw_commitment c ON c.draw_id = d.id
            WHERE ?1 IS NULL OR d.id = ?1
            UNION ALL
            SELECT c.draw_id, c.month, c.as_of, c.prepared_at, c.randomness_source, c.commitment_sha256, NULL, NULL, 0, 0,
                NULL, NULL, c.voided_at, c.void_reason, NULL
            FROM draw_commitment c
            WHERE (?1 IS NULL OR c.draw_id = ?1) AND NOT EXISTS (SELECT 1 FROM draw d WHERE d.id = c.draw_id)
            """, arguments: [id]).sorted { a, b in
            // Date order; at one date the recorded chain first, then prepared draws by preparation time.
            let sa: Int64? = a[14], sb: Int64? = b[14]
            return (a[2] as String, sa ?? Int64.max, a[3] as String? ?? "") < (b[2] as String, sb ?? Int64.max, b[3] as String? ?? "")
        }
        return rows.map { row in
            let receipt: String? = row[10], voided: String? = row[12]
            return DrawSummary(id: row[0], version: row[5] == nil ? 1 : 2, status: voided != nil ? .void : receipt != nil ? .valid : .prepared,
                               month: row[1], asOf: row[2], preparedAt: row[3], randomnessSource: row[4], commitmentSHA256: row[5],
                               publicRandomness: row[6], createdAt: row[7], tasks: row[8], unassigned: row[9], receiptSHA256: receipt,
                               previousReceiptSHA256: row[11], voidedAt: voided, voidReason: row[13])
        }
    }

    static func summary(_ db: Database, id: String) throws -> DrawSummary {
        guard let summary = try list(db, id: id).first else { throw DrawError.notFound(id: id) }
        return summary
    }

    /// The bundle from the tables: inputs and commitment (version 2), the outputs once run,
    /// and `K` only once run (before, it must stay secret: the randomness is not yet public).
    static func files(_ db: Database, id: String, onlyPublic: Bool = false) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let commitment = try Row.fetchOne(db, sql: "SELECT commitment, salt FROM draw_commitment WHERE draw_id = ?", arguments: [id])
        if let commitment { files[DrawFiles.commitment] = Array((commitment[0] as String).utf8) }
        let isRun = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM draw WHERE id = ?)", arguments: [id]) ?? false
        guard commitment != nil || isRun else { throw DrawError.notFound(id: id) }
        let pattern = onlyPublic ? "public/%" : "%"
        for table in ["draw_input_file", "draw_file"] {
            files.merge(try LargeBlob.files(db, table: table, drawID: id, pathPattern: pattern)) { _, stored in stored }
        }
        if !onlyPublic, isRun, let commitment { files[DrawFiles.salt] = Array(((commitment[1] as String) + "\n").utf8) }
        return files
    }
}
