/// Sparse × dense products, the kernels of training and prediction.
///
/// OpenBLAS has no sparse routines, so these are ours. The inner loop runs over the few classes
/// of one dense row (`k` is 2–20 here); calling `cblas_daxpy` once per stored entry instead was
/// measured slower at these lengths (see Benchmarks/README.md), because the call costs more than
/// the arithmetic.
extension SparseMatrix {
    /// `self · dense` for a dense `columnCount × dense.columnCount` matrix, rows computed in
    /// parallel. Each output row is one task's, summed in stored order, so results do not depend
    /// on `threads`.
    func product(with dense: DenseMatrix, threads: Int = 1) -> DenseMatrix {
        precondition(dense.rowCount == columnCount, "inner dimensions differ")
        var result = DenseMatrix(rowCount: rowCount, columnCount: dense.columnCount)
        let width = dense.columnCount
        result.values.withUnsafeMutableBufferPointer { output in
            let output = UncheckedSendable(value: output)
            dense.values.withUnsafeBufferPointer { dense in
                Parallel.forEach(Parallel.ranges(splitting: rowCount, into: threads)) { rows in
                    multiplyRows(rows, dense: dense.baseAddress!, width: width, into: output.value.baseAddress!)
                }
            }
        }
        return result
    }

    /// Rows `rows` of `self · dense` written into `output` (row-major, `width` columns).
    func multiplyRows(_ rows: Range<Int>, dense: UnsafePointer<Double>, width: Int, into output: UnsafeMutablePointer<Double>) {
        rowStarts.withUnsafeBufferPointer { starts in
            columns.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { values in
                    for row in rows {
                        let out = output + row * width
                        for column in 0 ..< width { out[column] = 0 }
                        for entry in starts[row] ..< starts[row + 1] {
                            accumulate(Double(values[entry]), dense + Int(columns[entry]) * width, into: out, width: width)
                        }
                    }
                }
            }
        }
    }
}

extension SparseVector {
    /// `selfᵀ · dense` for a dense `dimension × width` matrix: one row of scores.
    func product(with dense: DenseMatrix) -> [Double] {
        let width = dense.columnCount
        var result = [Double](repeating: 0, count: width)
        result.withUnsafeMutableBufferPointer { out in
            dense.values.withUnsafeBufferPointer { dense in
                for (index, value) in zip(indices, values) {
                    accumulate(Double(value), dense.baseAddress! + Int(index) * width, into: out.baseAddress!, width: width)
                }
            }
        }
        return result
    }
}

/// `out[0..<width] += scale · row[0..<width]`.
@inline(__always)
private func accumulate(_ scale: Double, _ row: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, width: Int) {
    var column = 0
    while column + 4 <= width {
        out[column] += scale * row[column]
        out[column + 1] += scale * row[column + 1]
        out[column + 2] += scale * row[column + 2]
        out[column + 3] += scale * row[column + 3]
        column += 4
    }
    while column < width {
        out[column] += scale * row[column]
        column += 1
    }
}
