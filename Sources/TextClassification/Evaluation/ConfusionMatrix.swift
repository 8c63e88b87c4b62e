/// Counts of (true class, predicted class) pairs.
public struct ConfusionMatrix: Sendable, Equatable {
    /// Class names, the order of rows (true) and columns (predicted).
    public let labels: [String]
    /// `counts[true][predicted]`.
    public let counts: [[Int]]

    /// Tallies `truth` against `predicted`, both given as indices into `labels`.
    public init(labels: [String], truth: [Int], predicted: [Int]) {
        precondition(truth.count == predicted.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (actual, guess) in zip(truth, predicted) { counts[actual][guess] += 1 }
        self.labels = labels
        self.counts = counts
    }

    /// A matrix of counts already tallied (batches of a stream, added up).
    init(labels: [String], counts: [[Int]]) {
        self.labels = labels
        self.counts = counts
    }

    /// Number of documents.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
}

extension ConfusionMatrix {
    /// One kind of mistake: documents of one class predicted as another.
    public struct Confusion: Sendable, Equatable {
        /// The true class.
        public let truth: String
        /// The class predicted instead.
        public let predicted: String
        /// How many documents of `truth` were predicted as `predicted`.
        public let count: Int
    }

    /// The off-diagonal cells that hold documents, most documents first; ties keep row-major
    /// order, so the list is the same on every run.
    ///
    /// - Parameter limit: The most pairs to return; at most `limit` (none when it is below 1).
    public func mostConfusedPairs(limit: Int = .max) -> [Confusion] {
        var pairs: [Confusion] = []
        for (row, counts) in self.counts.enumerated() {
            for (column, count) in counts.enumerated() where row != column && count > 0 {
                pairs.append(Confusion(truth: labels[row], predicted: labels[column], count: count))
            }
        }
        // A stable sort keeps the row-major order among equal counts.
        let ranked = pairs.enumerated().sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
        return ranked.prefix(max(0, limit)).map(\.element)
    }

    /// Each cell as a share of its row (the documents of that true class), so a heat map reads
    /// as recall and errors per class whatever the class sizes; a row with no documents is all 0.
    public var rowShares: [[Double]] {
        counts.map { row in
            let total = row.reduce(0, +)
            return row.map { total == 0 ? 0 : Double($0) / Double(total) }
        }
    }
}
