import Foundation

/// One document to classify, read from one line of a stream: plain text, or a JSON object whose
/// text field is the document and whose other fields travel with it to the output, so answers
/// join back to their inputs.
public struct DocumentLine: Sendable, Equatable {
    /// How a stream's lines are read.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// The first non-blank line decides: a valid JSON object makes the stream JSON Lines,
        /// anything else makes it text. A mixed stream is never guessed line by line, because a
        /// paragraph that begins with `{` would then stop a text stream.
        case auto
        /// Every line is a document, whatever it starts with.
        case text
        /// Every non-blank line is a JSON object holding the text field.
        case jsonl
    }

    /// A field of the input object other than the text, kept as it was written.
    public struct Field: Sendable, Equatable {
        /// The key.
        public let name: String
        /// The value's JSON, byte for byte as in the input.
        public let json: String
    }

    /// The document.
    public let text: String
    /// The input object's other fields in their order (empty for a text line).
    public let otherFields: [Field]

    /// The format a stream has whose first non-blank line is `line`.
    public static func format(ofFirstLine line: ArraySlice<UInt8>) -> Format {
        guard line.first(where: { !isBlank($0) }) == UInt8(ascii: "{"), String(validating: line, as: UTF8.self) != nil else {
            return .text
        }
        let isObject = line.withUnsafeBufferPointer { bytes in
            do throws(JSONObjectLine.Problem) {
                _ = try JSONObjectLine(bytes)
                return true
            } catch {
                return false
            }
        }
        return isObject ? .jsonl : .text
    }

    /// Reads one line (without its line feed; a trailing carriage return is dropped).
    ///
    /// A blank line is the empty document in either format, so that every input line has an
    /// output line.
    ///
    /// - Parameters:
    ///   - line: The line's bytes.
    ///   - format: ``Format/text`` or ``Format/jsonl``; ``Format/auto`` is decided from this line
    ///     alone, as ``format(ofFirstLine:)`` would.
    ///   - textField: In JSON Lines, the key of the text.
    ///   - source: The stream's name for messages, e.g. `<stdin>`.
    ///   - lineNumber: The line's number for messages, from 1.
    /// - Throws: ``DataError`` naming `source` and `lineNumber` for invalid UTF-8, and in JSON
    ///   Lines for a line that is not an object, a missing or non-string text field, or a key
    ///   given twice.
    public static func parse(_ line: ArraySlice<UInt8>, as format: Format, textField: String, source: String,
                             lineNumber: Int) throws -> DocumentLine {
        let line = line.last == 0x0D ? line.dropLast() : line
        guard let decoded = String(validating: line, as: UTF8.self) else {
            throw DataError(file: source, line: lineNumber, problem: "invalid UTF-8")
        }
        if line.allSatisfy(isBlank) { return DocumentLine(text: "", otherFields: []) }
        let resolved = format == .auto ? Self.format(ofFirstLine: line) : format
        guard resolved == .jsonl else { return DocumentLine(text: decoded, otherFields: []) }
        // The strict reader of training files, not `JSONSerialization`: no Foundation objects
        // for values that are only copied through (`serve` reads every request body here).
        return try line.withUnsafeBufferPointer { bytes in
            let object: JSONObjectLine
            do throws(JSONObjectLine.Problem) {
                object = try JSONObjectLine(bytes)
            } catch {
                throw DataError(file: source, line: lineNumber, problem: error == .invalidJSON ? "invalid JSON" : "expected a JSON object")
            }
            var seen = Set<String>()
            var text: String?
            var others: [Field] = []
            for member in object.members {
                guard seen.insert(member.name).inserted else {
                    throw DataError(file: source, line: lineNumber, field: member.name, problem: "given twice in one object")
                }
                if member.name == textField {
                    switch member.kind {
                    case .string: text = object.string(of: member)
                    case .null: break
                    default: throw DataError(file: source, line: lineNumber, field: textField, problem: "expected a string")
                    }
                } else {
                    others.append(Field(name: member.name, json: object.raw(of: member)))
                }
            }
            guard let text else { throw DataError(file: source, line: lineNumber, field: textField, problem: "missing") }
            return DocumentLine(text: text, otherFields: others)
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
