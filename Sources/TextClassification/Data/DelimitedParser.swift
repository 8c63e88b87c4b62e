/// CSV (RFC 4180: quoted fields, doubled quotes, newlines inside quotes, CRLF) and TSV (no
/// quoting; a field holds no tab or newline), both with a header row naming the columns.
/// Blank lines are skipped; a record with the wrong number of fields is an error.
struct DelimitedParser {
    let delimiter: UInt8
    let quoting: Bool
    let textField: String
    let labelFields: [String]

    func parse(_ file: FileBytes, _ collect: (Int, String, [String]) -> Void) throws {
        var header: [String]?
        var columns: [Int] = []
        try forEachRecord(file) { line, fields in
            guard let names = header else {
                let names = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                header = names
                columns = try ([textField] + labelFields).map { wanted in
                    guard let index = names.firstIndex(of: wanted) else {
                        throw DataError(file: file.path, line: line, field: wanted,
                                        problem: "no such column in the header (columns: \(names.joined(separator: ", ")))")
                    }
                    return index
                }
                return
            }
            guard fields.count == names.count else {
                throw DataError(file: file.path, line: line,
                                problem: "expected \(names.count) fields as in the header, found \(fields.count)")
            }
            for (position, column) in columns.enumerated() where position > 0 && fields[column].isEmpty {
                throw DataError(file: file.path, line: line, field: names[column], problem: "empty label")
            }
            collect(line, fields[columns[0]], columns.dropFirst().map { fields[$0] })
        }
        if header == nil { throw DataError(file: file.path, problem: "holds no header row") }
    }

    /// Calls `body` with each non-blank record's first line number and fields.
    private func forEachRecord(_ file: FileBytes, _ body: (Int, [String]) throws -> Void) throws {
        let bytes = file.bytes
        var index = file.start
        var line = file.firstLine
        while index < bytes.count {
            let recordLine = line
            let recordStart = index
            // Checked where a field ends (often enough to bound the work, cheap enough per byte).
            func checkLength() throws {
                if index - recordStart > file.maximumRecordBytes {
                    throw FileBytes.recordTooLong(file: file.path, line: recordLine, maximum: file.maximumRecordBytes)
                }
            }
            var fields: [String] = []
            var field: [UInt8] = []
            var atRecordEnd = false
            var sawAnything = false
            while index < bytes.count && !atRecordEnd {
                let byte = bytes[index]
                if quoting && byte == 0x22 && field.isEmpty {
                    // Quoted field: runs to the closing quote; "" is a literal quote.
                    sawAnything = true
                    index += 1
                    var closed = false
                    while index < bytes.count {
                        let inner = bytes[index]
                        if inner == 0x22 {
                            if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
                                field.append(0x22)
                                index += 2
                                continue
                            }
                            closed = true
                            index += 1
                            break
                        }
                        if inner == 0x0A { line += 1 }
                        field.append(inner)
                        index += 1
                    }
                    try checkLength()
                    guard closed else {
                        throw DataError(file: file.path, line: recordLine, problem: "unterminated quoted field")
                    }
                    if index < bytes.count, bytes[index] != delimiter, bytes[index] != 0x0A, bytes[index] != 0x0D {
                        throw DataError(file: file.path, line: line, problem: "text after a closing quote; quotes inside a field must be doubled")
                    }
                    continue
                }
                switch byte {
                case delimiter:
                    try checkLength()
                    fields.append(try decode(field, file: file, line: line))
                    field.removeAll(keepingCapacity: true)
                    sawAnything = true
                case 0x0A:
                    atRecordEnd = true
                    line += 1
                case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                    break
                case 0x22 where quoting:
                    throw DataError(file: file.path, line: line, problem: "quote inside an unquoted field; quote the whole field")
                default:
                    field.append(byte)
                    sawAnything = true
                }
                index += 1
            }
            if !sawAnything && field.isEmpty { continue }
            // Without the line end: a record of exactly the maximum is accepted, as a line is.
            let end = index - (atRecordEnd ? 1 : 0)
            let contentEnd = end > recordStart && bytes[end - 1] == 0x0D ? end - 1 : end
            if contentEnd - recordStart > file.maximumRecordBytes {
                throw FileBytes.recordTooLong(file: file.path, line: recordLine, maximum: file.maximumRecordBytes)
            }
            fields.append(try decode(field, file: file, line: recordLine))
            try body(recordLine, fields)
        }
    }

    private func decode(_ bytes: [UInt8], file: FileBytes, line: Int) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DataError(file: file.path, line: line, problem: "invalid UTF-8")
        }
        return text
    }
}
