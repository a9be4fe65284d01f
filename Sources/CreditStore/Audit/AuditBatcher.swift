import CreditCore
import Dispatch
import GRDB
import Synchronization

/// Group commit for frequent events (查询留痕 of every lookup) into the `LookupJournal`. Callers
/// queue their event and wait — without holding a thread — until it is committed; one
/// background writer commits everything queued so far in a single transaction, then resumes
/// those callers. So every lookup is in the journal before its answer leaves, and under load
/// hundreds share a transaction.
public final class AuditBatcher: Sendable {
    private struct Pending: Sendable {
        var event: AuditLog.NewEvent
        var done: CheckedContinuation<Void, any Error>
    }
    private struct State: Sendable { var pending: [Pending] = []; var draining = false }
    private let state = Mutex(State())
    private let journal: LookupJournal
    private let writer = DispatchQueue(label: "credit.audit-batcher")

    public init(journal: LookupJournal) { self.journal = journal }

    /// Appends an event; returns once it is committed.
    public func append(kind: String, actor: String, at: Timestamp, payload: JSONValue) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let start = state.withLock { s -> Bool in
                s.pending.append(Pending(event: AuditLog.NewEvent(kind: kind, actor: actor, at: at, payload: payload), done: done))
                if s.draining { return false }
                s.draining = true
                return true
            }
            if start { writer.async { self.drain() } }
        }
    }

    /// Commits batches until nothing is queued.
    private func drain() {
        while true {
            let batch = state.withLock { s -> [Pending] in
                let batch = s.pending
                s.pending = []
                if batch.isEmpty { s.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try journal.append(batch.map(\.event))
                for e in batch { e.done.resume() }
            } catch {
                for e in batch { e.done.resume(throwing: error) }
            }
        }
    }
}
