import Foundation
import TextClassification

/// What `train` prints: documents, vocabulary, per-field classes and convergence, timings.
struct TrainingSummaryOutput {
    let documentCount: Int
    let source: String
    let classifier: TextClassifier
    let output: String
    let timing: Timing
    let totalSeconds: Double

    /// Where the time went: reading, vectorizing and fitting one after the other (in memory),
    /// or passes over a stream that do all three at once.
    enum Timing {
        case inMemory(readSeconds: Double, timings: FitTimings)
        case streamed(passes: [StreamedPass], bytes: Int)
    }

    /// One pass over a stream.
    struct StreamedPass {
        let purpose: String
        let seconds: Double
    }

    var lines: [String] {
        let blocks = classifier.vectorizer.blocks.map(Self.describe).joined(separator: "; ")
        var lines = ["Trained on \(documentCount) documents from \(source): \(classifier.vectorizer.featureCount) features (\(blocks))."]
        let width = classifier.fieldNames.map(\.count).max() ?? 0
        for field in classifier.fields {
            let name = field.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "  \(name)  \(field.model.algorithm.shortName)  \(field.classes.count) classes: \(field.classes.joined(separator: ", "))"
            if let training = field.model.training, training.stopReason == .passesCompleted {
                line += "; \(training.iterations) AdaGrad pass\(training.iterations == 1 ? "" : "es") (objective \(String(format: "%.4f", training.objective)) over the last)"
            } else if let training = field.model.training {
                line += training.converged
                    ? "; converged in \(training.iterations) iterations"
                    : "; did NOT converge in \(training.iterations) iterations (\(training.stopReason.rawValue)); try a larger --max-iterations or a smaller --c"
                line += " (gradient \(String(format: "%.1e", training.gradientNorm)))"
            }
            lines.append(line)
        }
        switch timing {
        case .inMemory(let readSeconds, let timings):
            lines.append(String(format: "Time: read %.2f s, vectorize %.2f s, fit %.2f s. Wrote %@.",
                                readSeconds, timings.vectorizeSeconds, timings.fitSeconds, output))
        case .streamed(let passes, let bytes):
            let each = passes.enumerated().map { index, pass in
                String(format: "pass %d (%@) %.2f s, %.1f MB/s", index + 1, pass.purpose, pass.seconds,
                       Double(bytes) / 1e6 / max(pass.seconds, 1e-9))
            }
            lines.append(String(format: "Time: streamed %.1f MB: %@. Wrote %@.", Double(bytes) / 1e6,
                                each.joined(separator: "; "), output))
        }
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
            ("documents", .integer(documentCount)),
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
            timingJSON,
        ])
    }

    private var timingJSON: (String, JSON) {
        switch timing {
        case .inMemory(let readSeconds, let timings):
            return ("seconds", .object([("read", .number(readSeconds)), ("vectorize", .number(timings.vectorizeSeconds)),
                                        ("fit", .number(timings.fitSeconds)), ("total", .number(totalSeconds))]))
        case .streamed(let passes, let bytes):
            return ("stream", .object([
                ("bytes", .integer(bytes)),
                ("passes", .array(passes.map { pass in
                    .object([("purpose", .string(pass.purpose)), ("seconds", .number(pass.seconds)),
                             ("megabytes_per_second", .number(Double(bytes) / 1e6 / max(pass.seconds, 1e-9)))])
                })),
                ("seconds", .number(totalSeconds)),
            ]))
        }
    }
}
