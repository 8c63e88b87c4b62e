import Foundation
import XCTest

/// The hostile-input catalogue (issue 13), run through the built binary: every case gets one
/// line on standard error and exit status 1 (64 for usage), never a signal or an abort (134).
final class HostileInputTests: XCTestCase {
    private typealias Outcome = TextclfRun

    private var binary: URL { TextclfRun.binary(for: Self.self) }

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("textclf-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func run(_ arguments: [String], stdin: [UInt8] = []) throws -> Outcome {
        try TextclfRun.run(binary, arguments, in: folder, stdin: stdin)
    }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    /// A small valid corpus in JSON Lines, label field `label`.
    private var corpus: String {
        (0 ..< 12).map { "{\"text\": \"\($0 % 2 == 0 ? "peace talks in geneva" : "drones over kharkiv") \($0)\", \"label\": \"\($0 % 2 == 0 ? "talks" : "war")\"}" }
            .joined(separator: "\n") + "\n"
    }

    private func assertRefused(_ outcome: Outcome, status: Int32 = 1, _ expected: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(outcome.exitedNormally, "killed by a signal: \(outcome.stderr)", file: file, line: line)
        XCTAssertEqual(outcome.status, status, outcome.stderr, file: file, line: line)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr, file: file, line: line)
        XCTAssertEqual(outcome.stderrLines.first, expected, file: file, line: line)
    }

    private func train(_ data: String, _ extra: [String] = [], stdin: [UInt8] = []) throws -> Outcome {
        try run(["train", "--data", data, "--label-field", "label", "--algorithm", "nb", "--threads", "1",
                 "--output", folder.appendingPathComponent("m.textclf").path] + extra, stdin: stdin)
    }

    // MARK: Bounded resources

    func testAnEndlessDeviceStopsAtTheRecordLimit() throws {
        assertRefused(try train("/dev/zero", ["--format", "jsonl", "--max-record-bytes", "1048576"]),
                      "textclf: /dev/zero:1: record longer than 1 MiB (--max-record-bytes)")
    }

    func testALongLineOnStandardInputStopsAtTheRecordLimit() throws {
        let bytes = Array(corpus.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20) + [0x0A]
        assertRefused(try train("-", ["--format", "jsonl", "--max-record-bytes", "1048576"], stdin: bytes),
                      "textclf: <stdin>:13: record longer than 1 MiB (--max-record-bytes)")
    }

    func testOneClassPerDocumentIsRefusedBeforeTrainingWithTheEstimate() throws {
        let lines = (0 ..< 100_000).map { "{\"text\": \"document \($0)\", \"label\": \"c\($0)\"}\n" }.joined()
        let data = try file("labels.jsonl", lines)
        let outcome = try run(["train", "--data", data, "--label-field", "label", "--algorithm", "lr",
                               "--max-model-bytes", "8589934592", "--output", folder.appendingPathComponent("m.textclf").path])
        assertRefused(outcome, "textclf: cannot train: the fit would need about 149.0 GiB (160000000000 bytes) for 100000 documents, "
                      + "100000 classes in label, more than --max-model-bytes 8.0 GiB (8589934592 bytes); fewer features "
                      + "(--min-df, --max-features, --hash-bits) or fewer classes make it smaller, or raise --max-model-bytes")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.textclf").path))
    }

    func testAVocabularyOverTheModelLimitIsRefused() throws {
        let outcome = try train(try file("d.jsonl", corpus), ["--max-model-bytes", "1000"])
        assertRefused(outcome, "textclf: cannot train: the fit would need about 2.4 KiB (2432 bytes) for 12 documents, 19 features, "
                      + "2 classes in label, more than --max-model-bytes 1000 bytes; fewer features (--min-df, --max-features, "
                      + "--hash-bits) or fewer classes make it smaller, or raise --max-model-bytes")
    }

    // MARK: One rule for every path

    func testInvalidUTF8IsRefusedWithTheLineInEveryFormatAndOnStandardInput() throws {
        let bad: [UInt8] = [0xC3, 0x28]
        let cases: [(String, [UInt8], String)] = [
            ("d.jsonl", Array("{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": \"".utf8) + bad + Array("\", \"label\": \"b\"}\n".utf8), "2"),
            ("d.csv", Array("text,label\nok,a\n".utf8) + bad + Array(",b\n".utf8), "3"),
            ("d.tsv", Array("text\tlabel\nok\ta\n".utf8) + bad + Array("\tb\n".utf8), "3"),
            ("d.txt", Array("__label__a ok\n__label__b ".utf8) + bad + [0x0A], "2"),
        ]
        for (name, bytes, line) in cases {
            assertRefused(try train(try file(name, bytes)), "textclf: \(folder.appendingPathComponent(name).path):\(line): invalid UTF-8")
        }
        assertRefused(try train("-", stdin: cases[0].1), "textclf: <stdin>:2: invalid UTF-8")
    }

    func testEmptyLabelsAreRefusedInEveryFormat() throws {
        let cases: [(String, String, String)] = [
            ("e.jsonl", "{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": \"x\", \"label\": \"\"}\n", "2"),
            ("e.csv", "text,label\nok,a\nx,\n", "3"),
            ("e.tsv", "text\tlabel\nok\ta\nx\t\n", "3"),
            ("e.txt", "__label__a ok\n__label__ x\n", "2"),
        ]
        for (name, contents, line) in cases {
            assertRefused(try train(try file(name, contents)),
                          "textclf: \(folder.appendingPathComponent(name).path):\(line): field \"label\": empty label")
        }
    }

    func testDuplicateKeysAreRefusedFromAFileAndFromStandardInput() throws {
        let bytes = Array((corpus + "{\"text\": \"x\", \"label\": \"a\", \"label\": \"b\"}\n").utf8)
        assertRefused(try train(try file("dup.jsonl", bytes)),
                      "textclf: \(folder.appendingPathComponent("dup.jsonl").path):13: field \"label\": given twice in one object")
        assertRefused(try train("-", stdin: bytes), "textclf: <stdin>:13: field \"label\": given twice in one object")
    }

    func testNumberLabelsAreTheirTextAndTheByteOrderMarkIsDroppedOnStandardInput() throws {
        let lines = (0 ..< 12).map { "{\"text\": \"\($0 % 3 == 0 ? "alpha" : $0 % 3 == 1 ? "beta" : "gamma") \($0)\", \"label\": \($0 % 3 == 0 ? "3" : $0 % 3 == 1 ? "3.0" : "1e2")}" }
        let outcome = try train("-", ["--json"], stdin: [0xEF, 0xBB, 0xBF] + Array(lines.joined(separator: "\n").utf8))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let summary = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let fields = summary?["fields"] as? [String: Any], label = fields?["label"] as? [String: Any]
        XCTAssertEqual(label?["classes"] as? [String], ["1e2", "3", "3.0"])
    }

    func testTabSeparatedDataIsDetectedOnStandardInput() throws {
        let tsv = "text\tlabel\n" + (0 ..< 8).map { "words, and more \($0)\t\($0 % 2 == 0 ? "a" : "b")" }.joined(separator: "\n") + "\n"
        let outcome = try train("-", stdin: Array(tsv.utf8))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.hasPrefix("Trained on 8 documents from <stdin>"), outcome.stdout)
    }

    // MARK: Command-line edges

    func testAMissingOutputFolderIsFoundBeforeAnyDataIsRead() throws {
        // /dev/zero would take the record limit to read: the refusal comes first.
        let outcome = try run(["train", "--data", "/dev/zero", "--format", "jsonl", "--label-field", "label",
                               "--output", "/no/such/folder/m.textclf"])
        assertRefused(outcome, status: 64, "textclf: --output /no/such/folder/m.textclf: folder /no/such/folder does not exist")
        assertRefused(try run(["train", "--data", "/dev/zero", "--label-field", "label", "--output", folder.path]),
                      status: 64, "textclf: --output \(folder.path): is a folder")
    }

    func testNegativeAndZeroValuesAreValuesThatFailValidationByFlagName() throws {
        let data = try file("d.jsonl", corpus)
        let cases: [([String], String)] = [
            (["--c", "-1", "--algorithm", "lr"], "textclf: --c must be a positive number; got -1.0"),
            (["--alpha", "-1"], "textclf: --alpha must be a positive number; got -1.0"),
            (["--max-features", "-1"], "textclf: --max-features must be at least 1; got -1"),
            (["--min-df", "-2"], "textclf: --min-df must be a count of at least 0; got -2"),
            (["--threads", "0"], "textclf: --threads must be at least 1; got 0"),
            (["--threads", "-3"], "textclf: --threads must be at least 1; got -3"),
            (["--max-record-bytes", "0"], "textclf: --max-record-bytes must be at least 1 byte; got 0"),
            (["--max-model-bytes", "-1"], "textclf: --max-model-bytes must be at least 1 byte; got -1"),
            (["--min-df", "6000"], "textclf: --min-df must be at most the number of documents (12); got 6000"),
        ]
        for (extra, expected) in cases {
            assertRefused(try train(data, extra), status: 64, expected)
        }
        assertRefused(try run(["cv", "--data", data, "--label-field", "label", "--folds", "-1"]), status: 64,
                      "textclf: --folds must be at least 2; got -1")
    }

    func testADamagedModelFileIsOneLine() throws {
        let model = try file("bad.textclf", Array("TEXTCLF\n".utf8) + [UInt8](repeating: 7, count: 100))
        let outcome = try run(["classify", "--model", model, "some text"])
        XCTAssertTrue(outcome.exitedNormally)
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertEqual(outcome.stderrLines.count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.hasPrefix("textclf: \(model): "), outcome.stderr)
    }
}
