/// A feature column named for people: the term it counts, or for a hashed column the bucket and,
/// when a document is being explained, that document's terms that fell into it.
public struct FeatureName: Sendable, Hashable {
    /// The column in the model's feature space (all blocks together).
    public let column: Int
    /// The feature block holding the column, in the union's order.
    public let block: Int
    /// What the block's terms are made of.
    public let analyzer: Analyzer.Kind
    /// The column inside its block: for a hashed block, the bucket number.
    public let bucket: Int
    /// Whether the block hashes its terms (so a column has no term of its own).
    public let isHashed: Bool
    /// The term, for a vocabulary column; for a hashed column, the terms of the explained document
    /// that hash to it (empty when no document is known, as in ``TextClassifier/topTerms(for:count:)``).
    public let terms: [String]
}

/// How strongly a term speaks for one class of a model.
public struct RankedTerm: Sendable, Equatable {
    /// The feature.
    public let feature: FeatureName
    /// The ranking score: for logistic regression the class's weight; for naive Bayes the weight's
    /// excess over the mean of the other classes' weights (a log-odds).
    public let score: Double
}

/// The terms that most raise one class.
public struct ClassTerms: Sendable, Equatable {
    /// The class.
    public let label: String
    /// The terms, highest score first.
    public let terms: [RankedTerm]
}

/// One term's part in one document's decision for one field.
public struct TermContribution: Sendable, Equatable {
    /// The feature.
    public let feature: FeatureName
    /// The document's tf-idf value for the feature (for a model imported from Spark, its count:
    /// the idf is part of the weights).
    public let value: Double
    /// `value × (weight for the predicted class − weight for the runner-up)`: positive pushes
    /// toward the predicted class.
    public let contribution: Double
}

/// Why a field's prediction won: the predicted class's score margin over the runner-up, split
/// into one contribution per term of the document plus the intercept.
///
/// For a linear model the score of class *c* is `Σ_t x[t]·W[t][c] + b[c]`, so the margin
/// `score(predicted) − score(runner-up)` is exactly ``intercept`` plus the sum of every
/// ``TermContribution/contribution``.
public struct FieldExplanation: Sendable, Equatable {
    /// The label field.
    public let field: String
    /// The predicted class.
    public let label: String
    /// The class with the next highest score.
    public let runnerUp: String
    /// `score(label) − score(runnerUp)`, at least 0.
    public let margin: Double
    /// `bias(label) − bias(runnerUp)`: the part of the margin no term accounts for.
    public let intercept: Double
    /// Every term of the document with a non-zero contribution, largest contribution first.
    public let contributions: [TermContribution]

    /// The `count` terms that pushed hardest toward the predicted class, strongest first.
    public func toward(_ count: Int) -> [TermContribution] {
        Array(contributions.prefix { $0.contribution > 0 }.prefix(max(0, count)))
    }

    /// The `count` terms that pushed hardest toward the runner-up, strongest first.
    public func against(_ count: Int) -> [TermContribution] {
        Array(contributions.reversed().prefix { $0.contribution < 0 }.prefix(max(0, count)))
    }
}

/// Why a ``TextClassifier`` labelled one document as it did: one ``FieldExplanation`` per field,
/// in the model's field order, looked up by name with `explanation["stance"]`.
public struct Explanation: Sendable, Equatable, RandomAccessCollection {
    /// The per-field explanations.
    public let fields: [FieldExplanation]

    /// The explanation for the field called `field`, or `nil` when the model has no such field.
    public subscript(field: String) -> FieldExplanation? { fields.first { $0.field == field } }

    /// The position of the first field.
    public var startIndex: Int { fields.startIndex }
    /// The position after the last field.
    public var endIndex: Int { fields.endIndex }
    /// The explanation of the field at `position`.
    public subscript(position: Int) -> FieldExplanation { fields[position] }
}

