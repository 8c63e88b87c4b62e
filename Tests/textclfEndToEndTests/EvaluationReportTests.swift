import Foundation
import XCTest

/// `textclf evaluate --report FILE.html` and `--predictions FILE.jsonl`, through the built binary:
/// the report holds the figures `evaluate --json` prints, every confusion count and every
/// misclassified document, escapes what the data says, and needs nothing outside itself; the
/// predictions file has one line per document with the keys docs/cli.md promises.
final class EvaluationReportTests: XCTestCase {
    private var folder: URL!

    private var binary: URL { TextclfRun.binary(for: Self.self) }

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("textclf is not built at \(binary.path)")
            throw CocoaError(.fileNoSuchFile)
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("textclf-report-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func run(_ arguments: [String]) throws -> TextclfRun {
        try TextclfRun.run(binary, arguments, in: folder)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func jsonLine(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    private func object(_ line: Substring) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
    }

    /// Words that tell the topics and stances apart, eight documents per topic.
    private static let training = NewsFixture.records

    private static let hostile = "<script>alert('x')</script> Kyiv will not cede Donetsk & the Donbas territory"

    /// A test set with deliberate mistakes: the hostile document speaks of territory but is
    /// labelled guarantees, so it is misclassified and must show, escaped, in the report.
    /// Each document's id as JSON text: strings, and one number, which must stay a number.
    private static let testing: [(id: String, text: String, topic: String, stance: String)] = [
        ("\"t-1\"", "Kyiv refuses to cede the Donbas.", "territory", "against"),
        ("2", "Allies welcome security guarantees.", "guarantees", "favor"),
        ("\"t-3\"", "The guarantees are rejected.", "guarantees", "against"),
        ("\"t-4\"", hostile, "guarantees", "favor"),
        ("\"t-5\"", "Leaders support giving up land for peace.", "guarantees", "favor"),
        ("\"t-6\"", "Security guarantees treaty welcome.", "territory", "against"),
    ]

    private func trainModel() throws -> String {
        let data = try write("train.jsonl", try Self.training.map {
            try jsonLine(["text": $0.0, "topic": $0.1, "stance": $0.2])
        }.joined(separator: "\n") + "\n")
        let model = folder.appendingPathComponent("model.textclf").path
        let result = try run(["train", "--data", data, "--label-field", "topic", "--label-field", "stance",
                              "--threads", "1", "--output", model])
        XCTAssertEqual(result.status, 0, result.stderr)
        return model
    }

    private func testData() throws -> String {
        try write("test.jsonl", try Self.testing.map {
            "{\"id\": \($0.id), " + (try jsonLine(["text": $0.text, "topic": $0.topic, "stance": $0.stance])).dropFirst()
        }.joined(separator: "\n") + "\n")
    }

    /// The part of the page about one field.
    private func section(_ html: String, field: String) throws -> String {
        let start = try XCTUnwrap(html.range(of: "<section id=\"field-\(field)\">"), "no section for \(field)")
        let end = try XCTUnwrap(html.range(of: "</section>", range: start.upperBound ..< html.endIndex))
        return String(html[start.lowerBound ..< end.upperBound])
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    // MARK: --report

    func testReportHoldsTheFiguresCountsAndMistakesOfEveryField() throws {
        let model = try trainModel(), data = try testData()
        let report = folder.appendingPathComponent("report.html").path
        let predictions = folder.appendingPathComponent("predictions.jsonl").path
        let result = try run(["evaluate", "--model", model, "--data", data, "--json", "--report", report, "--predictions", predictions])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let evaluation = try object(Substring(result.stdout.trimmingCharacters(in: .newlines)))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n").map(object)

        let fields = try XCTUnwrap(evaluation["fields"] as? [String: [String: Any]])
        XCTAssertEqual(Set(fields.keys), ["topic", "stance"])
        var mistakesSeen = 0
        for (field, figures) in fields {
            let part = try section(html, field: field)
            for metric in ["accuracy", "macro_f1", "weighted_f1"] {
                let value = try XCTUnwrap(figures[metric] as? Double)
                XCTAssertTrue(part.contains("data-metric=\"\(metric)\">\(String(format: "%.4f", value))</dd>"), "\(field) \(metric)")
            }
            XCTAssertTrue(part.contains("data-metric=\"documents\">\(Self.testing.count)</dd>"))
            let classes = try XCTUnwrap(figures["classes"] as? [String: [String: Any]])
            for (label, metrics) in classes {
                let cells = try ["precision", "recall", "f1"].map { String(format: "%.4f", try XCTUnwrap(metrics[$0] as? Double)) }
                let support = try XCTUnwrap(metrics["support"] as? Int)
                let row = "<tr><th scope=\"row\">\(label)</th>" + cells.map { "<td>\($0)</td>" }.joined() + "<td>\(support)</td></tr>"
                XCTAssertTrue(part.contains(row), "\(field): no row \(row)")
            }
            let confusion = try XCTUnwrap(figures["confusion"] as? [String: Any])
            let labels = try XCTUnwrap(confusion["labels"] as? [String])
            let matrix = try XCTUnwrap(confusion["matrix"] as? [[Int]])
            for (row, truth) in labels.enumerated() {
                for (column, predicted) in labels.enumerated() {
                    let pattern = "data-true=\"\(truth)\" data-predicted=\"\(predicted)\"><title>[^<]*</title>(<rect[^>]*/>){2}<text[^>]*>\(matrix[row][column])</text>"
                    XCTAssertNotNil(part.range(of: pattern, options: .regularExpression), "\(field): cell \(truth)→\(predicted)")
                }
            }
            XCTAssertTrue(part.contains(">true</text>") && part.contains(">predicted</text>"), "axes are labelled")

            // The mistakes the predictions file shows are exactly the rows of the report's table.
            let wrong = try lines.filter { line in
                let prediction = try XCTUnwrap(line[field] as? [String: Any])
                return prediction["gold"] as? String != prediction["predicted"] as? String
            }
            mistakesSeen += wrong.count
            XCTAssertTrue(part.contains("Misclassified documents (\(wrong.count) of \(Self.testing.count))"), part)
            XCTAssertEqual(part.components(separatedBy: "<td class=\"truth\" data-label=\"true\">").count - 1, wrong.count)
            for line in wrong {
                let prediction = try XCTUnwrap(line[field] as? [String: Any])
                let gold = try XCTUnwrap(prediction["gold"] as? String), guess = try XCTUnwrap(prediction["predicted"] as? String)
                let confidence = try XCTUnwrap((prediction["probabilities"] as? [String: Double])?[guess])
                let text = try XCTUnwrap(line["text"] as? String)
                XCTAssertTrue(part.contains("<td class=\"text\">\(escaped(text))</td><td class=\"truth\" data-label=\"true\">\(gold)</td>"
                                            + "<td class=\"predicted\" data-label=\"predicted\">\(guess)</td>"
                                            + "<td class=\"confidence\" data-label=\"confidence\">\(String(format: "%.3f", confidence))</td>"),
                              "\(field): mistake on line \(line["line"] ?? "?")")
            }
            // Confused pairs: each off-diagonal cell with documents, as true → predicted: count.
            for (row, truth) in labels.enumerated() {
                for (column, predicted) in labels.enumerated() where row != column && matrix[row][column] > 0 {
                    XCTAssertTrue(part.contains("<span class=\"label\">\(truth)</span> → <span class=\"label\">\(predicted)</span>: <span class=\"count\">\(matrix[row][column])</span>"))
                }
            }
        }
        XCTAssertGreaterThan(mistakesSeen, 0, "the test set is built to hold mistakes")
        // The hostile document is misclassified (territory words, labelled guarantees), so it is shown.
        XCTAssertTrue(html.contains(escaped(Self.hostile)))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("Donetsk &amp; the Donbas"))
        // Each mistake names the terms behind its prediction, with signed contributions.
        XCTAssertNotNil(html.range(of: "<span class=\"term\">[^<]+</span> <span class=\"weight\">\\+[0-9]\\.[0-9]{3}</span>", options: .regularExpression))
    }

    func testReportIsSelfContainedAndEscapesHostileText() throws {
        let model = try trainModel(), data = try testData()
        let report = folder.appendingPathComponent("report.html").path
        let result = try run(["evaluate", "--model", model, "--data", data, "--report", report])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        let lowered = html.lowercased()
        // Nothing to fetch: no scripts at all, no stylesheets, images, fonts or imports by address.
        for forbidden in ["<script", "<link", "src=", "@import", "url(", "<iframe", "<img", "<object"] {
            XCTAssertFalse(lowered.contains(forbidden), "the report holds \(forbidden)")
        }
        // Links only within the page.
        XCTAssertNil(lowered.range(of: "href\\s*=\\s*\"[^#]", options: .regularExpression))
        XCTAssertTrue(lowered.contains("<style>") && lowered.contains("@media print") && lowered.contains("@media (max-width"))
        XCTAssertTrue(lowered.contains("<svg class=\"heatmap\""))
        XCTAssertTrue(html.contains("<meta name=\"viewport\""))
        XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"))
        // The browser itself refuses any load or script: the policy allows inline styles only.
        XCTAssertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"))
    }

    func testReportOfAPerfectFieldSaysNothingWasMisclassified() throws {
        let model = try trainModel()
        let data = try write("same.jsonl", try Self.training.map {
            try jsonLine(["text": $0.0, "topic": $0.1, "stance": $0.2])
        }.joined(separator: "\n") + "\n")
        let report = folder.appendingPathComponent("report.html").path
        let result = try run(["evaluate", "--model", model, "--data", data, "--json", "--report", report])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        let figures = try XCTUnwrap((try object(Substring(result.stdout.trimmingCharacters(in: .newlines)))["fields"] as? [String: [String: Any]])?["topic"])
        XCTAssertEqual(figures["accuracy"] as? Double, 1, "the training set is separable")
        let part = try section(html, field: "topic")
        XCTAssertTrue(part.contains("Misclassified documents (0 of \(Self.training.count))"))
        XCTAssertTrue(part.contains("No document was misclassified."))
        XCTAssertFalse(part.contains("<table class=\"mistakes\">"))
    }

    func testTermsShowCharacterNGramsQuotedAndHashedColumnsAsBuckets() throws {
        let training = try write("train.jsonl", try Self.training.map {
            try jsonLine(["text": $0.0, "topic": $0.1, "stance": $0.2])
        }.joined(separator: "\n") + "\n")
        let data = try testData()
        for (name, options, pattern) in [
            // A character n-gram in quotes, which the page writes as &quot;, spaces kept.
            ("char", ["--features", "char_wb:3-3"], "<span class=\"term\">&quot;[^&<]{3}&quot;</span>"),
            // A hashed word column: its bucket, then this document's words that fell into it.
            ("hashed", ["--hash-bits", "6"], "<span class=\"term\">word bucket [0-9]{1,2}: [a-z]+(, [a-z]+)*</span>"),
        ] {
            let model = folder.appendingPathComponent("\(name).textclf").path
            let trained = try run(["train", "--data", training, "--label-field", "topic", "--label-field", "stance",
                                   "--threads", "1", "--output", model] + options)
            XCTAssertEqual(trained.status, 0, trained.stderr)
            let report = folder.appendingPathComponent("\(name).html").path
            let result = try run(["evaluate", "--model", model, "--data", data, "--report", report])
            XCTAssertEqual(result.status, 0, result.stderr)
            let html = try String(contentsOfFile: report, encoding: .utf8)
            XCTAssertNotNil(html.range(of: pattern, options: .regularExpression), "\(name): no term like \(pattern)")
        }
    }

    // MARK: --predictions

    func testPredictionsHaveOneLinePerDocumentWithExactKeysAndGoldLabels() throws {
        let model = try trainModel(), data = try testData()
        let predictions = folder.appendingPathComponent("predictions.jsonl").path
        let result = try run(["evaluate", "--model", model, "--data", data, "--predictions", predictions])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("topic: accuracy"), "the tables still print")
        let text = try String(contentsOfFile: predictions, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n"))
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(raw.count, Self.testing.count)
        // The keys in their promised order: id, line, text, then the fields in the model's order.
        XCTAssertTrue(raw[0].hasPrefix("{\"id\":\"t-1\",\"line\":1,\"text\":\"Kyiv refuses to cede the Donbas.\",\"topic\":{\"gold\":\"territory\",\"predicted\":"), String(raw[0]))
        XCTAssertTrue(raw[1].hasPrefix("{\"id\":2,\"line\":2,"), "a numeric id stays a number: \(raw[1])")
        for (index, line) in raw.enumerated() {
            let object = try object(line)
            XCTAssertEqual(Set(object.keys), ["id", "line", "text", "topic", "stance"])
            XCTAssertEqual(object["line"] as? Int, index + 1)
            XCTAssertEqual(object["text"] as? String, Self.testing[index].text)
            for (field, gold, classes) in [("topic", Self.testing[index].topic, ["guarantees", "territory"]),
                                           ("stance", Self.testing[index].stance, ["against", "favor"])] {
                let prediction = try XCTUnwrap(object[field] as? [String: Any])
                XCTAssertEqual(Set(prediction.keys), ["gold", "predicted", "probabilities"])
                XCTAssertEqual(prediction["gold"] as? String, gold)
                let probabilities = try XCTUnwrap(prediction["probabilities"] as? [String: Double])
                XCTAssertEqual(Set(probabilities.keys), Set(classes))
                XCTAssertEqual(probabilities.values.reduce(0, +), 1, accuracy: 1e-9)
                let best = try XCTUnwrap(probabilities.max { $0.value < $1.value }?.key)
                XCTAssertEqual(prediction["predicted"] as? String, best)
            }
        }
        XCTAssertEqual(try object(raw[1])["id"] as? Int, 2)
        XCTAssertEqual(try object(raw[3])["text"] as? String, Self.hostile)
    }

    func testPredictionsOfCSVDataUseTheSourceLine() throws {
        let model = try trainModel()
        // The header is line 1 and the second record spans two lines, so the third starts on line 5.
        let data = try write("test.csv", "text,topic,stance\nKyiv refuses to cede the Donbas.,territory,against\n"
                             + "\"Allies welcome\nsecurity guarantees.\",guarantees,favor\nThe guarantees are rejected.,guarantees,against\n")
        let predictions = folder.appendingPathComponent("predictions.jsonl").path
        let result = try run(["evaluate", "--model", model, "--data", data, "--predictions", predictions])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n").map(object)
        XCTAssertEqual(lines.map { $0["line"] as? Int }, [2, 3, 5])
        XCTAssertEqual(lines.map { Set($0.keys) }, Array(repeating: ["line", "text", "topic", "stance"], count: 3))
        XCTAssertEqual(lines[1]["text"] as? String, "Allies welcome\nsecurity guarantees.")
    }

    // MARK: Refusals

    func testAMissingOutputFolderFailsBeforeReadingAnything() throws {
        let missing = folder.appendingPathComponent("no-such-folder")
        for option in ["--report", "--predictions"] {
            let target = missing.appendingPathComponent("out").path
            // Neither the model nor the data exists: the folder is what the one line must name.
            let result = try run(["evaluate", "--model", "absent.textclf", "--data", "absent.jsonl", option, target])
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertEqual(result.stdout, "")
            XCTAssertEqual(result.stderr, "textclf: \(target): folder \(missing.path) does not exist\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: missing.path))
        }
        // A good --predictions with a bad --report writes neither.
        let model = try trainModel(), data = try testData()
        let predictions = folder.appendingPathComponent("p.jsonl").path
        let result = try run(["evaluate", "--model", model, "--data", data, "--predictions", predictions,
                              "--report", missing.appendingPathComponent("r.html").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: predictions))
    }

    func testAFailedEvaluationLeavesNoFileAndKeepsTheOldOne() throws {
        let model = try trainModel()
        let data = try write("bad.jsonl", try jsonLine(["text": "Kyiv refuses.", "topic": "territory", "stance": "against"]) + "\n"
                             + (try jsonLine(["text": "A poll.", "topic": "polling", "stance": "none"])) + "\n")
        let report = try write("report.html", "previous report")
        let predictions = folder.appendingPathComponent("predictions.jsonl").path
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let result = try run(["evaluate", "--model", model, "--data", data, "--report", report, "--predictions", predictions])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "textclf: \(data):2: field \"topic\": label \"polling\" was not seen in training (the model knows: guarantees, territory)\n")
        XCTAssertEqual(try String(contentsOfFile: report, encoding: .utf8), "previous report")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), before, "no temporary file is left")
    }

    func testAnOutputPathThatIsAFolderOrTheSameFileIsRefused() throws {
        let result = try run(["evaluate", "--model", "absent.textclf", "--data", "absent.jsonl", "--report", folder.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "textclf: \(folder.path): is a directory, not a file\n")
        let same = folder.appendingPathComponent("out").path
        let twice = try run(["evaluate", "--model", "absent.textclf", "--data", "absent.jsonl", "--report", same, "--predictions", same])
        XCTAssertEqual(twice.status, 64)
        XCTAssertEqual(twice.stderr, "textclf: --report and --predictions name the same file: \(same)\n")
    }
}
