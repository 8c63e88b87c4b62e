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

    /// Number of documents.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
}
