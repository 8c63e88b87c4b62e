import Foundation
import XCTest
import TextClassification

/// The shipped model (models/ukraine.textclf) loads, knows both fields, and does at least as well
/// on data/test.jsonl as the held-out figures models/README.md states. (Those come from the same
/// recipe trained on data/train.jsonl alone; the shipped refit has also seen the test paragraphs,
/// so this guards against a broken or mismatched model file rather than estimating accuracy.)
final class ShippedModelTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `field accuracy A macro-F1 F` lines of the README.
    func statedFigures() throws -> [String: (accuracy: Double, macroF1: Double)] {
        let readme = try String(contentsOf: root.appendingPathComponent("models/README.md"), encoding: .utf8)
        var figures: [String: (Double, Double)] = [:]
        for line in readme.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 5, words[1] == "accuracy", words[3] == "macro-F1",
               let accuracy = Double(words[2]), let macroF1 = Double(words[4]) {
                figures[String(words[0])] = (accuracy, macroF1)
            }
        }
        return figures
    }

    func testShippedModelReachesTheStatedTestFigures() throws {
        let model = try ModelFile.read(from: root.appendingPathComponent("models/ukraine.textclf").path)
        XCTAssertEqual(model.fieldNames, ["topic", "stance"])
        let figures = try statedFigures()
        XCTAssertEqual(Set(figures.keys), ["topic", "stance"], "models/README.md states figures for both fields")
        let test = try DatasetReader(labelFields: model.fieldNames)
            .read(contentsOf: root.appendingPathComponent("data/test.jsonl").path)
        let evaluation = try model.evaluation(on: test)
        for report in evaluation.fields {
            let stated = try XCTUnwrap(figures[report.field])
            XCTAssertGreaterThanOrEqual(report.accuracy, stated.accuracy - 5e-5, "\(report.field) accuracy")
            XCTAssertGreaterThanOrEqual(report.macroF1, stated.macroF1 - 5e-5, "\(report.field) macro-F1")
        }
    }

    /// The serving layout (both fields' weights interleaved, single precision here) answers
    /// exactly, bit for bit, what the model as loaded answers.
    func testPreparedForServingPredictsExactlyTheSame() throws {
        let model = try ModelFile.read(from: root.appendingPathComponent("models/ukraine.textclf").path)
        let served = model.preparedForServing()
        let test = try DatasetReader(labelFields: model.fieldNames)
            .read(contentsOf: root.appendingPathComponent("data/test.jsonl").path)
        for text in test.texts.prefix(200) + ["", "Kyiv"] {
            XCTAssertEqual(served.prediction(for: text), model.prediction(for: text), text)
        }
        // A one-field model has nothing to interleave and stays as it was.
        let topic = try TextClassifier(vectorizer: model.vectorizer, fields: [model.fields[0]])
        XCTAssertEqual(topic.preparedForServing().prediction(for: test.texts[0]), topic.prediction(for: test.texts[0]))
    }

    func testShippedModelClassifiesTheReadmeExample() throws {
        let model = try ModelFile.read(from: root.appendingPathComponent("models/ukraine.textclf").path)
        let prediction = model.prediction(for: "Kyiv will not cede Donetsk without a referendum, the president said.")
        XCTAssertEqual(prediction.map(\.label), ["territory", "against"])
    }
}
