import Foundation
import TextClassification
import XCTest

/// The rules every format follows alike (docs/cli.md, "Data files"): the byte-order mark,
/// invalid UTF-8, empty labels, numbers as labels, the record limit; and JSON Lines' duplicate keys.
final class DatasetRulesTests: XCTestCase {
    private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One document per format, labelled `a`, with `label` as the text of its second record.
    private func file(_ format: DataFormat, label: String = "a", text: String = "some text") -> [UInt8] {
        switch format {
        case .jsonl: Array("{\"text\": \"first\", \"label\": \"b\"}\n{\"text\": \"\(text)\", \"label\": \"\(label)\"}\n".utf8)
        case .csv: Array("text,label\nfirst,b\n\(text),\(label)\n".utf8)
        case .tsv: Array("text\tlabel\nfirst\tb\n\(text)\t\(label)\n".utf8)
        case .fasttext, .auto: Array("__label__b first\n__label__\(label) \(text)\n".utf8)
        }
    }

    private let formats: [DataFormat] = [.jsonl, .csv, .tsv, .fasttext]

    private func reader(_ format: DataFormat, maximumRecordBytes: Int = DatasetReader.defaultMaximumRecordBytes) -> DatasetReader {
        DatasetReader(format: format, labelFields: ["label"], maximumRecordBytes: maximumRecordBytes)
    }

    private func failure(_ format: DataFormat, _ bytes: [UInt8], maximumRecordBytes: Int = DatasetReader.defaultMaximumRecordBytes,
                         file: StaticString = #filePath, line: UInt = #line) -> String? {
        thrownError(DataError.self, file: file, line: line) {
            try reader(format, maximumRecordBytes: maximumRecordBytes).read(bytes: bytes, name: "d")
        }?.description
    }

    func testByteOrderMarkIsDroppedInEveryFormat() throws {
        for format in formats {
            let dataset = try reader(format).read(bytes: bom + file(format), name: "d")
            XCTAssertEqual(dataset.texts, ["first", "some text"], "\(format)")
            XCTAssertEqual(try dataset.labels(of: "label"), ["b", "a"], "\(format)")
        }
        // Auto-detection looks past it too.
        XCTAssertEqual(try DatasetReader(labelFields: ["label"]).read(bytes: bom + file(.jsonl), name: "-").count, 2)
        XCTAssertEqual(try DatasetReader(labelFields: ["label"]).read(bytes: bom + file(.fasttext), name: "-").count, 2)
    }

    func testInvalidUTF8IsRefusedWithItsLineInEveryFormat() {
        let broken = String(decoding: [0x66], as: UTF8.self) // "f", then a lone continuation byte below
        for format in formats {
            var bytes = file(format, text: broken)
            let position = bytes.lastIndex(of: UInt8(ascii: "f"))!
            bytes.insert(0x80, at: position + 1)
            let message = failure(format, bytes)
            XCTAssertEqual(message?.hasPrefix("d:\(format == .csv || format == .tsv ? 3 : 2): "), true, "\(format): \(message ?? "")")
            XCTAssertEqual(message?.hasSuffix("invalid UTF-8"), true, "\(format): \(message ?? "")")
        }
    }

    func testEmptyLabelsAreRefusedInEveryFormat() {
        XCTAssertEqual(failure(.jsonl, file(.jsonl, label: "")), "d:2: field \"label\": empty label")
        XCTAssertEqual(failure(.csv, file(.csv, label: "")), "d:3: field \"label\": empty label")
        XCTAssertEqual(failure(.tsv, file(.tsv, label: "")), "d:3: field \"label\": empty label")
        XCTAssertEqual(failure(.fasttext, file(.fasttext, label: "")), "d:2: field \"label\": empty label")
    }

