/// A sparse matrix in compressed sparse row (CSR) form: the document-term matrix.
///
/// Row `i` holds the entries `columns[rowStarts[i] ..< rowStarts[i + 1]]` with the values at the
/// same positions; columns within a row are strictly increasing. Values are `Float` because
/// TF-IDF weights need no more precision and the matrix is the largest object in training; indices
/// are `Int32` for the same reason.
public struct SparseMatrix: Sendable, Equatable {
    /// Number of rows (documents).
    public let rowCount: Int
    /// Number of columns (features).
    public let columnCount: Int
    /// Offsets into `columns` and `values`; `rowCount + 1` entries, starting at 0.
    public let rowStarts: [Int]
    /// Column index of each stored entry.
    public let columns: [Int32]
    /// Value of each stored entry.
    public let values: [Float]

    /// Creates a matrix from CSR arrays, checking that they describe a valid matrix: `rowCount + 1`
    /// non-decreasing row starts from 0 to the entry count, one value per column index, and in
    /// each row strictly increasing columns inside `0 ..< columnCount`.
    ///
    /// - Throws: ``InvalidParameter`` naming the first array that is inconsistent.
    public init(rowCount: Int, columnCount: Int, rowStarts: [Int], columns: [Int32], values: [Float]) throws {
        func invalid(_ name: String, _ value: String, _ requirement: String) -> InvalidParameter {
            InvalidParameter(name: name, value: value, requirement: requirement)
        }
        guard rowCount >= 0, columnCount >= 0, columnCount <= Int(Int32.max) else {
            throw invalid("shape", "\(rowCount)×\(columnCount)", "non-negative, with at most \(Int32.max) columns")
        }
        guard rowStarts.count == rowCount + 1, rowStarts.first == 0, rowStarts.last == columns.count else {
            throw invalid("rowStarts", "\(rowStarts.count) entries", "rowCount + 1 offsets from 0 to the entry count")
        }
        guard columns.count == values.count else {
            throw invalid("values", "\(values.count) values", "one per column index (\(columns.count))")
        }
        for row in 0 ..< rowCount {
            let (start, end) = (rowStarts[row], rowStarts[row + 1])
            guard start <= end else { throw invalid("rowStarts", "a decreasing offset at row \(row)", "non-decreasing offsets") }
            var previous: Int32 = -1
            for entry in start ..< end {
                let column = columns[entry]
                guard column > previous, Int(column) < columnCount else {
                    throw invalid("columns", "\(column) in row \(row)", "strictly increasing within a row and below \(columnCount)")
                }
                previous = column
            }
        }
        self.init(uncheckedRowCount: rowCount, columnCount: columnCount, rowStarts: rowStarts, columns: columns, values: values)
    }

    /// A matrix over arrays the library built itself; the invariants are asserted in debug builds only.
    init(uncheckedRowCount rowCount: Int, columnCount: Int, rowStarts: [Int], columns: [Int32], values: [Float]) {
        assert(rowStarts.count == rowCount + 1 && rowStarts.first == 0, "rowStarts must have rowCount + 1 entries from 0")
        assert(rowStarts.last == columns.count && columns.count == values.count, "rowStarts must end at the entry count")
        assert(columns.allSatisfy { $0 >= 0 && Int($0) < columnCount }, "a column outside the matrix")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
    }

    /// Number of stored entries.
    public var storedCount: Int { columns.count }

    /// The stored entries of one row, as (column, value) pairs.
    public func row(_ index: Int) -> [(column: Int, value: Float)] {
        (rowStarts[index] ..< rowStarts[index + 1]).map { (Int(columns[$0]), values[$0]) }
    }

    /// The value at (`row`, `column`), zero where nothing is stored.
    public subscript(row: Int, column: Int) -> Float {
        let range = rowStarts[row] ..< rowStarts[row + 1]
        var low = range.lowerBound, high = range.upperBound
        let target = Int32(column)
        while low < high {
            let middle = (low + high) / 2
            if columns[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < range.upperBound && columns[low] == target ? values[low] : 0
    }

    /// The matrix made of the given rows, in the given order.
    public func rows(_ indices: [Int]) -> SparseMatrix {
        var starts = [0]
        starts.reserveCapacity(indices.count + 1)
        var newColumns: [Int32] = []
        var newValues: [Float] = []
        let total = indices.reduce(0) { $0 + rowStarts[$1 + 1] - rowStarts[$1] }
        newColumns.reserveCapacity(total)
        newValues.reserveCapacity(total)
        for index in indices {
            newColumns.append(contentsOf: columns[rowStarts[index] ..< rowStarts[index + 1]])
            newValues.append(contentsOf: values[rowStarts[index] ..< rowStarts[index + 1]])
            starts.append(newColumns.count)
        }
        return SparseMatrix(uncheckedRowCount: indices.count, columnCount: columnCount, rowStarts: starts,
                            columns: newColumns, values: newValues)
    }

    /// The transpose, still in CSR form (so: this matrix in compressed sparse column form).
    ///
    /// Logistic regression's gradient `Xᵀ·R` is computed row by row of the transpose, so that each
    /// output row has one writer and a fixed summation order whatever the number of threads.
    public func transposed() -> SparseMatrix {
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for column in columns { counts[Int(column) + 1] += 1 }
        for index in 0 ..< columnCount { counts[index + 1] += counts[index] }
        let starts = counts
        var next = counts
        var newColumns = [Int32](repeating: 0, count: storedCount)
        var newValues = [Float](repeating: 0, count: storedCount)
        for row in 0 ..< rowCount {
            for entry in rowStarts[row] ..< rowStarts[row + 1] {
                let column = Int(columns[entry])
                let slot = next[column]
                newColumns[slot] = Int32(row)
                newValues[slot] = values[entry]
                next[column] = slot + 1
            }
        }
        return SparseMatrix(uncheckedRowCount: columnCount, columnCount: rowCount, rowStarts: starts,
                            columns: newColumns, values: newValues)
    }
}

/// One sparse row: a document's feature vector.
public struct SparseVector: Sendable, Equatable {
    /// Length of the dense vector this represents.
    public let dimension: Int
    /// Strictly increasing indices of the stored entries.
    public let indices: [Int32]
    /// Values of the stored entries.
    public let values: [Float]

    /// Creates a vector from its stored entries, checking them: one value per index, indices
    /// strictly increasing inside `0 ..< dimension`.
    ///
    /// - Throws: ``InvalidParameter`` naming what is inconsistent.
    public init(dimension: Int, indices: [Int32], values: [Float]) throws {
        guard dimension >= 0, dimension <= Int(Int32.max) else {
            throw InvalidParameter(name: "dimension", value: "\(dimension)", requirement: "from 0 to \(Int32.max)")
        }
        guard indices.count == values.count else {
            throw InvalidParameter(name: "values", value: "\(values.count) values", requirement: "one per index (\(indices.count))")
        }
        var previous: Int32 = -1
        for index in indices {
            guard index > previous, Int(index) < dimension else {
                throw InvalidParameter(name: "indices", value: "\(index)", requirement: "strictly increasing and below \(dimension)")
            }
            previous = index
        }
        self.init(uncheckedDimension: dimension, indices: indices, values: values)
    }

    /// A vector the library built itself; the invariants are asserted in debug builds only.
    init(uncheckedDimension dimension: Int, indices: [Int32], values: [Float]) {
        assert(indices.count == values.count && indices.allSatisfy { $0 >= 0 && Int($0) < dimension })
        self.dimension = dimension
        self.indices = indices
        self.values = values
    }
}
