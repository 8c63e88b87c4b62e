/// A dense row-major matrix whose rows are padded with zeros to a multiple of four values, so
/// the sparse kernels can move whole `SIMD4` blocks. The layout the kernels work in; the public
/// face is ``DenseMatrix``.
///
/// Logistic regression's training keeps its kernel operands in single precision and sums in
/// double: the operand (weights, residuals) is fetched once per stored entry of the sparse
/// matrix, at random rows, so halving its bytes halves the cache misses that bound the product
/// (20 Newsgroups: fit 2.7 s instead of 3.1 s on one thread).
struct PaddedMatrix<Scalar: KernelScalar>: Sendable, Equatable {
    let rowCount: Int
    let columnCount: Int
    /// Values per stored row: `columnCount` rounded up to a multiple of four.
    let stride: Int
    /// `rowCount × stride` values; the padding is zero. Owned, or read in place from a mapped
    /// model file (format 2 stores weights in exactly this layout).
    var values: StoredArray<Scalar>

    /// A matrix of zeros.
    init(rowCount: Int, columnCount: Int) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.stride = Self.stride(forColumns: columnCount)
        self.values = StoredArray([Scalar](repeating: 0, count: rowCount * stride))
    }

    /// A matrix over padded values already laid out (`rowCount × stride`, zero padding), as a
    /// model file stores them.
    init(rowCount: Int, columnCount: Int, paddedValues: StoredArray<Scalar>) {
        precondition(paddedValues.count == rowCount * Self.stride(forColumns: columnCount), "padded shape mismatch")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.stride = Self.stride(forColumns: columnCount)
        self.values = paddedValues
    }

    /// `columns` rounded up to a multiple of four.
    static func stride(forColumns columns: Int) -> Int { (columns + 3) / 4 * 4 }

    /// The same matrix rounded to another precision.
    func converted<Other: KernelScalar>(to _: Other.Type) -> PaddedMatrix<Other> {
        let converted = values.withUnsafeBufferPointer { $0.map { Other($0) } }
        return PaddedMatrix<Other>(rowCount: rowCount, columnCount: columnCount, paddedValues: StoredArray(converted))
    }

    /// The padded copy of `matrix`, rounded to `Scalar`.
    init(_ matrix: DenseMatrix) {
        self.init(rowCount: matrix.rowCount, columnCount: matrix.columnCount)
        matrix.values.withUnsafeBufferPointer { load(from: $0.baseAddress!) }
    }

    /// Overwrites the matrix with the unpadded row-major values at `source`, rows split over
    /// `threads` threads (each value has one writer, so the result does not depend on it).
    mutating func load(from source: UnsafePointer<Double>, threads: Int = 1) {
        let (columns, stride) = (columnCount, self.stride)
        values.withUnsafeMutableBufferPointer { values in
            let pointers = UncheckedSendable(value: (values.baseAddress!, source))
            Parallel.forEach(Parallel.ranges(splitting: rowCount, into: threads), threads: threads) { rows in
                // Element by element: rows are a few values long, too short for a memmove call each.
                let (values, source) = pointers.value
                for row in rows {
                    let target = values + row * stride, origin = source + row * columns
                    for column in 0 ..< columns { target[column] = Scalar(origin[column]) }
                }
            }
        }
    }

    /// Overwrites the matrix with `other`'s values (same shape), rounded to `Scalar`.
    mutating func load(from other: PaddedMatrix<Double>) {
        precondition(other.rowCount == rowCount && other.stride == stride)
        values.withUnsafeMutableBufferPointer { target in
            other.values.withUnsafeBufferPointer { source in
                for index in source.indices { target[index] = Scalar(source[index]) }
            }
        }
    }

    /// The values without padding, row-major, in double precision.
    func unpadded() -> [Double] {
        var result = [Double](repeating: 0, count: rowCount * columnCount)
        result.withUnsafeMutableBufferPointer { copyUnpadded(into: $0.baseAddress!) }
        return result
    }

    /// Writes the values without padding, row-major, to `destination`.
    func copyUnpadded(into destination: UnsafeMutablePointer<Double>) {
        values.withUnsafeBufferPointer { values in
            for row in 0 ..< rowCount {
                let target = destination + row * columnCount, origin = values.baseAddress! + row * stride
                for column in 0 ..< columnCount { target[column] = Double(origin[column]) }
            }
        }
    }

    subscript(row: Int, column: Int) -> Scalar {
        get {
            assert(row < rowCount && column < columnCount, "index outside the matrix")
            return values[row * stride + column]
        }
        set {
            assert(row < rowCount && column < columnCount, "index outside the matrix")
            values[row * stride + column] = newValue
        }
    }
}
