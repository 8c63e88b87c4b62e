/// Vector algebra on long vectors, split into blocks whose boundaries depend only on the length.
///
/// L-BFGS on a million or more parameters streams its history through memory many times per
/// iteration; one core does not saturate memory bandwidth, so the blocks run on `threads`
/// threads, each through BLAS. Reductions add the blocks' partial sums in block order, so a
/// result is the same bits whatever the number of threads.
struct BlockedVectors {
    let count: Int
    let threads: Int
    let blocks: [Range<Int>]

    /// Blocks of at most 2¹⁸ elements (1 MiB of Float): large enough that BLAS runs at full
    /// speed, small enough that two threads share the work evenly.
    init(count: Int, threads: Int) {
        self.count = count
        self.threads = max(1, threads)
        let size = 1 << 18
        blocks = stride(from: 0, to: count, by: size).map { $0 ..< min(count, $0 + size) }
    }

    private func partialSums(_ body: (Range<Int>) -> Double) -> Double {
        Parallel.map(blocks, threads: threads, body).reduce(0, +)
    }

    /// `x · y`, accumulated in double precision.
    func dot(_ x: [Float], _ y: [Float]) -> Double {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                let (x, y) = (UncheckedSendable(value: x.baseAddress!), UncheckedSendable(value: y.baseAddress!))
                return partialSums { block in
                    BLAS.dot(x.value + block.lowerBound, y.value + block.lowerBound, count: block.count)
                }
            }
        }
    }

    /// `x · y` for a double- and a single-precision vector, summed in double precision.
    func dot(_ x: [Double], _ y: [Float]) -> Double {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                let (x, y) = (UncheckedSendable(value: x), UncheckedSendable(value: y))
                return partialSums { block in
                    var sum = 0.0
                    for index in block { sum += x.value[index] * Double(y.value[index]) }
                    return sum
                }
            }
        }
    }

    /// `y ← a·x + y`.
    func axpy(_ a: Float, _ x: [Float], _ y: inout [Float]) {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                let (x, y) = (UncheckedSendable(value: x.baseAddress!), UncheckedSendable(value: y.baseAddress!))
                Parallel.forEach(blocks, threads: threads) { block in
                    BLAS.axpy(a, x.value + block.lowerBound, y.value + block.lowerBound, count: block.count)
                }
            }
        }
    }

    /// `x ← a·x`.
    func scale(_ x: inout [Float], by a: Float) {
        x.withUnsafeMutableBufferPointer { x in
            let x = UncheckedSendable(value: x.baseAddress!)
            Parallel.forEach(blocks, threads: threads) { block in
                BLAS.scale(x.value + block.lowerBound, by: a, count: block.count)
            }
        }
    }

    /// `body(index)` for every index, blocks in parallel; `body` must write disjoint elements.
    func forEachIndex(_ body: (Int) -> Void) {
        Parallel.forEach(blocks, threads: threads) { block in
            for index in block { body(index) }
        }
    }
}
