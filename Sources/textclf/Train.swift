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

            With --stream (needs --hash-bits), the data is read in blocks, never whole: memory \
            grows with 2^K and the classes, not with the documents. A file is read once to count \
            document frequencies (unless --no-idf), then once for naive Bayes (the same model as \
            without --stream) or --passes times for logistic regression (AdaGrad SGD on \
            mini-batches, documents in file order). Standard input (--data -) is read once, so it \
            needs --no-idf, and --passes 1 for logistic regression. --max-model-bytes does not apply.
              textclf train --stream --data big.jsonl --label-field label --hash-bits 20
                --algorithm cnb --output big.textclf
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

    @Flag(help: "Read the data in blocks instead of whole, in memory bounded by 2^K and the classes (needs --hash-bits).")
    var stream = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "With --stream: passes of AdaGrad over the data for logistic regression (default \(OnlineLogisticRegression().passes)).",
        valueName: "n"))
    var passes: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "With --stream: AdaGrad's step size for logistic regression (default \(OnlineLogisticRegression().learningRate)).",
        valueName: "rate"))
    var learningRate: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "With --stream: documents per AdaGrad step for logistic regression (default \(OnlineLogisticRegression().batchSize)).",
        valueName: "n"))
    var batchSize: Int?

    func validate() throws {
        if model.labelFields.isEmpty { throw ValidationError("Give at least one --label-field.") }
    }

    func run() throws {
        try reportingErrors {
            let estimator = try model.estimator(fields: model.labelFields)
            try estimator.validate()
            let reader = limits.reader(input, labelFields: model.labelFields)
            try reader.validate()
            if !stream, let flag = [("--passes", passes != nil), ("--learning-rate", learningRate != nil),
                                    ("--batch-size", batchSize != nil)].first(where: \.1)?.0 {
                throw CommandFailure.usage("\(flag) applies to --stream only")
            }
            let online = try streamingOptions(estimator)
            // Found now, not after a training of minutes.
            do { try ModelFile.checkDestination(output) } catch let error as ModelFileError {
                throw CommandFailure.usage("--output \(error.description)")
            }
            if let online {
                try trainStreaming(estimator, stream: DatasetStream(reader: reader, path: input.data), online: online)
                return
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
                documentCount: dataset.count, source: dataset.source, classifier: classifier, output: output,
                timing: .inMemory(readSeconds: readSeconds, timings: timings), totalSeconds: readSeconds + trainSeconds + writeSeconds)
            if json { emit(summary.json.serialized) } else { summary.lines.forEach(emit) }
        }
    }

    /// The online options with `--stream` (nil without), after the checks that need no data:
    /// hashed features, and a single pass when the data is standard input.
    private func streamingOptions(_ estimator: TextClassifierEstimator) throws -> OnlineLogisticRegression? {
        guard stream else { return nil }
        guard estimator.vectorizer.blocks.allSatisfy({ $0.hashing != nil }) else {
            throw CommandFailure.usage("--stream needs hashed features: add --hash-bits K (or hash-bits=K to every --features block); a vocabulary would grow with the data")
        }
        let defaults = OnlineLogisticRegression()
        let online = OnlineLogisticRegression(passes: passes ?? defaults.passes, learningRate: learningRate ?? defaults.learningRate,
                                              batchSize: batchSize ?? defaults.batchSize)
        try online.validate()
        if input.data == "-" {
            if estimator.vectorizer.blocks.contains(where: \.usesIDF) {
                throw CommandFailure.usage("--stream reads standard input once, so it cannot count document frequencies first: add --no-idf, or give a file")
            }
            if estimator.passes(over: DatasetStream(reader: limits.reader(input, labelFields: model.labelFields), path: "-"),
                                online: online) > 1 {
                throw CommandFailure.usage("--stream reads standard input once: logistic regression needs --passes 1, or give a file")
            }
        }
        return online
    }

    private func trainStreaming(_ estimator: TextClassifierEstimator, stream: DatasetStream, online: OnlineLogisticRegression) throws {
        var reporter = reporting.reporter()
        var passes: [TrainingSummaryOutput.StreamedPass] = []
        let ((fitted, totals), trainSeconds) = try timed {
            try estimator.fittedWithTotals(to: stream, online: online) { event in
                switch event {
                case .batch(let pass, let count, let purpose, let documents):
                    reporter.status("pass \(pass) of \(count) (\(Self.describe(purpose))): \(documents) documents")
                case .pass(let pass, let count, let purpose, let documents, let bytes, let seconds):
                    reporter.note(String(format: "pass %d of %d (%@): %d documents, %.1f MB in %.2f s: %.1f MB/s", pass, count,
                                         Self.describe(purpose), documents, Double(bytes) / 1e6, seconds,
                                         Double(bytes) / 1e6 / max(seconds, 1e-9)))
                    passes.append(.init(purpose: Self.describe(purpose), seconds: seconds))
                }
            }
        }
        reporter.finish()
        let classifier = fitted.converted(to: model.weights)
        let (_, writeSeconds) = try timed { try ModelFile.write(classifier, to: output) }
        let summary = TrainingSummaryOutput(
            documentCount: totals.documents, source: stream.source, classifier: classifier, output: output,
            timing: .streamed(passes: passes, bytes: totals.bytes), totalSeconds: trainSeconds + writeSeconds)
        if json { emit(summary.json.serialized) } else { summary.lines.forEach(emit) }
    }

    private static func describe(_ purpose: StreamingEvent.Purpose) -> String {
        switch purpose {
        case .documentFrequencies: "document frequencies"
        case .training(let pass, let count): count == 1 ? "training" : "training \(pass)/\(count)"
        }
    }
}