    func testNumberLabelsAreTheirTextAsWrittenInEveryFormat() throws {
        let jsonl = Array("{\"text\": \"a\", \"label\": 3}\n{\"text\": \"b\", \"label\": 3.0}\n{\"text\": \"c\", \"label\": 1e2}\n{\"text\": \"d\", \"label\": -0}\n".utf8)
        XCTAssertEqual(try reader(.jsonl).read(bytes: jsonl, name: "d").labels(of: "label"), ["3", "3.0", "1e2", "-0"])
        let csv = Array("text,label\na,3\nb,3.0\nc,1e2\nd,-0\n".utf8)
        XCTAssertEqual(try reader(.csv).read(bytes: csv, name: "d").labels(of: "label"), ["3", "3.0", "1e2", "-0"])
        let fastText = Array("__label__3 a\n__label__3.0 b\n__label__1e2 c\n__label__-0 d\n".utf8)
        XCTAssertEqual(try reader(.fasttext).read(bytes: fastText, name: "d").labels(of: "label"), ["3", "3.0", "1e2", "-0"])
        // A string label that looks like a number is its text too: "3" and 3 are one class.
        let mixed = Array("{\"text\": \"a\", \"label\": \"3\"}\n{\"text\": \"b\", \"label\": 3}\n".utf8)
        XCTAssertEqual(try reader(.jsonl).read(bytes: mixed, name: "d").labels(of: "label"), ["3", "3"])
    }

    func testDuplicateKeysAreRefusedInJSONLines() {
        let bytes = Array("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"x\", \"label\": \"y\"}\n".utf8)
        XCTAssertEqual(failure(.jsonl, bytes), "d:2: field \"label\": given twice in one object")
        // Escaped the same: still the same key.
        let escaped = Array("{\"text\": \"b\", \"label\": \"x\", \"l\\u0061bel\": \"y\"}\n".utf8)
        XCTAssertEqual(failure(.jsonl, escaped), "d:1: field \"label\": given twice in one object")
        // The same key in a nested object is that object's business.
        let nested = Array("{\"text\": \"b\", \"label\": \"x\", \"meta\": {\"label\": 1}}\n{\"text\": \"c\", \"label\": \"y\"}\n".utf8)
        XCTAssertNoThrow(try reader(.jsonl).read(bytes: nested, name: "d"))
    }

    func testARecordOverTheLimitIsRefusedInEveryFormatAndOneAtTheLimitIsRead() throws {
        for format in formats {
            let bytes = file(format, text: String(repeating: "x", count: 200))
            let longest = bytes.split(separator: 0x0A).map(\.count).max()!
            XCTAssertEqual(try reader(format, maximumRecordBytes: longest).read(bytes: bytes, name: "d").count, 2, "\(format)")
            let message = failure(format, bytes, maximumRecordBytes: longest - 1)
            let line = format == .csv || format == .tsv ? 3 : 2
            XCTAssertEqual(message, "d:\(line): record longer than \(longest - 1) bytes (maximumRecordBytes)", "\(format)")
        }
        // A CSV record spanning lines is one record, named by its first line.
        let quoted = Array("text,label\n\"\(String(repeating: "y\n", count: 50))\",a\nz,b\n".utf8)
        XCTAssertEqual(failure(.csv, quoted, maximumRecordBytes: 64), "d:2: record longer than 64 bytes (maximumRecordBytes)")
        XCTAssertEqual(try reader(.csv, maximumRecordBytes: 200).read(bytes: quoted, name: "d").count, 2)
    }

    func testADeviceWithoutLineEndsStopsAtTheLimit() {
        let error = thrownError(DataError.self) {
            try reader(.jsonl, maximumRecordBytes: 1 << 20).read(contentsOf: "/dev/zero")
        }
        XCTAssertEqual(error?.description, "/dev/zero:1: record longer than 1 MiB (maximumRecordBytes)")
        XCTAssertEqual(error?.description(namingParameter: { _ in "--max-record-bytes" }),
                       "/dev/zero:1: record longer than 1 MiB (--max-record-bytes)")
    }

    func testAMaximumBelowOneIsAnInvalidParameter() {
        let error = thrownError(InvalidParameter.self) { try reader(.jsonl, maximumRecordBytes: 0).read(bytes: file(.jsonl), name: "d") }
        XCTAssertEqual(error?.name, "maximumRecordBytes")
    }

    func testTabSeparatedHeaderIsDetectedWithoutAName() throws {
        let dataset = try DatasetReader(labelFields: ["label"]).read(bytes: file(.tsv, text: "a, b, c"), name: "-")
        XCTAssertEqual(dataset.texts, ["first", "a, b, c"])
        XCTAssertEqual(dataset.source, "<stdin>")
        // Commas outnumbering tabs in the header: CSV.
        let csv = Array("text,label,note\tx\nfirst,b,n\n".utf8)
        XCTAssertEqual(try DatasetReader(labelFields: ["label"]).read(bytes: csv, name: "-").texts, ["first"])
    }
}
