import CPrefetch

/// Sparse × dense products, the kernels of training and prediction.
///
/// OpenBLAS has no sparse routines, so these are ours. The dense operand is stored with its rows
/// padded to a multiple of four (`PaddedMatrix`), in double precision for prediction and in single
/// precision inside logistic regression's training, so each stored entry of the sparse row adds a
/// few (widened) `SIMD4<Double>` blocks, and the row's sums stay in registers (all of a row of up
/// to 24 columns in one pass over its entries, wider rows in groups of sixteen). `textclf-kernels` (Benchmarks/Kernels) measures the alternatives on the same
/// product, one thread, release build: on 20 Newsgroups (2.05 M stored entries, 20 classes) this
/// kernel took 5.1 ms, the textbook scalar loop 24.8 ms, one `cblas_daxpy` per stored entry
/// 17.4 ms (the call costs more than its 20 multiply-adds), and densifying rows in blocks for
/// `cblas_dgemm` 953 ms (it multiplies all the zeros).
extension SparseMatrix {
    /// `self · dense` for a dense `columnCount × k` matrix: the product every model's scores
    /// come from. Rows are computed on up to `threads` threads; the result does not depend on it.
    public func product(with dense: DenseMatrix, threads: Int = 1) -> DenseMatrix {
        let result = product(with: PaddedMatrix<Double>(dense), threads: threads)
        return DenseMatrix(uncheckedRowCount: rowCount, columnCount: dense.columnCount, values: result.unpadded())
    }

    /// `self · dense`, rows computed in parallel. Each output row is one task's, summed in stored
    /// order, so results do not depend on `threads`.
    func product<Scalar: KernelScalar>(with dense: PaddedMatrix<Scalar>, threads: Int = 1) -> PaddedMatrix<Double> {
        precondition(dense.rowCount == columnCount, "inner dimensions differ")
        var result = PaddedMatrix<Double>(rowCount: rowCount, columnCount: dense.columnCount)
        product(with: dense, into: &result, threads: threads)
        return result
    }

    /// `self · dense` written into `result`, whose shape must be `rowCount × dense.columnCount`.
    func product<Scalar: KernelScalar>(with dense: PaddedMatrix<Scalar>, into result: inout PaddedMatrix<Double>, threads: Int = 1) {
        precondition(result.rowCount == rowCount && result.stride == dense.stride)
        result.values.withUnsafeMutableBufferPointer { output in
            product(with: dense, into: output.baseAddress!, threads: threads)
        }
    }

    /// `self · dense` written to `output`, `rowCount` rows of `dense.stride` values each (so,
    /// when the column count is a multiple of four, an unpadded row-major matrix).
    func product<Scalar: KernelScalar>(with dense: PaddedMatrix<Scalar>, into output: UnsafeMutablePointer<Double>, threads: Int = 1) {
        precondition(dense.rowCount == columnCount, "inner dimensions differ")
        let stride = dense.stride
        let output = UncheckedSendable(value: output)
        dense.values.withUnsafeBufferPointer { dense in
            let dense = UncheckedSendable(value: dense.baseAddress!)
            Parallel.forEach(Parallel.ranges(splitting: rowCount, into: threads), threads: threads) { rows in
                multiplyRows(rows, dense: dense.value, stride: stride, into: output.value)
            }
        }
    }

    /// Rows `rows` of `self · dense`, for a dense operand and output of row stride `stride`.
    /// Rows of up to 24 columns keep all their sums in registers in one pass over the row's
    /// entries (20 Newsgroups' 20 classes: one pass instead of a 16- and a 4-column one); wider
    /// rows go in groups of 16 columns. Each output value is summed in stored order either way.
    private func multiplyRows<Scalar: KernelScalar>(_ rows: Range<Int>, dense: UnsafePointer<Scalar>, stride: Int,
                                                    into output: UnsafeMutablePointer<Double>) {
        rowStarts.withUnsafeBufferPointer { starts in
            columns.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { values in
                    let kernel = RowKernel(starts: starts.baseAddress!, columns: columns.baseAddress!, values: values.baseAddress!,
                                           dense: dense, stride: stride, output: output, lastEntry: max(0, storedCount - 1))
                    let blocks = stride / 4
                    if blocks <= 6 {
                        kernel.run(rows, offset: 0, blocks: blocks)
                    } else {
                        var group = 0
                        while group < stride {
                            let width = min(4, (stride - group) / 4)
                            kernel.run(rows, offset: group, blocks: width)
                            group += 4 * width
                        }
                    }
                }
            }
        }
    }
}

