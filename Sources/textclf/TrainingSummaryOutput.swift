import Foundation
import TextClassification

/// What `train` prints: documents, vocabulary, per-field classes and convergence, timings.
struct TrainingSummaryOutput {
    let dataset: Dataset
    let classifier: TextClassifier
    let output: String
    let readSeconds: Double
    let timings: FitTimings
    let totalSeconds: Double

    var lines: [String] {
        let blocks = classifier.vectorizer.blocks.map(Self.describe).joined(separator: "; ")
        var lines = ["Trained on \(dataset.count) documents from \(dataset.source): \(classifier.vectorizer.featureCount) features (\(blocks))."]
        let width = classifier.fieldNames.map(\.count).max() ?? 0
        for field in classifier.fields {
            let name = field.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "  \(name)  \(field.model.algorithm.shortName)  \(field.classes.count) classes: \(field.classes.joined(separator: ", "))"
            if let training = field.model.training {
                line += training.converged
                    ? "; converged in \(training.iterations) iterations"
                    : "; did NOT converge in \(training.iterations) iterations (\(training.stopReason.rawValue)); try a larger --max-iterations or a smaller --c"
                line += " (gradient \(String(format: "%.1e", training.gradientNorm)))"
            }
            lines.append(line)
        }
        lines.append(String(format: "Time: read %.2f s, vectorize %.2f s, fit %.2f s. Wrote %@.",
                            readSeconds, timings.vectorizeSeconds, timings.fitSeconds, output))
        return lines
    }

    /// One block as a phrase: "12345 word 1–2-grams, min-df 2" or "word 1-grams hashed into 2^18".
    static func describe(_ block: TFIDFModel) -> String {
        let options = block.configuration
        let range = options.ngramRange
        let lengths = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
        let kind = options.analyzer.kind.rawValue
        if let hashing = options.hashing {
            return "\(kind) \(lengths)-grams hashed into 2^\(hashing.bits)"
        }
        return "\(block.featureCount) \(kind) \(lengths)-grams, min-df \(options.minDF)"
    }

    var json: JSON {
        .object([
            ("documents", .integer(dataset.count)),
            ("vocabulary_size", .integer(classifier.vectorizer.featureCount)),
            ("features", .array(classifier.vectorizer.blocks.map { block in
                let options = block.configuration
                var members: [(String, JSON)] = [
                    ("analyzer", .string(options.analyzer.kind.rawValue)),
                    ("ngram_range", .array([.integer(options.ngramRange.lowerBound), .integer(options.ngramRange.upperBound)])),
                ]
                if let hashing = options.hashing {
                    members += [("hash_bits", .integer(hashing.bits)), ("feature_count", .integer(block.featureCount))]
                } else {
                    members += [("vocabulary_size", .integer(block.featureCount))]
                }
                return .object(members)
            })),
            ("fields", .object(classifier.fields.map { field in
                var members: [(String, JSON)] = [
                    ("algorithm", .string(field.model.algorithm.shortName)),
                    ("classes", .array(field.classes.map(JSON.string))),
                ]
                if let training = field.model.training {
                    members += [("iterations", .integer(training.iterations)),
                                ("gradient_norm", .number(training.gradientNorm)),
                                ("converged", .bool(training.converged)),
                                ("stop_reason", .string(training.stopReason.rawValue))]
                }
                return (field.name, .object(members))
            })),
            ("output", .string(output)),
            ("seconds", .object([("read", .number(readSeconds)), ("vectorize", .number(timings.vectorizeSeconds)),
                                 ("fit", .number(timings.fitSeconds)), ("total", .number(totalSeconds))])),
        ])
    }
}
