import ArgumentParser
import Foundation
import TextClassification

/// `textclf evaluate`: accuracy, macro-F1, per-class metrics and confusion matrices.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a model on labelled data: per-class metrics and confusion matrices.")

    @Option(help: ArgumentHelp("The model file (default: $TEXTCLF_MODEL or the shipped model).", valueName: "file"))
    var model: String?

    @OptionGroup var input: DataOptions

    @Flag(help: "Print one JSON object instead of tables.")
    var json = false

    @Option(help: ArgumentHelp("Also write a self-contained HTML report (metrics, confusion heat maps, the misclassified documents).",
                               valueName: "file.html"))
    var report: String?

    @Option(help: ArgumentHelp("Also write one JSON line per document: id, line, text, and per field the gold and predicted labels and the probabilities.",
                               valueName: "file.jsonl"))
    var predictions: String?

    @Option(parsing: .unconditional, help: "Threads for vectorizing and predicting (results do not depend on it).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The longest record (line, or CSV record) read from the data, in bytes.", valueName: "bytes"))
    var maxRecordBytes = DatasetReader.defaultMaximumRecordBytes

    func run() throws {
        try reportingErrors {
            if threads < 1 { throw CommandFailure.usage("--threads must be at least 1; got \(threads)") }
            // Checked first: a typo in an output folder should not cost a whole evaluation.
            let reportFile = try report.map(OutputFile.init(checking:))
            let predictionsFile = try predictions.map(OutputFile.init(checking:))
            if let report, let predictions, URL(fileURLWithPath: report).standardized == URL(fileURLWithPath: predictions).standardized {
                throw CommandFailure.usage("--report and --predictions name the same file: \(report)")
            }
            let modelPath = try ModelLocation.path(model)
            let classifier = try ModelFile.read(from: modelPath)
            if predictionsFile != nil, let clash = classifier.fieldNames.first(where: PredictionsJSONLines.ownKeys.contains) {
                throw CommandFailure("cannot write --predictions: the model's field \"\(clash)\" would clash with the key of the same name in each line")
            }
            let reader = DatasetReader(format: input.format, textField: input.textField, labelFields: classifier.fieldNames,
                                       maximumRecordBytes: maxRecordBytes)
            try reader.validate()
            let wantsDocuments = reportFile != nil || predictionsFile != nil
            if !wantsDocuments {
                // Only the confusion matrices are kept: memory stays bounded however large the data.
                let stream = DatasetStream(reader: reader, path: input.data)
                let ((evaluation, predictSeconds), seconds) = try timed {
                    try classifier.evaluationWithTimings(on: stream, threads: threads)
                }
                let output = EvaluationOutput(evaluation: evaluation, readSeconds: seconds - predictSeconds, predictSeconds: predictSeconds)
                if json { emit(output.json.serialized) } else { output.lines.forEach(emit) }
                return
            }
            let ((dataset, ids), readSeconds) = try timed {
                wantsDocuments ? try DocumentIDs.read(input.data, with: reader) : (try reader.read(contentsOf: input.data), [])
            }
            let (evaluation, predictSeconds) = try timed { try classifier.evaluation(on: dataset, threads: threads) }
            if wantsDocuments {
                let documents = classifier.predictions(for: dataset.texts, threads: threads)
                if let predictionsFile {
                    let lines = try PredictionsJSONLines.lines(dataset: dataset, ids: ids, predictions: documents)
                    try predictionsFile.write(Array(lines.map { $0 + "\n" }.joined().utf8))
                }
                if let reportFile {
                    let page = try EvaluationReportHTML(evaluation: evaluation, classifier: classifier, dataset: dataset,
                                                        predictions: documents, ids: ids, modelPath: modelPath,
                                                        dataPath: dataset.source)
                    try reportFile.write(Array(page.html.utf8))
                }
            }
            let output = EvaluationOutput(evaluation: evaluation, readSeconds: readSeconds, predictSeconds: predictSeconds)
            if json { emit(output.json.serialized) } else { output.lines.forEach(emit) }
        }
    }
}