extension TextClassifier {
    /// For every class of `field`, the `count` terms that most raise it, highest first.
    ///
    /// Logistic regression ranks by the class's weight. Naive Bayes ranks by the weight's excess
    /// over the mean of the other classes' weights: its raw weights are log-probabilities, which
    /// would list the most frequent words for every class.
    ///
    /// - Throws: ``InvalidParameter`` for an unknown field or a `count` below 1.
    public func topTerms(for field: String, count: Int) throws -> [ClassTerms] {
        guard let classifier = fields.first(where: { $0.name == field }) else {
            throw InvalidParameter(name: "field", value: field, requirement: "a field of the model (\(fieldNames.joined(separator: ", ")))")
        }
        guard count >= 1 else { throw InvalidParameter(name: "count", value: "\(count)", requirement: "at least 1") }
        let model = classifier.model
        let classCount = model.classCount
        let contrasts = model.algorithm.isNaiveBayes
        return classifier.classes.indices.map { target in
            var best: [(column: Int, score: Double)] = []
            best.reserveCapacity(count + 1)
            for column in 0 ..< model.featureCount {
                var score = model.weight(feature: column, classIndex: target)
                if contrasts {
                    var others = 0.0
                    for other in 0 ..< classCount where other != target { others += model.weight(feature: column, classIndex: other) }
                    score -= others / Double(classCount - 1)
                }
                // A short sorted list beats sorting every column: count is small, columns many.
                if best.count == count, let last = best.last, !(score > last.score) { continue }
                let position = best.firstIndex { score > $0.score } ?? best.endIndex
                best.insert((column, score), at: position)
                if best.count > count { best.removeLast() }
            }
            return ClassTerms(label: classifier.classes[target], terms: best.map {
                RankedTerm(feature: featureName(of: $0.column, hashedTerms: [:]), score: $0.score)
            })
        }
    }

    /// Why each field of `text` got its label; see ``FieldExplanation`` for the exact definition.
    public func explanation(for text: String) -> Explanation {
        let features = vectorizer.features(for: text)
        let hashedTerms = termsOfHashedColumns(in: text)
        return Explanation(fields: fields.map { field in
            let model = field.model
            let scores = model.scores(for: features)
            let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            let winner = order[0], runnerUp = order[1]
            var contributions: [TermContribution] = []
            for (index, value) in zip(features.indices, features.values) {
                let column = Int(index)
                let difference = model.weight(feature: column, classIndex: winner) - model.weight(feature: column, classIndex: runnerUp)
                let contribution = Double(value) * difference
                guard contribution != 0 else { continue }
                contributions.append(TermContribution(feature: featureName(of: column, hashedTerms: hashedTerms),
                                                      value: Double(value), contribution: contribution))
            }
            contributions.sort { $0.contribution != $1.contribution ? $0.contribution > $1.contribution : $0.feature.column < $1.feature.column }
            return FieldExplanation(field: field.name, label: field.classes[winner], runnerUp: field.classes[runnerUp],
                                    margin: scores[winner] - scores[runnerUp],
                                    intercept: model.bias[winner] - model.bias[runnerUp], contributions: contributions)
        })
    }

    private func featureName(of column: Int, hashedTerms: [Int: [String]]) -> FeatureName {
        let (block, inner) = vectorizer.block(holding: column)!
        let model = vectorizer.blocks[block]
        let terms = model.isHashed ? hashedTerms[column] ?? [] : model.term(at: inner).map { [$0] } ?? []
        return FeatureName(column: column, block: block, analyzer: model.configuration.analyzer.kind, bucket: inner,
                           isHashed: model.isHashed, terms: terms)
    }

    /// For the hashed blocks, which of the document's terms land in which column: a bucket has no
    /// text of its own, but the document being explained says what filled it.
    private func termsOfHashedColumns(in text: String) -> [Int: [String]] {
        var result: [Int: [String]] = [:]
        for (block, model) in vectorizer.blocks.enumerated() {
            let options = model.configuration
            guard options.hashing != nil || options.sparkHashing != nil else { continue }
            let offset = vectorizer.columnOffsets[block]
            for term in options.analyzer.terms(in: text) {
                var bytes = term
                let column = bytes.withUTF8 { term in
                    offset + Int(options.sparkHashing.map { $0.column(of: term) } ?? options.hashing!.column(of: term).column)
                }
                if !(result[column]?.contains(term) ?? false) { result[column, default: []].append(term) }
            }
        }
        return result
    }
}
