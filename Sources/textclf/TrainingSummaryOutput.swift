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
        let options = classifier.vectorizer.configuration
        let grams = options.ngramRange.upperBound == 1 ? "words" : "1–\(options.ngramRange.upperBound)-grams"
        var lines = ["Trained on \(dataset.count) documents from \(dataset.source): \(classifier.vectorizer.vocabularySize) terms (\(grams), min-df \(options.minDF))."]
        let width = classifier.fieldNames.map(\.count).max() ?? 0
        for field in classifier.fields {
            let name = field.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "  \(name)  \(field.model.algorithm.shortName)  \(field.classes.count) classes: \(field.classes.joined(separator: ", "))"
            if let training = field.model.training {
                line += training.converged
                    ? "; converged in \(training.iterations) iterations"
                    : "; did NOT converge in \(training.iterations) iterations (\(training.stopReason)); try a larger --max-iterations or a smaller --c"
                line += " (gradient \(String(format: "%.1e", training.gradientNorm)))"
            }
            lines.append(line)
        }
        lines.append(String(format: "Time: read %.2f s, vectorize %.2f s, fit %.2f s. Wrote %@.",
                            readSeconds, timings.vectorizeSeconds, timings.fitSeconds, output))
        return lines
    }

    var json: JSON {
        .object([
            ("documents", .integer(dataset.count)),
            ("vocabulary_size", .integer(classifier.vectorizer.vocabularySize)),
            ("fields", .object(classifier.fields.map { field in
                var members: [(String, JSON)] = [
                    ("algorithm", .string(field.model.algorithm.shortName)),
                    ("classes", .array(field.classes.map(JSON.string))),
                ]
                if let training = field.model.training {
                    members += [("iterations", .integer(training.iterations)),
                                ("gradient_norm", .number(training.gradientNorm)),
                                ("converged", .bool(training.converged)),
                                ("stop_reason", .string(training.stopReason))]
                }
                return (field.name, .object(members))
            })),
            ("output", .string(output)),
            ("seconds", .object([("read", .number(readSeconds)), ("vectorize", .number(timings.vectorizeSeconds)),
                                 ("fit", .number(timings.fitSeconds)), ("total", .number(totalSeconds))])),
        ])
    }
}
