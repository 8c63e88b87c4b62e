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

    @Option(parsing: .unconditional, help: "Show the K most probable labels of each field (plain output), or add them as a \"top\" array (JSON).")
    var top = 1

    @Option(help: ArgumentHelp("In JSON Lines input, the field holding the text.", valueName: "name"))
    var textField = "text"

    @Option(help: ArgumentHelp(
        "How standard input's lines are read: text (each line a document), jsonl (each line a JSON object), or auto (the first non-blank line decides for the whole stream).",
        valueName: "format"))
    var input: DocumentLine.Format = .auto

    @Flag(help: "Explain each field's label: the terms that moved the decision most toward it and toward the runner-up.")
    var explain = false

    @Option(parsing: .unconditional, help: ArgumentHelp("With --explain, terms to list each way.", valueName: "k"))
    var terms = 5

    @Argument(help: "Documents to classify; omit to read standard input.")
    var texts: [String] = []

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1.") }
        if terms < 1 { throw ValidationError("--terms must be at least 1.") }
    }

    func run() throws {
        try reportingErrors {
            let classifier = try ModelLocation.load(model)
            if !texts.isEmpty {
                for text in texts { emit(render(text, using: classifier)) }
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
                emit(render(document.text, using: classifier,
                            passThrough: PredictionJSON.passThrough(document.otherFields, reserved: reserved)))
            }
        }
    }

    /// One document's answer: one line, or with `--explain` in plain output, the line followed
    /// by indented lines per field.
    private func render(_ text: String, using classifier: TextClassifier, passThrough: [(String, JSON)] = []) -> String {
        let predictions = classifier.prediction(for: text)
        let explanation = explain ? classifier.explanation(for: text) : nil
        if json {
            return PredictionJSON.document(text: text, predictions: predictions, top: top, leading: passThrough,
                                           explanation: explanation, terms: terms).serialized
        }
        var lines = [predictions.map { prediction in
            "\(prediction.field)=" + prediction.top(top).map { String(format: "%@ (%.2f)", $0.label, $0.probability) }
                .joined(separator: ", ")
        }.joined(separator: "  ")]
        for field in explanation?.fields ?? [] {
            func listed(_ contributions: [TermContribution]) -> String {
                contributions.isEmpty ? "(none)"
                    : contributions.map { "\(FeatureText.display($0.feature)) \(String(format: "%+.3f", $0.contribution))" }.joined(separator: ", ")
            }
            lines.append(String(format: "  %@: %@ over %@ by %.3f (intercept %+.3f)", field.field, field.label, field.runnerUp,
                                field.margin, field.intercept))
            lines.append("    toward \(field.label): " + listed(field.toward(terms)))
            lines.append("    toward \(field.runnerUp): " + listed(field.against(terms)))
        }
        return lines.joined(separator: "\n")
    }
}

extension DocumentLine.Format: ExpressibleByArgument {}
