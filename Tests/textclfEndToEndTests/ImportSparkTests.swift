import Foundation
import XCTest

/// `textclf import-spark` on the tiny PipelineModels Spark trained in
/// Tests/TextClassificationTests/Fixtures/spark (scripts/spark/make_fixtures.py), then the
/// imported models through `classify`, `evaluate`, `inspect` and `serve`, against the
/// probabilities Spark's `transform` recorded in expected.json.
final class ImportSparkTests: XCTestCase {
    private var binary: URL { TextclfRun.binary(for: Self.self) }
    private var folder: URL!
    private let fixtures = ServerProcess.repository.appendingPathComponent("Tests/TextClassificationTests/Fixtures/spark")

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("textclf-spark-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func run(_ arguments: [String], stdin: String = "") throws -> TextclfRun {
        try TextclfRun.run(binary, arguments, in: folder, stdin: Array(stdin.utf8))
    }

    private func expected() throws -> [String: [String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("expected.json")))
        return try XCTUnwrap((object as? [String: Any])?["models"] as? [String: [String: Any]])
    }

    private func imported(_ name: String) throws -> String {
        let model = folder.appendingPathComponent("\(name).textclf").path
        let result = try run(["import-spark", fixtures.appendingPathComponent(name).path, "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines.count, 1)
        XCTAssertTrue(result.stdout.hasPrefix("imported spark-"), result.stdout)
        return model
    }

    func testImportedModelsClassifyAsSparkDid() throws {
        for (name, model) in try expected() {
            let path = try imported(name)
            let labels = try XCTUnwrap(model["labels"] as? [String])
            let cases = try XCTUnwrap(model["cases"] as? [[String: Any]])
            let input = try cases.map { item in
                String(decoding: try JSONSerialization.data(withJSONObject: ["text": item["text"]!]), as: UTF8.self)
            }.joined(separator: "\n") + "\n"
            let result = try run(["classify", "--model", path, "--json"], stdin: input)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdoutLines.count, cases.count)
            for (line, item) in zip(result.stdoutLines, cases) {
                let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let topic = try XCTUnwrap(object["topic"] as? [String: Any])
                XCTAssertEqual(topic["label"] as? String, item["prediction"] as? String, "\(name): \(line)")
                let ours = try XCTUnwrap(topic["probabilities"] as? [String: Double])
                let theirs = try XCTUnwrap(item["probabilities"] as? [Double])
                for (label, probability) in zip(labels, theirs) {
                    XCTAssertEqual(try XCTUnwrap(ours[label]), probability, accuracy: 1e-6, "\(name) \(label): \(line)")
                }
            }
        }
    }

    func testEvaluateInspectAndExplainWorkOnAnImportedModel() throws {
        let path = try imported("lr-binary")
        let cases = try XCTUnwrap(try expected()["lr-binary"]?["cases"] as? [[String: Any]])
        let data = folder.appendingPathComponent("spark-labelled.jsonl")
        let lines = try cases.map { item in
            String(decoding: try JSONSerialization.data(withJSONObject: ["text": item["text"]!, "topic": item["prediction"]!]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(to: data, atomically: true, encoding: .utf8)
        let evaluation = try run(["evaluate", "--model", path, "--data", data.path, "--json"])
        XCTAssertEqual(evaluation.status, 0, evaluation.stderr)
        XCTAssertTrue(evaluation.stdout.contains("\"accuracy\":1"), "Spark's own predictions as labels: \(evaluation.stdout)")
        let inspection = try run(["inspect", "--model", path, "--top", "2"])
        XCTAssertEqual(inspection.status, 0, inspection.stderr)
        XCTAssertTrue(inspection.stdout.contains("field topic: spark-lr"), inspection.stdout)
        XCTAssertTrue(inspection.stdout.contains("Spark HashingTF into 5003 buckets"), inspection.stdout)
        let explained = try run(["classify", "--model", path, "--explain", "Russia launched drones at Kharkiv overnight."])
        XCTAssertEqual(explained.status, 0, explained.stderr)
        XCTAssertTrue(explained.stdout.contains("\"drones\""), "a hashed bucket is named by the document's term: \(explained.stdout)")
    }

    func testServeAnswersWithTheImportedModel() async throws {
        let path = try imported("cnb-words")
        let server = try ServerProcess(["--model", path], logFolder: folder)
        let text = "Russia launched drones at Kharkiv overnight."
        let cli = try run(["classify", "--model", path, "--json", text])
        let reply = try await server.post("/v1/classify", json: ServerProcess.json(["text": text]))
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.text + "\n", cli.stdout)
        let model = try await server.get("/v1/model").object()
        let fields = try XCTUnwrap(model["fields"] as? [[String: Any]])
        XCTAssertEqual(fields.first?["algorithm"] as? String, "spark-cnb")
    }

    func testUnsupportedStagesAndMissingExportsAreOneLineRefusals() throws {
        let output = folder.appendingPathComponent("never.textclf").path
        let refused = try run(["import-spark", fixtures.appendingPathComponent("unsupported-stopwords").path, "--output", output])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderrLines.count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.hasPrefix("textclf: cannot import: "), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("unsupported stage StopWordsRemover"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))

        let copy = folder.appendingPathComponent("no-export")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("nb-bigram"), to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("textclf-interchange.json"))
        let missing = try run(["import-spark", copy.path, "--output", output])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderrLines.count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("python3 scripts/spark/export.py \(copy.path)"), missing.stderr)

        let nothing = try run(["import-spark", folder.appendingPathComponent("absent").path, "--output", output])
        XCTAssertEqual(nothing.status, 1)
        XCTAssertTrue(nothing.stderr.contains("no such file or folder"), nothing.stderr)
    }
}
