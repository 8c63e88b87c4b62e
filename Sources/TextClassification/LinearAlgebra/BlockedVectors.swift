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

extension BlockedVectors {
    /// `y ← scale·y + a·x` (rounded as `BLAS.scale` then `BLAS.axpy` would), returning `x·x`
    /// summed in the fixed blocks: one pass over both vectors, on `threads` threads, instead of
    /// three single-threaded BLAS calls.
    func scaleAddingAndSquaredNorm(_ y: UnsafeMutablePointer<Double>, scale: Double, _ a: Double, _ x: UnsafePointer<Double>) -> Double {
        let pointers = UncheckedSendable(value: (y, x))
        let partials = Parallel.map(blocks, threads: threads) { block -> Double in
            let (y, x) = pointers.value
            var sum = SIMD4<Double>(), tail = 0.0
            var index = block.lowerBound
            while index + 4 <= block.upperBound {
                let xs = UnsafeRawPointer(x + index).loadUnaligned(as: SIMD4<Double>.self)
                let ys = UnsafeRawPointer(y + index).loadUnaligned(as: SIMD4<Double>.self)
                UnsafeMutableRawPointer(y + index).storeBytes(of: ys * scale + a * xs, as: SIMD4<Double>.self)
                sum += xs * xs
                index += 4
            }
            while index < block.upperBound {
                y[index] = y[index] * scale + a * x[index]
                tail += x[index] * x[index]
                index += 1
            }
            return sum.sum() + tail
        }
        var total = 0.0
        for partial in partials { total += partial }
        return total
    }

    /// The largest `|x[i]|` (NaNs ignored, as `BLAS.indexOfMaximumMagnitude` does), blocks in parallel.
    func largestMagnitude(_ x: UnsafePointer<Double>) -> Double {
        let pointer = UncheckedSendable(value: x)
        let partials = Parallel.map(blocks, threads: threads) { block -> Double in
            let x = pointer.value
            var largest = SIMD4<Double>(), index = block.lowerBound
            while index + 4 <= block.upperBound {
                let value = UnsafeRawPointer(x + index).loadUnaligned(as: SIMD4<Double>.self)
                let magnitude = value.replacing(with: -value, where: value .< 0)
                largest.replace(with: magnitude, where: magnitude .> largest)
                index += 4
            }
            var result = largest.max()
            while index < block.upperBound {
                if abs(x[index]) > result { result = abs(x[index]) }
                index += 1
            }
            return result
        }
        return partials.reduce(0) { $1 > $0 ? $1 : $0 }
    }
}
