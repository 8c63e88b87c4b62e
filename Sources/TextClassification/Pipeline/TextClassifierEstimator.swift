/// The whole training recipe: the TF-IDF features shared by every label field (one vectorizer or
/// a union), and a classifier per field. ``fitted(to:)`` returns an immutable ``TextClassifier``.
public struct TextClassifierEstimator: Sendable, Hashable {
    /// The feature extraction shared by all fields.
    public var vectorizer: FeatureUnion
    /// The classifier for fields not named in ``algorithmsByField``.
    public var algorithm: ClassifierAlgorithm
    /// Classifiers chosen per field, by field name.
    public var algorithmsByField: [String: ClassifierAlgorithm]
    /// Threads for tokenizing and for the logistic-regression gradient. Results do not depend on it.
    public var threads: Int

    /// Creates an estimator over one vectorizer.
    public init(
        vectorizer: TFIDFVectorizer = TFIDFVectorizer(),
        algorithm: ClassifierAlgorithm = .logisticRegression(LogisticRegression()),
        algorithmsByField: [String: ClassifierAlgorithm] = [:], threads: Int = 1
    ) {
        self.init(features: FeatureUnion(vectorizer), algorithm: algorithm, algorithmsByField: algorithmsByField, threads: threads)
    }

    /// Creates an estimator over a union of vectorizers.
    public init(
        features: FeatureUnion,
        algorithm: ClassifierAlgorithm = .logisticRegression(LogisticRegression()),
        algorithmsByField: [String: ClassifierAlgorithm] = [:], threads: Int = 1
    ) {
        self.vectorizer = features
        self.algorithm = algorithm
        self.algorithmsByField = algorithmsByField
        self.threads = max(1, threads)
    }

    /// The classifier used for `field`.
    public func algorithm(for field: String) -> ClassifierAlgorithm {
        algorithmsByField[field] ?? algorithm
    }

    /// Checks every option before any work is done.
    public func validate() throws {
        try vectorizer.validate()
        try algorithm.estimator.validate()
        for algorithm in algorithmsByField.values { try algorithm.estimator.validate() }
    }

    /// Fits the vectorizer and every field's classifier to `dataset`.
    public func fitted(to dataset: Dataset) throws -> TextClassifier {
        try fittedWithTimings(to: dataset, classes: [:]).classifier
    }

    /// Fits, and says how long vectorizing and fitting the classifiers took; `progress` hears of
    /// each stage and each optimiser iteration as it happens.
    package func fittedWithTimings(to dataset: Dataset, progress: ((TrainingEvent) -> Void)? = nil) throws
        -> (classifier: TextClassifier, timings: FitTimings)
    {
        try fittedWithTimings(to: dataset, classes: [:], progress: progress)
    }

    /// Fits, with the class list of some fields fixed in advance (cross-validation uses this so
    /// that a fold missing a rare class still has a model that knows it).
    func fittedWithTimings(to dataset: Dataset, classes fixedClasses: [String: [String]],
                           progress: ((TrainingEvent) -> Void)? = nil) throws -> (classifier: TextClassifier, timings: FitTimings)
    {
        try validate()
        try checkFields(of: dataset)
        let clock = ContinuousClock()
        let start = clock.now
        let (vectorizerModel, features) = try vectorizer.fittedWithFeatures(to: dataset.texts, threads: threads)
        let vectorized = clock.now
        progress?(.vectorized(documents: dataset.count, features: features.columnCount, seconds: (vectorized - start).seconds))
        let classifier = try fitted(to: dataset, vectorizer: vectorizerModel, features: features, classes: fixedClasses,
                                    progress: progress)
        let end = clock.now
        return (classifier, FitTimings(vectorizeSeconds: (vectorized - start).seconds, fitSeconds: (end - vectorized).seconds))
    }

    func checkFields(of dataset: Dataset) throws {
        if let unknown = algorithmsByField.keys.sorted().first(where: { !dataset.fieldNames.contains($0) }) {
            throw InvalidParameter(name: "algorithm", value: unknown, requirement: "given for a label field of the data (\(dataset.fieldNames.joined(separator: ", ")))")
        }
    }

    /// Fits every field's classifier to features already computed by `vectorizerModel` (a fit of
    /// this estimator's ``vectorizer``): what lets a search over classifiers share one
    /// vectorization per fold.
    func fitted(to dataset: Dataset, vectorizer vectorizerModel: FeatureUnionModel, features: SparseMatrix,
                classes fixedClasses: [String: [String]], progress: ((TrainingEvent) -> Void)? = nil) throws -> TextClassifier {
        let fields = try dataset.fieldNames.map { name -> FieldClassifier in
            let labels = try dataset.labels(of: name)
            let classes = fixedClasses[name] ?? TextClassifier.sortedClasses(labels)
            guard classes.count >= 2 else {
                throw TrainingError("field \"\(name)\" has only one class (\(classes.first ?? "")); a classifier needs at least two")
            }
            var index: [String: Int] = [:]
            for (position, label) in classes.enumerated() { index[label] = position }
            let encoded = labels.map { index[$0]! }
            progress?(.fitting(field: name))
            let model: LinearClassifier
            if case .logisticRegression(let regression) = algorithm(for: name), let progress {
                model = try regression.fitted(to: features, labels: encoded, classCount: classes.count, threads: threads) {
                    progress(.iteration(field: name, iteration: $0, limit: regression.maxIterations, objective: $1, gradientNorm: $2))
                }
            } else {
                model = try algorithm(for: name).estimator.fitted(
                    to: features, labels: encoded, classCount: classes.count, threads: threads)
            }
            return FieldClassifier(name: name, classes: classes, model: model)
        }
        return try TextClassifier(vectorizer: vectorizerModel, fields: fields)
    }
}

/// What training is doing, for a progress display.
package enum TrainingEvent: Sendable {
    /// The vocabulary is learnt and the training matrix built.
    case vectorized(documents: Int, features: Int, seconds: Double)
    /// A field's classifier is being fitted.
    case fitting(field: String)
    /// One L-BFGS iteration of a field's logistic regression ended.
    case iteration(field: String, iteration: Int, limit: Int, objective: Double, gradientNorm: Double)
}

/// Wall-clock time spent in the two stages of training.
package struct FitTimings: Sendable {
    /// Learning the vocabulary and building the training matrix.
    package let vectorizeSeconds: Double
    /// Fitting every field's classifier.
    package let fitSeconds: Double
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
