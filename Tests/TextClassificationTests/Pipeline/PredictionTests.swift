import Foundation
import TextClassification
import XCTest

final class PredictionTests: XCTestCase {
    /// Two fields, so keyed lookup and field order are both exercised.
    private func classifier() throws -> TextClassifier {
        let training = Dataset(
            source: "train.jsonl", fieldNames: ["topic", "stance"],
            texts: ["donbas territory land", "land border donbas cede", "security guarantees nato", "nato treaty guarantees refuse",
                    "troops drones front", "front artillery troops refuse"],
            labels: ["topic": ["territory", "territory", "guarantees", "guarantees", "military", "military"],
                     "stance": ["favor", "favor", "none", "against", "none", "against"]])
        return try TextClassifierEstimator(algorithm: .logisticRegression(LogisticRegression(c: 10))).fitted(to: training)
    }

    private let texts = ["cede the donbas land", "nato guarantees", "", "troops at the front refuse", "unseen words only"]

    func testPredictionIsKeyedByFieldInTheModelsOrder() throws {
        let prediction = try classifier().prediction(for: "cede the donbas land")
        XCTAssertEqual(prediction.map(\.field), ["topic", "stance"])
        XCTAssertEqual(prediction["topic"]?.label, "territory")
        XCTAssertEqual(prediction["stance"]?.label, "favor")
        XCTAssertNil(prediction["colour"])
        let topic = try XCTUnwrap(prediction["topic"])
        XCTAssertEqual(topic.probabilities.map(\.label), ["guarantees", "military", "territory"])
        XCTAssertEqual(topic.probabilities.map(\.probability).reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertEqual(topic.confidence, topic.probabilities.map(\.probability).max()!)
        XCTAssertEqual(topic.top(1).first?.label, "territory")
        XCTAssertEqual(topic.top(10).count, 3)
        XCTAssertEqual(topic.top(-1).count, 0)
        XCTAssertEqual(topic.top(3).map(\.probability), topic.probabilities.map(\.probability).sorted(by: >))
    }

    func testBatchGivesOnePredictionPerDocumentLikeTheSingleCall() throws {
        let classifier = try classifier()
        for threads in [1, 2] {
            let batch = classifier.predictions(for: texts, threads: threads)
            XCTAssertEqual(batch.count, texts.count)
            for (text, predicted) in zip(texts, batch) {
                let single = classifier.prediction(for: text)
                XCTAssertEqual(predicted.map(\.field), single.map(\.field))
                XCTAssertEqual(predicted.map(\.label), single.map(\.label), text)
                for (a, b) in zip(predicted, single) {
                    XCTAssertEqual(a.probabilities.map(\.label), b.probabilities.map(\.label))
                    for (p, q) in zip(a.probabilities, b.probabilities) {
                        XCTAssertEqual(p.probability, q.probability, accuracy: 1e-6, "\(text): \(a.field) \(p.label)")
                    }
                }
            }
        }
        XCTAssertEqual(classifier.predictions(for: []), [])
    }

    func testPreparedForServingPredictsExactlyTheSameInEitherPrecision() throws {
        let trained = try classifier()
        for model in [trained, trained.converted(to: .float32)] {
            let served = model.preparedForServing()
            for text in texts { XCTAssertEqual(served.prediction(for: text), model.prediction(for: text), text) }
        }
    }

    func testPredictionRoundTripsThroughJSON() throws {
        let prediction = try classifier().prediction(for: "nato guarantees")
        let data = try JSONEncoder().encode(prediction)
        XCTAssertEqual(try JSONDecoder().decode(Prediction.self, from: data), prediction)
    }

    func testDecodingRefusesAFieldNamedTwice() throws {
        let field = #"{"field": "topic", "label": "a", "probabilities": [{"label": "a", "probability": 1}]}"#
        let twice = Data(#"{"fields": [\#(field), \#(field)]}"#.utf8)
        XCTAssertNotNil(thrownError(DecodingError.self) { try JSONDecoder().decode(Prediction.self, from: twice) })
        let once = Data(#"{"fields": [\#(field)]}"#.utf8)
        XCTAssertEqual(try JSONDecoder().decode(Prediction.self, from: once)["topic"]?.confidence, 1)
    }

    func testUnknownFieldNamesThrowInsteadOfGivingNothing() throws {
        let dataset = Dataset(source: "d.jsonl", fieldNames: ["topic"], texts: ["a", "b", "c", "d"], labels: ["topic": ["x", "x", "y", "y"]])
        let error = thrownError(InvalidParameter.self) { try dataset.labels(of: "stance") }
        XCTAssertEqual(error?.name, "field")
        XCTAssertEqual(error?.value, "stance")
        let stratified = thrownError(InvalidParameter.self) {
            try CrossValidation(folds: 2, stratifyBy: "nope").foldAssignments(for: dataset)
        }
        XCTAssertEqual(stratified?.name, "stratifyBy")
        XCTAssertEqual(stratified?.value, "nope")
    }

    func testLibraryDefaultsAreTheCommandLinesDocumentedOnes() {
        let regression = LogisticRegression()
        XCTAssertEqual(regression.maxIterations, 1000)
        XCTAssertEqual(regression.c, 1)
        XCTAssertEqual(regression.tolerance, 1e-4)
        XCTAssertEqual(CrossValidation().folds, 5)
        XCTAssertEqual(MultinomialNaiveBayes().alpha, 1)
    }

    func testAlgorithmNamesComeFromOneList() {
        XCTAssertEqual(ClassifierAlgorithm.Kind.allCases.map(\.rawValue), ["lr", "nb", "cnb"])
        XCTAssertEqual(ClassifierAlgorithm.Kind.namesInProse, "lr, nb or cnb")
        let algorithms: [ClassifierAlgorithm] = [.logisticRegression(.init()), .naiveBayes(.init()), .complementNaiveBayes(.init())]
        XCTAssertEqual(algorithms.map(\.kind), ClassifierAlgorithm.Kind.allCases)
        XCTAssertEqual(algorithms.map(\.shortName), ["lr", "nb", "cnb"])
    }
}
