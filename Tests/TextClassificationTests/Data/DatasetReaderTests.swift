import Foundation
import TextClassification
import XCTest

final class DatasetReaderTests: XCTestCase {
    private let both = DatasetReader(labelFields: ["topic", "stance"])

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The `DataError` reading `text` throws, as its description.
    private func failure(_ reader: DatasetReader, _ bytes: [UInt8], name: String,
                         file: StaticString = #filePath, line: UInt = #line) -> String? {
        thrownError(DataError.self, file: file, line: line) { try reader.read(bytes: bytes, name: name) }?.description
    }

    // MARK: JSON Lines

    func testReadsJSONLinesWithTwoLabelFields() throws {
        let text = """
            {"text": "Kyiv will not cede Donetsk.", "topic": "territory", "stance": "against", "id": 1}

            {"stance": "favor", "topic": "guarantees", "text": "Security guarantees \\u2014 \\"signed\\"."}
            {"text": "Poll: 54%", "topic": 3, "stance": "none"}\r

            """
        let dataset = try both.read(bytes: bytes(text), name: "train.jsonl")
        XCTAssertEqual(dataset.source, "train.jsonl")
        XCTAssertEqual(dataset.fieldNames, ["topic", "stance"])
        XCTAssertEqual(dataset.count, 3)
        XCTAssertEqual(dataset.texts, ["Kyiv will not cede Donetsk.", "Security guarantees — \"signed\".", "Poll: 54%"])
        XCTAssertEqual(try dataset.labels(of: "topic"), ["territory", "guarantees", "3"])
        XCTAssertEqual(try dataset.labels(of: "stance"), ["against", "favor", "none"])
        XCTAssertEqual(dataset.lines, [1, 3, 4])
    }

    func testJSONLinesBrokenJSONNamesTheLine() {
        let text = "{\"text\": \"a\", \"topic\": \"x\", \"stance\": \"y\"}\n{\"text\": \"b\", \"topic\": \n"
        XCTAssertEqual(failure(both, bytes(text), name: "data.jsonl"), "data.jsonl:2: invalid JSON")
    }

    func testJSONLinesNonObjectIsRejected() {
        XCTAssertEqual(failure(both, bytes("[1, 2]\n"), name: "data.jsonl"), "data.jsonl:1: expected a JSON object")
    }

    func testJSONLinesMissingFieldNamesLineAndField() {
        let text = """
            {"text": "a", "topic": "x", "stance": "y"}
            {"text": "b", "topic": "x", "stance": "y"}
            {"text": "c", "topic": "x"}
            """
        XCTAssertEqual(failure(both, bytes(text), name: "data.jsonl"), "data.jsonl:3: field \"stance\": missing")
        XCTAssertEqual(failure(both, bytes("{\"text\": \"c\", \"topic\": null, \"stance\": \"y\"}"), name: "d.jsonl"),
                       "d.jsonl:1: field \"topic\": missing")
    }

    func testJSONLinesNonStringTextIsRejected() {
        XCTAssertEqual(failure(both, bytes("{\"text\": 5, \"topic\": \"x\", \"stance\": \"y\"}\n"), name: "d.jsonl"),
                       "d.jsonl:1: field \"text\": expected a string")
        XCTAssertEqual(failure(both, bytes("{\"text\": \"t\", \"topic\": [\"x\"], \"stance\": \"y\"}\n"), name: "d.jsonl"),
                       "d.jsonl:1: field \"topic\": expected a string or a number")
    }

    func testJSONLinesBooleanLabelIsRejected() {
        XCTAssertEqual(failure(both, bytes("{\"text\": \"t\", \"topic\": true, \"stance\": \"y\"}\n"), name: "d.jsonl"),
                       "d.jsonl:1: field \"topic\": expected a string or a number")
    }

    func testJSONLinesInvalidUTF8NamesTheLine() {
        var data = bytes("{\"text\": \"ok\", \"topic\": \"x\", \"stance\": \"y\"}\n{\"text\": \"bad ")
        data += [0xC3, 0x28]
        data += bytes("\", \"topic\": \"x\", \"stance\": \"y\"}\n")
        XCTAssertEqual(failure(both, data, name: "d.jsonl"), "d.jsonl:2: invalid UTF-8")
    }

    func testEmptyFileHoldsNoDocuments() {
        XCTAssertEqual(failure(both, [], name: "empty.jsonl"), "empty.jsonl: holds no documents")
        XCTAssertEqual(failure(both, bytes("\n  \n\n"), name: "blank.jsonl"), "blank.jsonl: holds no documents")
        XCTAssertEqual(failure(DatasetReader(format: .csv, labelFields: ["topic"]), [], name: "empty.csv"),
                       "empty.csv: holds no header row")
        XCTAssertEqual(failure(DatasetReader(format: .csv, labelFields: ["topic"]), bytes("text,topic\n"), name: "h.csv"),
                       "h.csv: holds no documents")
    }

    // MARK: CSV

