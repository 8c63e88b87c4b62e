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

    @Option(help: "Threads for vectorizing and predicting (results do not depend on it).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        try reportingErrors {
            let classifier = try ModelLocation.load(model)
            let reader = DatasetReader(format: input.format, textField: input.textField, labelFields: classifier.fieldNames)
            let (dataset, readSeconds) = try timed { try reader.read(contentsOf: input.data) }
            let (evaluation, predictSeconds) = try timed { try classifier.evaluation(on: dataset, threads: max(1, threads)) }
            let output = EvaluationOutput(evaluation: evaluation, readSeconds: readSeconds, predictSeconds: predictSeconds)
            if json { emit(output.json.serialized) } else { output.lines.forEach(emit) }
        }
    }
}
