/// A trained text classifier: fitted TF-IDF features (one vectorizer or a union of several) and
/// one fitted classifier per label field. This is what a model file holds. Immutable and `Sendable`.
public struct TextClassifier: Sendable {
    /// The shared feature extraction.
    public let vectorizer: FeatureUnionModel
    /// One classifier per label field, in the order the fields were given.
    public let fields: [FieldClassifier]
    /// Every field's weights side by side, when ``preparedForServing()`` made them.
    private var interleaved: InterleavedWeights?

    /// Assembles a classifier over a single vectorizer, checking that the parts fit together.
    public init(vectorizer: TFIDFModel, fields: [FieldClassifier]) throws {
        try self.init(vectorizer: try FeatureUnionModel(blocks: [vectorizer]), fields: fields)
    }

    /// Assembles a classifier, checking that the parts fit together.
    public init(vectorizer: FeatureUnionModel, fields: [FieldClassifier]) throws {
        guard !fields.isEmpty else { throw InconsistentModel("a model needs at least one label field") }
        for field in fields where field.model.featureCount != vectorizer.featureCount {
            throw InconsistentModel("field \"\(field.name)\" expects \(field.model.featureCount) features but the vectorizer has \(vectorizer.featureCount)")
        }
        for field in fields where field.classes.count != field.model.classCount {
            throw InconsistentModel("field \"\(field.name)\" names \(field.classes.count) classes but its model scores \(field.model.classCount)")
        }
        guard Set(fields.map(\.name)).count == fields.count else {
            throw InconsistentModel("a label field appears twice")
        }
        self.vectorizer = vectorizer
        self.fields = fields
    }

    /// The same classifier with every field's weights stored in `precision` (float32 halves a
    /// model file and its memory; scores change in about the seventh significant digit).
    public func converted(to precision: WeightPrecision) -> TextClassifier {
        TextClassifier(checkedVectorizer: vectorizer, fields: fields.map {
            FieldClassifier(name: $0.name, classes: $0.classes, model: $0.model.converted(to: precision))
        })
    }

    private init(checkedVectorizer: FeatureUnionModel, fields: [FieldClassifier]) {
        self.vectorizer = checkedVectorizer
        self.fields = fields
    }

    /// The same classifier, laid out for answering many single documents: a service's model.
    ///
    /// Every field's weights are copied side by side, so that one document's scores for all
    /// fields fetch each of its features' weights once, not once per field; and each
    /// vocabulary's hash table gets its keys and values side by side, so that a lookup fetches
    /// once, not twice. Those fetches, at random places in tables larger than the cache, are
    /// what ``prediction(for:)`` waits on. Predictions are exactly those of `self`. The copies
    /// cost the weights' and tables' memory again and a few milliseconds, which a one-shot
    /// `classify` would not win back.
    public func preparedForServing() -> TextClassifier {
        var prepared = TextClassifier(checkedVectorizer: vectorizer.preparedForServing(), fields: fields)
        prepared.interleaved = InterleavedWeights(fields.map(\.model))
        return prepared
    }

    /// The label field names.
    public var fieldNames: [String] { fields.map(\.name) }

    /// Every field's prediction for one document: `prediction(for: text)["stance"]?.label`.
    public func prediction(for text: String) -> Prediction {
        let features = vectorizer.features(for: text)
        if let interleaved {
            let products = interleaved.products(for: features)
            return Prediction(fields: zip(fields, products).map { field, products in
                field.prediction(fromProbabilities: field.model.probabilities(fromProducts: products))
            })
        }
        return Prediction(fields: fields.map { field in
            field.prediction(fromProbabilities: field.model.probabilities(for: features))
        })
    }

    /// The predictions for many documents, one per document in input order, each the same value
    /// ``prediction(for:)`` returns. Faster than one call per text: features and scores are computed
    /// as matrices, on `threads` threads (the result does not depend on it).
    public func predictions(for texts: [String], threads: Int = 1) -> [Prediction] {
        let features = vectorizer.features(for: texts, threads: threads)
        let byField = fields.map { field in field.model.probabilities(for: features, threads: threads) }
        return (0 ..< texts.count).map { row in
            Prediction(fields: zip(fields, byField).map { field, probabilities in
                field.prediction(fromProbabilities: probabilities.row(row))
            })
        }
    }

    /// Classes in the order models use: sorted by code point, as scikit-learn's `classes_`.
    static func sortedClasses(_ labels: [String]) -> [String] {
        Set(labels).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// The classifier of one label field, with its class names.
public struct FieldClassifier: Sendable, Equatable {
    /// The label field, e.g. `topic`.
    public let name: String
    /// Class names, in the order of the model's columns.
    public let classes: [String]
    /// The fitted classifier.
    public let model: LinearClassifier

    /// Creates a field classifier.
    public init(name: String, classes: [String], model: LinearClassifier) {
        self.name = name
        self.classes = classes
        self.model = model
    }

    func prediction(fromProbabilities probabilities: [Double]) -> FieldPrediction {
        let best = Softmax.indexOfMaximum(probabilities)
        return FieldPrediction(field: name, label: classes[best],
                               probabilities: zip(classes, probabilities).map { ClassProbability(label: $0, probability: $1) })
    }
}