/// One pass of the sparse × dense kernel over a set of rows: `blocks` blocks of four columns
/// starting at column `offset`, every block's sums in registers over the row's entries.
private struct RowKernel<Scalar: KernelScalar> {
    let starts: UnsafePointer<Int>
    let columns: UnsafePointer<Int32>
    let values: UnsafePointer<Float>
    let dense: UnsafePointer<Scalar>
    let stride: Int
    let output: UnsafeMutablePointer<Double>
    /// The last stored entry: prefetches look ahead of the current one, never past this.
    let lastEntry: Int

    /// How many entries ahead the dense row is prefetched. The kernel waits on those random
    /// rows, not on arithmetic: 32 ahead took the 20 Newsgroups fit's forward products from
    /// 1.08 s to 0.71 s and the backward ones from 0.81 s to 0.57 s (one thread, this 2-core
    /// machine; 24 and 48 measured the same, 16 less, none at all the worst).
    static var prefetchDistance: Int { 32 }

    @inline(__always)
    func run(_ rows: Range<Int>, offset: Int, blocks: Int) {
        switch blocks {
        case 1: run(rows, offset: offset, width: Blocks1.self)
        case 2: run(rows, offset: offset, width: Blocks2.self)
        case 3: run(rows, offset: offset, width: Blocks3.self)
        case 4: run(rows, offset: offset, width: Blocks4.self)
        case 5: run(rows, offset: offset, width: Blocks5.self)
        case 6: run(rows, offset: offset, width: Blocks6.self)
        default: preconditionFailure("a pass covers one to six blocks")
        }
    }

    private func run<Width: BlockCount>(_ rows: Range<Int>, offset: Int, width _: Width.Type) {
        let blocks = Width.blocks
        let distance = Self.prefetchDistance
        // Fused multiply-adds for single-precision operands: the product of two widened floats
        // is exact in double precision (24 + 24 significant bits), so the sums are the same
        // bits, with one instruction instead of two (forward products 0.67 s → 0.61 s, this
        // 2-core machine). Double operands keep the separate multiply, and their rounding.
        let fma = Scalar.self == Float.self
        let base = dense + offset
        for row in rows {
            let out = output + (row &* stride &+ offset)
            var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>()
            var a3 = SIMD4<Double>(), a4 = SIMD4<Double>(), a5 = SIMD4<Double>()
            let end = starts[row + 1]
            var entry = starts[row]
            while entry < end {
                assert(columns[entry] >= 0 && entry <= lastEntry, "an entry outside the matrix")
                let ahead = base + Int(columns[min(entry &+ distance, lastEntry)]) &* stride
                textclf_prefetch(ahead)
                if blocks > 2 { textclf_prefetch(ahead + (4 * blocks - 1)) }
                let source = base + Int(columns[entry]) &* stride
                let value = Double(values[entry])
                if fma {
                    a0 = a0.addingProduct(value, Scalar.widened(source))
                    if blocks > 1 { a1 = a1.addingProduct(value, Scalar.widened(source + 4)) }
                    if blocks > 2 { a2 = a2.addingProduct(value, Scalar.widened(source + 8)) }
                    if blocks > 3 { a3 = a3.addingProduct(value, Scalar.widened(source + 12)) }
                    if blocks > 4 { a4 = a4.addingProduct(value, Scalar.widened(source + 16)) }
                    if blocks > 5 { a5 = a5.addingProduct(value, Scalar.widened(source + 20)) }
                } else {
                    a0 += value * Scalar.widened(source)
                    if blocks > 1 { a1 += value * Scalar.widened(source + 4) }
                    if blocks > 2 { a2 += value * Scalar.widened(source + 8) }
                    if blocks > 3 { a3 += value * Scalar.widened(source + 12) }
                    if blocks > 4 { a4 += value * Scalar.widened(source + 16) }
                    if blocks > 5 { a5 += value * Scalar.widened(source + 20) }
                }
                entry &+= 1
            }
            store(a0, out)
            if blocks > 1 { store(a1, out + 4) }
            if blocks > 2 { store(a2, out + 8) }
            if blocks > 3 { store(a3, out + 12) }
            if blocks > 4 { store(a4, out + 16) }
            if blocks > 5 { store(a5, out + 20) }
        }
    }
}

