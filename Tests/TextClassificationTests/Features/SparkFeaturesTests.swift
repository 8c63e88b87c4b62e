import XCTest
@testable import TextClassification

final class SparkFeaturesTests: XCTestCase {
    func testIDFIsLogOfDocumentsPlusOneOverFrequencyPlusOne() throws {
        let weights = try SparkIDF.weights(documentFrequencies: [0, 1, 3, 9, 10], documentCount: 10, minDocFreq: 0)
        let expected = [log(11.0 / 1), log(11.0 / 2), log(11.0 / 4), log(11.0 / 10), 0]
        for (weight, value) in zip(weights, expected) { XCTAssertEqual(weight, value, accuracy: 1e-15) }
        XCTAssertEqual(weights[4], 0, "a term in every document weighs nothing, unlike scikit-learn's smooth idf")
    }

    func testIDFGivesZeroBelowMinDocFreq() throws {
        let weights = try SparkIDF.weights(documentFrequencies: [0, 1, 2, 3], documentCount: 5, minDocFreq: 2)
        XCTAssertEqual(weights[0], 0)
        XCTAssertEqual(weights[1], 0)
        XCTAssertEqual(weights[2], log(6.0 / 3), accuracy: 1e-15)
        XCTAssertEqual(weights[3], log(6.0 / 4), accuracy: 1e-15)
        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparkIDF.weights(documentFrequencies: [6], documentCount: 5, minDocFreq: 0) }?.name, "docFreq")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparkIDF.weights(documentFrequencies: [1], documentCount: 5, minDocFreq: -1) }?.name, "minDocFreq")
    }

    func testSparkFeaturesAreHashedCountsOrPresence() throws {
        let analyzer = Analyzer.spark(try SparkRegexTokenizer(pattern: "\\s+"))
        for binary in [false, true] {
            let hashing = try SparkHashing(featureCount: 1000, binary: binary)
            let vectorizer = TFIDFVectorizer.spark(analyzer: analyzer, hashing: hashing)
            try vectorizer.validate()
            let model = try TFIDFModel(configuration: vectorizer, validatingSpace: .sparkHashed(hashing), idf: [])
            let vector = model.features(for: "kyiv Kyiv KYIV a")
            XCTAssertEqual(vector.dimension, 1000)
            let values = Dictionary(uniqueKeysWithValues: zip(vector.indices.map(Int.init), vector.values))
            // Recorded from Spark's HashingTF.indexOf (see SparkAnalyzerTests): kyiv → 187, a → 467.
            XCTAssertEqual(values, [187: binary ? 1 : 3, 467: 1])
        }
    }

    func testSparkFeaturesAreNeverFittedHere() throws {
        let vectorizer = TFIDFVectorizer.spark(analyzer: .spark(SparkRegexTokenizer()), hashing: try SparkHashing(featureCount: 10))
        XCTAssertNotNil(thrownError(TrainingError.self) { try vectorizer.fitted(to: ["a b", "c d"]) })
        var weighted = vectorizer
        weighted.usesIDF = true
        XCTAssertEqual(thrownError(InvalidParameter.self) { try weighted.validate() }?.name, "sparkHashing")
        let mismatched = TFIDFVectorizer(analyzer: .spark(SparkRegexTokenizer()))
        XCTAssertEqual(thrownError(InvalidParameter.self) { try mismatched.validate() }?.name, "analyzer")
    }
}
