import Hummingbird
import Synchronization

/// Encoded enterprise explanations by (code, latest run). An explanation is a pure function of
/// the enterprise and the latest stored run: the run fixes the rules, the as-of date and the
/// knowledge cut-off (later imports and repairs do not change it), and a new run changes the
/// key. So a cached answer is never stale; it only saves re-deriving the classification, the
/// counterfactual and the history and re-encoding the JSON. Bounded by bytes, oldest out first.
final class ExplanationCache: Sendable {
    struct Key: Hashable, Sendable { var uscc: String; var runID: Int64 }

    private struct State {
        var entries: [Key: ByteBuffer] = [:]
        var order: [Key] = []
        var oldest = 0
        var bytes = 0
    }

    private let state = Mutex(State())
    let budget: Int

    /// - Parameter budget: bytes of JSON kept at most (64 MiB ≈ 30,000 enterprises).
    init(budget: Int = 64 << 20) { self.budget = budget }

    func get(_ key: Key) -> ByteBuffer? { state.withLock { $0.entries[key] } }

    func put(_ key: Key, _ body: ByteBuffer) {
        state.withLock { s in
            guard s.entries.updateValue(body, forKey: key) == nil else { return }
            s.order.append(key)
            s.bytes += body.readableBytes
            while s.bytes > budget, s.oldest < s.order.count {
                if let evicted = s.entries.removeValue(forKey: s.order[s.oldest]) { s.bytes -= evicted.readableBytes }
                s.oldest += 1
            }
            if s.oldest > 4096, s.oldest * 2 > s.order.count {
                s.order.removeFirst(s.oldest)
                s.oldest = 0
            }
        }
    }
}
