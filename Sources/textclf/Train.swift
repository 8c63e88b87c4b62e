import ArgumentParser
import Foundation
import TextClassification

/// `textclf train`: fit a model to labelled data and write it to a model file.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model on labelled data and save it.",
        discussion: """
            Example (one command):
              textclf train --data data/train.jsonl
                --label-field topic --label-field stance --algorithm lr
                --ngram-max 2 --min-df 2 --sublinear-tf --output news.textclf
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var limits: ResourceOptions

    @Option(help: ArgumentHelp("Where to write the model (written atomically).", valueName: "file"))
    var output: String

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @OptionGroup var reporting: ProgressOptions

    func validate() throws {
        if model.labelFields.isEmpty { throw ValidationError("Give at least one --label-field.") }
    }

    func run() throws {
        try reportingErrors {
            let estimator = try model.estimator(fields: model.labelFields)
            try estimator.validate()
            let reader = limits.reader(input, labelFields: model.labelFields)
            try reader.validate()
            // Found now, not after a training of minutes.
            do { try ModelFile.checkDestination(output) } catch let error as ModelFileError {
                throw CommandFailure.usage("--output \(error.description)")
            }
            var reporter = reporting.reporter()
            let (dataset, readSeconds) = try timed { try reader.read(contentsOf: input.data) }
            let bytes = dataset.texts.reduce(0) { $0 + $1.utf8.count }
            reporter.note(String(format: "read %d documents (%.1f MB of text) in %.2f s: %.1f MB/s", dataset.count,
                                 Double(bytes) / 1e6, readSeconds, Double(bytes) / 1e6 / max(readSeconds, 1e-9)))
            let limited = try limits.limiting(estimator, for: dataset)
            let ((fitted, timings), trainSeconds) = try timed {
                try limited.fittedWithTimings(to: dataset) { event in
                    switch event {
                    case .vectorized(let documents, let features, let seconds):
                        reporter.note(String(format: "vectorized %d documents into %d features in %.2f s: %.0f documents/s",
                                             documents, features, seconds, Double(documents) / max(seconds, 1e-9)))
                    case .fitting(let field):
                        reporter.status("fitting \(field)…")
                    case .iteration(let field, let iteration, let limit, let objective, let gradient):
                        reporter.status(String(format: "fitting %@: iteration %d (at most %d), loss %.6f, gradient %.2e",
                                               field, iteration, limit, objective, gradient))
                    }
                }
            }
            reporter.finish()
            let classifier = fitted.converted(to: model.weights)
            let (_, writeSeconds) = try timed { try ModelFile.write(classifier, to: output) }
            let summary = TrainingSummaryOutput(
                dataset: dataset, classifier: classifier, output: output, readSeconds: readSeconds,
                timings: timings, totalSeconds: readSeconds + trainSeconds + writeSeconds)
            if json { emit(summary.json.serialized) } else { summary.lines.forEach(emit) }
        }
    }
}
