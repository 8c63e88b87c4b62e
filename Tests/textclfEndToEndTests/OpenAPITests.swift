import Foundation
import TextClassification
@testable import textclf
import XCTest

/// Keeps docs/openapi.yaml true: its operations are exactly the server's routes, and the running
/// server's answers — good and bad requests to every operation — have documented statuses and
/// bodies that match the documented schemas.
final class OpenAPITests: XCTestCase {
    private var folder: URL!
    private var document: [String: Any] = [:]

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("textclf-openapi-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try String(contentsOf: ServerProcess.repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        document = try XCTUnwrap(try SimpleYAML.parse(text) as? [String: Any])
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private var paths: [String: [String: Any]] {
        (document["paths"] as? [String: Any] ?? [:]).compactMapValues { $0 as? [String: Any] }
    }

    func testOperationsAreExactlyTheServersRoutes() throws {
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        let served = Set(Route.allCases.map { "\($0.method.rawValue) \($0.path)" })
        XCTAssertEqual(documented, served)
        XCTAssertFalse(served.isEmpty)
    }

    func testAnswersHaveDocumentedStatusesAndShapes() async throws {
        let path = folder.appendingPathComponent("served.textclf")
        try FileManager.default.copyItem(atPath: ServerProcess.shippedModel, toPath: path.path)
        let server = try ServerProcess(["--model", path.path, "--max-body-bytes", "4000", "--max-batch", "2"], logFolder: folder)
        let text = "Kyiv will not cede Donetsk without a referendum."
        let exchanges: [(method: String, path: String, body: String?, contentType: String?, status: Int)] = [
            ("POST", "/v1/classify", try ServerProcess.json(["text": text]), "application/json", 200),
            ("POST", "/v1/classify", try ServerProcess.json(["text": text, "top": 2]), "application/json", 200),
            ("POST", "/v1/classify", try ServerProcess.json(["texts": [text, "Polls show support."]]), "application/json", 200),
            ("POST", "/v1/classify", try ServerProcess.json(["documents": [["id": "x", "text": text], ["id": 3, "text": "b"]]]), "application/json", 200),
            ("POST", "/v1/classify", "{\"text\": 1}", "application/json", 400),
            ("POST", "/v1/classify", "not json", "application/json", 400),
            ("POST", "/v1/classify", "", "application/json", 400),
            ("POST", "/v1/classify", try ServerProcess.json(["texts": ["a", "b", "c"]]), "application/json", 413),
            ("POST", "/v1/classify", try ServerProcess.json(["text": String(repeating: "x", count: 5000)]), "application/json", 413),
            ("POST", "/v1/classify", "{\"text\": \"a\"}", "text/plain", 415),
            ("GET", "/v1/model", nil, nil, 200),
            ("GET", "/healthz", nil, nil, 200),
            ("GET", "/readyz", nil, nil, 200),
            ("GET", "/metrics", nil, nil, 200),
            ("POST", "/v1/reload", "", nil, 200),
        ]
        for exchange in exchanges {
            let reply = try await server.request(exchange.method, exchange.path, body: exchange.body.map { Data($0.utf8) },
                                                 contentType: exchange.contentType)
            XCTAssertEqual(reply.status, exchange.status, "\(exchange.method) \(exchange.path) \(exchange.body ?? ""): \(reply.text)")
            try check(reply, against: try documentedResponse(exchange.method, exchange.path, status: reply.status),
                      "\(exchange.method) \(exchange.path) → \(reply.status)")
        }
        // A bad file makes reload's documented failure.
        try Data("garbage".utf8).write(to: path)
        let failed = try await server.post("/v1/reload", json: "")
        XCTAssertEqual(failed.status, 500)
        try check(failed, against: try documentedResponse("POST", "/v1/reload", status: 500), "failed reload")

        // Unknown paths and wrong methods answer as the shared responses say.
        let responses = try XCTUnwrap((document["components"] as? [String: Any])?["responses"] as? [String: Any])
        let missing = try await server.get("/nowhere")
        XCTAssertEqual(missing.status, 404)
        try check(missing, against: try XCTUnwrap(responses["NotFound"] as? [String: Any]), "404")
        for route in Route.allCases {
            let other = route.method == .get ? "POST" : "GET"
            let wrong = try await server.request(other, route.path, body: other == "POST" ? Data("{}".utf8) : nil)
            XCTAssertEqual(wrong.status, 405, "\(other) \(route.path)")
            XCTAssertEqual(wrong.headers["allow"], route.method.rawValue)
            try check(wrong, against: try XCTUnwrap(responses["MethodNotAllowed"] as? [String: Any]), "405 on \(route.path)")
        }
    }

    func testAnImportedSparkModelIsDescribedAsDocumented() async throws {
        let path = folder.appendingPathComponent("spark.textclf").path
        let fixture = ServerProcess.repository.appendingPathComponent("Tests/TextClassificationTests/Fixtures/spark/lr-binomial").path
        try ModelFile.write(try SparkPipelineImporter.classifier(at: fixture), to: path)
        let server = try ServerProcess(["--model", path], logFolder: folder)
        let reply = try await server.get("/v1/model")
        XCTAssertEqual(reply.status, 200)
        XCTAssertTrue(reply.text.contains("\"reg_param\""), reply.text)
        try check(reply, against: try documentedResponse("GET", "/v1/model", status: 200), "GET /v1/model of an imported model")
    }

    // MARK: The document

    private func documentedResponse(_ method: String, _ path: String, status: Int) throws -> [String: Any] {
        let operation = try XCTUnwrap(paths[path]?[method.lowercased()] as? [String: Any], "\(method) \(path) is not documented")
        let responses = try XCTUnwrap(operation["responses"] as? [String: Any])
        return try XCTUnwrap(responses[String(status)] as? [String: Any], "\(method) \(path) does not document status \(status)")
    }

    private func check(_ reply: ServerProcess.Reply, against response: [String: Any], _ what: String) throws {
        let content = try XCTUnwrap(response["content"] as? [String: Any], what)
        let mediaType = String(reply.headers["content-type"]?.split(separator: ";").first ?? "")
        let entry = try XCTUnwrap(content[mediaType] as? [String: Any], "\(what): \(mediaType) is not documented")
        let schema = try XCTUnwrap(entry["schema"] as? [String: Any], what)
        let value: Any = mediaType == "application/json" ? try JSONSerialization.jsonObject(with: reply.body, options: .fragmentsAllowed) : reply.text
        let problems = validate(value, schema, at: "$")
        XCTAssertEqual(problems, [], "\(what): \(reply.text)")
    }

    // MARK: A JSON Schema subset: $ref, type, required, properties, additionalProperties, items, oneOf, minimum

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/") else { return schema }
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
        return resolve(node as? [String: Any] ?? [:])
    }

