/// A classifier that can be fitted to a feature matrix: naive Bayes, complement naive Bayes or
/// logistic regression. Every one of them fits to the same kind of model, ``LinearClassifier``.
public protocol ClassifierEstimator: Sendable {
    /// Checks every option, naming the first that is out of range.
    func validate() throws

    /// Fits to `features` (one row per document) and `labels` (class indices in
    /// `0 ..< classCount`, one per row).
    func fitted(to features: SparseMatrix, labels: [Int], classCount: Int, threads: Int) throws -> LinearClassifier
}

extension ClassifierEstimator {
    /// Checks the shapes every estimator needs before fitting.
    func validateTrainingData(_ features: SparseMatrix, labels: [Int], classCount: Int) throws {
        guard features.rowCount == labels.count else {
            throw TrainingError("there are \(features.rowCount) documents but \(labels.count) labels")
        }
        guard features.rowCount > 0 else { throw TrainingError("there are no documents to train on") }
        guard classCount >= 2 else {
            throw TrainingError("a classifier needs at least two classes; the data has \(classCount)")
        }
        if let bad = labels.first(where: { !(0 ..< classCount).contains($0) }) {
            throw TrainingError("label index \(bad) is outside 0..<\(classCount)")
        }
    }
}
