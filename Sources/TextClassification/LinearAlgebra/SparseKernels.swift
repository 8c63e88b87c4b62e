/// Sparse × dense products, the kernels of training and prediction.
///
/// OpenBLAS has no sparse routines, so these are ours. The dense operand is stored with its rows
/// padded to a multiple of four (`PaddedMatrix`), in double precision for prediction and in single
/// precision inside logistic regression's training, so each stored entry of the sparse row adds a
/// few (widened) `SIMD4<Double>` blocks, and the row's sums stay in registers (in groups of up to
/// sixteen columns). `textclf-kernels` (Benchmarks/Kernels) measures the alternatives on the same
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
    private func multiplyRows<Scalar: KernelScalar>(_ rows: Range<Int>, dense: UnsafePointer<Scalar>, stride: Int, into output: UnsafeMutablePointer<Double>) {
        rowStarts.withUnsafeBufferPointer { starts in
            columns.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { values in
                    switch stride {
                    case 4:
                        for row in rows {
                            var sum = SIMD4<Double>()
                            for entry in starts[row] ..< starts[row + 1] {
                                sum += Double(values[entry]) * Scalar.widened(dense + Int(columns[entry]) * 4)
                            }
                            store(sum, output + row * 4)
                        }
                    case 8:
                        for row in rows {
                            var low = SIMD4<Double>(), high = SIMD4<Double>()
                            for entry in starts[row] ..< starts[row + 1] {
                                let source = dense + Int(columns[entry]) * 8
                                let value = Double(values[entry])
                                low += value * Scalar.widened(source)
                                high += value * Scalar.widened(source + 4)
                            }
                            store(low, output + row * 8)
                            store(high, output + row * 8 + 4)
                        }
                    default:
                        // Wider rows (more than eight classes) in groups of up to sixteen
                        // columns, each group's sums held in registers over the row's entries.
                        for row in rows {
                            let range = starts[row] ..< starts[row + 1]
                            var group = 0
                            while group < stride {
                                let out = output + row * stride + group
                                let base = dense + group
                                switch min(4, (stride - group) / 4) {
                                case 4:
                                    var a = SIMD4<Double>(), b = SIMD4<Double>(), c = SIMD4<Double>(), d = SIMD4<Double>()
                                    for entry in range {
                                        let source = base + Int(columns[entry]) * stride
                                        let value = Double(values[entry])
                                        a += value * Scalar.widened(source)
                                        b += value * Scalar.widened(source + 4)
                                        c += value * Scalar.widened(source + 8)
                                        d += value * Scalar.widened(source + 12)
                                    }
                                    store(a, out); store(b, out + 4); store(c, out + 8); store(d, out + 12)
                                    group += 16
                                case 3:
                                    var a = SIMD4<Double>(), b = SIMD4<Double>(), c = SIMD4<Double>()
                                    for entry in range {
                                        let source = base + Int(columns[entry]) * stride
                                        let value = Double(values[entry])
                                        a += value * Scalar.widened(source)
                                        b += value * Scalar.widened(source + 4)
                                        c += value * Scalar.widened(source + 8)
                                    }
                                    store(a, out); store(b, out + 4); store(c, out + 8)
                                    group += 12
                                case 2:
                                    var a = SIMD4<Double>(), b = SIMD4<Double>()
                                    for entry in range {
                                        let source = base + Int(columns[entry]) * stride
                                        let value = Double(values[entry])
                                        a += value * Scalar.widened(source)
                                        b += value * Scalar.widened(source + 4)
                                    }
                                    store(a, out); store(b, out + 4)
                                    group += 8
                                default:
                                    var a = SIMD4<Double>()
                                    for entry in range {
                                        a += Double(values[entry]) * Scalar.widened(base + Int(columns[entry]) * stride)
                                    }
                                    store(a, out)
                                    group += 4
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

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
                            var low = SIMD4<Double>(), high = SIMD4<Double>()
                            for entry in indices.indices {
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
