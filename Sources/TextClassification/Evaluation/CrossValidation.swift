import Foundation

/// Stratified, seeded k-fold cross-validation of a ``TextClassifierEstimator``.
///
/// Folds are stratified by one label field (the first, unless told otherwise): each class's
/// documents are shuffled with a seeded generator and dealt round the folds, so every fold holds
/// about the same share of every class and the folds are the same on every run.
public struct CrossValidation: Sendable {
    /// Number of folds, at least 2.
    public var folds: Int
    /// Seed of the shuffle.
    public var seed: UInt64
    /// The field to stratify by; nil means the dataset's first field.
    public var stratifyBy: String?

    /// Creates a cross-validation.
    public init(folds: Int = 5, seed: UInt64 = 0, stratifyBy: String? = nil) {
        self.folds = folds
        self.seed = seed
        self.stratifyBy = stratifyBy
    }

    /// The fold of each document.
    public func foldAssignments(for dataset: Dataset) throws -> [Int] {
        guard folds >= 2 else { throw InvalidParameter(name: "folds", value: "\(folds)", requirement: "at least 2") }
        guard dataset.count >= folds else {
            throw InvalidParameter(name: "folds", value: "\(folds)", requirement: "no more than the \(dataset.count) documents")
        }
        let field = stratifyBy ?? dataset.fieldNames.first
        let labels = field.map { dataset.labels(of: $0) } ?? [String](repeating: "", count: dataset.count)
        var generator = SeededGenerator(seed: seed)
        var assignment = [Int](repeating: 0, count: dataset.count)
        var next = 0
        for label in TextClassifier.sortedClasses(labels) {
            var members = labels.indices.filter { labels[$0] == label }
            members.shuffle(using: &generator)
            for member in members {
                assignment[member] = next
                next = (next + 1) % folds
            }
        }
        return assignment
    }

    /// Fits on all folds but one and evaluates on that one, for every fold.
    public func evaluate(_ estimator: TextClassifierEstimator, on dataset: Dataset) throws -> CrossValidationReport {
        let assignment = try foldAssignments(for: dataset)
        var classes: [String: [String]] = [:]
        for field in dataset.fieldNames { classes[field] = TextClassifier.sortedClasses(dataset.labels(of: field)) }
        var evaluations: [Evaluation] = []
        for fold in 0 ..< folds {
            let training = dataset.subset(assignment.indices.filter { assignment[$0] != fold })
            let held = dataset.subset(assignment.indices.filter { assignment[$0] == fold })
            let model = try estimator.fittedWithTimings(to: training, classes: classes).classifier
            evaluations.append(try model.evaluation(on: held, threads: estimator.threads))
        }
        return CrossValidationReport(folds: evaluations)
    }
}

/// The per-fold evaluations of a cross-validation and their summaries.
public struct CrossValidationReport: Sendable {
    /// Mean and standard deviation of a metric over folds.
    public struct Spread: Sendable, Equatable {
        /// The mean.
        public let mean: Double
        /// The sample standard deviation (n − 1), 0 for one fold.
        public let standardDeviation: Double

        init(_ values: [Double]) {
            let mean = values.reduce(0, +) / Double(values.count)
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            self.mean = mean
            self.standardDeviation = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
        }
    }

    /// One evaluation per fold.
    public let folds: [Evaluation]

    /// The label fields.
    public var fieldNames: [String] { folds.first?.fields.map(\.field) ?? [] }

    /// Accuracy over folds for `field`.
    public func accuracy(of field: String) -> Spread {
        Spread(folds.compactMap { $0.fields.first { $0.field == field }?.accuracy })
    }

    /// Macro-F1 over folds for `field`.
    public func macroF1(of field: String) -> Spread {
        Spread(folds.compactMap { $0.fields.first { $0.field == field }?.macroF1 })
    }
}
