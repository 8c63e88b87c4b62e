/// Accuracy, macro-F1 and per-class precision, recall, F1 and support for one label field,
/// with its confusion matrix. Undefined ratios (no predictions of a class, or no documents of
/// it) count as 0, as scikit-learn's `zero_division=0`. The averages run over the classes that
/// occur in the truth or the predictions, as scikit-learn's `f1_score` does without `labels`: a
/// class the model knows but a small test set never mentions does not pull macro-F1 down.
public struct ClassificationReport: Sendable, Equatable {
    /// Metrics of one class.
    public struct ClassMetrics: Sendable, Equatable {
        /// The class.
        public let label: String
        /// Of documents predicted as this class, the share that are.
        public let precision: Double
        /// Of documents of this class, the share predicted so.
        public let recall: Double
        /// Harmonic mean of precision and recall.
        public let f1: Double
        /// Number of documents of this class.
        public let support: Int
    }

    /// The label field.
    public let field: String
    /// Share of documents whose prediction is right.
    public let accuracy: Double
    /// Unweighted mean of the F1 scores of the classes that occur (in truth or predictions).
    public let macroF1: Double
    /// Mean of the per-class F1 scores weighted by support.
    public let weightedF1: Double
    /// Per-class metrics, in the order of `confusion.labels`.
    public let classes: [ClassMetrics]
    /// The confusion matrix.
    public let confusion: ConfusionMatrix

    /// Computes the report from a confusion matrix.
    public init(field: String, confusion: ConfusionMatrix) {
        let total = confusion.total
        let size = confusion.labels.count
        var correct = 0
        var classes: [ClassMetrics] = []
        for index in 0 ..< size {
            let truePositives = confusion.counts[index][index]
            correct += truePositives
            let predicted = (0 ..< size).reduce(0) { $0 + confusion.counts[$1][index] }
            let support = confusion.counts[index].reduce(0, +)
            let precision = predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
            let recall = support == 0 ? 0 : Double(truePositives) / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            classes.append(ClassMetrics(label: confusion.labels[index], precision: precision, recall: recall, f1: f1, support: support))
        }
        self.field = field
        self.accuracy = total == 0 ? 0 : Double(correct) / Double(total)
        let occurring = classes.indices.filter { index in
            classes[index].support > 0 || (0 ..< size).contains { confusion.counts[$0][index] > 0 }
        }.map { classes[$0] }
        self.macroF1 = occurring.isEmpty ? 0 : occurring.reduce(0) { $0 + $1.f1 } / Double(occurring.count)
        self.weightedF1 = total == 0 ? 0 : classes.reduce(0) { $0 + $1.f1 * Double($1.support) } / Double(total)
        self.classes = classes
        self.confusion = confusion
    }
}

/// The reports of every label field of a model on one dataset.
public struct Evaluation: Sendable, Equatable {
    /// Number of documents evaluated.
    public let documentCount: Int
    /// One report per field, in the model's field order.
    public let fields: [ClassificationReport]

    /// The report for the field called `field`, or `nil` when the model has no such field.
    public subscript(field: String) -> ClassificationReport? {
        fields.first { $0.field == field }
    }
}

extension TextClassifier {
    /// Evaluates every field on `dataset`, which must hold each of the model's label fields.
    ///
    /// - Throws: ``DataError`` naming the line of the first label the model never saw in training,
    ///   or the first field the data lacks.
    public func evaluation(on dataset: Dataset, threads: Int = 1) throws -> Evaluation {
        for field in fields where !dataset.fieldNames.contains(field.name) {
            throw DataError(file: dataset.source, field: field.name, problem: "the model predicts this field but the data does not hold it")
        }
        return try evaluation(on: dataset, features: vectorizer.features(for: dataset.texts, threads: threads), threads: threads)
    }

    /// The evaluation on `dataset` whose texts this classifier's vectorizer has already turned
    /// into `features`.
    func evaluation(on dataset: Dataset, features: SparseMatrix, threads: Int) throws -> Evaluation {
        let reports = try fields.map { field -> ClassificationReport in
            var index: [String: Int] = [:]
            for (position, label) in field.classes.enumerated() { index[label] = position }
            let truth = try dataset.labels(of: field.name).enumerated().map { row, label -> Int in
                guard let known = index[label] else {
                    throw DataError(file: dataset.source, line: dataset.lines[row], field: field.name,
                                    problem: "label \"\(label)\" was not seen in training (the model knows: \(field.classes.joined(separator: ", ")))")
                }
                return known
            }
            let guesses = field.model.predictions(for: features, threads: threads)
            return ClassificationReport(field: field.name, confusion: ConfusionMatrix(labels: field.classes, truth: truth, predicted: guesses))
        }
        return Evaluation(documentCount: dataset.count, fields: reports)
    }
}
