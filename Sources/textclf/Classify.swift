import ArgumentParser
import Foundation
import TextClassification

/// `textclf classify`: label documents given as arguments or on standard input.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify text with a trained model.",
        discussion: """
            With no TEXT, reads standard input: one document per line, or JSON Lines objects with a \
            text field (their other fields are copied to the output). Prints one line per input \
            line, blank lines included, as soon as it is classified.
            Example:
              textclf classify "Kyiv will not cede Donetsk without a referendum."
            """
    )

    @Option(help: ArgumentHelp("The model file (default: $TEXTCLF_MODEL or the shipped model).", valueName: "file"))
    var model: String?

    @Flag(help: "Print JSON Lines: {\"text\": …, \"<field>\": {\"label\": …, \"probabilities\": {…}}, …}.")
    var json = false

    @Option(help: "Show the K most probable labels of each field (plain output), or add them as a \"top\" array (JSON).")
    var top = 1

    @Option(help: ArgumentHelp("In JSON Lines input, the field holding the text.", valueName: "name"))
    var textField = "text"

    @Option(help: ArgumentHelp(
        "How standard input's lines are read: text (each line a document), jsonl (each line a JSON object), or auto (the first non-blank line decides for the whole stream).",
        valueName: "format"))
    var input: DocumentLine.Format = .auto

    @Argument(help: "Documents to classify; omit to read standard input.")
    var texts: [String] = []

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1.") }
    }

    func run() throws {
        try reportingErrors {
            let classifier = try ModelLocation.load(model)
            if !texts.isEmpty {
                for text in texts { emit(render(text, classifier.prediction(for: text))) }
                return
            }
            // Answers never reuse an input's own key: "text" and the label fields are the answer's.
            let reserved = Set(["text"] + classifier.fieldNames)
            var lines = InputLines()
            var format = input
            while let line = try lines.next() {
                if format == .auto, line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                    format = DocumentLine.format(ofFirstLine: line)
                }
                let document = try DocumentLine.parse(line, as: format == .auto ? .text : format, textField: textField,
                                                      source: "<stdin>", lineNumber: lines.lineNumber)
                emit(render(document.text, classifier.prediction(for: document.text),
                            passThrough: PredictionJSON.passThrough(document.otherFields, reserved: reserved)))
            }
        }
    }

    private func render(_ text: String, _ predictions: Prediction, passThrough: [(String, JSON)] = []) -> String {
        if json {
            return PredictionJSON.document(text: text, predictions: predictions, top: top, leading: passThrough).serialized
        }
        return predictions.map { prediction in
            "\(prediction.field)=" + prediction.top(top).map { String(format: "%@ (%.2f)", $0.label, $0.probability) }
                .joined(separator: ", ")
        }.joined(separator: "  ")
    }
}

extension DocumentLine.Format: ExpressibleByArgument {}
