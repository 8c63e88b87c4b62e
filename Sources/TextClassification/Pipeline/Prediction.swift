/// What a ``TextClassifier`` says about one document: one ``FieldPrediction`` per label field, in
/// the model's field order, and looked up by field name with `prediction["stance"]`.
public struct Prediction: Sendable, Equatable, Codable, RandomAccessCollection {
    /// The per-field predictions, in the model's field order.
    public let fields: [FieldPrediction]

    /// Creates a prediction; ``TextClassifier`` guarantees distinct field names.
    init(fields: [FieldPrediction]) {
        assert(Set(fields.map(\.field)).count == fields.count, "a field appears twice in a prediction")
        self.fields = fields
    }

    /// Decodes a prediction, refusing one that names a field twice (the keyed lookup would be ambiguous).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let fields = try container.decode([FieldPrediction].self, forKey: .fields)
        guard Set(fields.map(\.field)).count == fields.count else {
            throw DecodingError.dataCorruptedError(forKey: .fields, in: container, debugDescription: "a field appears twice")
        }
        self.fields = fields
    }

    /// The prediction for the field called `field`, or `nil` when the model has no such field.
    public subscript(field: String) -> FieldPrediction? {
        fields.first { $0.field == field }
    }

    /// The position of the first field.
    public var startIndex: Int { fields.startIndex }
    /// The position after the last field.
    public var endIndex: Int { fields.endIndex }
    /// The prediction for the field at `position`.
    public subscript(position: Int) -> FieldPrediction { fields[position] }
}

/// One field's prediction for one document.
public struct FieldPrediction: Sendable, Equatable, Codable {
    /// The label field.
    public let field: String
    /// The most probable class.
    public let label: String
    /// Every class with its probability, in the model's class order.
    public let probabilities: [ClassProbability]

    /// Creates a field prediction.
    public init(field: String, label: String, probabilities: [ClassProbability]) {
        self.field = field
        self.label = label
        self.probabilities = probabilities
    }

    /// The probability of the predicted class.
    public var confidence: Double { probabilities.first { $0.label == label }?.probability ?? 0 }

    /// The `count` most probable classes, most probable first (ties in class order).
    public func top(_ count: Int) -> [ClassProbability] {
        Array(probabilities.enumerated().sorted {
            $0.element.probability != $1.element.probability ? $0.element.probability > $1.element.probability : $0.offset < $1.offset
        }.prefix(max(0, count)).map(\.element))
    }
}

/// A class and the probability a model gives it.
public struct ClassProbability: Sendable, Equatable, Codable {
    /// The class name.
    public let label: String
    /// Its probability, in [0, 1].
    public let probability: Double

    /// Creates a class probability.
    public init(label: String, probability: Double) {
        self.label = label
        self.probability = probability
    }
}
