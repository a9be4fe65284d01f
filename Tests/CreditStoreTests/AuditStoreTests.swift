import CreditCore
import CreditSampling
import CreditStore
import Foundation
import GRDB
import Testing
import CreditIngest
import CreditTestSupport

/// The audit chain is anchored by the heads it publishes: a log cut short, or rewritten with
/// its hashes recomputed, no longer contains them.
@Suite struct AuditStoreTests {
    func append(_ database: CreditDatabase, _ count: Int, kind: String = "lookup") throws {
        try database.writer.write { db in
            for i in 0..<count { try AuditLog.append(db, kind: kind, actor: "tester", at: t0, payload: ["i": .int(Int64(i))]) }
        }
    }

    /// What an intruder with write access to the file can do: drop the append-only triggers.
    func dropTriggers(_ database: CreditDatabase) throws {
        try database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete")
        }
    }

    @Test func theHeadIsTheLastEvent() throws {
        let database = try CreditDatabase.inMemory()
        let store = AuditStore(database: database)
        #expect(try store.head() == AuditHead(seq: 0, hash: AuditLog.genesisHash))
        try append(database, 3)
        let head = try store.head()
        #expect(head.seq == 3)
        #expect(try store.events(limit: 1).first?.hash == head.hash)
        #expect(try store.verify(expectHead: head.hash).firstBreak == nil)
    }

    @Test func aTruncatedLogFailsAgainstTheExpectedHead() throws {
        let database = try CreditDatabase.inMemory()
        let store = AuditStore(database: database)
        try append(database, 5)
        let noted = try store.head()
        try append(database, 2)
        #expect(try store.verify(expectHead: noted.hash).firstBreak == nil, "a log that grew still holds the noted head")
        try dropTriggers(database)
        try database.writer.write { db in try db.execute(sql: "DELETE FROM audit_event WHERE seq >= 5") }
        // The remaining chain is consistent: only the anchor shows the cut.
        #expect(try store.verify().firstBreak == nil)
        let broken = try #require(try store.verify(expectHead: noted.hash).firstBreak)
        #expect(broken.reason.contains(noted.hash) && broken.reason.contains("--expect-head"))
    }

    /// All lookup events removed and the chain recomputed: consistent from genesis, but it
    /// no longer holds the head a draw's commitment published.
    @Test func aRewrittenLogFailsAgainstTheHeadsDrawsPublished() throws {
        let f = try DrawFixture(enterprises: 200)
        try append(f.database, 4)
        let prepared = try f.prepare("2026-11", "2026-11-05")
        let published = try #require(prepared.commitment.document["audit_head_sha256"])
        try append(f.database, 2)
        let store = AuditStore(database: f.database)
        let before = try store.verify()
        #expect(before.firstBreak == nil && before.anchors == 1)
        try dropTriggers(f.database)
        try f.database.writer.write { db in
            let kept = try Row.fetchAll(db, sql: "SELECT at, kind, actor, payload FROM audit_event WHERE kind <> 'lookup' ORDER BY seq")
            try db.execute(sql: "DELETE FROM audit_event")
            for row in kept {
                try AuditLog.append(db, kind: row["kind"], actor: row["actor"], at: Timestamp(iso: row["at"])!,
                                    payload: try JSONDecoder().decode(JSONValue.self, from: Data((row["payload"] as String).utf8)))
            }
        }
        let broken = try #require(try store.verify().firstBreak)
        #expect(broken.reason.contains(published.canonicalText.replacingOccurrences(of: "\"", with: "")))
        #expect(broken.reason.contains("draw 2026-11"))
    }

    /// The commitment carries the head when the draw was prepared, the receipt the head when it ran.
    @Test func commitmentAndReceiptCarryTheHead() throws {
        let f = try DrawFixture(enterprises: 200)
        let store = AuditStore(database: f.database)
        let beforePrepare = try store.head()
        let prepared = try f.prepare("2026-11", "2026-11-05")
        #expect(prepared.commitment.document["audit_head_sha256"] == .string(beforePrepare.hash))
        let beforeRun = try store.head()
        #expect(beforeRun.seq == beforePrepare.seq + 1)
        let outcome = try f.store.run(id: "2026-11", randomness: "31415", now: t1, actor: "test")
        #expect(try receipt(outcome)["audit_head_sha256"] == .string(beforeRun.hash))
        let published = try JSONDecoder().decode(JSONValue.self, from: Data(outcome.files[DrawFiles.publicReceipt]!))
        #expect(published["audit_head_sha256"] == .string(beforeRun.hash))
        #expect(try store.verify().anchors == 2)
    }
}
