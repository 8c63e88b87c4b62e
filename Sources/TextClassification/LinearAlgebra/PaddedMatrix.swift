/// A dense row-major matrix whose rows are padded with zeros to a multiple of four values, so
/// the sparse kernels can move whole `SIMD4<Double>` blocks. The layout the kernels work in; the
/// public face is ``DenseMatrix``.
struct PaddedMatrix: Sendable, Equatable {
    let rowCount: Int
    let columnCount: Int
    /// Values per stored row: `columnCount` rounded up to a multiple of four.
    let stride: Int
    /// `rowCount × stride` values; the padding is zero.
    var values: [Double]

    /// A matrix of zeros.
    init(rowCount: Int, columnCount: Int) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.stride = Self.stride(for: columnCount)
        self.values = [Double](repeating: 0, count: rowCount * stride)
    }

    /// The padded copy of `matrix`.
    init(_ matrix: DenseMatrix) {
        self.init(rowCount: matrix.rowCount, columnCount: matrix.columnCount)
        matrix.values.withUnsafeBufferPointer { load(from: $0.baseAddress!) }
    }

    static func stride(for columnCount: Int) -> Int { (columnCount + 3) / 4 * 4 }

    /// Overwrites the matrix with the unpadded row-major values at `source`.
    mutating func load(from source: UnsafePointer<Double>) {
        let (columns, stride) = (columnCount, self.stride)
        values.withUnsafeMutableBufferPointer { values in
            // Element by element: rows are a few values long, too short for a memmove call each.
            for row in 0 ..< rowCount {
                let target = values.baseAddress! + row * stride, origin = source + row * columns
                for column in 0 ..< columns { target[column] = origin[column] }
            }
        }
    }

    /// The values without padding, row-major.
    func unpadded() -> [Double] {
        if stride == columnCount { return values }
        var result = [Double](repeating: 0, count: rowCount * columnCount)
        result.withUnsafeMutableBufferPointer { copyUnpadded(into: $0.baseAddress!) }
        return result
    }

    /// Writes the values without padding, row-major, to `destination`.
    func copyUnpadded(into destination: UnsafeMutablePointer<Double>) {
        values.withUnsafeBufferPointer { values in
            for row in 0 ..< rowCount {
                let target = destination + row * columnCount, origin = values.baseAddress! + row * stride
                for column in 0 ..< columnCount { target[column] = origin[column] }
            }
        }
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * stride + column] }
        set { values[row * stride + column] = newValue }
    }
}
