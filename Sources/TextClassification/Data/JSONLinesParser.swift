import Foundation

/// JSON Lines: one JSON object per line; blank lines are skipped. Labels may be strings or
/// numbers; a number label is its text as written (`3`, `3.0` and `1e2` are three labels), as a
/// number in a CSV, TSV or fastText file is. A key given twice in one object is refused (which of
/// the two was meant cannot be told), and so is an empty label, as in the other formats.
struct JSONLinesParser {
    let textField: String
    let labelFields: [String]

    func parse(_ file: FileBytes, _ collect: (Int, String, [String]) -> Void) throws {
        try file.forEachLine { line, range in
            guard !file.isBlank(range) else { return }
            let bytes = file.bytes[range]
            let object = try Self.object(bytes, file: file.path, line: line)
            var seen = Set<String>()
            var written: [String: ArraySlice<UInt8>] = [:]
            for member in JSONMembers(bytes) {
                guard seen.insert(member.name).inserted else {
                    throw DataError(file: file.path, line: line, field: member.name, problem: "given twice in one object")
                }
                written[member.name] = member.value
            }
            let text = try Self.string(object, textField, file: file.path, line: line, allowNumber: false)
            let labels = try labelFields.map { field -> String in
                var label = try Self.string(object, field, file: file.path, line: line, allowNumber: true)
                if !(object[field] is String), let source = written[field] {
                    label = String(decoding: source, as: UTF8.self)
                }
                guard !label.isEmpty else {
                    throw DataError(file: file.path, line: line, field: field, problem: "empty label")
                }
                return label
            }
            collect(line, text, labels)
        }
    }

    /// The object on one line, or an error naming the line.
    static func object(_ bytes: ArraySlice<UInt8>, file: String, line: Int) throws -> [String: Any] {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw DataError(file: file, line: line, problem: "invalid UTF-8")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw DataError(file: file, line: line, problem: "invalid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw DataError(file: file, line: line, problem: "expected a JSON object")
        }
        return object
    }

    /// A field's value as a string, or an error naming the line and field.
    static func string(_ object: [String: Any], _ field: String, file: String, line: Int, allowNumber: Bool) throws -> String {
        guard let value = object[field], !(value is NSNull) else {
            throw DataError(file: file, line: line, field: field, problem: "missing")
        }
        if let text = value as? String { return text }
        if allowNumber, let number = value as? NSNumber, isNumber(number) {
            return number.stringValue
        }
        throw DataError(file: file, line: line, field: field, problem: allowNumber ? "expected a string or a number" : "expected a string")
    }

    /// Whether `number` is a JSON number rather than `true`/`false` (which Foundation also
    /// bridges to `NSNumber`).
    private static func isNumber(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) != "c"
    }
}