    func testReadsCSVWithQuotingEmbeddedNewlinesAndCRLF() throws {
        let text = "id,text,topic\r\n"
            + "1,\"Hello, world\",greeting\r\n"
            + "2,\"He said \"\"no\"\" twice\",quote\r\n"
            + "3,\"line one\nline two\",multi\r\n"
            + "\r\n"
            + "4,plain text,last\r\n"
        let dataset = try DatasetReader(format: .csv, labelFields: ["topic"]).read(bytes: bytes(text), name: "d.csv")
        XCTAssertEqual(dataset.texts, ["Hello, world", "He said \"no\" twice", "line one\nline two", "plain text"])
        XCTAssertEqual(try dataset.labels(of: "topic"), ["greeting", "quote", "multi", "last"])
        XCTAssertEqual(dataset.lines, [2, 3, 4, 7])
    }

    func testCSVByteOrderMarkIsNotPartOfTheFirstColumnName() throws {
        let withMark = [0xEF, 0xBB, 0xBF] + Array("text,topic\nHello there,greeting\n".utf8)
        let dataset = try DatasetReader(format: .csv, labelFields: ["topic"]).read(bytes: withMark, name: "excel.csv")
        XCTAssertEqual(dataset.texts, ["Hello there"])
        XCTAssertEqual(try dataset.labels(of: "topic"), ["greeting"])
    }

    func testCSVFormatIsChosenByExtension() throws {
        let dataset = try DatasetReader(labelFields: ["topic"]).read(bytes: bytes("topic,text\nx,\"a, b\"\n"), name: "d.csv")
        XCTAssertEqual(dataset.texts, ["a, b"])
        XCTAssertEqual(try dataset.labels(of: "topic"), ["x"])
    }

    func testCSVUnterminatedQuoteNamesTheLineItStarts() {
        let text = "text,topic\nfine,x\n\"never closed,y\nmore\n"
        XCTAssertEqual(failure(DatasetReader(format: .csv, labelFields: ["topic"]), bytes(text), name: "d.csv"),
                       "d.csv:3: unterminated quoted field")
    }

    func testCSVWrongFieldCount() {
        let reader = DatasetReader(format: .csv, labelFields: ["topic"])
        XCTAssertEqual(failure(reader, bytes("text,topic\na,b\nc,d,e\n"), name: "d.csv"),
                       "d.csv:3: expected 2 fields as in the header, found 3")
        XCTAssertEqual(failure(reader, bytes("text,topic\nonly\n"), name: "d.csv"),
                       "d.csv:2: expected 2 fields as in the header, found 1")
    }

    func testCSVMissingColumnNamesTheField() {
        let reader = DatasetReader(format: .csv, labelFields: ["topic"])
        XCTAssertEqual(failure(reader, bytes("text,label\na,b\n"), name: "d.csv"),
                       "d.csv:1: field \"topic\": no such column in the header (columns: text, label)")
        let textMissing = DatasetReader(format: .csv, textField: "body", labelFields: ["topic"])
        XCTAssertEqual(thrownError(DataError.self) { try textMissing.read(bytes: bytes("text,topic\na,b\n"), name: "d.csv") }?.field,
                       "body")
    }

    func testCSVEmptyLabelAndStrayQuotes() {
        let reader = DatasetReader(format: .csv, labelFields: ["topic"])
        XCTAssertEqual(failure(reader, bytes("text,topic\na,x\nb,\n"), name: "d.csv"), "d.csv:3: field \"topic\": empty label")
        XCTAssertEqual(failure(reader, bytes("text,topic\nsay \"hi\",x\n"), name: "d.csv"),
                       "d.csv:2: quote inside an unquoted field; quote the whole field")
        XCTAssertEqual(failure(reader, bytes("text,topic\n\"a\"b,x\n"), name: "d.csv"),
                       "d.csv:2: text after a closing quote; quotes inside a field must be doubled")
    }

    func testCSVInvalidUTF8() {
        var data = bytes("text,topic\nok,x\n")
        data += [0x61, 0xFF, 0x62]
        data += bytes(",y\n")
        XCTAssertEqual(failure(DatasetReader(format: .csv, labelFields: ["topic"]), data, name: "d.csv"), "d.csv:3: invalid UTF-8")
    }

    // MARK: TSV

    func testReadsTSV() throws {
        let text = "topic\ttext\tstance\nterritory\tKyiv will not cede \"Donetsk\"\tagainst\r\nguarantees\tSigned, at last\tfavor\n"
        let dataset = try DatasetReader(labelFields: ["topic", "stance"]).read(bytes: bytes(text), name: "d.tsv")
        XCTAssertEqual(dataset.texts, ["Kyiv will not cede \"Donetsk\"", "Signed, at last"])
        XCTAssertEqual(try dataset.labels(of: "topic"), ["territory", "guarantees"])
        XCTAssertEqual(try dataset.labels(of: "stance"), ["against", "favor"])
        XCTAssertEqual(dataset.lines, [2, 3])
    }

