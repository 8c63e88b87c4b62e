import Foundation
import XCTest

/// `textclf serve` end to end: the real binary on a free port, a real HTTP client. Checks the
/// answers' shapes (and that they are byte for byte what `classify --json` prints), every error
/// status, reloading a good and a bad file by request and by SIGHUP, and graceful shutdown with
/// a request in flight.
final class ServeTests: XCTestCase {
    private var folder: URL!
    private let sentence = "Kyiv will not cede Donetsk without a referendum, the president said."

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("textclf-serve-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func serve(_ arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> ServerProcess {
        try ServerProcess(["--model", ServerProcess.shippedModel] + arguments, logFolder: folder, file: file, line: line)
    }

    /// Runs the binary to completion; its status and standard error (via a file: no pipe can fill).
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments
        let outURL = folder.appendingPathComponent("out-\(UUID().uuidString)"), errURL = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }

    // MARK: Shapes

    func testOneTextIsAnsweredExactlyAsClassifyJSONPrintsIt() async throws {
        let server = try serve()
        for top in [1, 3] {
            let cli = try run(["classify", "--model", ServerProcess.shippedModel, "--json", "--top", "\(top)", sentence])
            XCTAssertEqual(cli.status, 0, cli.stderr)
            let reply = try await server.post("/v1/classify", json: ServerProcess.json(["text": sentence, "top": top]))
            XCTAssertEqual(reply.status, 200)
            XCTAssertEqual(reply.headers["content-type"], "application/json")
            XCTAssertEqual(reply.text + "\n", cli.stdout, "top \(top)")
        }
        let object = try await server.post("/v1/classify", json: ServerProcess.json(["text": sentence])).object()
        XCTAssertEqual((object["topic"] as? [String: Any])?["label"] as? String, "territory")
        XCTAssertEqual((object["stance"] as? [String: Any])?["label"] as? String, "against")
    }

    func testBatchesKeepInputOrderAndCopyIds() async throws {
        let server = try serve()
        let texts = [sentence, "Most Ukrainians oppose ceding land, a KIIS poll found.", "Russia launched 120 drones at Kharkiv overnight."]
        let batch = try await server.post("/v1/classify", json: ServerProcess.json(["texts": texts]))
        XCTAssertEqual(batch.status, 200, batch.text)
        let results = try XCTUnwrap(try batch.object()["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["text"] as? String }, texts)
        XCTAssertEqual(results.map { ($0["topic"] as? [String: Any])?["label"] as? String }, ["territory", "polling", "military"])
        // Each element is the single-text answer for that text.
        for (index, text) in texts.enumerated() {
            let single = try await server.post("/v1/classify", json: ServerProcess.json(["text": text])).object()
            XCTAssertEqual(NSDictionary(dictionary: single), NSDictionary(dictionary: results[index]))
        }

        let documents: [[String: Any]] = [["id": "a-1", "text": texts[0]], ["id": 42, "text": texts[1]], ["text": texts[2]]]
        let reply = try await server.post("/v1/classify", json: ServerProcess.json(["documents": documents]))
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertTrue(reply.text.hasPrefix("{\"results\":[{\"id\":\"a-1\",\"text\":"), reply.text)
        let answered = try XCTUnwrap(try reply.object()["results"] as? [[String: Any]])
        XCTAssertEqual(answered.count, 3)
        XCTAssertEqual(answered[0]["id"] as? String, "a-1")
        XCTAssertEqual(answered[1]["id"] as? Int, 42)
        XCTAssertNil(answered[2]["id"])
        XCTAssertEqual(answered.map { $0["text"] as? String }, texts)

        let empty = try await server.post("/v1/classify", json: "{\"texts\": []}")
        XCTAssertEqual(empty.status, 200)
        XCTAssertEqual(empty.text, "{\"results\":[]}")
    }

    func testModelSummaryHealthAndReadiness() async throws {
        let server = try serve()
        let reply = try await server.get("/v1/model")
        XCTAssertEqual(reply.status, 200)
        let model = try reply.object()
        XCTAssertEqual(model["path"] as? String, ServerProcess.shippedModel)
        XCTAssertEqual(model["format_version"] as? Int, 2)
        XCTAssertEqual(model["sha256"] as? String, try sha256sum(ServerProcess.shippedModel))
        let fields = try XCTUnwrap(model["fields"] as? [[String: Any]])
        XCTAssertEqual(fields.map { $0["name"] as? String }, ["topic", "stance"])
        XCTAssertEqual(fields.map { $0["algorithm"] as? String }, ["lr", "lr"])
        XCTAssertEqual(fields[0]["classes"] as? [String], ["guarantees", "military", "polling", "territory"])
        XCTAssertEqual(fields[1]["classes"] as? [String], ["against", "favor", "none"])
        let blocks = try XCTUnwrap(model["features"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["analyzer"] as? String }, ["word", "char_wb"])
        XCTAssertEqual(blocks.first?["sublinear_tf"] as? Bool, true)
        XCTAssertGreaterThan(blocks.first?["feature_count"] as? Int ?? 0, 1000)
        XCTAssertEqual(model["feature_count"] as? Int, blocks.reduce(0) { $0 + ($1["feature_count"] as? Int ?? 0) })

        let health = try await server.get("/healthz")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(try health.object()["status"] as? String, "ok")
        let ready = try await server.get("/readyz")
        XCTAssertEqual(ready.status, 200)
        XCTAssertEqual(try ready.object()["status"] as? String, "ready")
    }

    func testMetricsCountRequestsDocumentsAndStatuses() async throws {
        let server = try serve()
        for _ in 0 ..< 3 { _ = try await server.post("/v1/classify", json: ServerProcess.json(["text": sentence])) }
        _ = try await server.post("/v1/classify", json: ServerProcess.json(["texts": ["a", "b", "c", "d"]]))
        _ = try await server.post("/v1/classify", json: "{")
        _ = try await server.get("/no/such/page")
        let reply = try await server.get("/metrics")
        XCTAssertEqual(reply.status, 200)
        XCTAssertTrue(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") ?? false)
        let lines = Set(reply.text.split(separator: "\n").map(String.init))
        XCTAssertTrue(lines.contains("textclf_http_requests_total{route=\"/v1/classify\",method=\"POST\",status=\"200\"} 4"), reply.text)
        XCTAssertTrue(lines.contains("textclf_http_requests_total{route=\"/v1/classify\",method=\"POST\",status=\"400\"} 1"), reply.text)
        XCTAssertTrue(lines.contains("textclf_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"), reply.text)
        XCTAssertTrue(lines.contains("textclf_documents_classified_total 7"), reply.text)
        XCTAssertTrue(lines.contains("textclf_http_request_duration_seconds_count{route=\"/v1/classify\",method=\"POST\",status=\"200\"} 4"), reply.text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("textclf_http_request_duration_seconds_bucket{route=\"/v1/classify\",method=\"POST\",status=\"200\",le=\"0.001\"}") })
    }

    // MARK: Errors

    func testEveryRefusalIsAJSONErrorWithItsStatus() async throws {
        let server = try serve(["--max-body-bytes", "2000", "--max-batch", "3"])
        let badRequests: [(body: String, message: String)] = [
            ("{\"text\": ", "malformed JSON"),
            ("{\"text\": 5}", "\"text\" must be a string"),
            ("{\"text\": null}", "\"text\" must be a string"),
            ("{\"txt\": \"hello\"}", "missing \"text\""),
            ("[\"hello\"]", "the body must be a JSON object"),
            ("{\"texts\": [\"a\", 3]}", "\"texts\"[1] must be a string"),
            ("{\"texts\": \"a\"}", "\"texts\" must be an array"),
            ("{\"documents\": [{\"id\": 1}]}", "missing \"documents\"[0].text"),
            ("{\"documents\": [{\"id\": 1.5, \"text\": \"a\"}]}", "\"documents\"[0].id must be a string or an integer"),
            ("{\"text\": \"a\", \"texts\": [\"b\"]}", "give only one of"),
            ("{\"text\": \"a\", \"top\": 0}", "\"top\" must be an integer of at least 1"),
        ]
        for (body, message) in badRequests {
            let reply = try await server.post("/v1/classify", json: body)
            XCTAssertEqual(reply.status, 400, body)
            let error = try reply.errorMessage()
            XCTAssertTrue(error.hasPrefix(message), "\(body): \(error)")
        }

        let empty = try await server.request("POST", "/v1/classify", body: Data())
        XCTAssertEqual(empty.status, 400)
        XCTAssertTrue(try empty.errorMessage().hasPrefix("empty body"))

        let wrongType = try await server.request("POST", "/v1/classify", body: Data("{\"text\": \"a\"}".utf8), contentType: "text/plain")
        XCTAssertEqual(wrongType.status, 415)
        XCTAssertEqual(try wrongType.errorMessage(), "Content-Type must be application/json")
        let withCharset = try await server.request("POST", "/v1/classify", body: Data("{\"text\": \"a\"}".utf8), contentType: "application/json; charset=utf-8")
        XCTAssertEqual(withCharset.status, 200)
        // No Content-Type at all (URLSession would add one of its own).
        let raw = try RawConnection(port: server.port)
        raw.send("POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\n{\"text\": \"a\"}")
        let untyped = try XCTUnwrap(raw.readResponse())
        XCTAssertEqual(untyped.statusLine, "HTTP/1.1 415 Unsupported Media Type")
        XCTAssertEqual(untyped.body, "{\"error\":\"Content-Type must be application/json\"}")

        let large = try await server.post("/v1/classify", json: ServerProcess.json(["text": String(repeating: "word ", count: 500)]))
        XCTAssertEqual(large.status, 413)
        XCTAssertTrue(try large.errorMessage().contains("the limit is 2000 (--max-body-bytes)"))
        // Chunked, so the size is known only while reading.
        let chunked = try RawConnection(port: server.port)
        let chunk = "{\"text\": \"" + String(repeating: "a", count: 2500) + "\"}"
        chunked.send("POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n0\r\n\r\n")
        let chunkedReply = try XCTUnwrap(chunked.readResponse())
        XCTAssertTrue(chunkedReply.statusLine.hasPrefix("HTTP/1.1 413 "), chunkedReply.statusLine)
        XCTAssertTrue(chunkedReply.body.hasPrefix("{\"error\":\"the body is larger than the limit"), chunkedReply.body)

        let batch = try await server.post("/v1/classify", json: ServerProcess.json(["texts": ["a", "b", "c", "d"]]))
        XCTAssertEqual(batch.status, 413)
        XCTAssertEqual(try batch.errorMessage(), "4 documents in one request; the limit is 3 (--max-batch)")

        let missing = try await server.get("/v1/clasify")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(try missing.errorMessage(), "no such route: GET /v1/clasify")

        let wrongMethod = try await server.get("/v1/classify")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.headers["allow"], "POST")
        XCTAssertEqual(try wrongMethod.errorMessage(), "/v1/classify accepts POST, not GET")
        let postToModel = try await server.post("/v1/model", json: "{}")
        XCTAssertEqual(postToModel.status, 405)
        XCTAssertEqual(postToModel.headers["allow"], "GET")

        // After all that, it still answers.
        let fine = try await server.post("/v1/classify", json: ServerProcess.json(["text": sentence]))
        XCTAssertEqual(fine.status, 200)
    }

    func testTakenPortAndBadModelStopWithOneLine() throws {
        let server = try serve()
        let taken = try run(["serve", "--model", ServerProcess.shippedModel, "--port", "\(server.port)"])
        XCTAssertEqual(taken.status, 1)
        XCTAssertEqual(taken.stderr, "textclf: cannot listen on 127.0.0.1:\(server.port): Address already in use\n")

        let junk = folder.appendingPathComponent("junk.textclf")
        try Data("not a model".utf8).write(to: junk)
        let bad = try run(["serve", "--model", junk.path, "--port", "0"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr, "textclf: \(junk.path): not a textclf model file\n")

        let absent = try run(["serve", "--model", folder.appendingPathComponent("absent.textclf").path, "--port", "0"])
        XCTAssertEqual(absent.status, 1)
        XCTAssertEqual(absent.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(absent.stderr.hasSuffix("absent.textclf: no such file\n"), absent.stderr)
    }

    // MARK: Reload

    func testReloadSwapsAGoodFileAndKeepsTheOldModelForABadOne() async throws {
        let path = folder.appendingPathComponent("served.textclf")
        try FileManager.default.copyItem(atPath: ServerProcess.shippedModel, toPath: path.path)
        let golden = ServerProcess.repository.appendingPathComponent("Tests/TextClassificationTests/Fixtures/golden-v1.textclf").path
        let server = try ServerProcess(["--model", path.path], logFolder: folder)
        let shippedHash = try sha256sum(ServerProcess.shippedModel), goldenHash = try sha256sum(golden)

        // A good file by request: the answer and every later request use it.
        try replace(path, withContentsOf: golden)
        let reloaded = try await server.post("/v1/reload", json: "")
        XCTAssertEqual(reloaded.status, 200, reloaded.text)
        XCTAssertEqual(try reloaded.object()["reloaded"] as? Bool, true)
        XCTAssertEqual((try reloaded.object()["model"] as? [String: Any])?["sha256"] as? String, goldenHash)
        let afterGood = try await server.get("/v1/model").object()
        XCTAssertEqual(afterGood["sha256"] as? String, goldenHash)
        let goldenAnswer = try await server.post("/v1/classify", json: ServerProcess.json(["text": sentence])).object()
        let topicProbabilities = (goldenAnswer["topic"] as? [String: Any])?["probabilities"] as? [String: Double] ?? [:]
        XCTAssertEqual(Set(topicProbabilities.keys), ["guarantees", "territory"], "the golden model's topic classes")

        // A bad file by request: refused, logged once, the old model still answers.
        try Data("TEXTCLF\ngarbage that is not a model".utf8).write(to: path)
        let linesBefore = server.logLines.count
        let refused = try await server.post("/v1/reload", json: "")
        XCTAssertEqual(refused.status, 500)
        XCTAssertTrue(try refused.errorMessage().hasPrefix("reload failed, still serving the previous model: \(path.path): "))
        let newLines = Array(server.logLines.dropFirst(linesBefore))
        XCTAssertEqual(newLines.count, 1, newLines.joined(separator: "\n"))
        XCTAssertTrue(newLines.first?.contains("reload failed (POST /v1/reload), still serving sha256 \(goldenHash): \(path.path): ") ?? false,
                      newLines.first ?? "")
        let afterBad = try await server.get("/v1/model").object()
        XCTAssertEqual(afterBad["sha256"] as? String, goldenHash)
        let stillAnswering = try await server.post("/v1/classify", json: ServerProcess.json(["text": sentence]))
        XCTAssertEqual(stillAnswering.status, 200)

        // SIGHUP: a good file is swapped in...
        try replace(path, withContentsOf: ServerProcess.shippedModel)
        server.signal(SIGHUP)
        try await waitFor("the SIGHUP reload") { try await server.get("/v1/model").object()["sha256"] as? String == shippedHash }
        // ... and a bad one (truncated) is refused with one line, still serving.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ServerProcess.shippedModel))
        try bytes.prefix(bytes.count / 2).write(to: path)
        server.signal(SIGHUP)
        try await waitFor("the failed SIGHUP reload's log line") { server.logLines.contains { $0.contains("reload failed (SIGHUP)") } }
        XCTAssertEqual(server.logLines.filter { $0.contains("reload failed (SIGHUP)") }.count, 1)
        XCTAssertTrue(server.logLines.contains { $0.contains("reload failed (SIGHUP), still serving sha256 \(shippedHash): \(path.path): checksum mismatch") },
                      server.logText())
        let afterBadHangup = try await server.get("/v1/model").object()
        XCTAssertEqual(afterBadHangup["sha256"] as? String, shippedHash)
        XCTAssertTrue(server.process.isRunning)

        let metrics = try await server.get("/metrics").text
        XCTAssertTrue(metrics.contains("textclf_model_reloads_total{result=\"success\"} 2"), metrics)
        XCTAssertTrue(metrics.contains("textclf_model_reloads_total{result=\"failure\"} 2"), metrics)
    }

    // MARK: Shutdown

    func testSIGTERMFinishesTheRequestInFlightThenExitsZero() async throws {
        let server = try serve()
        let body = try ServerProcess.json(["text": sentence])
        let connection = try RawConnection(port: server.port)
        // The head and half the body: the request is now being handled, waiting for the rest.
        let half = body.utf8.count / 2
        connection.send("POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            + String(decoding: Array(body.utf8)[..<half], as: UTF8.self))
        usleep(300_000)
        server.signal(SIGTERM)
        usleep(500_000)
        XCTAssertTrue(server.process.isRunning, "it waits for the request in flight")
        // New connections are refused once shutdown has begun.
        XCTAssertThrowsError(try RawConnection(port: server.port))
        connection.send(String(decoding: Array(body.utf8)[half...], as: UTF8.self))
        let reply = try XCTUnwrap(connection.readResponse(), "the request in flight was answered")
        XCTAssertEqual(reply.statusLine, "HTTP/1.1 200 OK")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])
        XCTAssertEqual(object["text"] as? String, sentence)
        XCTAssertEqual(server.exitStatus(within: 10), 0, server.logText())
    }

    func testSIGINTExitsZero() throws {
        let server = try serve()
        server.signal(SIGINT)
        XCTAssertEqual(server.exitStatus(within: 10), 0, server.logText())
        XCTAssertTrue(server.logLines.last?.hasSuffix("stopped") ?? false, server.logText())
    }

    // MARK: Helpers

    private func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    /// Replaces `path` as a deployment would: a new file renamed over the old one.
    private func replace(_ path: URL, withContentsOf source: String) throws {
        let temporary = path.deletingLastPathComponent().appendingPathComponent(".incoming-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: source, toPath: temporary.path)
        XCTAssertEqual(rename(temporary.path, path.path), 0)
    }

    private func waitFor(_ what: String, seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTFail("timed out waiting for \(what)")
    }
}
