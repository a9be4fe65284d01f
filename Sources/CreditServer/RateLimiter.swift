import Hummingbird
import Synchronization

/// A token bucket per client address for the public routes: `burst` requests at once, then
/// `perMinute` a minute; beyond that 429 with `Retry-After`. The public credit query needs no
/// login, so this is what keeps one client from reading the whole register or starving
/// everyone else. (Hummingbird has no rate limiter of its own.) Bounded: past `capacity`
/// addresses the full buckets are dropped, which loses nothing.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var updated: Duration }
    private let buckets = Mutex<[String: Bucket]>([:])
    let perMinute: Int
    let burst: Int
    let capacity: Int
    let now: @Sendable () -> Duration

    init(perMinute: Int, burst: Int, capacity: Int = 50_000, now: @escaping @Sendable () -> Duration = Revalidating<Int, Int>.monotonic()) {
        self.perMinute = perMinute; self.burst = burst; self.capacity = capacity; self.now = now
    }

    /// Takes one token for `client`; nil when allowed, else the seconds until the next token.
    func take(_ client: String) -> Int? {
        let time = now()
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets -> Int? in
            var bucket = buckets[client] ?? Bucket(tokens: Double(burst), updated: time)
            let elapsed = Double((time - bucket.updated).components.seconds) + Double((time - bucket.updated).components.attoseconds) / 1e18
            bucket.tokens = min(Double(burst), bucket.tokens + elapsed * rate)
            bucket.updated = time
            defer {
                if buckets.count >= capacity { buckets = buckets.filter { $0.value.tokens < Double(burst) - 1 } }
                buckets[client] = bucket
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
