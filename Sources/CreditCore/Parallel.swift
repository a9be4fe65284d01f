import Dispatch

/// Data-parallel loops for the batch jobs' hot paths (a draw's tickets of a million ids and
/// inspector candidates of every task, the composition of a notice batch). Package-internal:
/// public APIs take a plain `parallelism` count from the adapter, and results never depend on it.
package enum Parallel {
    /// `transform(i)` for every `i` in `0..<count`, in order, computed on up to `parallelism`
    /// threads (serially below `serialBelow` items or with a parallelism of 1).
    package static func map<T>(count: Int, parallelism: Int, serialBelow: Int, placeholder: T,
                               _ transform: @Sendable (Int) -> T) -> [T] {
        map(count: count, parallelism: parallelism, serialBelow: serialBelow, placeholder: placeholder, local: {}) { _, i in transform(i) }
    }

    /// `map` where each thread's run of items shares one `local()` value (state a thread should
    /// own rather than share with the others, e.g. a hash state whose reference count the
    /// threads would otherwise contend on); `transform(&local, i)` for every `i`, in order.
    package static func map<T, Local>(count: Int, parallelism: Int, serialBelow: Int, placeholder: T,
                                      local makeLocal: @Sendable () -> Local,
                                      _ transform: @Sendable (inout Local, Int) -> T) -> [T] {
        guard parallelism > 1, count >= serialBelow else {
            var local = makeLocal()
            return (0..<count).map { transform(&local, $0) }
        }
        var results = [T](repeating: placeholder, count: count)
        let chunks = parallelism * 4
        let size = (count + chunks - 1) / chunks
        results.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendableBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * size, end = min(start + size, count)
                guard start < end else { return }
                var local = makeLocal()
                for i in start..<end { shared.buffer[i] = transform(&local, i) }
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
