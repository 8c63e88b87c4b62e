import Dispatch

/// Splits work over threads in a way that never changes results.
///
/// Every parallel loop in the library partitions its output so that each element is written by
/// exactly one task, with a summation order fixed by the data, not by the number of threads: the
/// same inputs give the same bits on one core or many.
enum Parallel {
    /// `count` items cut into at most `parts` contiguous, nearly equal ranges (none empty).
    static func ranges(splitting count: Int, into parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, count))
        guard count > 0 else { return [] }
        return (0 ..< parts).map { part in
            (count * part / parts) ..< (count * (part + 1) / parts)
        }
    }

    /// `body` applied to each range on up to `threads` threads, results in the order of `ranges`.
    /// Worker `w` takes ranges `w`, `w + threads`, …; which thread ran a range never affects its result.
    static func map<Result>(_ ranges: [Range<Int>], threads: Int, _ body: (Range<Int>) -> Result) -> [Result] {
        let workers = min(max(1, threads), ranges.count)
        if workers <= 1 { return ranges.map(body) }
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: ranges.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(value: (body, results))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: ranges.count, by: workers) {
                    box.value.1[index] = box.value.0(ranges[index])
                }
            }
        }
        let collected = results.map { $0! }
        _ = results.deinitialize()
        return collected
    }

    /// `body` applied to each range on up to `threads` threads, for its side effects on disjoint outputs.
    static func forEach(_ ranges: [Range<Int>], threads: Int, _ body: (Range<Int>) -> Void) {
        _ = map(ranges, threads: threads, body)
    }
}

/// Carries a value across a concurrency boundary whose safety the caller guarantees (disjoint
/// writes, synchronous completion before the value is used again).
struct UncheckedSendable<Value>: @unchecked Sendable {
    var value: Value
}
