import Foundation
import TextClassification
import XCTest

/// The calls the DocC articles (Getting Started, Evaluating a Classifier) show, run as written on
/// part of the repository's training data, so the documentation cannot drift from the API.
final class DocumentationExampleTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testGettingStartedRunsAsWritten() throws {
        let reader = DatasetReader(labelFields: ["topic", "stance"])
        let all = try reader.read(contentsOf: root.appendingPathComponent("data/train.jsonl").path)
        let training = all.subset(Array(0 ..< 300))
        let test = all.subset(Array(300 ..< 450))

        let estimator = TextClassifierEstimator(
            features: FeatureUnion([
                TFIDFVectorizer(ngramRange: 1 ... 2, sublinearTF: true),
                TFIDFVectorizer(analyzer: .characters(2 ... 5, withinWordBoundaries: true),
                                minDF: .count(2), sublinearTF: true),
            ]),
            algorithm: .logisticRegression(LogisticRegression(c: 10, balancesClasses: true)),
            threads: 2)
        let classifier = try estimator.fitted(to: training)

        let hashed = TextClassifierEstimator(
            vectorizer: TFIDFVectorizer(hashing: FeatureHashing(bits: 20)),
            algorithm: .complementNaiveBayes(ComplementNaiveBayes()), threads: 2)
        let big = try hashed.fitted(to: DatasetStream(reader: DatasetReader(labelFields: ["topic"]),
                                                      path: root.appendingPathComponent("data/test.jsonl").path))
        XCTAssertEqual(big.vectorizer.featureCount, 1 << 20)

        let prediction = classifier.prediction(for: "Kyiv will not cede Donetsk without a referendum.")
        let stance = try XCTUnwrap(prediction["stance"])
        XCTAssertEqual(stance.top(2).count, 2)
        XCTAssertEqual(prediction["topic"]?.label, "territory")
        let many = classifier.predictions(for: ["first paragraph", "second paragraph"], threads: 2)
        XCTAssertEqual(many.count, 2)

        let evaluation = try classifier.evaluation(on: test)
        XCTAssertEqual(evaluation.fields.map(\.field), ["topic", "stance"])
        let topic = try XCTUnwrap(evaluation["topic"])
        XCTAssertGreaterThan(topic.accuracy, 0.6, "300 training paragraphs already separate topics")
        XCTAssertEqual(topic.classes.map(\.support).reduce(0, +), 150)
        XCTAssertNil(evaluation["colour"])

        let folder = try makeTemporaryFolder(for: self)
        let path = folder.appendingPathComponent("topic-stance.textclf").path
        try ModelFile.write(classifier, to: path)
        let loaded = try ModelFile.read(from: path)
        XCTAssertEqual(loaded.prediction(for: "Kyiv will not cede Donetsk without a referendum."), prediction)

        XCTAssertEqual(thrownError(InvalidParameter.self) {
            try TextClassifierEstimator(algorithm: .logisticRegression(LogisticRegression(c: 0))).fitted(to: training)
        }?.name, "c")
    }
}