    private func validate(_ value: Any, _ unresolved: [String: Any], at location: String) -> [String] {
        let schema = resolve(unresolved)
        if let choices = schema["oneOf"] as? [Any] {
            let matching = choices.filter { validate(value, $0 as? [String: Any] ?? [:], at: location).isEmpty }
            return matching.count == 1 ? [] : ["\(location): matches \(matching.count) of oneOf"]
        }
        var problems: [String] = []
        if let type = schema["type"] {
            let types = (type as? [Any] ?? [type]).compactMap { $0 as? String }
            if !types.contains(where: { Self.has(value, type: $0) }) { return ["\(location): not of type \(types)"] }
        }
        if let minimum = (schema["minimum"] as? String).flatMap(Double.init), let number = value as? NSNumber, number.doubleValue < minimum {
            problems.append("\(location): below \(minimum)")
        }
        if let object = value as? [String: Any], Self.has(value, type: "object") {
            for key in (schema["required"] as? [Any] ?? []).compactMap({ $0 as? String }) where object[key] == nil {
                problems.append("\(location): missing \(key)")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let property = properties[key] as? [String: Any] {
                    problems += validate(member, property, at: "\(location).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += validate(member, additional, at: "\(location).\(key)")
                } else if schema["additionalProperties"] as? String == "false" {
                    problems.append("\(location): unexpected member \(key)")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { problems += validate(element, items, at: "\(location)[\(index)]") }
        }
        return problems
    }

    private static func has(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean":
            guard let number = value as? NSNumber else { return false }
            return isBoolean(number)
        case "integer", "number":
            guard let number = value as? NSNumber, !isBoolean(number) else { return false }
            return type == "number" || number.doubleValue == number.doubleValue.rounded()
        default: return false
        }
    }

    /// JSONSerialization gives booleans as NSNumbers too; their type code tells them apart.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
