import Foundation
import TextClassification
import XCTest

/// Runs the built `textclf` binary as a user or a script would, and checks the contract in
/// docs/cli.md: outputs, exit statuses and the one-line error messages.
final class CommandLineTests: XCTestCase {
    // MARK: Running the binary

    private typealias Result = TextclfRun

    private var binary: URL { TextclfRun.binary(for: Self.self) }

    private var folder: URL!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("textclf is not built at \(binary.path)")
            throw CocoaError(.fileNoSuchFile)
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("textclf-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func run(_ arguments: [String], stdin: String? = nil, stdinBytes: [UInt8]? = nil,
                     environment: [String: String] = [:], workingDirectory: URL? = nil) throws -> Result {
        try TextclfRun.run(binary, arguments, in: folder, stdin: stdinBytes ?? Array((stdin ?? "").utf8),
                           environment: environment, workingDirectory: workingDirectory)
    }

    private func json(_ line: String, file: StaticString = #filePath, line number: UInt = #line) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try XCTUnwrap(value as? [String: Any], "not a JSON object: \(line)", file: file, line: number)
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    // MARK: Data

    /// Topic and stance documents; each topic and stance has distinctive words.
    private static let records = NewsFixture.records

    private func writeJSONL(_ name: String, _ records: [(String, String, String)]) throws -> String {
        let lines = try records.map { text, topic, stance -> String in
            let data = try JSONSerialization.data(withJSONObject: ["text": text, "topic": topic, "stance": stance], options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        let path = folder.appendingPathComponent(name).path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func writeFile(_ name: String, _ contents: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Trains a two-field model on the corpus and returns its path.
    private func trainModel(_ extra: [String] = [], name: String = "model.textclf") throws -> String {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent(name).path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--label-field", "stance",
                              "--threads", "1", "--output", model] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))
        return model
    }

    /// A bad option value exits 64 (EX_USAGE); bad data, a bad model file or a failed fit exit 1.
    private func assertOneErrorLine(_ result: Result, prefix: String, status: Int32 = 1,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, status, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderrLines.count, 1, "stderr: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("textclf: " + prefix), "stderr: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
    }

    // MARK: train

    func testTrainWithTwoLabelFieldsPrintsJSONSummary() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("model.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--label-field", "stance",
                              "--ngram-max", "2", "--sublinear-tf", "--json", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines.count, 1)
        let summary = try json(result.stdoutLines[0])
        XCTAssertEqual(summary["documents"] as? Int, Self.records.count)
        XCTAssertGreaterThan(summary["vocabulary_size"] as? Int ?? 0, 50)
        let fields = try XCTUnwrap(summary["fields"] as? [String: Any])
        XCTAssertEqual(Set(fields.keys), ["topic", "stance"])
        let topic = try XCTUnwrap(fields["topic"] as? [String: Any])
        XCTAssertEqual(topic["algorithm"] as? String, "lr")
        XCTAssertEqual(topic["classes"] as? [String], ["guarantees", "territory"])
        XCTAssertEqual(topic["converged"] as? Bool, true)
        XCTAssertGreaterThan(topic["iterations"] as? Int ?? 0, 0)
        XCTAssertNotNil(topic["gradient_norm"] as? Double)
        let stance = try XCTUnwrap(fields["stance"] as? [String: Any])
        XCTAssertEqual(stance["classes"] as? [String], ["against", "favor"])
        let seconds = try XCTUnwrap(summary["seconds"] as? [String: Any])
        for key in ["read", "vectorize", "fit", "total"] { XCTAssertNotNil(seconds[key] as? Double, key) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))
    }

    func testTrainPlainSummaryNamesFieldsAndOutput() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("plain.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("Trained on 16 documents from \(data)"), result.stdout)
        XCTAssertTrue(matches(result.stdout, "topic  lr  2 classes: guarantees, territory; converged in [0-9]+ iterations"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Wrote \(model)."), result.stdout)
    }

    func testPerFieldAlgorithms() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("mixed.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--label-field", "stance",
                              "--algorithm", "topic=nb", "--algorithm", "stance=lr", "--json", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        let fields = try XCTUnwrap(try json(result.stdoutLines.first ?? "")["fields"] as? [String: Any])
        let topic = try XCTUnwrap(fields["topic"] as? [String: Any])
        let stance = try XCTUnwrap(fields["stance"] as? [String: Any])
        XCTAssertEqual(topic["algorithm"] as? String, "nb")
        XCTAssertNil(topic["iterations"], "naive Bayes does not iterate")
        XCTAssertEqual(stance["algorithm"] as? String, "lr")
        XCTAssertNotNil(stance["iterations"] as? Int)
        // And the model classifies with both.
        let classified = try run(["classify", "--model", model, "--json", "Kyiv will not cede Donetsk."])
        XCTAssertEqual(classified.status, 0, classified.stderr)
        let output = try json(classified.stdoutLines.first ?? "")
        XCTAssertEqual((output["topic"] as? [String: Any])?["label"] as? String, "territory")
    }

    func testTrainReadsCSV() throws {
        let csv = "text,topic\n" + Self.records.map { "\"\($0.0.replacingOccurrences(of: "\"", with: "\"\""))\",\($0.1)" }.joined(separator: "\n") + "\n"
        let data = try writeFile("train.csv", csv)
        let model = folder.appendingPathComponent("csv.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--algorithm", "cnb", "--json", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        let fields = try XCTUnwrap(try json(result.stdoutLines.first ?? "")["fields"] as? [String: Any])
        XCTAssertEqual((fields["topic"] as? [String: Any])?["algorithm"] as? String, "cnb")
    }

    // MARK: classify

    func testClassifyArgumentsPrintsOneLinePerText() throws {
        let model = try trainModel()
        let result = try run(["classify", "--model", model,
                              "Kyiv will not cede Donetsk without a referendum.",
                              "Allies welcome the security guarantees."])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdoutLines.count, 2)
        let shape = "^topic=[a-z]+ \\([01]\\.[0-9]{2}\\)  stance=[a-z]+ \\([01]\\.[0-9]{2}\\)$"
        for line in result.stdoutLines { XCTAssertTrue(matches(line, shape), line) }
        XCTAssertTrue(result.stdoutLines[0].hasPrefix("topic=territory ("), result.stdoutLines[0])
        XCTAssertTrue(result.stdoutLines[1].hasPrefix("topic=guarantees ("), result.stdoutLines[1])
    }

