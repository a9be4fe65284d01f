import Synchronization

/// Values read from the database and reused while younger than `maximumAge`, then read again:
/// for what every request needs and rarely changes — the caller behind a token, the latest
/// classification run. A revoked token or a newly stored run therefore takes effect within
/// `maximumAge` (zero: every request reads). Bounded: past `capacity` keys it starts afresh.
final class Revalidating<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable { var value: Value; var readAt: Duration }
    private let entries = Mutex<[Key: Entry]>([:])
    let maximumAge: Duration
    let capacity: Int
    /// Time since some fixed origin (monotonic); injected for tests.
    let now: @Sendable () -> Duration

    init(maximumAge: Duration, capacity: Int = 10_000, now: @escaping @Sendable () -> Duration = Revalidating.monotonic()) {
        self.maximumAge = maximumAge
        self.capacity = capacity
        self.now = now
    }

    /// A monotonic clock measured from its creation.
    static func monotonic() -> @Sendable () -> Duration {
        let origin = ContinuousClock.now
        return { ContinuousClock.now - origin }
    }

    /// The value for `key`: the one read within `maximumAge`, or a fresh `read()`.
    func value(_ key: Key, read: () throws -> Value) throws -> Value {
        guard maximumAge > .zero else { return try read() }
        let time = now()
        if let entry = entries.withLock({ $0[key] }), time - entry.readAt < maximumAge { return entry.value }
        let value = try read()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, readAt: time)
        }
        return value
    }
}
