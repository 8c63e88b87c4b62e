import Foundation
import XCTest
@testable import TextClassification

/// Imports the tiny PipelineModels Spark trained in Fixtures/spark (scripts/spark/make_fixtures.py)
/// and checks textclf's probabilities against the ones Spark's `transform` gave, recorded in
/// Fixtures/spark/expected.json.
final class SparkImportTests: XCTestCase {
    private struct Expected: Decodable {
        struct Model: Decodable {
            let labels: [String]
            let cases: [Case]
        }

        struct Case: Decodable {
            let text: String
            let probabilities: [Double]
            let prediction: String
        }

        let models: [String: Model]
    }

    private func fixture(_ name: String) throws -> String {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "spark", withExtension: nil, subdirectory: "Fixtures"))
        return folder.appendingPathComponent(name).path
    }

    private func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: try fixture("expected.json"))))
    }

    private func assertAgreesWithSpark(_ classifier: TextClassifier, _ model: Expected.Model, name: String) {
        XCTAssertEqual(classifier.fields.map(\.classes), [model.labels], name)
        for item in model.cases {
            let field = classifier.prediction(for: item.text).fields[0]
            XCTAssertEqual(field.label, item.prediction, "\(name): \(item.text)")
            for (ours, theirs) in zip(field.probabilities.map(\.probability), item.probabilities) {
                XCTAssertEqual(ours, theirs, accuracy: 1e-6, "\(name): \(item.text)")
            }
        }
    }

    func testImportedPipelinesGiveSparksProbabilities() throws {
        let expected = try expected()
        XCTAssertEqual(Set(expected.models.keys), ["nb-bigram", "cnb-words", "lr-binary", "lr-binomial"])
        for (name, model) in expected.models {
            let classifier = try SparkPipelineImporter.classifier(at: try fixture(name))
            XCTAssertEqual(classifier.fieldNames, ["topic"])
            assertAgreesWithSpark(classifier, model, name: name)
            // The model file keeps every Spark option: a saved and reloaded model scores the same.
            let reloaded = try ModelFile.decode(try ModelFile.encode(classifier), path: "\(name).textclf")
            assertAgreesWithSpark(reloaded, model, name: "\(name) reloaded")
            XCTAssertEqual(reloaded.fields[0].model.algorithm, classifier.fields[0].model.algorithm)
            XCTAssertEqual(reloaded.vectorizer.blocks[0].configuration, classifier.vectorizer.blocks[0].configuration)
        }
    }

    func testAlgorithmsAndOptionsAreRecorded() throws {
        let nb = try SparkPipelineImporter.classifier(at: try fixture("nb-bigram"))
        XCTAssertEqual(nb.fields[0].model.algorithm, .spark(.naiveBayes(complement: false, smoothing: 0.5)))
        let options = nb.vectorizer.blocks[0].configuration
        XCTAssertEqual(options.analyzer.kind, .sparkRegex)
        XCTAssertEqual(options.analyzer.ngramRange, 2 ... 2)
        XCTAssertEqual(options.analyzer.regexTokenizer.pattern, "[^a-z0-9]+")
        XCTAssertEqual(options.sparkHashing, try SparkHashing(featureCount: 1000))
        let binomial = try SparkPipelineImporter.classifier(at: try fixture("lr-binomial"))
        XCTAssertEqual(binomial.fields[0].model.algorithm.shortName, "spark-lr")
        guard case .spark(let estimator) = binomial.fields[0].model.algorithm else { return XCTFail("not a Spark model") }
        XCTAssertEqual(estimator.family, "binomial")
        XCTAssertEqual(estimator.regParam, 0.01)
    }

    func testJSONValuesKeepBooleansApartFromNumbers() throws {
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(#"[true, 1, 0, null, "a", {"k": [2.5, false]}]"#.utf8))
        XCTAssertEqual(decoded, .array([.bool(true), .number(1), .number(0), .null, .string("a"),
                                        .object(["k": .array([.number(2.5), .bool(false)])])]))
    }

    func testUnsupportedStageIsRefusedByName() throws {
        let error = thrownError(SparkImportError.self) { try SparkPipelineImporter.classifier(at: try fixture("unsupported-stopwords")) }
        XCTAssertEqual(error?.problem.contains("unsupported stage StopWordsRemover"), true, error?.problem ?? "")
        XCTAssertFalse(error?.description.contains("\n") ?? true)
    }

    /// The nb-bigram interchange file with `edit` applied to its stage `index`'s metadata or data.
    private func edited(stage index: Int, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        let path = try fixture("nb-bigram/\(SparkPipelineImporter.interchangeFileName)")
        var document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var stages = try XCTUnwrap(document["stages"] as? [[String: Any]])
        edit(&stages[index])
        document["stages"] = stages
        return try JSONSerialization.data(withJSONObject: document)
    }

    private func setting(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
        { stage in
            var metadata = stage["metadata"] as! [String: Any]
            var parameters = metadata["paramMap"] as! [String: Any]
            parameters[key] = value
            metadata["paramMap"] = parameters
            stage["metadata"] = metadata
        }
    }

    func testUnsupportedOptionsAreRefusedByName() throws {
        let cases: [(Int, (inout [String: Any]) -> Void, String)] = [
            (5, setting("modelType", "bernoulli"), "modelType bernoulli is not supported"),
            (5, setting("modelType", "gaussian"), "modelType gaussian is not supported"),
            (5, setting("thresholds", [0.5, 0.2, 0.2, 0.1]), "thresholds are not supported"),
            (1, setting("pattern", "\\s+|,"), "pattern must be one character class"),
            (3, setting("numFeatures", 999), "has 1000 idf weights for 999 HashingTF features"),
            (3, setting("inputCol", "tokens"), "reads \"tokens\", but the stage before writes \"ngrams\""),
            (3, { stage in
                var metadata = stage["metadata"] as! [String: Any]
                metadata["sparkVersion"] = "2.4.8"
                stage["metadata"] = metadata
            }, "saved by Spark 2.4.8"),
            (4, { stage in
                var data = stage["data"] as! [String: Any]
                var idf = data["idf"] as! [Double]
                idf[7] += 0.5
                data["idf"] = idf
                stage["data"] = data
            }, "idf of column 7"),
            (5, { stage in
                var data = stage["data"] as! [String: Any]
                data["pi"] = [0.1, 0.2]
                stage["data"] = data
            }, "theta is 4×1000, but there are 2 classes"),
        ]
        for (index, edit, expected) in cases {
            let data = try edited(stage: index, edit)
            let error = thrownError(SparkImportError.self) { try SparkPipelineImporter.classifier(interchange: data, path: "x.json") }
            XCTAssertEqual(error?.problem.contains(expected), true, "expected \"\(expected)\", got \"\(error?.problem ?? "nothing")\"")
        }
        let notInterchange = thrownError(SparkImportError.self) { try SparkPipelineImporter.classifier(interchange: Data("{}".utf8), path: "x.json") }
        XCTAssertEqual(notInterchange?.problem.hasPrefix("not a textclf interchange file"), true, notInterchange?.problem ?? "")
        let array = thrownError(SparkImportError.self) { try SparkPipelineImporter.classifier(interchange: Data("[1, 2]".utf8), path: "x.json") }
        XCTAssertEqual(array?.problem, "not a textclf interchange file: the top level is not a JSON object")
    }

    func testAFolderWithoutInterchangeOrWithAStaleOneIsExplained() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: URL(fileURLWithPath: try fixture("nb-bigram")), to: folder)
        let interchange = folder.appendingPathComponent(SparkPipelineImporter.interchangeFileName)
        let saved = try Data(contentsOf: interchange)
        try FileManager.default.removeItem(at: interchange)
        let missing = thrownError(SparkImportError.self) { try SparkPipelineImporter.classifier(at: folder.path) }
        XCTAssertEqual(missing?.problem.contains("scripts/spark/export.py"), true, missing?.problem ?? "")
        // The export of another save of the model: its pipeline uid differs from the folder's.
        let other = String(decoding: saved, as: UTF8.self).replacingOccurrences(of: "\"uid\":\"PipelineModel_", with: "\"uid\":\"PipelineModel_x")
        try Data(other.utf8).write(to: interchange)
        let stale = thrownError(SparkImportError.self) { try SparkPipelineImporter.classifier(at: folder.path) }
        XCTAssertEqual(stale?.problem.contains("export it again"), true, stale?.problem ?? "")
    }

    func testModelFileRefusesBadSparkFieldsWithOneReason() throws {
        let bytes = try ModelFile.encode(try SparkPipelineImporter.classifier(at: try fixture("nb-bigram")))
        func analyzer(_ key: String, _ value: Any?) -> (inout [String: Any]) -> Void {
            { header in
                var blocks = header["features"] as! [[String: Any]]
                var analyzer = blocks[0]["analyzer"] as! [String: Any]
                analyzer[key] = value
                blocks[0]["analyzer"] = analyzer
                header["features"] = blocks
            }
        }
        func hashing(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
            { header in
                var blocks = header["features"] as! [[String: Any]]
                var hashing = blocks[0]["spark_hashing"] as! [String: Any]
                hashing[key] = value
                blocks[0]["spark_hashing"] = hashing
                header["features"] = blocks
            }
        }
        func algorithm(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
            { header in
                var fields = header["fields"] as! [[String: Any]]
                var algorithm = fields[0]["algorithm"] as! [String: Any]
                algorithm[key] = value
                fields[0]["algorithm"] = algorithm
                header["fields"] = fields
            }
        }
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("pattern must be one character class", analyzer("pattern", "(a|b)")),
            ("lacks pattern, gaps or min_token_length", analyzer("gaps", nil)),
            ("minTokenLength must be from 0", analyzer("min_token_length", -2)),
            ("tokenizer \"spark-regex-tokenizer-9\"", analyzer("tokenizer", "spark-regex-tokenizer-9")),
            ("a single length for Spark's NGram", analyzer("ngram_max", 3)),
            ("hashes with \"murmurhash3-x86-32-seed-0\"", hashing("function", "murmurhash3-x86-32-seed-0")),
            ("but Spark's numFeatures is 999", hashing("num_features", 999)),
            ("numFeatures must be from 1", hashing("num_features", 0)),
            ("smoothing must be in", algorithm("smoothing", -1)),
            ("records options of textclf's own estimators", algorithm("alpha", 1)),
            ("unknown key \"header.features[0].spark_hashing.seed\"", hashing("seed", 42)),
            ("records Spark tokenizer options for a word analyzer", analyzer("kind", "word")),
        ]
        for (expected, edit) in cases {
            let error = thrownError(ModelFileError.self) { try ModelFile.decode(try rewritingModelHeader(bytes, edit), path: "m") }
            XCTAssertEqual(error?.problem.contains(expected), true, "expected \"\(expected)\", got \"\(error?.problem ?? "loaded")\"")
        }
    }
}
