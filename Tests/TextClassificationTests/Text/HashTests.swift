import XCTest
@testable import TextClassification

final class HashTests: XCTestCase {
    func testMurmurHash3MatchesPublishedValues() {
        // scikit-learn's murmurhash3_32 (seed 0, and Spark's seed 42).
        XCTAssertEqual(Int32(bitPattern: MurmurHash3.hash32("", seed: 0)), 0)
        XCTAssertEqual(Int32(bitPattern: MurmurHash3.hash32("foo", seed: 0)), -156_908_512)
        XCTAssertEqual(Int32(bitPattern: MurmurHash3.hash32("foo", seed: 42)), -1_322_301_282)
        XCTAssertEqual(Int32(bitPattern: MurmurHash3.hash32("the", seed: 42)), -1_772_783_983)
        XCTAssertEqual(Int32(bitPattern: MurmurHash3.hash32("é ”", seed: 0)), 667_696_013)
    }

    func testXXH64MatchesPythonXXHash() {
        func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { XXH64.hash($0) } }
        XCTAssertEqual(hash([]), 0xEF46_DB37_51D8_E999)
        XCTAssertEqual(hash(Array("a".utf8)), 0xD24E_C4F1_A98C_6E5B)
        XCTAssertEqual(hash(Array("abc".utf8)), 0x44BC_2CF5_AD77_0999)
        XCTAssertEqual(hash(Array("textclf model file format two, checksummed".utf8)), 0xF652_8713_0F42_8A98)
        XCTAssertEqual(hash(Array((0 ..< 768).map { UInt8($0 % 256) })), 0x8E03_C838_C596_036F)
    }

    func testXXH64InPiecesEqualsXXH64OfTheWhole() {
        var generator = SeededGenerator(seed: 7)
        let bytes = (0 ..< 1000).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
        for count in [0, 3, 31, 32, 33, 100, 1000] {
            let whole = bytes.prefix(count).withUnsafeBytes { XXH64.hash($0) }
            // Cuts at every remainder of the 32-byte stripe, and empty pieces.
            for piece in [1, 5, 31, 32, 45] {
                var stream = XXH64.Stream()
                var start = 0
                while start < count {
                    let end = min(start + piece, count)
                    bytes[start ..< end].withUnsafeBytes { stream.update($0) }
                    stream.update(UnsafeRawBufferPointer(start: nil, count: 0))
                    start = end
                }
                XCTAssertEqual(stream.finalize(), whole, "\(count) bytes in pieces of \(piece)")
            }
        }
    }

    func testHashingRejectsOutOfRangeBitsAndPruning() {
        XCTAssertEqual(thrownError(InvalidParameter.self) { try FeatureHashing(bits: 31).validate() }?.name, "hashBits")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try FeatureHashing(bits: 0).validate() }?.name, "hashBits")
        let pruned = TFIDFVectorizer(minDF: .count(2), hashing: FeatureHashing(bits: 10))
        XCTAssertEqual(thrownError(InvalidParameter.self) { try pruned.validate() }?.name, "hashing")
        let signedSublinear = TFIDFVectorizer(sublinearTF: true, hashing: FeatureHashing(bits: 10, alternateSign: true))
        XCTAssertEqual(thrownError(InvalidParameter.self) { try signedSublinear.validate() }?.name, "sublinearTF")
    }

    func testNaiveBayesRefusesSignedHashedFeatures() throws {
        let documents = ["alpha beta gamma", "delta epsilon zeta", "eta theta iota", "kappa lambda mu"]
        let (_, features) = try TFIDFVectorizer(hashing: FeatureHashing(bits: 4, alternateSign: true)).fittedWithFeatures(to: documents)
        XCTAssertTrue(features.values.contains { $0 < 0 }, "this corpus should hash some term to a negative count")
        for estimator in [MultinomialNaiveBayes() as any ClassifierEstimator, ComplementNaiveBayes()] {
            let error = thrownError(TrainingError.self) { try estimator.fitted(to: features, labels: [0, 1, 0, 1], classCount: 2, threads: 1) }
            XCTAssertEqual(error?.message.contains("non-negative feature values"), true, error?.message ?? "no error")
        }
        XCTAssertNoThrow(try LogisticRegression().fitted(to: features, labels: [0, 1, 0, 1], classCount: 2, threads: 1))
    }
}

final class TermTableTests: XCTestCase {
    /// The batched lookup answers as one lookup at a time does, in order, on a crowded table
    /// where many keys share home slots (so probing past the home slot is exercised).
    func testBatchedLookupMatchesSingleLookups() {
        var random = SeededGenerator(seed: 11)
        var table = TermTable(capacity: 40)
        var stored: [UInt64] = []
        for value in 0 ..< 40 {
            // Keys that differ only above the mask collide at home.
            let key = UInt64.random(in: 0 ... 7, using: &random) | UInt64(value + 1) << 40
            table.insert(key, value: Int32(value))
            stored.append(key)
        }
        table.insert(0, value: 99) // stored as 1: the reserved empty key must still be found
        let queries = (0 ..< 300).map { index -> UInt64 in
            switch index % 3 {
            case 0: stored[index % stored.count]
            case 1: UInt64.random(in: 0 ... UInt64.max, using: &random)
            default: index % 2 == 0 ? 0 : UInt64(index) << 40
            }
        }
        var batched: [Int32] = []
        queries.withUnsafeBufferPointer { table.forEachValue(of: $0) { batched.append($0) } }
        XCTAssertEqual(batched, queries.compactMap { table.value(for: $0) })
        XCTAssertTrue(batched.contains(99))
        XCTAssertGreaterThan(batched.count, 100)
    }
}