/// How many blocks of four columns one kernel pass covers, as a type so each width compiles to
/// its own loop.
private protocol BlockCount { static var blocks: Int { get } }
private enum Blocks1: BlockCount { static var blocks: Int { 1 } }
private enum Blocks2: BlockCount { static var blocks: Int { 2 } }
private enum Blocks3: BlockCount { static var blocks: Int { 3 } }
private enum Blocks4: BlockCount { static var blocks: Int { 4 } }
private enum Blocks5: BlockCount { static var blocks: Int { 5 } }
private enum Blocks6: BlockCount { static var blocks: Int { 6 } }

extension SparseVector {
    /// `selfᵀ · dense`: one row of scores. Rows of up to eight classes (every field of the
    /// shipped model) keep their sums in registers over the document's entries; summing through
    /// memory made each entry wait on the previous one's store.
    func product<Scalar: KernelScalar>(with dense: PaddedMatrix<Scalar>) -> [Double] {
        var sums = [Double](repeating: 0, count: dense.stride)
        let stride = dense.stride
        dense.values.withUnsafeBufferPointer { dense in
            indices.withUnsafeBufferPointer { indices in
                values.withUnsafeBufferPointer { values in
                    sums.withUnsafeMutableBufferPointer { out in
                        let (base, out) = (dense.baseAddress!, out.baseAddress!)
                        switch stride {
                        case 4:
                            var sum = SIMD4<Double>()
                            for entry in indices.indices {
                                sum += Double(values[entry]) * Scalar.widened(base + Int(indices[entry]) * 4)
                            }
                            store(sum, out)
                        case 8:
                            // Two fields side by side (``InterleavedWeights``): their rows prefetched
                            // ahead, as the matrix kernel's are.
                            var low = SIMD4<Double>(), high = SIMD4<Double>()
                            let ahead = 16
                            for entry in 0 ..< min(ahead, indices.count) { textclf_prefetch(base + Int(indices[entry]) * 8) }
                            for entry in indices.indices {
                                if entry + ahead < indices.count { textclf_prefetch(base + Int(indices[entry + ahead]) * 8) }
                                let source = base + Int(indices[entry]) * 8, value = Double(values[entry])
                                low += value * Scalar.widened(source)
                                high += value * Scalar.widened(source + 4)
                            }
                            store(low, out)
                            store(high, out + 4)
                        default:
                            for entry in indices.indices {
                                let source = base + Int(indices[entry]) * stride, value = Double(values[entry])
                                for block in Swift.stride(from: 0, to: stride, by: 4) {
                                    store(load(out + block) + value * Scalar.widened(source + block), out + block)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Array(sums.prefix(dense.columnCount))
    }
}

@inline(__always)
private func load(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
}

/// The element types a kernel's dense operand may have: four of them load as `SIMD4<Double>`.
protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
    static func widened(_ pointer: UnsafePointer<Self>) -> SIMD4<Double>
    /// Whether every value is finite: exponent bits tested without branches, so the loop
    /// vectorises (loading a 72 MB weight matrix: about 2 ms instead of 9 with `isFinite`).
    static func allFinite(_ values: UnsafeBufferPointer<Self>) -> Bool
}

extension Double: KernelScalar {
    @inline(__always)
    static func widened(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> { load(pointer) }

    static func allFinite(_ values: UnsafeBufferPointer<Double>) -> Bool {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        var infiniteOrNaN: UInt64 = 0
        for value in values { infiniteOrNaN |= (value.bitPattern & exponent) == exponent ? 1 : 0 }
        return infiniteOrNaN == 0
    }
}

extension Float: KernelScalar {
    static func allFinite(_ values: UnsafeBufferPointer<Float>) -> Bool {
        let exponent: UInt32 = 0x7F80_0000
        var infiniteOrNaN: UInt32 = 0
        for value in values { infiniteOrNaN |= (value.bitPattern & exponent) == exponent ? 1 : 0 }
        return infiniteOrNaN == 0
    }

    /// Four single-precision values widened to double precision (one `vcvtps2pd`).
    @inline(__always)
    static func widened(_ pointer: UnsafePointer<Float>) -> SIMD4<Double> {
        SIMD4<Double>(UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self))
    }
}

@inline(__always)
private func store(_ value: SIMD4<Double>, _ pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Double>.self)
}

