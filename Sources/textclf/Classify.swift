import ArgumentParser
import Foundation
import TextClassification

/// `textclf classify`: label documents given as arguments or on standard input.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify text with a trained model.",
        discussion: """
            With no TEXT, reads standard input: one document per line, or JSON Lines objects with a \
            text field. Prints one line per document as soon as it is classified.
            Example:
              textclf classify "Kyiv will not cede Donetsk without a referendum."
            """
    )

    @Option(help: ArgumentHelp("The model file (default: $TEXTCLF_MODEL or the shipped model).", valueName: "file"))
    var model: String?

    @Flag(help: "Print JSON Lines: {\"text\": …, \"<field>\": {\"label\": …, \"probabilities\": {…}}, …}.")
    var json = false

    @Option(help: "Show the K most probable labels of each field (plain output) or list them first (JSON).")
    var top = 1

    @Option(help: ArgumentHelp("In JSON Lines input, the field holding the text.", valueName: "name"))
    var textField = "text"

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
            var lineNumber = 0
            while let line = readLine(strippingNewline: true) {
                lineNumber += 1
                let trimmed = line.hasSuffix("\r") ? String(line.dropLast()) : line
                guard !trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
                let text = try DocumentLine.text(of: trimmed, field: textField, source: "<stdin>", lineNumber: lineNumber)
                emit(render(text, classifier.prediction(for: text)))
            }
        }
    }

    private func render(_ text: String, _ predictions: Prediction) -> String {
        if json {
            return PredictionJSON.document(text: text, predictions: predictions, ranked: top > 1).serialized
        }
        return predictions.map { prediction in
            "\(prediction.field)=" + prediction.top(top).map { String(format: "%@ (%.2f)", $0.label, $0.probability) }
                .joined(separator: ", ")
        }.joined(separator: "  ")
    }
}
