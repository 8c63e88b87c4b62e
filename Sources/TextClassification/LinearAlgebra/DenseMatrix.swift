/// A dense row-major matrix of `Double`: weights, scores and probabilities.
public struct DenseMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rowCount: Int
    /// Number of columns.
    public let columnCount: Int
    /// The entries, row after row.
    public var values: [Double]

    /// A matrix of zeros.
    public init(rowCount: Int, columnCount: Int) {
        self.init(rowCount: rowCount, columnCount: columnCount,
                  values: [Double](repeating: 0, count: rowCount * columnCount))
    }

    /// A matrix over the given row-major entries.
    public init(rowCount: Int, columnCount: Int, values: [Double]) {
        precondition(values.count == rowCount * columnCount, "a \(rowCount)×\(columnCount) matrix needs \(rowCount * columnCount) values")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// The entry at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    /// One row, copied out.
    public func row(_ index: Int) -> [Double] {
        Array(values[index * columnCount ..< (index + 1) * columnCount])
    }

    /// The sum of each column, through BLAS (`selfᵀ · 1`).
    public func columnSums() -> [Double] {
        let ones = [Double](repeating: 1, count: rowCount)
        var sums = [Double](repeating: 0, count: columnCount)
        BLAS.transposedMatrixVectorProduct(values, rows: rowCount, columns: columnCount, ones, &sums)
        return sums
    }
}
