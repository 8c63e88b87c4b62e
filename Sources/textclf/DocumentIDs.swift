import Foundation
import TextClassification

/// Reads a data set together with each document's `id`, for `evaluate --predictions`: a
/// ``Dataset`` keeps only texts, labels and line numbers, so the ids are taken from the same
/// bytes the reader parsed, at each document's line.
enum DocumentIDs {
    /// The data set at `path` (`-` for standard input) and, per document, the JSON of its `id`
    /// member exactly as written, or `nil` where it has none. Only JSON Lines carries ids here;
    /// for CSV, TSV and fastText every entry is `nil` and the line number identifies a document.
    static func read(_ path: String, with reader: DatasetReader) throws -> (dataset: Dataset, ids: [String?]) {
        guard let bytes = contents(of: path) else {
            // Unreadable or missing: the reader says why in its own words, with the path.
            return (try reader.read(contentsOf: path), [])
        }
        let dataset = try reader.read(bytes: bytes, name: path)
        return (dataset, try ids(in: bytes, of: dataset, reader: reader))
    }

    /// The bytes the reader would see: standard input or a regular file, byte-order mark
    /// dropped as the reader drops it (so line numbers agree); `nil` when the file cannot be read.
    private static func contents(of path: String) -> [UInt8]? {
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { return nil }
            bytes = Array(data)
        }
        return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    private static func ids(in bytes: [UInt8], of dataset: Dataset, reader: DatasetReader) throws -> [String?] {
        let none = [String?](repeating: nil, count: dataset.count)
        guard reader.format == .auto || reader.format == .jsonl else { return none }
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        func line(_ number: Int) -> ArraySlice<UInt8> {
            let start = starts[number - 1]
            let end = number < starts.count ? starts[number] - 1 : bytes.count
            return bytes[start ..< max(start, end)]
        }
        // With --format auto the reader judged the format itself; a document that begins with a
        // JSON object is the sign it read JSON Lines (a CSV record never parses as one whole).
        guard let first = dataset.lines.first, DocumentLine.format(ofFirstLine: line(first)) == .jsonl else { return none }
        return try dataset.lines.map { number in
            let document = try DocumentLine.parse(line(number), as: .jsonl, textField: reader.textField,
                                                  source: dataset.source, lineNumber: number)
            return document.otherFields.first { $0.name == "id" }?.json
        }
    }
}
