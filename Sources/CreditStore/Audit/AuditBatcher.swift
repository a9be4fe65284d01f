import CreditCore
import GRDB
import Synchronization

/// Group commit for frequent audit events (查询留痕 of every lookup): the first caller writes
/// its event and everything queued behind it in one transaction; callers arriving while a
/// write is in flight only queue theirs, which that writer then commits. At low load every
/// event is written before its request answers; under load, hundreds share a transaction.
public final class AuditBatcher: Sendable {
    private struct Pending: Sendable { var kind: String; var actor: String; var at: Timestamp; var payload: JSONValue }
    private struct State: Sendable { var pending: [Pending] = []; var flushing = false }
    private let state = Mutex(State())
    private let database: CreditDatabase

    public init(database: CreditDatabase) { self.database = database }

    public func append(kind: String, actor: String, at: Timestamp, payload: JSONValue) throws {
        let leader = state.withLock { s -> Bool in
            s.pending.append(Pending(kind: kind, actor: actor, at: at, payload: payload))
            if s.flushing { return false }
            s.flushing = true
            return true
        }
        guard leader else { return }
        while true {
            let batch = state.withLock { s -> [Pending] in
                let batch = s.pending
                s.pending = []
                if batch.isEmpty { s.flushing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try database.writer.write { db in
                    for e in batch { try AuditLog.append(db, kind: e.kind, actor: e.actor, at: e.at, payload: e.payload) }
                }
            } catch {
                state.withLock { s in s.pending.insert(contentsOf: batch, at: 0); s.flushing = false }
                throw error
            }
        }
    }
}
