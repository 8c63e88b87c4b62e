import Foundation
import XCTest

/// `textclf train --stream` through the built binary: the same model file as in-memory training
/// for naive Bayes, on any number of threads, from a file or standard input, and the refusals.
final class StreamingTrainTests: XCTestCase {
    private var binary: URL { TextclfRun.binary(for: Self.self) }
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("textclf-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func run(_ arguments: [String], stdin: [UInt8] = []) throws -> TextclfRun {
        try TextclfRun.run(binary, arguments, in: folder, stdin: stdin)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The news fixture as JSON Lines, several times over.
    private func writeCorpus() throws -> String {
        var lines: [String] = []
        for round in 0 ..< 5 {
            for (text, topic, stance) in NewsFixture.records {
                let object = ["text": "\(text) round \(round)", "topic": topic, "stance": stance]
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            }
        }
        let file = path("train.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    private func train(_ data: String, _ output: String, _ extra: [String], stdin: [UInt8] = []) throws -> TextclfRun {
        try run(["train", "--data", data, "--label-field", "topic", "--label-field", "stance", "--hash-bits", "12",
                 "--output", path(output)] + extra, stdin: stdin)
    }

    private func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    func testStreamedNaiveBayesIsTheInMemoryModelOnAnyThreadsAndFromStandardInput() throws {
        let data = try writeCorpus()
        for algorithm in ["nb", "cnb"] {
            let options = ["--algorithm", algorithm, "--quiet"]
            XCTAssertEqual(try train(data, "memory.textclf", options).status, 0)
            let one = try train(data, "one.textclf", options + ["--stream", "--threads", "1"])
            XCTAssertEqual(one.status, 0, one.stderr)
            XCTAssertTrue(one.stdoutLines.first?.hasPrefix("Trained on 80 documents from \(data)") == true, one.stdout)
            XCTAssertTrue(one.stdoutLines.last?.contains("pass 2 (training)") == true, one.stdout)
            XCTAssertEqual(try train(data, "two.textclf", options + ["--stream", "--threads", "2"]).status, 0)
            XCTAssertEqual(try bytes("one.textclf"), try bytes("memory.textclf"), algorithm)
            XCTAssertEqual(try bytes("two.textclf"), try bytes("one.textclf"), algorithm)

            // Standard input is read once: without idf there is nothing to count first.
            let corpus = Array(try Data(contentsOf: URL(fileURLWithPath: data)))
            XCTAssertEqual(try train(data, "memory-raw.textclf", options + ["--no-idf"]).status, 0)
            let piped = try train("-", "stdin.textclf", options + ["--no-idf", "--stream"], stdin: corpus)
            XCTAssertEqual(piped.status, 0, piped.stderr)
            XCTAssertEqual(try bytes("stdin.textclf"), try bytes("memory-raw.textclf"), algorithm)
        }
    }

    func testStreamedLogisticRegressionLearnsAndPrintsItsPasses() throws {
        let data = try writeCorpus()
        let result = try train(data, "lr.textclf", ["--stream", "--passes", "3", "--json", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let stream = try XCTUnwrap(summary["stream"] as? [String: Any])
        XCTAssertEqual((stream["passes"] as? [Any])?.count, 4) // document frequencies, then three
        let topic = try XCTUnwrap((summary["fields"] as? [String: Any])?["topic"] as? [String: Any])
        XCTAssertEqual(topic["stop_reason"] as? String, "passes completed")
        XCTAssertEqual(topic["iterations"] as? Int, 3)
        let evaluation = try run(["evaluate", "--model", path("lr.textclf"), "--data", data, "--json"])
        XCTAssertEqual(evaluation.status, 0, evaluation.stderr)
        let fields = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])?["fields"] as? [String: Any])
        let accuracy = try XCTUnwrap((fields["topic"] as? [String: Any])?["accuracy"] as? Double)
        XCTAssertGreaterThan(accuracy, 0.9)
        // evaluate streams unless it must keep the documents (--predictions): the same figures.
        let kept = try run(["evaluate", "--model", path("lr.textclf"), "--data", data, "--json", "--predictions", path("p.jsonl")])
        let keptFields = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(kept.stdout.utf8)) as? [String: Any])?["fields"] as? NSDictionary)
        XCTAssertEqual(keptFields, fields as NSDictionary)
    }

    func testRefusalsNameWhatToChange() throws {
        let data = try writeCorpus()
        func refused(_ result: TextclfRun, _ status: Int32, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertEqual(result.status, status, result.stderr, file: file, line: line)
            XCTAssertEqual(result.stderrLines, ["textclf: " + message], file: file, line: line)
        }
        refused(try run(["train", "--stream", "--data", data, "--label-field", "topic", "--output", path("m.textclf")]), 64,
                "--stream needs hashed features: add --hash-bits K (or hash-bits=K to every --features block); a vocabulary would grow with the data")
        refused(try train("-", "m.textclf", ["--stream", "--algorithm", "nb"]), 64,
                "--stream reads standard input once, so it cannot count document frequencies first: add --no-idf, or give a file")
        refused(try train("-", "m.textclf", ["--stream", "--no-idf"]), 64,
                "--stream reads standard input once: logistic regression needs --passes 1, or give a file")
        refused(try train(data, "m.textclf", ["--passes", "2"]), 64, "--passes applies to --stream only")
        refused(try train(data, "m.textclf", ["--stream", "--passes", "0"]), 64, "--passes must be at least 1; got 0")

        // A bad line far into the file: the in-memory reader's message, and no model file.
        var text = try String(contentsOfFile: data, encoding: .utf8)
        text += "{\"text\": \"no stance\", \"topic\": \"territory\"}\n"
        let bad = path("bad.jsonl")
        try Data(text.utf8).write(to: URL(fileURLWithPath: bad))
        let inMemory = try train(bad, "m.textclf", ["--algorithm", "nb"])
        refused(inMemory, 1, "\(bad):81: field \"stance\": missing")
        refused(try train(bad, "m.textclf", ["--algorithm", "nb", "--stream"]), 1, "\(bad):81: field \"stance\": missing")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("m.textclf")))
    }
}
