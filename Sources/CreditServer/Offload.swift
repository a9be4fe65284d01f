import Dispatch

/// Runs blocking or CPU-heavy work — a rendered document, a SQLite write transaction — on a
/// Dispatch thread instead of one of Swift concurrency's few cooperative threads, which
/// every other request needs to make progress.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
    }
}
