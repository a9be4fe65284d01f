import Dispatch

/// Data-parallel loops for the batch jobs' hot paths (a draw's tickets of a million ids and
/// inspector candidates of every task, the composition of a notice batch). Package-internal:
/// public APIs take a plain `parallelism` count from the adapter, and results never depend on it.
package enum Parallel {
    /// `transform(i)` for every `i` in `0..<count`, in order, computed on up to `parallelism`
    /// threads (serially below `serialBelow` items or with a parallelism of 1).
    package static func map<T>(count: Int, parallelism: Int, serialBelow: Int, placeholder: T,
                               _ transform: @Sendable (Int) -> T) -> [T] {
        guard parallelism > 1, count >= serialBelow else { return (0..<count).map(transform) }
        var results = [T](repeating: placeholder, count: count)
        let chunks = parallelism * 4
        let size = (count + chunks - 1) / chunks
        results.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * size, end = min(start + size, count)
                guard start < end else { return }
                for i in start..<end { shared.buffer[i] = transform(i) }
            }
        }
        return results
    }
}

/// A buffer whose disjoint elements are written from concurrent iterations; the one place
/// the draw opts out of Sendable checking.
package struct UncheckedSendableBuffer<Element>: @unchecked Sendable {
    package let buffer: UnsafeMutableBufferPointer<Element>
    package init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
