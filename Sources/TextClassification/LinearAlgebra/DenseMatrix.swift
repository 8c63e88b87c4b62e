/// A dense row-major matrix of `Double`: weights, scores and probabilities.
public struct DenseMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rowCount: Int
    /// Number of columns.
    public let columnCount: Int
    /// The entries, row after row.
    public var values: [Double]

    /// A matrix of zeros. The shape must not be negative.
    public init(rowCount: Int, columnCount: Int) {
        precondition(rowCount >= 0 && columnCount >= 0, "a matrix cannot have a negative shape")
        self.init(uncheckedRowCount: rowCount, columnCount: columnCount,
                  values: [Double](repeating: 0, count: rowCount * columnCount))
    }

    /// A matrix over the given row-major entries, checking that there are `rowCount × columnCount`.
    ///
    /// - Throws: ``InvalidParameter`` when the shape is negative or the count differs.
    public init(rowCount: Int, columnCount: Int, values: [Double]) throws {
        let (product, overflow) = rowCount.multipliedReportingOverflow(by: columnCount)
        guard rowCount >= 0, columnCount >= 0, !overflow, values.count == product else {
            throw InvalidParameter(name: "values", value: "\(values.count) values",
                                   requirement: "rowCount × columnCount of them for a \(rowCount)×\(columnCount) matrix")
        }
        self.init(uncheckedRowCount: rowCount, columnCount: columnCount, values: values)
    }

    /// A matrix the library built itself; the shape is asserted in debug builds only.
    init(uncheckedRowCount rowCount: Int, columnCount: Int, values: [Double]) {
        assert(values.count == rowCount * columnCount, "a \(rowCount)×\(columnCount) matrix needs \(rowCount * columnCount) values")
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