    func testClassifyReadsStandardInputLinesAndJSONLines() throws {
        let model = try trainModel()
        let input = "\n{\"text\": \"Allies welcome the security guarantees.\"}\r\n\n{\"body\": \"x\", \"text\": \"The Donbas land\"}\n"
        let result = try run(["classify", "--model", model], stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines.count, 4, "one answer per input line, blank ones too: \(result.stdout)")
        let shape = "^topic=[a-z]+ \\([01]\\.[0-9]{2}\\)  stance=[a-z]+ \\([01]\\.[0-9]{2}\\)$"
        for line in result.stdoutLines { XCTAssertTrue(matches(line, shape), line) }
        XCTAssertTrue(result.stdoutLines[1].hasPrefix("topic=guarantees"), result.stdoutLines[1])
        XCTAssertEqual(result.stdoutLines[0], result.stdoutLines[2], "both blank lines are the empty document")

        let json = try run(["classify", "--model", model, "--json", "--text-field", "body"],
                           stdin: "{\"body\": \"Kyiv will not cede Donetsk.\"}\n")
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(try self.json(json.stdoutLines.first ?? "")["text"] as? String, "Kyiv will not cede Donetsk.")
    }

    func testClassifyStandardInputErrorNamesTheLine() throws {
        let model = try trainModel()
        let result = try run(["classify", "--model", model], stdin: "{\"text\": \"fine\"}\n{\"text\": 5}\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderrLines, ["textclf: <stdin>:2: field \"text\": expected a string"])
        XCTAssertEqual(result.stdoutLines.count, 1, "the first line was answered before the error")
        let forced = try run(["classify", "--model", model, "--input", "jsonl"], stdin: "{\"text\": \"fine\"}\nplain words\n")
        XCTAssertEqual(forced.stderrLines, ["textclf: <stdin>:2: invalid JSON"])
        XCTAssertEqual(forced.status, 1)
        let twice = try run(["classify", "--model", model], stdin: "{\"text\": \"a\", \"text\": \"b\"}\n")
        XCTAssertEqual(twice.stderrLines, ["textclf: <stdin>:1: field \"text\": given twice in one object"])
        let invalid = try run(["classify", "--model", model], stdinBytes: Array("fine\n".utf8) + [0x61, 0xFF, 0x0A])
        XCTAssertEqual(invalid.stderrLines, ["textclf: <stdin>:2: invalid UTF-8"])
        XCTAssertEqual(invalid.stdoutLines.count, 1)
    }

    func testClassifyTextStreamKeepsLinesThatStartWithABrace() throws {
        let model = try trainModel()
        let input = "Kyiv will not cede Donetsk.\n{a paragraph in braces, not JSON}\n{\"text\": \"looks like JSON\"}\n"
        let result = try run(["classify", "--model", model, "--json"], stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try result.stdoutLines.map { try json($0)["text"] as? String },
                       ["Kyiv will not cede Donetsk.", "{a paragraph in braces, not JSON}", "{\"text\": \"looks like JSON\"}"])
        let forced = try run(["classify", "--model", model, "--json", "--input", "text"], stdin: "{\"text\": \"x\"}\n")
        XCTAssertEqual(try json(forced.stdoutLines.first ?? "")["text"] as? String, "{\"text\": \"x\"}")
        let bom = try run(["classify", "--model", model, "--json"], stdinBytes: [0xEF, 0xBB, 0xBF] + Array("{\"text\": \"x\"}\n".utf8))
        XCTAssertEqual(try json(bom.stdoutLines.first ?? "")["text"] as? String, "x", "a byte-order mark is not text")
    }

    func testClassifyJSONLinesCopiesTheOtherFieldsThrough() throws {
        let model = try trainModel()
        let input = #"{"id": 7, "text": "Kyiv will not cede Donetsk.", "topic": "territory", "meta": {"n": [1, 2.50]}}"# + "\n\n"
            + #"{"text": "Allies welcome the security guarantees.", "id": "b"}"# + "\n"
        let result = try run(["classify", "--model", model, "--json"], stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines.count, 3)
        // Exact bytes of the copied members, in input order, before "text"; the input's "topic"
        // is renamed because "topic" is the answer's own.
        XCTAssertTrue(result.stdoutLines[0].hasPrefix(#"{"id":7,"input_topic":"territory","meta":{"n": [1, 2.50]},"text":"Kyiv will not cede Donetsk.","topic":{"label":"#),
                      result.stdoutLines[0])
        XCTAssertTrue(result.stdoutLines[1].hasPrefix(#"{"text":"","topic":"#), result.stdoutLines[1])
        XCTAssertTrue(result.stdoutLines[2].hasPrefix(#"{"id":"b","text":"Allies welcome"#), result.stdoutLines[2])
    }

    func testClassifyJSON() throws {
        let model = try trainModel()
        let text = "Kyiv will not cede Donetsk \"now\" — ever."
        let result = try run(["classify", "--model", model, "--json", text])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines.count, 1)
        let object = try json(result.stdoutLines[0])
        XCTAssertEqual(object["text"] as? String, text)
        XCTAssertEqual(Set(object.keys), ["text", "topic", "stance"])
        for field in ["topic", "stance"] {
            let prediction = try XCTUnwrap(object[field] as? [String: Any], field)
            let label = try XCTUnwrap(prediction["label"] as? String)
            let probabilities = try XCTUnwrap(prediction["probabilities"] as? [String: Double])
            XCTAssertEqual(probabilities.count, 2)
            XCTAssertEqual(probabilities.values.reduce(0, +), 1, accuracy: 1e-9)
            XCTAssertEqual(probabilities.max { $0.value < $1.value }?.key, label)
        }
        XCTAssertEqual((object["topic"] as? [String: Any])?["label"] as? String, "territory")
    }

    func testClassifyTopTwo() throws {
        let model = try trainModel()
        let result = try run(["classify", "--model", model, "--top", "2", "Allies welcome the security guarantees."])
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = try XCTUnwrap(result.stdoutLines.first)
        let shape = "^topic=[a-z]+ \\(([01]\\.[0-9]{2})\\), [a-z]+ \\([01]\\.[0-9]{2}\\)  stance=[a-z]+ \\([01]\\.[0-9]{2}\\), [a-z]+ \\([01]\\.[0-9]{2}\\)$"
        XCTAssertTrue(matches(line, shape), line)
        XCTAssertTrue(line.hasPrefix("topic=guarantees ("), line)
        // Most probable first.
        let numbers = line.matches(of: /\((\d\.\d\d)\)/).map { Double($0.1)! }
        XCTAssertEqual(numbers.count, 4)
        XCTAssertGreaterThanOrEqual(numbers[0], numbers[1])
        XCTAssertGreaterThanOrEqual(numbers[2], numbers[3])
        XCTAssertEqual(numbers[0] + numbers[1], 1, accuracy: 0.011)

        let invalid = try run(["classify", "--model", model, "--top", "0", "x"])
        XCTAssertEqual(invalid.status, 64)
        let negative = try run(["classify", "--model", model, "--top", "-1", "x"])
        XCTAssertEqual(negative.status, 64)
        XCTAssertTrue(negative.stderr.contains("--top must be at least 1"), "a negative number is a value, not an option: \(negative.stderr)")

        let json = try run(["classify", "--model", model, "--json", "--top", "2", "Allies welcome the security guarantees."])
        let topic = try XCTUnwrap(try self.json(json.stdoutLines.first ?? "")["topic"] as? [String: Any])
        let top = try XCTUnwrap(topic["top"] as? [[String: Any]])
        XCTAssertEqual(top.count, 2)
        XCTAssertEqual(top.first?["label"] as? String, "guarantees")
        XCTAssertGreaterThanOrEqual(top[0]["probability"] as! Double, top[1]["probability"] as! Double)
        let plain = try run(["classify", "--model", model, "--json", "Allies welcome the security guarantees."])
        XCTAssertNil((try self.json(plain.stdoutLines.first ?? "")["topic"] as? [String: Any])?["top"], "no \"top\" without --top")
    }

    func testDefaultModelComesFromTheEnvironment() throws {
        let model = try trainModel(name: "env-model.textclf")
        let elsewhere = folder.appendingPathComponent("cwd", isDirectory: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let text = "Kyiv will not cede Donetsk without a referendum."
        let result = try run(["classify", "--json", text], environment: ["TEXTCLF_MODEL": model], workingDirectory: elsewhere)
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdoutLines.first ?? "")
        XCTAssertEqual(object["text"] as? String, text)
        let topic = try XCTUnwrap(object["topic"] as? [String: Any])
        XCTAssertEqual(topic["label"] as? String, "territory")
        XCTAssertEqual(Set((topic["probabilities"] as? [String: Double])?.keys ?? [:].keys), ["guarantees", "territory"])
        XCTAssertNotNil(object["stance"] as? [String: Any])

        let missing = folder.appendingPathComponent("absent.textclf").path
        let failed = try run(["classify", text], environment: ["TEXTCLF_MODEL": missing], workingDirectory: elsewhere)
        assertOneErrorLine(failed, prefix: "\(missing): no such file")
    }

    // MARK: evaluate

    func testEvaluateJSONStructure() throws {
        let model = try trainModel()
        let test = try writeJSONL("test.jsonl", [
            ("Kyiv refuses to cede the Donbas.", "territory", "against"),
            ("Allies welcome security guarantees.", "guarantees", "favor"),
            ("The guarantees are rejected.", "guarantees", "against"),
        ])
        let result = try run(["evaluate", "--model", model, "--data", test, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines.count, 1)
        let object = try json(result.stdoutLines[0])
        XCTAssertEqual(object["documents"] as? Int, 3)
        let fields = try XCTUnwrap(object["fields"] as? [String: Any])
        XCTAssertEqual(Set(fields.keys), ["topic", "stance"])
        let topic = try XCTUnwrap(fields["topic"] as? [String: Any])
        let accuracy = try XCTUnwrap(topic["accuracy"] as? Double)
        XCTAssertTrue((0 ... 1).contains(accuracy))
        XCTAssertTrue((0 ... 1).contains(try XCTUnwrap(topic["macro_f1"] as? Double)))
        let classes = try XCTUnwrap(topic["classes"] as? [String: [String: Any]])
        XCTAssertEqual(Set(classes.keys), ["guarantees", "territory"])
        XCTAssertEqual(classes["guarantees"]?["support"] as? Int, 2)
        XCTAssertEqual(classes["territory"]?["support"] as? Int, 1)
        for metrics in classes.values {
            for key in ["precision", "recall", "f1"] { XCTAssertNotNil(metrics[key] as? Double, key) }
        }
        let confusion = try XCTUnwrap(topic["confusion"] as? [String: Any])
        XCTAssertEqual(confusion["labels"] as? [String], ["guarantees", "territory"])
        let matrix = try XCTUnwrap(confusion["matrix"] as? [[Int]])
        XCTAssertEqual(matrix.count, 2)
        XCTAssertEqual(matrix.map { $0.reduce(0, +) }, [2, 1])
        XCTAssertEqual(Double(matrix[0][0] + matrix[1][1]) / 3, accuracy, accuracy: 1e-12)
        let seconds = try XCTUnwrap(object["seconds"] as? [String: Any])
        XCTAssertNotNil(seconds["read"] as? Double)
        XCTAssertNotNil(seconds["predict"] as? Double)
    }

    func testEvaluatePlainOutput() throws {
        let model = try trainModel()
        let test = try writeJSONL("test.jsonl", [("Kyiv refuses to cede the Donbas.", "territory", "against"),
                                                 ("Allies welcome security guarantees.", "guarantees", "favor")])
        let result = try run(["evaluate", "--model", model, "--data", test])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(matches(result.stdout, "topic: accuracy [01]\\.[0-9]{4}, macro-F1 [01]\\.[0-9]{4} \\(2 documents\\)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("confusion (rows: true, columns: predicted)"))
    }

    func testEvaluateUnseenLabelNamesFileLineAndField() throws {
        let model = try trainModel()
        let test = try writeJSONL("test.jsonl", [("Kyiv refuses to cede the Donbas.", "territory", "against"),
                                                 ("A new poll says 54% oppose.", "polling", "none")])
        let result = try run(["evaluate", "--model", model, "--data", test, "--json"])
        assertOneErrorLine(result, prefix: "\(test):2: field \"topic\": label \"polling\" was not seen in training")
    }

    // MARK: cv

    func testCrossValidationPrintsMeanAndSpread() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let result = try run(["cv", "--data", data, "--folds", "4", "--seed", "3", "--label-field", "topic",
                              "--label-field", "stance", "--algorithm", "nb"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines.count, 3, result.stdout)
        XCTAssertEqual(result.stdoutLines[0], "4-fold cross-validation of 16 documents from \(data) (seed 3):")
        let shape = "^  (topic|stance) \\(nb\\): accuracy [01]\\.[0-9]{4} ± [0-9]\\.[0-9]{4}, macro-F1 [01]\\.[0-9]{4} ± [0-9]\\.[0-9]{4}$"
        XCTAssertTrue(matches(result.stdoutLines[1], shape), result.stdoutLines[1])
        XCTAssertTrue(matches(result.stdoutLines[2], shape), result.stdoutLines[2])

        let again = try run(["cv", "--data", data, "--folds", "4", "--seed", "3", "--label-field", "topic",
                             "--label-field", "stance", "--algorithm", "nb"])
        XCTAssertEqual(again.stdout, result.stdout, "same seed, same result")
    }

    func testCrossValidationJSON() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let result = try run(["cv", "--data", data, "--folds", "2", "--label-field", "topic", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdoutLines.first ?? "")
        XCTAssertEqual(object["folds"] as? Int, 2)
        XCTAssertEqual(object["documents"] as? Int, 16)
        let topic = try XCTUnwrap((object["fields"] as? [String: Any])?["topic"] as? [String: Any])
        let accuracy = try XCTUnwrap(topic["accuracy"] as? [String: Double])
        XCTAssertNotNil(accuracy["mean"])
        XCTAssertNotNil(accuracy["std"])
        XCTAssertEqual((topic["fold_accuracy"] as? [Double])?.count, 2)
    }

    func testCrossValidationGroupedBySourceKeepsGroupsTogether() throws {
        // Four sources of four documents each: with two folds, a fold holds whole sources.
        let lines = try Self.records.enumerated().map { index, record -> String in
            let object: [String: Any] = ["text": record.0, "topic": record.1, "stance": record.2, "site": "site-\(index % 4)"]
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        let data = try writeFile("grouped.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try run(["cv", "--data", data, "--folds", "2", "--label-field", "topic", "--group-field", "site", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdoutLines.first ?? "")
        XCTAssertEqual(object["group_field"] as? String, "site")
        XCTAssertEqual(object["documents"] as? Int, 16)
        let tooMany = try run(["cv", "--data", data, "--folds", "5", "--label-field", "topic", "--group-field", "site"])
        assertOneErrorLine(tooMany, prefix: "--folds must be no more than the 4 groups; got 5", status: 64)
        let missing = try run(["cv", "--data", try writeJSONL("plain.jsonl", Self.records), "--folds", "2",
                               "--label-field", "topic", "--group-field", "site"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains(":1: ") && missing.stderr.contains("site"), missing.stderr)
    }

    // MARK: Feature blocks, hashing, weights

    func testFeatureUnionTrainsAndStatesEachBlock() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("union.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--features", "word:1-2",
                              "--features", "char_wb:2-4,min-df=2", "--sublinear-tf", "--json", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdoutLines.first ?? "")
        let blocks = try XCTUnwrap(object["features"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["analyzer"] as? String }, ["word", "char_wb"])
        XCTAssertEqual(blocks.map { $0["ngram_range"] as? [Int] }, [[1, 2], [2, 4]])
        let sizes = blocks.compactMap { $0["vocabulary_size"] as? Int }
        XCTAssertEqual(sizes.count, 2)
        XCTAssertEqual(object["vocabulary_size"] as? Int, sizes.reduce(0, +))
        let classified = try run(["classify", "--model", model, "Russian drones struck the port overnight."])
        XCTAssertEqual(classified.status, 0, classified.stderr)
        XCTAssertTrue(classified.stdout.hasPrefix("topic="), classified.stdout)
    }

    func testHashedFeaturesTrainWithFixedColumnsAndFloat32Weights() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("hashed.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--hash-bits", "12", "--algorithm", "cnb",
                              "--weights", "float32", "--json", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        let blocks = try XCTUnwrap(try json(result.stdoutLines.first ?? "")["features"] as? [[String: Any]])
        XCTAssertEqual(blocks.first?["hash_bits"] as? Int, 12)
        XCTAssertEqual(blocks.first?["feature_count"] as? Int, 4096)
        let evaluated = try run(["evaluate", "--model", model, "--data", data, "--json"])
        XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    }

    func testUnreadableOptionValuesAreUsageErrorsNamingTheChoices() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let output = folder.appendingPathComponent("never.textclf").path
        let cases: [([String], String)] = [
            (["--algorithm", "svm"], "--algorithm must be lr, nb or cnb; got svm"),
            (["--algorithm", "topic=forest"], "--algorithm must be lr, nb or cnb; got forest"),
            (["--algorithm", "colour=nb"], "--algorithm colour=nb: colour is not a --label-field"),
            (["--alpha", "lots"], "--alpha must be a number; got lots"),
            (["--class-weight", "heavy"], "--class-weight must be balanced or none; got heavy"),
        ]
        for (flags, message) in cases {
            let result = try run(["train", "--data", data, "--label-field", "topic", "--output", output] + flags)
            assertOneErrorLine(result, prefix: message, status: 64)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    func testVersionPrintsTheReleaseAndExitsZero() throws {
        let result = try run(["--version"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(line.range(of: #"^textclf \d+\.\d+\.\d+$"#, options: .regularExpression) != nil, line)
    }

    func testFeatureOptionsThatCannotWorkAreRefusedBeforeReading() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let output = folder.appendingPathComponent("never.textclf").path
        let cases: [([String], String)] = [
            (["--features", "words:1-2"], "--features words:1-2: expected word:MIN-MAX, char:MIN-MAX or char_wb:MIN-MAX"),
            (["--features", "char:5-2"], "--features char:5-2: the n-gram range must be MIN-MAX"),
            (["--features", "char:2-4,stop-words=true"], "--features char:2-4,stop-words=true: stop-words applies to word blocks only"),
            (["--features", "word:1-2,colour=blue"], "--features word:1-2,colour=blue: unknown key \"colour\""),
            (["--features", "word:1-2", "--ngram-max", "2"], "--ngram-max is short for --features word:1-N; give one or the other"),
            (["--hash-bits", "31"], "--hash-bits must be from 1 to 30; got 31"),
            (["--hash-bits", "10", "--min-df", "2"], "--min-df, --max-df and --max-features do not apply to hashed features"),
            (["--hash-bits", "10", "--hash-alternate-sign", "--sublinear-tf"], "--hash-alternate-sign cannot be used with --sublinear-tf"),
            (["--hash-bits", "10", "--hash-alternate-sign", "--algorithm", "nb"], "--hash-alternate-sign cannot be used with naive Bayes"),
            (["--hash-alternate-sign"], "--hash-alternate-sign needs --hash-bits"),
            (["--min-token-length", "0"], "--min-token-length must be from 1 to 1000; got 0"),
            (["--hash-bits", "10", "--min-token-length", "1001"], "--min-token-length must be from 1 to 1000; got 1001"),
            (["--algorithm", "cnb", "--class-weight", "balanced"], "--class-weight balanced applies to logistic regression only"),
        ]
        for (flags, message) in cases {
            let result = try run(["train", "--data", data, "--label-field", "topic", "--output", output] + flags)
            assertOneErrorLine(result, prefix: message, status: 64)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output), flags.joined(separator: " "))
        }
    }

    func testCrossValidationWithOneFoldFails() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let result = try run(["cv", "--data", data, "--folds", "1", "--label-field", "topic"])
        assertOneErrorLine(result, prefix: "--folds must be at least 2; got 1", status: 64)
    }

    // MARK: Bad input

    func testBrokenJSONNamesTheLineAndWritesNoModel() throws {
        let data = try writeFile("broken.jsonl", "{\"text\": \"a b\", \"topic\": \"x\", \"stance\": \"y\"}\n{\"text\": \"c\", \"topic\":\n")
        let model = folder.appendingPathComponent("never.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--label-field", "stance", "--output", model])
        assertOneErrorLine(result, prefix: "\(data):2: invalid JSON")
        XCTAssertEqual(result.stderrLines, ["textclf: \(data):2: invalid JSON"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: model))
    }

    func testMissingFieldNamesLineAndFieldAndWritesNoModel() throws {
        let data = try writeFile("missing.jsonl", """
            {"text": "a b", "topic": "x", "stance": "y"}
            {"text": "c d", "topic": "z", "stance": "w"}
            {"text": "e f", "topic": "x"}

            """)
        let model = folder.appendingPathComponent("never.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--label-field", "stance", "--output", model])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderrLines, ["textclf: \(data):3: field \"stance\": missing"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: model))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".textclf") || $0.contains(".tmp") }, [])
    }

    func testMissingDataFile() throws {
        let data = folder.appendingPathComponent("nope.jsonl").path
        let model = folder.appendingPathComponent("never.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--output", model])
        XCTAssertEqual(result.stderrLines, ["textclf: \(data): no such file"])
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: model))
    }

    func testBadMinDFValues() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("never.textclf").path
        let unreadable = try run(["train", "--data", data, "--label-field", "topic", "--min-df", "abc", "--output", model])
        assertOneErrorLine(unreadable, prefix: "--min-df must be a count (2) or a fraction (0.5); got abc", status: 64)
        let outOfRange = try run(["train", "--data", data, "--label-field", "topic", "--min-df", "1.5", "--output", model])
        assertOneErrorLine(outOfRange, prefix: "--min-df must be a fraction in [0, 1]; got 1.5", status: 64)
        let inverted = try run(["train", "--data", data, "--label-field", "topic", "--min-df", "5", "--max-df", "2", "--output", model])
        assertOneErrorLine(inverted, prefix: "--max-df must be", status: 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: model))
    }

    func testSingleClassFieldCannotTrain() throws {
        let data = try writeJSONL("one.jsonl", [("a b", "x", "y"), ("c d", "x", "z")])
        let model = folder.appendingPathComponent("never.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--output", model])
        assertOneErrorLine(result, prefix: "cannot train: field \"topic\" has only one class")
        XCTAssertFalse(FileManager.default.fileExists(atPath: model))
    }

    func testCorruptModelFile() throws {
        let model = try trainModel()
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: model)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: model))
        let result = try run(["classify", "--model", model, "text"])
        assertOneErrorLine(result, prefix: "\(model): checksum mismatch")
    }

    /// A model file whose header places a section at an offset near `Int.max`, with a valid
    /// checksum (a checksum is not a signature, so anyone can make one). Loading must report the
    /// section as outside the file, not crash on an overflowing addition.
    func testModelWithSectionOffsetNearIntMaxIsRejectedNotCrashing() throws {
        let model = try trainModel()
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: model)))
        let headerLength = (0 ..< 4).reduce(0) { $0 | Int(bytes[12 + $1]) << (8 * $1) }
        var header = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes[16 ..< 16 + headerLength])) as? [String: Any])
        var blocks = try XCTUnwrap(header["features"] as? [[String: Any]])
        var terms = try XCTUnwrap(blocks[0]["terms"] as? [String: Any])
        terms["offset"] = Int.max - 63
        blocks[0]["terms"] = terms
        header["features"] = blocks
        let newHeader = Array(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        var crafted = Array(bytes[0 ..< 12])
        withUnsafeBytes(of: UInt32(newHeader.count).littleEndian) { crafted.append(contentsOf: $0) }
        crafted += newHeader
        while crafted.count % 64 != 0 { crafted.append(0) }
        crafted += bytes[((16 + headerLength + 63) / 64 * 64) ..< (bytes.count - 8)]
        let sum = crafted.withUnsafeBytes { ModelFile.checksum($0) }
        withUnsafeBytes(of: sum.littleEndian) { crafted.append(contentsOf: $0) }
        let path = folder.appendingPathComponent("crafted.textclf").path
        try Data(crafted).write(to: URL(fileURLWithPath: path))

        let result = try run(["classify", "--model", path, "text"])
        XCTAssertEqual(result.status, 1, "stderr begins: \(result.stderr.prefix(400))")
        let expected = "textclf: \(path): feature block 1 terms lies outside the file or is misaligned\n"
        XCTAssertTrue(result.stderr == expected, "expected \(expected.debugDescription); stderr begins: \(result.stderr.prefix(400))")
    }

    /// "Output is flushed line by line, so a caller can send one line and read one answer":
    /// write one line, read its answer while standard input is still open, then another.
    func testClassifyAnswersEachLineBeforeInputEnds() throws {
        let model = try trainModel()
        let process = Process()
        process.executableURL = binary
        process.arguments = ["classify", "--model", model]
        process.currentDirectoryURL = folder
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A watchdog so that a missing flush fails the test instead of hanging it.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        defer { watchdog.cancel() }

        func readLine() -> String? {
            var bytes: [UInt8] = []
            while true {
                let chunk = output.fileHandleForReading.readData(ofLength: 1)
                guard let byte = chunk.first else { return nil }
                if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
                bytes.append(byte)
            }
        }
        input.fileHandleForWriting.write(Data("Kyiv will not cede Donetsk.\n".utf8))
        let first = readLine()
        XCTAssertEqual(first?.hasPrefix("topic=territory ("), true, first ?? "no answer before end of input")
        input.fileHandleForWriting.write(Data("Allies welcome the security guarantees.\n".utf8))
        let second = readLine()
        XCTAssertEqual(second?.hasPrefix("topic=guarantees ("), true, second ?? "no answer before end of input")
        try input.fileHandleForWriting.close()
        XCTAssertNil(readLine())
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    // MARK: Usage

    func testUsageErrorsExit64() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("never.textclf").path
        let noLabel = try run(["train", "--data", data, "--output", model])
        XCTAssertEqual(noLabel.status, 64, noLabel.stderr)
        XCTAssertTrue(noLabel.stderr.contains("--label-field"), noLabel.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: model))

        XCTAssertEqual(try run(["train", "--label-field", "topic", "--output", model]).status, 64)
        XCTAssertEqual(try run(["train", "--data", data, "--label-field", "topic", "--output", model, "--no-such-option"]).status, 64)
        XCTAssertEqual(try run(["no-such-command"]).status, 64)
        XCTAssertEqual(try run(["cv", "--data", data, "--folds", "3"]).status, 64)
        XCTAssertEqual(try run(["train", "--data", data, "--label-field", "topic", "--format", "xml", "--output", model]).status, 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: model))
    }

    func testHelpExitsZero() throws {
        let result = try run(["--help"])
        XCTAssertEqual(result.status, 0)
        for command in ["train", "classify", "evaluate", "cv"] { XCTAssertTrue(result.stdout.contains(command), command) }
    }

    // MARK: inspect and explain

    func testInspectListsEachClassesTopTermsExactly() throws {
        let model = try trainModel(["--algorithm", "stance=nb", "--features", "word:1-2", "--features", "char_wb:3-3"])
        let result = try run(["inspect", "--model", model, "--top", "3"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let classifier = try ModelFile.read(from: model)
        let lines = result.stdoutLines
        XCTAssertTrue(lines[0].hasPrefix("\(model): textclf model, format 2, sha256 "), lines[0])
        XCTAssertEqual(lines[1], "features: \(classifier.vectorizer.featureCount) in 2 blocks")
        XCTAssertTrue(lines.contains { $0.hasPrefix("field topic: lr (C 1.0, tolerance 0.0001, at most 1000 iterations); 2 classes") }, result.stdout)
        XCTAssertTrue(lines.contains("field stance: nb (alpha 1.0); 2 classes"), result.stdout)
        for field in classifier.fieldNames {
            for entry in try classifier.topTerms(for: field, count: 3) {
                let expected = "  \(entry.label): " + entry.terms.map { term -> String in
                    let text = term.feature.analyzer == .word ? term.feature.terms[0] : "\"\(term.feature.terms[0])\""
                    return "\(text) \(String(format: "%.2f", term.score))"
                }.joined(separator: ", ")
                XCTAssertTrue(lines.contains(expected), "missing \(expected) in\n\(result.stdout)")
            }
        }

        let json = try run(["inspect", "--model", model, "--top", "2", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertEqual(json.stdoutLines.count, 1)
        let object = try self.json(json.stdout)
        XCTAssertEqual(object["path"] as? String, model)
        XCTAssertEqual(object["format_version"] as? Int, 2)
        let fields = try XCTUnwrap(object["fields"] as? [[String: Any]])
        XCTAssertEqual((fields[0]["options"] as? [String: Any])?["max_iterations"] as? Int, 1000)
        XCTAssertEqual((fields[0]["training"] as? [String: Any])?["stop_reason"] as? String, "gradient below tolerance")
        XCTAssertNil(fields[1]["training"], "naive Bayes has no iterations")
        let top = try XCTUnwrap((object["top_terms"] as? [String: Any])?["stance"] as? [String: [[String: Any]]])
        XCTAssertEqual(Set(top.keys), ["against", "favor"])
        let against = try XCTUnwrap(top["against"])
        XCTAssertEqual(against.count, 2)
        let expected = try classifier.topTerms(for: "stance", count: 2)[0].terms
        XCTAssertEqual(against.map { $0["term"] as? String }, expected.map { $0.feature.terms.first })
        XCTAssertEqual(against.map { $0["score"] as? Double }, expected.map(\.score))

        let bad = try run(["inspect", "--model", model, "--top", "0"])
        XCTAssertEqual(bad.status, 64)
    }

    func testInspectOfAHashedModelGivesBuckets() throws {
        let model = try trainModel(["--hash-bits", "8"])
        let result = try run(["inspect", "--model", model, "--top", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("hashed into 2^8"), result.stdout)
        XCTAssertEqual(result.stdoutLines.last, "(hashed blocks keep no terms: their features show as bucket numbers)")
        let classLines = result.stdoutLines.filter { $0.hasPrefix("  ") && $0.contains(": word bucket ") }
        XCTAssertEqual(classLines.count, 4, result.stdout)
        let json = try self.json(try run(["inspect", "--model", model, "--top", "1", "--json"]).stdout)
        let term = try XCTUnwrap(((json["top_terms"] as? [String: Any])?["topic"] as? [String: [[String: Any]]])?["territory"]?.first)
        XCTAssertTrue(term["term"] is NSNull)
        XCTAssertNotNil(term["bucket"] as? Int)
    }

    func testClassifyExplainContributionsAddUpToTheMargin() throws {
        let model = try trainModel(["--features", "word:1-2", "--features", "char_wb:2-4"])
        let text = "Kyiv refuses to cede the Donbas despite security guarantees."
        let result = try run(["classify", "--model", model, "--explain", "--json", "--terms", "1000", text])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdoutLines.first ?? "")
        for field in ["topic", "stance"] {
            let prediction = try XCTUnwrap(object[field] as? [String: Any])
            let explanation = try XCTUnwrap(prediction["explanation"] as? [String: Any])
            let probabilities = try XCTUnwrap(prediction["probabilities"] as? [String: Double])
            let label = try XCTUnwrap(prediction["label"] as? String), runnerUp = try XCTUnwrap(explanation["runner_up"] as? String)
            let margin = try XCTUnwrap(explanation["margin"] as? Double)
            XCTAssertEqual(margin, log(probabilities[label]! / probabilities[runnerUp]!), accuracy: 1e-6)
            let terms = (explanation["toward"] as! [[String: Any]]) + (explanation["against"] as! [[String: Any]])
            let sum = terms.map { $0["contribution"] as! Double }.reduce(0, +) + (explanation["intercept"] as! Double)
            XCTAssertEqual(sum, margin, accuracy: 1e-9 * max(1, abs(margin)), "\(field): all the terms and the intercept make the margin")
            XCTAssertTrue((explanation["toward"] as! [[String: Any]]).allSatisfy { ($0["contribution"] as! Double) > 0 })
            XCTAssertTrue(terms.allSatisfy { $0["value"] is Double && $0["analyzer"] is String })
        }

        let plain = try run(["classify", "--model", model, "--explain", "--terms", "2", text])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let explanation = try ModelFile.read(from: model).explanation(for: text)
        var expected = [plain.stdoutLines[0]]
        for field in explanation {
            func listed(_ contributions: [TermContribution]) -> String {
                contributions.map { contribution in
                    let term = contribution.feature.terms[0]
                    return "\(contribution.feature.analyzer == .word ? term : "\"\(term)\"") \(String(format: "%+.3f", contribution.contribution))"
                }.joined(separator: ", ")
            }
            expected.append(String(format: "  %@: %@ over %@ by %.3f (intercept %+.3f)", field.field, field.label, field.runnerUp,
                                   field.margin, field.intercept))
            expected.append("    toward \(field.label): " + listed(field.toward(2)))
            expected.append("    toward \(field.runnerUp): " + listed(field.against(2)))
        }
        XCTAssertEqual(plain.stdoutLines, expected)
        XCTAssertEqual(try run(["classify", "--model", model, "--explain", "--terms", "0", text]).status, 64)
    }

    // MARK: tune

    func testTuneRanksEveryDistinctCombinationAsCrossValidationScoresIt() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let model = folder.appendingPathComponent("best.textclf").path
        let result = try run(["tune", "--data", data, "--label-field", "topic", "--label-field", "stance", "--folds", "2",
                              "--algorithm", "lr,cnb", "--c", "1,10", "--class-weight", "none,balanced", "--json", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "", "no progress when standard error is not a terminal")
        let object = try json(result.stdout)
        let results = try XCTUnwrap(object["results"] as? [[String: Any]])
        // 4 logistic regressions; one complement NB (--c has no effect on it); the two with
        // balanced class weights and NB are skipped with the reason.
        XCTAssertEqual(results.count, 5)
        XCTAssertEqual(results.map { $0["rank"] as? Int }, [1, 2, 3, 4, 5])
        let scores = results.map { $0["score"] as! Double }
        XCTAssertEqual(scores, scores.sorted(by: >))
        let skipped = try XCTUnwrap(object["skipped"] as? [[String: Any]])
        XCTAssertEqual(skipped.count, 2)
        XCTAssertTrue((skipped[0]["reason"] as? String ?? "").hasPrefix("--class-weight balanced applies to logistic regression only"))
        let cnb = try XCTUnwrap(results.first { ($0["flags"] as? [String])?.contains("cnb") == true })
        XCTAssertEqual(cnb["flags"] as? [String], ["--algorithm", "cnb"], "flags without effect are not shown")

        // Every row is what `textclf cv` says of the same flags: sharing the features changes nothing.
        for row in results {
            let flags = try XCTUnwrap(row["flags"] as? [String])
            let cv = try run(["cv", "--data", data, "--label-field", "topic", "--label-field", "stance", "--folds", "2", "--json"] + flags)
            XCTAssertEqual(cv.status, 0, cv.stderr)
            let cvFields = try XCTUnwrap(try json(cv.stdout)["fields"] as? [String: [String: Any]])
            let tuned = try XCTUnwrap(row["fields"] as? [String: [String: Any]])
            for field in ["topic", "stance"] {
                let expected = (cvFields[field]?["macro_f1"] as? [String: Double])?["mean"]
                XCTAssertEqual((tuned[field]?["macro_f1"] as? [String: Double])?["mean"], expected, "\(flags) \(field)")
            }
            let mean = ["topic", "stance"].map { (tuned[$0]?["macro_f1"] as! [String: Double])["mean"]! }.reduce(0, +) / 2
            XCTAssertEqual(row["score"] as! Double, mean, accuracy: 1e-12)
        }
        let best = try XCTUnwrap((object["best"] as? [String: Any])?["fields"] as? [String: [String: Any]])
        XCTAssertEqual(Set(best.keys), ["topic", "stance"])
        XCTAssertEqual(object["output"] as? String, model)
        let evaluated = try run(["evaluate", "--model", model, "--data", data, "--json"])
        XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
    }

    func testTunePrintsATableAndRefusesAGridWithNothingToFit() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let result = try run(["tune", "--data", data, "--label-field", "topic", "--folds", "2", "--ngram-max", "1,2", "--algorithm", "nb"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines[0], "2 combinations, 2-fold cross-validation of 16 documents from \(data) (seed 0), ranked by mean macro-F1:")
        XCTAssertEqual(result.stdoutLines[1], "rank  topic                             options")
        XCTAssertTrue(matches(result.stdoutLines[3], "^   1  [01]\\.\\d{4} ± [01]\\.\\d{4}  [01]\\.\\d{4} ± [01]\\.\\d{4}  --ngram-max [12]$"), result.stdoutLines[3])
        XCTAssertEqual(result.stdoutLines.count, 5, result.stdout)

        let nothing = try run(["tune", "--data", data, "--label-field", "topic", "--algorithm", "cnb,nb", "--class-weight", "balanced"])
        assertOneErrorLine(nothing, prefix: "--class-weight balanced applies to logistic regression only", status: 64)
        let missing = try run(["tune", "--data", data, "--label-field", "topic", "--algorithm", "lr,nb",
                               "--output", folder.appendingPathComponent("no/such/folder/m.textclf").path])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.hasPrefix("textclf: --output "), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("does not exist"), missing.stderr)
    }

    // MARK: progress

    func testProgressGoesToStandardErrorAndChangesNothingElse() throws {
        let data = try writeJSONL("train.jsonl", Self.records)
        let quiet = folder.appendingPathComponent("quiet.textclf").path, loud = folder.appendingPathComponent("loud.textclf").path
        let common = ["train", "--data", data, "--label-field", "topic", "--label-field", "stance", "--algorithm", "stance=nb", "--json"]
        let plain = try run(common + ["--output", quiet])
        XCTAssertEqual(plain.stderr, "", "no progress when standard error is not a terminal")
        let reported = try run(common + ["--progress", "--output", loud])
        XCTAssertEqual(reported.status, 0, reported.stderr)
        let lines = reported.stderrLines
        XCTAssertTrue(matches(lines[0], "^read 16 documents \\(0\\.0 MB of text\\) in [0-9.]+ s: [0-9.]+ MB/s$"), lines[0])
        XCTAssertTrue(matches(lines[1], "^vectorized 16 documents into [0-9]+ features in [0-9.]+ s: [0-9]+ documents/s$"), lines[1])
        XCTAssertTrue(lines.contains("fitting topic…"))
        XCTAssertTrue(lines.contains { matches($0, "^fitting topic: iteration 1 \\(at most 1000\\), loss [0-9.]+, gradient [0-9.e+-]+$") })
        XCTAssertTrue(lines.contains("fitting stance…"))
        XCTAssertFalse(lines.contains { $0.hasPrefix("fitting stance: iteration") }, "naive Bayes has no iterations")
        let seconds = try XCTUnwrap(try json(reported.stdout)["fields"] as? [String: Any])
        XCTAssertEqual(seconds.keys.sorted(), try XCTUnwrap(try json(plain.stdout)["fields"] as? [String: Any]).keys.sorted())
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: quiet)), try Data(contentsOf: URL(fileURLWithPath: loud)),
                       "progress never changes the model bytes")
        let silenced = try run(common + ["--progress", "--quiet", "--output", loud])
        XCTAssertEqual(silenced.stderr, "")
    }

    func testEvaluateRefusesNoThreadsAndStopsAtTheRecordLimit() throws {
        let model = try trainModel()
        let data = try writeJSONL("test.jsonl", Self.records)
        assertOneErrorLine(try run(["evaluate", "--model", model, "--data", data, "--threads", "0"]),
                           prefix: "--threads must be at least 1; got 0", status: 64)
        assertOneErrorLine(try run(["evaluate", "--model", model, "--data", "/dev/zero", "--format", "jsonl", "--max-record-bytes", "1000"]),
                           prefix: "/dev/zero:1: record longer than 1000 bytes (--max-record-bytes)")
    }
}
