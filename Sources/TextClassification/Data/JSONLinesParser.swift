import Foundation

/// JSON Lines: one JSON object per line; blank lines are skipped. Labels may be strings or
/// numbers; a number label is its text as written (`3`, `3.0` and `1e2` are three labels), as a
/// number in a CSV, TSV or fastText file is. A key given twice in one object is refused (which of
/// the two was meant cannot be told), and so is an empty label, as in the other formats.
struct JSONLinesParser {
    let textField: String
    let labelFields: [String]

    func parse(_ file: FileBytes, _ collect: (Int, String, [String]) -> Void) throws {
        try file.bytes.withUnsafeBufferPointer { bytes in
            try file.forEachLine { line, range in
                guard !file.isBlank(range) else { return }
                let lineBytes = UnsafeBufferPointer(rebasing: bytes[range])
                guard String(validating: lineBytes, as: UTF8.self) != nil else {
                    throw DataError(file: file.path, line: line, problem: "invalid UTF-8")
                }
                let object: JSONObjectLine
                do throws(JSONObjectLine.Problem) {
                    object = try JSONObjectLine(lineBytes)
                } catch {
                    throw DataError(file: file.path, line: line, problem: error == .invalidJSON ? "invalid JSON" : "expected a JSON object")
                }
                var seen = Set<String>()
                for member in object.members where !seen.insert(member.name).inserted {
                    throw DataError(file: file.path, line: line, field: member.name, problem: "given twice in one object")
                }
                func member(_ field: String) throws -> JSONObjectLine.Member {
                    guard let found = object.members.first(where: { $0.name == field }), found.kind != .null else {
                        throw DataError(file: file.path, line: line, field: field, problem: "missing")
                    }
                    return found
                }
                let textMember = try member(textField)
                guard textMember.kind == .string else {
                    throw DataError(file: file.path, line: line, field: textField, problem: "expected a string")
                }
                let text = object.string(of: textMember)
                let labels = try labelFields.map { field -> String in
                    let found = try member(field)
                    // A number label is its text as written.
                    let label: String
                    switch found.kind {
                    case .string: label = object.string(of: found)
                    case .number: label = object.raw(of: found)
                    default: throw DataError(file: file.path, line: line, field: field, problem: "expected a string or a number")
                    }
                    guard !label.isEmpty else {
                        throw DataError(file: file.path, line: line, field: field, problem: "empty label")
                    }
                    return label
                }
                collect(line, text, labels)
            }
        }
    }
}
