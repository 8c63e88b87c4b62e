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
        guard line.first(where: { !isBlank($0) }) == UInt8(ascii: "{"),
              (try? JSONLinesParser.object(line, file: "", line: 0)) != nil else { return .text }
        return .jsonl
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
        let object = try JSONLinesParser.object(line, file: source, line: lineNumber)
        let text = try JSONLinesParser.string(object, textField, file: source, line: lineNumber, allowNumber: false)
        var seen = Set<String>()
        var others: [Field] = []
        for member in JSONMembers(line) {
            guard seen.insert(member.name).inserted else {
                throw DataError(file: source, line: lineNumber, field: member.name, problem: "given twice in one object")
            }
            if member.name != textField {
                others.append(Field(name: member.name, json: String(decoding: member.value, as: UTF8.self)))
            }
        }
        return DocumentLine(text: text, otherFields: others)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}

/// The top-level members of a JSON object that is already known to be valid, as keys and the
/// byte ranges of their values: what copying fields through unchanged needs, which
/// `JSONSerialization` cannot give (it reorders keys and rewrites numbers).
struct JSONMembers: Sequence, IteratorProtocol {
    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.firstIndex(of: UInt8(ascii: "{")).map { $0 + 1 } ?? bytes.endIndex
    }

    mutating func next() -> (name: String, value: ArraySlice<UInt8>)? {
        skipSpace()
        if position < bytes.endIndex, bytes[position] == UInt8(ascii: ",") { position += 1; skipSpace() }
        guard position < bytes.endIndex, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let keyStart = position
        skipString()
        let name = Self.decodeKey(bytes[keyStart ..< position])
        skipSpace()
        position += 1 // the colon
        skipSpace()
        let valueStart = position
        skipValue()
        return (name, bytes[valueStart ..< position])
    }

    private mutating func skipSpace() {
        while position < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// From an opening quote to just past its closing quote.
    private mutating func skipString() {
        position += 1
        while position < bytes.endIndex {
            let byte = bytes[position]
            position += byte == UInt8(ascii: "\\") ? 2 : 1
            if byte == UInt8(ascii: "\"") { return }
        }
    }

    private mutating func skipValue() {
        var depth = 0
        while position < bytes.endIndex {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                skipString()
                if depth == 0 { return }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return }
                depth -= 1
                if depth == 0 { position += 1; return }
            case UInt8(ascii: ","):
                if depth == 0 { return }
            case 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return }
            default:
                break
            }
            position += 1
        }
    }

    /// A quoted key as text; escapes are rare in keys, so only then is a decoder used.
    private static func decodeKey(_ quoted: ArraySlice<UInt8>) -> String {
        guard quoted.contains(UInt8(ascii: "\\")) else { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
        let array = Data([UInt8(ascii: "[")] + quoted + [UInt8(ascii: "]")])
        return ((try? JSONSerialization.jsonObject(with: array)) as? [String])?.first ?? ""
    }
}
