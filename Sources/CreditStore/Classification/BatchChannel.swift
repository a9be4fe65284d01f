import Foundation
import Synchronization

/// A bounded hand-over of batches from one thread to another (producer reads and classifies,
/// consumer writes), so the two cores work at once; at most `capacity` batches wait.
package final class BatchChannel<T: Sendable>: Sendable {
    private enum Item: Sendable { case batch([T]), end((any Error)?) }
    private let items = DispatchSemaphore(value: 0)
    private let space: DispatchSemaphore
    private let queue = Mutex<[Item]>([])
    private let cancelled = Atomic<Bool>(false)

    package init(capacity: Int = 8) { space = DispatchSemaphore(value: capacity) }

    /// Sends a batch; false once the consumer has given up.
    package func send(_ batch: [T]) -> Bool {
        space.wait()
        if cancelled.load(ordering: .acquiring) { space.signal(); return false }
        queue.withLock { $0.append(.batch(batch)) }
        items.signal()
        return true
    }

    /// Ends the stream, with the producer's error if it failed.
    package func finish(_ error: (any Error)?) {
        queue.withLock { $0.append(.end(error)) }
        items.signal()
    }

    /// The next batch, nil at the end; rethrows the producer's error.
    package func receive() throws -> [T]? {
        items.wait()
        let item = queue.withLock { $0.removeFirst() }
        space.signal()
        switch item {
        case .batch(let batch): return batch
        case .end(let error):
            if let error { throw error }
            return nil
        }
    }

    /// The consumer stops: a waiting producer is released and told to stop.
    package func cancel() {
        cancelled.store(true, ordering: .releasing)
        space.signal()
    }
}

/// Threads for the stages of a pipeline that wait on one another through `BatchChannel`s.
package enum PipelineStage {
    /// Runs `body` on a thread of its own, in `group`. Stages that block on each other must not
    /// share Dispatch's global queue: on Linux it keeps about one thread per core and adds one
    /// only when a monitor, polling once a second, finds its threads blocked — an import's
    /// splitter and its two decoders (three stages on two cores) waited for that second at the
    /// start of a large file, the writer idle behind them (seen in `strace`: the workers blocked
    /// in `futex`, then the monitor reading their `/proc/…/stat` and starting a third thread).
    package static func start(in group: DispatchGroup, name: String, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = name
        thread.start()
    }
}
