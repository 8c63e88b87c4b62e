import TextClassification
import XCTest

final class DocumentLineTests: XCTestCase {
    private func parse(_ text: String, as format: DocumentLine.Format = .jsonl, field: String = "text") throws -> DocumentLine {
        try DocumentLine.parse(ArraySlice(text.utf8), as: format, textField: field, source: "<stdin>", lineNumber: 3)
    }

    func testTheFirstLineDecidesTheStreamsFormat() {
        XCTAssertEqual(DocumentLine.format(ofFirstLine: ArraySlice(#"  {"text": "a"}"#.utf8)), .jsonl)
        XCTAssertEqual(DocumentLine.format(ofFirstLine: ArraySlice("{not json}".utf8)), .text)
        XCTAssertEqual(DocumentLine.format(ofFirstLine: ArraySlice("[1, 2]".utf8)), .text)
        XCTAssertEqual(DocumentLine.format(ofFirstLine: ArraySlice("plain words".utf8)), .text)
    }

    func testOtherFieldsKeepTheirOrderAndBytes() throws {
        let line = try parse(#"{"z": 1.50, "text": "the text", "a\"b": "x,}", "nested": {"k": [1, {"m": "]"}]}, "t": true, "n": null}"#)
        XCTAssertEqual(line.text, "the text")
        XCTAssertEqual(line.otherFields.map(\.name), ["z", "a\"b", "nested", "t", "n"])
        XCTAssertEqual(line.otherFields.map(\.json), ["1.50", #""x,}""#, #"{"k": [1, {"m": "]"}]}"#, "true", "null"])
    }

    func testTextLinesAreTheLineWhateverItStartsWith() throws {
        let line = try parse(#"{"text": "x"}"#, as: .text)
        XCTAssertEqual(line.text, #"{"text": "x"}"#)
        XCTAssertEqual(line.otherFields, [])
        XCTAssertEqual(try parse("carriage return\r", as: .text).text, "carriage return")
    }

    func testBlankLinesAreTheEmptyDocumentInEitherFormat() throws {
        for format in DocumentLine.Format.allCases {
            XCTAssertEqual(try parse(" \t\r", as: format).text, "", "\(format)")
        }
    }

    func testBadLinesNameTheLineAndField() {
        func problem(_ text: String) -> String? {
            thrownError(DataError.self) { try parse(text) }?.description
        }
        XCTAssertEqual(problem("plain words"), "<stdin>:3: invalid JSON")
        XCTAssertEqual(problem(#"{"text": 5}"#), #"<stdin>:3: field "text": expected a string"#)
        XCTAssertEqual(problem(#"{"body": "x"}"#), #"<stdin>:3: field "text": missing"#)
        XCTAssertEqual(problem(#"{"text": "a", "id": 1, "id": 2}"#), #"<stdin>:3: field "id": given twice in one object"#)
        let invalid = thrownError(DataError.self) {
            try DocumentLine.parse([0x61, 0xC3], as: .text, textField: "text", source: "<stdin>", lineNumber: 9)
        }
        XCTAssertEqual(invalid?.description, "<stdin>:9: invalid UTF-8")
    }
}
