/// One line of JSON Lines read strictly (RFC 8259) without building Foundation objects: the whole
/// line is validated, and the top-level members come back as names and byte ranges, with string
/// values decoded only when asked for.
///
/// `JSONSerialization` built a dictionary of bridged objects for every line only for two or three
/// of its values to be read; on 20 Newsgroups (22 MB) reading took 0.24–0.54 s of a 2.5 s
/// `train`. Validation is as strict: every nested value is checked (strings for control
/// characters, escapes and surrogate pairs, numbers by the grammar), nesting is limited to 512
/// levels, and anything else is refused.
struct JSONObjectLine {
    /// What a value is, as far as a reader of fields cares.
    enum Kind: Equatable {
        case string, number, boolean, null, object, array
    }

    /// One top-level member.
    struct Member {
        let name: String
        /// The value's bytes as written (for a string: with its quotes).
        let value: Range<Int>
        let kind: Kind
        /// Whether a string value holds an escape (so it needs decoding, not just copying).
        let hasEscapes: Bool
    }

    /// Why a line is not a JSON object.
    enum Problem: Error, Equatable {
        /// The line is not valid JSON.
        case invalidJSON
        /// The line is valid JSON but not an object.
        case notAnObject
    }

    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    /// The top-level members in their order.
    let members: [Member]

    /// Reads `bytes`, which must already be valid UTF-8.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(Problem) {
        self.bytes = bytes
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.position < bytes.count else { throw .invalidJSON }
        let isObject = bytes[scanner.position] == UInt8(ascii: "{")
        var members: [Member] = []
        if isObject {
            scanner.position += 1
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: "}") {
                scanner.position += 1
            } else {
                while true {
                    guard scanner.peek == UInt8(ascii: "\"") else { throw .invalidJSON }
                    let keyStart = scanner.position
                    let keyEscapes = try scanner.string()
                    let name = Self.decodedString(bytes, keyStart ..< scanner.position, hasEscapes: keyEscapes)
                    scanner.skipSpace()
                    guard scanner.peek == UInt8(ascii: ":") else { throw .invalidJSON }
                    scanner.position += 1
                    scanner.skipSpace()
                    let valueStart = scanner.position
                    let (kind, escapes) = try scanner.value(depth: 1)
                    members.append(Member(name: name, value: valueStart ..< scanner.position, kind: kind, hasEscapes: escapes))
                    scanner.skipSpace()
                    if scanner.peek == UInt8(ascii: ",") {
                        scanner.position += 1
                        scanner.skipSpace()
                        continue
                    }
                    guard scanner.peek == UInt8(ascii: "}") else { throw .invalidJSON }
                    scanner.position += 1
                    break
                }
            }
        } else {
            _ = try scanner.value(depth: 0)
        }
        scanner.skipSpace()
        guard scanner.position == bytes.count else { throw .invalidJSON }
        guard isObject else { throw .notAnObject }
        self.members = members
    }

    /// The text of a string member (escapes decoded).
    func string(of member: Member) -> String {
        Self.decodedString(bytes, member.value, hasEscapes: member.hasEscapes)
    }

    /// The member's value as written.
    func raw(of member: Member) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[member.value]), as: UTF8.self)
    }

    /// A validated quoted string (`range` includes the quotes) as text.
    private static func decodedString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hasEscapes: Bool) -> String {
        let inner = UnsafeBufferPointer(rebasing: bytes[range.lowerBound + 1 ..< range.upperBound - 1])
        guard hasEscapes else { return String(decoding: inner, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(inner.count)
        var index = 0
        func hex(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for byte in inner[at ..< at + 4] {
                let digit: UInt8 = switch byte {
                case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
                case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
                default: byte - UInt8(ascii: "A") + 10
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < inner.count {
            let byte = inner[index]
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                index += 1
                continue
            }
            let escape = inner[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex(index)
                index += 4
                if (0xD800 ... 0xDBFF).contains(scalar) {
                    // The scanner checked a low surrogate follows.
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex(index + 2) - 0xDC00)
                    index += 6
                }
                decoded.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: decoded.append(escape) // \" \\ \/
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// The validating scanner.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        /// One value at `depth` (the number of containers around it).
        mutating func value(depth: Int) throws(Problem) -> (Kind, hasEscapes: Bool) {
            guard let byte = peek else { throw .invalidJSON }
            switch byte {
            case UInt8(ascii: "\""):
                return (.string, try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < JSONObjectLine.maximumDepth else { throw .invalidJSON }
                let isObject = byte == UInt8(ascii: "{")
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                position += 1
                skipSpace()
                if peek == close {
                    position += 1
                    return (isObject ? .object : .array, false)
                }
                while true {
                    if isObject {
                        guard peek == UInt8(ascii: "\"") else { throw .invalidJSON }
                        _ = try string()
                        skipSpace()
                        guard peek == UInt8(ascii: ":") else { throw .invalidJSON }
                        position += 1
                        skipSpace()
                    }
                    _ = try value(depth: depth + 1)
                    skipSpace()
                    if peek == UInt8(ascii: ",") {
                        position += 1
                        skipSpace()
                        continue
                    }
                    guard peek == close else { throw .invalidJSON }
                    position += 1
                    return (isObject ? .object : .array, false)
                }
            case UInt8(ascii: "t"):
                try literal("true")
                return (.boolean, false)
            case UInt8(ascii: "f"):
                try literal("false")
                return (.boolean, false)
            case UInt8(ascii: "n"):
                try literal("null")
                return (.null, false)
            default:
                try number()
                return (.number, false)
            }
        }

        private mutating func literal(_ word: StaticString) throws(Problem) {
            let count = word.utf8CodeUnitCount
            guard bytes.count - position >= count else { throw .invalidJSON }
            for index in 0 ..< count where bytes[position + index] != word.utf8Start[index] { throw .invalidJSON }
            position += count
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        private mutating func number() throws(Problem) {
            func digits() -> Int {
                let start = position
                while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
                return position - start
            }
            if peek == UInt8(ascii: "-") { position += 1 }
            if peek == UInt8(ascii: "0") {
                position += 1
            } else {
                guard let byte = peek, byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9") else { throw .invalidJSON }
                _ = digits()
            }
            if peek == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw .invalidJSON }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw .invalidJSON }
            }
        }

        /// From an opening quote to just past its closing one; whether it holds escapes.
        mutating func string() throws(Problem) -> Bool {
            position += 1
            var hasEscapes = false
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return hasEscapes
                }
                if byte < 0x20 { throw .invalidJSON }
                if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    guard position + 1 < bytes.count else { throw .invalidJSON }
                    switch bytes[position + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        position += 2
                    case UInt8(ascii: "u"):
                        let scalar = try hexQuad(at: position + 2)
                        position += 6
                        if (0xD800 ... 0xDBFF).contains(scalar) {
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                                  bytes[position + 1] == UInt8(ascii: "u"),
                                  (0xDC00 ... 0xDFFF).contains(try hexQuad(at: position + 2)) else { throw .invalidJSON }
                            position += 6
                        } else if (0xDC00 ... 0xDFFF).contains(scalar) {
                            throw .invalidJSON
                        }
                    default:
                        throw .invalidJSON
                    }
                    continue
                }
                position += 1
            }
            throw .invalidJSON
        }

        private func hexQuad(at start: Int) throws(Problem) -> UInt32 {
            guard bytes.count - start >= 4 else { throw .invalidJSON }
            var value: UInt32 = 0
            for byte in bytes[start ..< start + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0") ... UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw .invalidJSON
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
    }
}
