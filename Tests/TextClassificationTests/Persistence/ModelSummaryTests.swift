import Foundation
@testable import TextClassification
import XCTest

/// The model summary served by `GET /v1/model`, and the SHA-256 behind its file hash.
final class ModelSummaryTests: XCTestCase {
    func testSHA256KnownVectors() {
        // FIPS 180-4 examples, plus lengths around the 55/56/64-byte padding boundaries (checked
        // against `sha256sum`).
        XCTAssertEqual(SHA256.hexDigest(of: []), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 55)),
                       "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 64)),
                       "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        XCTAssertEqual(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testSummaryOfTheGoldenFile() throws {
        let path = try XCTUnwrap(Bundle.module.url(forResource: "golden-v1", withExtension: "textclf", subdirectory: "Fixtures")).path
        let (classifier, summary) = try ModelFile.readWithSummary(from: path)
        // `sha256sum Tests/TextClassificationTests/Fixtures/golden-v1.textclf`
        XCTAssertEqual(summary.sha256, "0b307ec1ffd6f06aa53332342da8b4a37dfd2e7a38b2983c4309506b8bce4410")
        XCTAssertEqual(summary.formatVersion, 1)
        XCTAssertEqual(summary.fields.map(\.name), ["topic", "stance"])
        XCTAssertEqual(summary.fields.map(\.algorithm), ["lr", "nb"])
        XCTAssertEqual(summary.fields.map(\.classes), [["guarantees", "territory"], ["against", "favor"]])
        XCTAssertEqual(summary.features.map(\.ngramRange), [[1, 2]])
        XCTAssertEqual(summary.features.map(\.analyzer), ["word"])
        XCTAssertTrue(summary.features[0].sublinearTF)
        XCTAssertEqual(summary.featureCount, classifier.vectorizer.featureCount)

        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["format_version", "sha256", "features", "feature_count", "fields"])
        let block = try XCTUnwrap((object["features"] as? [[String: Any]])?.first)
        XCTAssertEqual(block["ngram_range"] as? [Int], [1, 2])
        XCTAssertEqual(block["norm"] as? String, "l2")
    }

    func testSummaryOfAVersion2UnionWithAHashedBlock() throws {
        let path = try XCTUnwrap(Bundle.module.url(forResource: "golden-v2", withExtension: "textclf", subdirectory: "Fixtures")).path
        let (_, summary) = try ModelFile.readWithSummary(from: path)
        XCTAssertEqual(summary.formatVersion, 2)
        XCTAssertEqual(summary.features.map(\.analyzer), ["word", "char_wb"])
        XCTAssertEqual(summary.features.map(\.hashBits), [nil, 10])
        XCTAssertEqual(summary.features[1].featureCount, 1024)
        XCTAssertNil(summary.features[1].tokenizer)
        XCTAssertEqual(summary.featureCount, summary.features[0].featureCount + 1024)
    }

    func testSummaryOfAMissingFileThrows() {
        let error = thrownError(ModelFileError.self) { try ModelFile.readWithSummary(from: "/nonexistent/model.textclf") }
        XCTAssertEqual(error?.problem, "no such file")
    }
}
