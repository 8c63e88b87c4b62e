import Foundation
import XCTest
@testable import TextClassification

final class JSONObjectLineTests: XCTestCase {
    private func read(_ text: String) -> Result<[(String, JSONObjectLine.Kind, String)], JSONObjectLine.Problem> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONObjectLine.Problem) {
                let object = try JSONObjectLine(buffer)
                return .success(object.members.map { member in
                    (member.name, member.kind, member.kind == .string ? object.string(of: member) : object.raw(of: member))
                })
            } catch {
                return .failure(error)
            }
        }
    }

    private func problem(_ text: String) -> JSONObjectLine.Problem? {
        if case .failure(let problem) = read(text) { return problem }
        return nil
    }

    func testMembersKindsAndValues() throws {
        let members = try read(#" { "text" : "a \"b\" \\ \/ \n\t\u00e9\ud83d\ude00" , "n": -1.5e+3, "ok": true, "x": null, "o": {"k": [1, {}]}, "a": [] } "#).get()
        XCTAssertEqual(members.map(\.0), ["text", "n", "ok", "x", "o", "a"])
        XCTAssertEqual(members.map(\.1), [.string, .number, .boolean, .null, .object, .array])
        XCTAssertEqual(members[0].2, "a \"b\" \\ / \n\té😀")
        XCTAssertEqual(members[1].2, "-1.5e+3")
        XCTAssertEqual(members[4].2, #"{"k": [1, {}]}"#)
        XCTAssertEqual(try read("{}").get().count, 0)
        XCTAssertEqual(try read(#"{"k\u0065y": "v"}"#).get().first?.0, "key")
    }

    /// Every decoded string agrees with Foundation's parser.
    func testStringsDecodeAsFoundationDoes() throws {
        for text in [#""plain""#, #""tab\tand \"quote\"""#, #""\u0041\u00DF\u4e2d\uD834\uDD1E""#, #""é ” — \/""#] {
            let line = "{\"t\": \(text)}"
            let expected = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            XCTAssertEqual(try read(line).get().first?.2, expected?["t"], line)
        }
    }

    func testInvalidJSONIsRefused() {
        for text in ["", "   ", "{", "{\"a\"}", "{\"a\": }", "{\"a\": 1,}", "{\"a\": 1} x", "{a: 1}", "{\"a\": 01}",
                     "{\"a\": 1.}", "{\"a\": -}", "{\"a\": 1e}", "{\"a\": tru}", "{\"a\": nul}", "{\"a\": \"\\x\"}",
                     "{\"a\": \"\\u12G4\"}", "{\"a\": \"\\ud800\"}", "{\"a\": \"\\udc00\"}", "{\"a\": \"tab\there\"}",
                     "{\"a\": [1, 2}", "{\"a\": \"open}", "{\"a\": 1}}", "plain words", "{\"a\": +1}"] {
            XCTAssertEqual(problem(text), .invalidJSON, text)
        }
    }

    func testValidNonObjectsAreNotObjects() {
        for text in ["[1, 2]", "3", "\"text\"", "null", "true"] {
            XCTAssertEqual(problem(text), .notAnObject, text)
        }
    }

    func testNestingIsLimited() {
        let depth = JSONObjectLine.maximumDepth
        XCTAssertNil(problem("{\"a\": " + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"))
        XCTAssertEqual(problem("{\"a\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"), .invalidJSON)
        XCTAssertEqual(problem(String(repeating: "[", count: 100_000)), .invalidJSON)
    }
}
