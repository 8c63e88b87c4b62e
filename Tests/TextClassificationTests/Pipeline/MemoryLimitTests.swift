import Foundation
import TextClassification
import XCTest

final class MemoryLimitTests: XCTestCase {
    private func manyLabels(_ count: Int) -> Dataset {
        Dataset(source: "many", fieldNames: ["label"], texts: (0 ..< count).map { "document \($0) about things" },
                labels: ["label": (0 ..< count).map { "class \($0)" }])
    }

    func testOneClassPerDocumentWithLogisticRegressionIsRefusedBeforeFitting() {
        let estimator = TextClassifierEstimator(algorithm: .logisticRegression(LogisticRegression()))
        let error = thrownError(ModelTooLarge.self) { try estimator.limitingMemory(to: 8 << 30, for: manyLabels(100_000)) }
        // Per-document scores alone: 100,000 documents × 100,000 classes × 16 bytes.
        XCTAssertEqual(error?.estimatedBytes, 100_000 * 100_000 * 16)
        XCTAssertEqual(error?.maximumBytes, 8 << 30)
        XCTAssertEqual(error?.documents, 100_000)
        XCTAssertEqual(error?.classCounts, [.init(field: "label", classes: 100_000)])
        XCTAssertEqual(error?.featureCountIsLowerBound, true)
    }

    func testAVocabularyTooLargeForTheBudgetStopsOnceCounted() throws {
        let data = toyCorpus(documents: 120)
        let estimator = TextClassifierEstimator(vectorizer: TFIDFVectorizer(ngramRange: 1 ... 2),
                                                algorithm: .complementNaiveBayes(ComplementNaiveBayes()))
        let features = try estimator.vectorizer.fitted(to: data.texts).featureCount
        // Each feature: 4 padded classes of each of 2 fields stored, plus 4 × 24 working bytes.
        let perFeature = 2 * 4 * 8 + 4 * 24
        let limited = try estimator.limitingMemory(to: features * perFeature - 1, for: data)
        let error = thrownError(ModelTooLarge.self) { try limited.fitted(to: data) }
        XCTAssertEqual(error?.featureCount, features)
        XCTAssertEqual(error?.featureCountIsLowerBound, false)
        XCTAssertEqual(error?.estimatedBytes, features * perFeature)
        // At the estimate exactly, the fit is the unlimited one, byte for byte.
        let fitted = try estimator.limitingMemory(to: features * perFeature, for: data).fitted(to: data)
        XCTAssertEqual(try ModelFile.encode(fitted), try ModelFile.encode(try estimator.fitted(to: data)))
    }

    func testHashedFeaturesAreCheckedBeforeVectorizing() {
        let data = toyCorpus(documents: 40)
        let estimator = TextClassifierEstimator(
            features: FeatureUnion([TFIDFVectorizer(hashing: FeatureHashing(bits: 24)), TFIDFVectorizer(ngramRange: 2 ... 2)]),
            algorithm: .naiveBayes(MultinomialNaiveBayes()))
        let error = thrownError(ModelTooLarge.self) { try estimator.limitingMemory(to: 1 << 30, for: data) }
        XCTAssertEqual(error?.featureCount, 1 << 24)
        XCTAssertEqual(error?.featureCountIsLowerBound, true, "the vocabulary block is not counted yet")
    }

    func testALimitBelowOneByteIsAnInvalidParameter() {
        let error = thrownError(InvalidParameter.self) {
            try TextClassifierEstimator().limitingMemory(to: 0, for: toyCorpus(documents: 10))
        }
        XCTAssertEqual(error?.name, "maximumModelBytes")
        XCTAssertGreaterThan(TextClassifierEstimator.defaultMaximumMemoryBytes, 0)
    }

    func testAMinimumDocumentFrequencyAboveTheDocumentsBlamesTheMinimum() {
        let error = thrownError(InvalidParameter.self) {
            try TextClassifierEstimator(vectorizer: TFIDFVectorizer(minDF: .count(6000))).fitted(to: toyCorpus(documents: 50))
        }
        XCTAssertEqual(error?.name, "minDF")
        XCTAssertEqual(error?.requirement, "at most the number of documents (50)")
    }
}
