/// All that naive Bayes learns from data: per class, the summed weight of every feature and the
/// number of documents. Sums can be added to batch by batch, so multinomial and complement naive
/// Bayes fit the same way to a matrix in memory (one batch) and to a stream (many): each cell is
/// summed in document order either way, and the models are the same bits.
///
/// Classes may be added as they are met (streaming finds them as it reads); ``reordered(_:)``
/// then puts them in the model's order.
struct NaiveBayesCounts: Sendable {
    /// Number of feature columns.
    let featureCount: Int
    /// Class by class, each feature's summed weight: class-major, so a new class is one more array.
    private(set) var sums: [[Double]]
    /// Documents per class.
    private(set) var documents: [Int]

    /// Empty counts for `classCount` classes (more are added by ``add(_:labels:)`` as needed).
    init(featureCount: Int, classCount: Int = 0) {
        self.featureCount = featureCount
        sums = [[Double]](repeating: [Double](repeating: 0, count: featureCount), count: classCount)
        documents = [Int](repeating: 0, count: classCount)
    }

    /// Number of classes so far.
    var classCount: Int { sums.count }

    /// Adds the rows of `features`, row `r` of class `labels[r]`.
    mutating func add(_ features: SparseMatrix, labels: [Int]) {
        precondition(features.columnCount == featureCount && labels.count == features.rowCount, "one label per row")
        if let largest = labels.max(), largest >= classCount {
            let added = largest + 1 - classCount
            sums += [[Double]](repeating: [Double](repeating: 0, count: featureCount), count: added)
            documents += [Int](repeating: 0, count: added)
        }
        for (row, label) in labels.enumerated() {
            documents[label] += 1
            sums[label].withUnsafeMutableBufferPointer { sums in
                for entry in features.rowStarts[row] ..< features.rowStarts[row + 1] {
                    sums[Int(features.columns[entry])] += Double(features.values[entry])
                }
            }
        }
    }

    /// The counts with class `order[i]` as class `i`.
    func reordered(_ order: [Int]) -> NaiveBayesCounts {
        precondition(order.sorted() == Array(0 ..< classCount), "a permutation of the classes")
        var result = self
        result.sums = order.map { sums[$0] }
        result.documents = order.map { documents[$0] }
        return result
    }

    /// The sums as a `featureCount × classCount` matrix, feature-major, as the models lay out weights.
    func featureMajor() -> DenseMatrix {
        var matrix = DenseMatrix(rowCount: featureCount, columnCount: classCount)
        let classes = classCount
        matrix.values.withUnsafeMutableBufferPointer { values in
            for (column, sums) in sums.enumerated() {
                for row in 0 ..< featureCount { values[row * classes + column] = sums[row] }
            }
        }
        return matrix
    }
}
