import CreditCore
import CreditSampling
import CreditStore
import CreditTestSupport
import Foundation
import GRDB
import Testing

/// The run of a prepared draw takes the inputs prepare froze only while nothing has written to
/// the tables they come from since (register, classes, draws, roster, conflicts, triggers), by
/// the engine or around it; else it reads the tables again, and refuses when an input changed,
/// naming what.
@Suite struct DrawInputWatchTests {
    /// The morning after the second draw's date.
    let december4 = morningAfter(CalendarDate(iso: "2026-12-03")!)

    /// The watch's triggers present in a database, by name.
    func watchTriggers(_ f: DrawFixture) throws -> [String] {
        try f.database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'draw_watch_*' ORDER BY name")
        }
    }

    func watchRows(_ f: DrawFixture) throws -> Int {
        try f.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM draw_input_watch") ?? -1 }
    }

    /// Code of the first member of the frame (active and classified by run 1).
    func firstMember(_ f: DrawFixture) throws -> String {
        try #require(try f.database.writer.read { db in
            try String.fetchOne(db, sql: """
                SELECT c.uscc FROM classification c JOIN enterprise e ON e.uscc = c.uscc
                WHERE c.run_id = 1 AND e.status IN ('存续', '在业') ORDER BY c.uscc LIMIT 1
                """)
        })
    }

    /// Two copies of the same city, the same draw prepared in both; in one, a write that
    /// changes no value. That run reads the register again, the other takes the frozen frame,
    /// and both record the same bundle byte for byte. Both end the watch.
    @Test func theFrozenFrameAndTheRegisterDrawTheSameBundle() throws {
        let untouched = try DrawFixture(), written = try DrawFixture()
        for f in [untouched, written] {
            try f.prepare("2026-11", "2026-11-05")
            #expect(try watchTriggers(f).count == 24 && watchRows(f) == 1)
        }
        let code = try firstMember(written)
        try written.database.writer.write { db in try db.execute(sql: "UPDATE enterprise SET name = name WHERE uscc = ?", arguments: [code]) }
        let fromFiles = try untouched.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test")
        let fromRegister = try written.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test")
        #expect(fromFiles.inputsFromPreparedFiles && !fromRegister.inputsFromPreparedFiles)
        #expect(fromFiles.files == fromRegister.files)
        #expect(fromFiles.tasks > 0 && fromFiles.unclassified == fromRegister.unclassified)
        #expect(try DrawVerifier.verify(fromFiles.files).isRun)
        for f in [untouched, written] { #expect(try watchTriggers(f).isEmpty && watchRows(f) == 0) }
    }

    /// Writes made around the engine (the `sqlite3` shell) that change the frame: the run
    /// refuses and names the changed file, also when the writer first dropped or emptied the
    /// trigger that would have marked the watch.
    @Test(arguments: [
        (before: "", write: "UPDATE enterprise SET name = name || '（新）' WHERE uscc = :code", changed: "enterprises_sha256"),
        (before: "", write: "DELETE FROM classification WHERE run_id = 1 AND uscc = :code", changed: "frame_sha256"),
        (before: "", write: "UPDATE classification SET class = CASE class WHEN 'A' THEN 'D' ELSE 'A' END WHERE run_id = 1 AND uscc = :code",
         changed: "frame_sha256"),
        (before: "DROP TRIGGER draw_watch_enterprise_update", write: "UPDATE enterprise SET region = '130699' WHERE uscc = :code",
         changed: "enterprises_sha256"),
        (before: "DROP TRIGGER draw_watch_classification_delete; CREATE TRIGGER draw_watch_classification_delete AFTER DELETE ON classification BEGIN SELECT 1; END",
         write: "DELETE FROM classification WHERE run_id = 1 AND uscc = :code", changed: "frame_sha256"),
    ])
    func aWriteAroundTheEngineMakesTheRunRefuse(before: String, write: String, changed: String) throws {
        let f = try DrawFixture()
        try f.prepare("2026-11", "2026-11-05")
        let code = try firstMember(f)
        try f.database.writer.write { db in
            if !before.isEmpty { try db.execute(sql: before) }
            try db.execute(sql: write, arguments: ["code": code])
            #expect(db.changesCount == 1)
        }
        let error = try #require(throws: DrawError.self) { try f.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test") }
        guard case .inputsChanged(let id, let changes) = error else { Issue.record("\(error)"); return }
        #expect(id == "2026-11" && changes.map(\.key).contains(changed), "\(changes)")
        // Refused: nothing recorded, the draw still prepared and watched.
        #expect(try f.store.summary(id: "2026-11").status == .prepared)
        #expect(try watchRows(f) == 1)
    }

    /// A draw after last month's (exclusions, previous inspectors withdrawn) in two copies of
    /// one city; in one, a write to a table of the history, the roster, the conflicts or the
    /// triggers that changes no value. That run reads the tables again, the other reads its
    /// inputs back from the files prepare froze, and both record the same bundle byte for byte.
    @Test(arguments: [
        "UPDATE draw_task SET stratum = stratum WHERE draw_id = '2026-11' AND position = 1",
        "UPDATE draw SET voided_at = NULL WHERE id = '2026-11'",
        "UPDATE inspector SET name = name WHERE certificate_no = (SELECT MIN(certificate_no) FROM inspector)",
        "UPDATE conflict SET reason = reason WHERE rowid = (SELECT MIN(rowid) FROM conflict)",
        "UPDATE inspection_trigger SET reference = reference WHERE rowid = (SELECT MIN(rowid) FROM inspection_trigger)",
        "UPDATE classification_run SET known_by = known_by WHERE id = 1",
    ])
    func theFrozenInputsAndTheTablesDrawTheSameBundleAfterAnotherDraw(write: String) throws {
        let untouched = try DrawFixture(), written = try DrawFixture()
        for f in [untouched, written] {
            try f.draw("2026-11", "27182", "2026-11-05")
            try f.prepare("2026-12", "2026-12-03")
        }
        try written.database.writer.write { db in
            try db.execute(sql: write)
            #expect(db.changesCount == 1)
        }
        let fromFiles = try untouched.store.run(id: "2026-12", randomness: "31415", now: december4, actor: "test")
        let fromTables = try written.store.run(id: "2026-12", randomness: "31415", now: december4, actor: "test")
        #expect(fromFiles.inputsFromPreparedFiles && !fromTables.inputsFromPreparedFiles)
        #expect(fromFiles.files == fromTables.files)
        #expect(fromFiles.exclusions > 0 && fromFiles.tasks > 0)
        #expect(try #require(fromFiles.files[DrawFiles.conflicts]).count > 0)
        #expect(try DrawVerifier.verify(fromFiles.files).isRun)
    }

    /// Writes after prepare that change an input other than the frame — an inspector off
    /// duty, a conflict deleted, last month's draw voided or one of its inspectors removed, a
    /// new trigger — send the run back to the tables, and it refuses, naming the changed file.
    @Test(arguments: [
        (write: "UPDATE inspector SET on_duty = 0 WHERE certificate_no = (SELECT MIN(certificate_no) FROM inspector WHERE on_duty = 1)",
         changed: "inspectors_sha256"),
        (write: "DELETE FROM conflict WHERE rowid = (SELECT MIN(rowid) FROM conflict)", changed: "conflicts_sha256"),
        (write: "UPDATE draw SET voided_at = '2026-12-04T00:00:00.000Z', void_reason = '测试' WHERE id = '2026-11'", changed: "exclusions_sha256"),
        (write: "UPDATE draw_task SET inspectors = NULL, unassigned_reason = '测试' WHERE draw_id = '2026-11' AND position = (SELECT MIN(position) FROM draw_task WHERE draw_id = '2026-11' AND inspectors IS NOT NULL)",
         changed: "conflicts_sha256"),
        (write: """
            INSERT INTO inspection_trigger (uscc, reference, trigger_kind, trigger_date, version, batch_id, source_line, known_from)
            SELECT :code, 'NEW-1', '投诉举报', '2026-12-01', 1, batch_id, 1, known_from FROM inspection_trigger LIMIT 1
            """, changed: "triggers_sha256"),
    ])
    func aChangedListMakesTheRunRefuse(write: String, changed: String) throws {
        let f = try DrawFixture()
        try f.draw("2026-11", "27182", "2026-11-05")
        try f.prepare("2026-12", "2026-12-03")
        let code = try firstMember(f)
        try f.database.writer.write { db in
            try db.execute(sql: write, arguments: write.contains(":code") ? ["code": code] : [:])
            #expect(db.changesCount == 1)
        }
        let error = try #require(throws: DrawError.self) { try f.store.run(id: "2026-12", randomness: "31415", now: december4, actor: "test") }
        guard case .inputsChanged(let id, let changes) = error else { Issue.record("\(error)"); return }
        #expect(id == "2026-12" && changes.map(\.key).contains(changed), "\(changes)")
    }

    /// Stored input files that do not lay out to the commitment (here edited past their
    /// immutability trigger) are not used: the run reads the register, which did not change.
    @Test func storedFilesThatDoNotMatchTheCommitmentAreNotUsed() throws {
        let f = try DrawFixture()
        try f.prepare("2026-11", "2026-11-05")
        try f.database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER draw_input_file_immutable")
            try db.execute(sql: "UPDATE draw_input_file SET content = CAST(REPLACE(CAST(content AS TEXT), '有限公司', '公司') AS BLOB) WHERE path = ?",
                           arguments: [DrawFiles.enterprises])
            #expect(db.changesCount == 1)
        }
        let outcome = try f.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test")
        #expect(!outcome.inputsFromPreparedFiles)
        #expect(try DrawVerifier.verify(outcome.files).isRun)
        #expect(String(decoding: outcome.files[DrawFiles.enterprises]!, as: UTF8.self).contains("有限公司"))
    }

    /// A voided prepared draw stops the watch; the next prepared draw starts its own.
    @Test func aVoidEndsTheWatch() throws {
        let f = try DrawFixture()
        try f.prepare("2026-11", "2026-11-05")
        try f.store.void(id: "2026-11", reason: "随机数来源停开", now: t1, actor: "test")
        #expect(try watchTriggers(f).isEmpty && watchRows(f) == 0)
        try f.prepare("2026-11b", "2026-11-06")
        #expect(try watchTriggers(f).count == 24 && watchRows(f) == 1)
        #expect(try f.store.run(id: "2026-11b", randomness: "27182", now: t1, actor: "test").inputsFromPreparedFiles)
    }
}
