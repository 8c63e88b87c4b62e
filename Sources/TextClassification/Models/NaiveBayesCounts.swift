/// All that naive Bayes learns from data: per class, the summed weight of every feature and the
/// number of documents. Sums can be added to batch by batch, so multinomial and complement naive
/// Bayes fit the same way to a matrix in memory (one batch) and to a stream (many): each cell is
/// summed in document order either way, and the models are the same bits.
///
/// Classes may be added as they are met (streaming finds them as it reads): the sums are then
/// laid out again, which happens once per class. ``reordered(_:)`` puts them in the model's order.
struct NaiveBayesCounts: Sendable {
    /// Number of feature columns.
    let featureCount: Int
    /// Number of classes so far.
    private(set) var classCount: Int
    /// `featureCount × classCount`, feature-major, as the models lay out weights, so that fitting
    /// in memory needs no second layout.
    private(set) var sums: [Double]
    /// Documents per class.
    private(set) var documents: [Int]

    /// Empty counts for `classCount` classes (more are added by ``add(_:labels:)`` as needed).
    init(featureCount: Int, classCount: Int = 0) {
        self.featureCount = featureCount
        self.classCount = classCount
        sums = [Double](repeating: 0, count: featureCount * classCount)
        documents = [Int](repeating: 0, count: classCount)
    }

    /// Adds the rows of `features`, row `r` of class `labels[r]`.
    mutating func add(_ features: SparseMatrix, labels: [Int]) {
        precondition(features.columnCount == featureCount && labels.count == features.rowCount, "one label per row")
        if let largest = labels.max(), largest >= classCount { widen(to: largest + 1) }
        let classes = classCount
        sums.withUnsafeMutableBufferPointer { sums in
            for (row, label) in labels.enumerated() {
                documents[label] += 1
                for entry in features.rowStarts[row] ..< features.rowStarts[row + 1] {
                    sums[Int(features.columns[entry]) * classes + label] += Double(features.values[entry])
                }
            }
        }
    }

    private mutating func widen(to count: Int) {
        var wider = [Double](repeating: 0, count: featureCount * count)
        for feature in 0 ..< featureCount {
            for column in 0 ..< classCount { wider[feature * count + column] = sums[feature * classCount + column] }
        }
        sums = wider
        documents += [Int](repeating: 0, count: count - classCount)
        classCount = count
    }

    /// The counts with class `order[i]` as class `i`.
    func reordered(_ order: [Int]) -> NaiveBayesCounts {
        precondition(order.sorted() == Array(0 ..< classCount), "a permutation of the classes")
        var result = NaiveBayesCounts(featureCount: featureCount, classCount: classCount)
        for feature in 0 ..< featureCount {
            for (column, source) in order.enumerated() {
                result.sums[feature * classCount + column] = sums[feature * classCount + source]
            }
        }
        result.documents = order.map { documents[$0] }
        return result
    }

    /// The sums as a `featureCount × classCount` matrix.
    var matrix: DenseMatrix {
        DenseMatrix(uncheckedRowCount: featureCount, columnCount: classCount, values: sums)
    }
}