    func testTSVWrongFieldCount() {
        XCTAssertEqual(failure(DatasetReader(format: .tsv, labelFields: ["topic"]), bytes("text\ttopic\na\tb\tc\n"), name: "d.tsv"),
                       "d.tsv:2: expected 2 fields as in the header, found 3")
    }

    // MARK: fastText

    func testReadsFastText() throws {
        let text = "__label__pos great movie\n\n__label__neg\tbad film \r\n"
        let dataset = try DatasetReader(labelFields: ["label"]).read(bytes: bytes(text), name: "d.txt")
        XCTAssertEqual(dataset.fieldNames, ["label"])
        XCTAssertEqual(dataset.texts, ["great movie", "bad film "])
        XCTAssertEqual(try dataset.labels(of: "label"), ["pos", "neg"])
        XCTAssertEqual(dataset.lines, [1, 3])
    }

    func testFastTextFormatIsDetectedFromContent() throws {
        let dataset = try DatasetReader(labelFields: ["label"]).read(bytes: bytes("__label__a x y\n"), name: "data")
        XCTAssertEqual(try dataset.labels(of: "label"), ["a"])
        let json = try DatasetReader(labelFields: ["label"]).read(bytes: bytes("  {\"text\": \"t\", \"label\": \"l\"}\n"), name: "data")
        XCTAssertEqual(json.texts, ["t"])
    }

    func testFastTextWithoutLabel() {
        let reader = DatasetReader(format: .fasttext, labelFields: ["label"])
        XCTAssertEqual(failure(reader, bytes("__label__a fine\njust text\n"), name: "d.txt"),
                       "d.txt:2: field \"label\": no __label__ prefix")
        XCTAssertEqual(failure(reader, bytes("__label__ empty label\n"), name: "d.txt"),
                       "d.txt:1: field \"label\": empty label")
    }

    func testFastTextWithTwoLabels() {
        XCTAssertEqual(failure(DatasetReader(format: .fasttext, labelFields: ["label"]),
                               bytes("__label__a ok\n__label__a __label__b two\n"), name: "d.txt"),
                       "d.txt:2: field \"label\": 2 __label__ prefixes; each line needs exactly one")
    }

    func testFastTextNeedsTheLabelField() {
        XCTAssertEqual(failure(DatasetReader(format: .fasttext, labelFields: ["topic"]), bytes("__label__a ok\n"), name: "d.txt"),
                       "d.txt: field \"topic\": fastText files have one label field, named \"label\"")
    }

    // MARK: Files

    func testReadsATemporaryFile() throws {
        let folder = try makeTemporaryFolder(for: self)
        let path = folder.appendingPathComponent("train.jsonl").path
        try Data("{\"text\": \"a\", \"topic\": \"x\", \"stance\": \"y\"}\n".utf8).write(to: URL(fileURLWithPath: path))
        let dataset = try both.read(contentsOf: path)
        XCTAssertEqual(dataset.source, path)
        XCTAssertEqual(dataset.texts, ["a"])

        let broken = folder.appendingPathComponent("broken.jsonl").path
        try Data("{\"text\": \"a\", \"topic\": \"x\", \"stance\": \"y\"}\n{oops}\n".utf8).write(to: URL(fileURLWithPath: broken))
        XCTAssertEqual(thrownError(DataError.self) { try both.read(contentsOf: broken) }?.description, "\(broken):2: invalid JSON")
    }

    func testMissingFileAndDirectory() throws {
        let folder = try makeTemporaryFolder(for: self)
        let missing = folder.appendingPathComponent("nope.jsonl").path
        let error = thrownError(DataError.self) { try both.read(contentsOf: missing) }
        XCTAssertEqual(error, DataError(file: missing, problem: "no such file"))
        XCTAssertEqual(error?.description, "\(missing): no such file")
        XCTAssertEqual(thrownError(DataError.self) { try both.read(contentsOf: folder.path) }?.problem, "is a directory, not a file")
    }

    func testDataErrorDescription() {
        XCTAssertEqual(DataError(file: "f", line: 3, field: "x", problem: "bad").description, "f:3: field \"x\": bad")
        XCTAssertEqual(DataError(file: "f", problem: "bad").description, "f: bad")
        XCTAssertEqual(DataError(file: "f", line: 1, problem: "bad").description, "f:1: bad")
    }

    func testSubsetKeepsLinesAndLabels() throws {
        let dataset = try DatasetReader(format: .csv, labelFields: ["topic"])
            .read(bytes: bytes("text,topic\na,x\nb,y\nc,z\n"), name: "d.csv")
        let subset = dataset.subset([2, 0])
        XCTAssertEqual(subset.texts, ["c", "a"])
        XCTAssertEqual(try subset.labels(of: "topic"), ["z", "x"])
        XCTAssertEqual(subset.lines, [4, 2])
        XCTAssertEqual(subset.source, "d.csv")
    }
}
