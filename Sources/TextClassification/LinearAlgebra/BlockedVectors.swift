/// Element-wise loops over long vectors, split into blocks whose boundaries depend only on the
/// length, run on `threads` threads: L-BFGS's line search forms a million-element candidate per
/// step, and one core does not saturate memory bandwidth. Each element has one writer, so the
/// result is the same bits whatever the number of threads.
struct BlockedVectors {
    let count: Int
    let threads: Int
    let blocks: [Range<Int>]

    /// Blocks of at most 2¹⁸ elements: few enough tasks that dispatching them costs nothing,
    /// enough that two threads share the work evenly.
    init(count: Int, threads: Int) {
        self.count = count
        self.threads = max(1, threads)
        let size = 1 << 18
        blocks = stride(from: 0, to: count, by: size).map { $0 ..< min(count, $0 + size) }
    }

    /// `body(index)` for every index, blocks in parallel; `body` must write disjoint elements.
    func forEachIndex(_ body: (Int) -> Void) {
        Parallel.forEach(blocks, threads: threads) { block in
            for index in block { body(index) }
        }
    }
}
