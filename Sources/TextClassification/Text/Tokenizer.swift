import Foundation

/// Splits text into lowercased word tokens, the way news text needs.
///
/// The rules, in order of how often they matter:
/// - A token is a maximal run of letters and digits in any script (Unicode alphabetic or numeric
///   scalars, with combining marks kept inside the word). Everything else separates tokens.
/// - Letters are lowercased (ASCII directly; other scripts scalar by scalar, so Greek final
///   sigma becomes `σ`, unlike Python's `ς`). A token holding combining marks is put in Unicode
///   NFC, so precomposed and decomposed “café” are one token.
/// - An apostrophe (`'`, `’` or `ʼ`) between two letters stays inside the word as `'`
///   (“don’t” → `don't`), except the possessive `’s`, which is dropped (“Ukraine’s” → `ukraine`),
///   so that a name and its possessive are one feature. A closing quote (“plan’ ”) is not an
///   apostrophe because no letter follows it.
/// - Hyphens and dashes separate: “free-economic” → `free`, `economic`; “U.S.-Ukraine” → `us`,
///   `ukraine`. Parts of compounds then share features with the same words written apart.
/// - Numbers keep inner separators between digits (“1.5”, “800,000”) and a directly following
///   percent sign (“54%” → `54%`), because figures and percentages carry meaning in polls.
/// - Initialisms written with points collapse: “U.S.” → `us`, “e.g.” → `eg`.
/// - Optionally, English stop words (``StopWords/english``) are dropped before n-grams are formed.
public struct Tokenizer: Sendable, Hashable {
    /// Whether English stop words are removed.
    public var removesStopWords: Bool

    /// Creates a tokenizer.
    public init(removesStopWords: Bool = false) {
        self.removesStopWords = removesStopWords
    }

    /// The tokens of `text`, in order.
    public func tokens(in text: String) -> [String] {
        var buffer = TokenBuffer()
        tokenize(text, into: &buffer)
        return (0 ..< buffer.count).map { buffer.string(at: $0) }
    }

    /// Fills `buffer` with the tokens of `text`, reusing its storage.
    func tokenize(_ text: String, into buffer: inout TokenBuffer) {
        buffer.removeAll()
        var text = text
        text.withUTF8 { bytes in
            scan(bytes, into: &buffer)
        }
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: inout TokenBuffer) {
        let count = bytes.count
        var index = 0
        var inToken = false
        var lastWasDigit = false
        var lastWasLetter = false
        // Length in letters of the current token when it has been only single letters joined by
        // points so far (the "U.S." case); -1 once it is anything else.
        var initialismLetters = 0
        var needsNormalization = false

        @inline(__always) func finish() {
            if inToken {
                buffer.endToken(normalizing: needsNormalization, dropStopWords: removesStopWords)
                inToken = false
            }
            lastWasDigit = false
            lastWasLetter = false
            needsNormalization = false
        }

        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                let isDigit = byte &- 0x30 < 10
                let lowered = byte | 0x20
                let isLetter = lowered &- 0x61 < 26
                if isDigit || isLetter {
                    if !inToken {
                        inToken = true
                        initialismLetters = 0
                    }
                    buffer.append(isLetter ? lowered : byte)
                    if isLetter {
                        if initialismLetters >= 0 { initialismLetters += 1 }
                        if initialismLetters > 1 && !(index > 0 && bytes[index - 1] == 0x2E) {
                            initialismLetters = -1
                        }
                    } else {
                        initialismLetters = -1
                    }
                    lastWasDigit = isDigit
                    lastWasLetter = isLetter
                    index += 1
                    continue
                }
                if inToken {
                    let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
                    if byte == 0x27 && lastWasLetter, let resume = apostropheSkip(bytes, after: index + 1) {
                        index = resume
                        continue
                    }
                    if (byte == 0x2E || byte == 0x2C) && lastWasDigit && next &- 0x30 < 10 {
                        buffer.append(byte) // "1.5", "800,000"
                        index += 1
                        continue
                    }
                    if byte == 0x25 && lastWasDigit { // "54%"
                        buffer.append(byte)
                        index += 1
                        finish()
                        continue
                    }
                    if byte == 0x2E && lastWasLetter && initialismLetters >= 1 {
                        // "U.S.": a single letter, a point, a single letter, a point.
                        let afterNext: UInt8 = index + 2 < count ? bytes[index + 2] : 0
                        if (next | 0x20) &- 0x61 < 26 && afterNext == 0x2E {
                            index += 1
                            continue
                        }
                    }
                }
                finish()
                index += 1
                continue
            }

            // Non-ASCII: decode one scalar.
            let (scalar, length) = decodeScalar(bytes, at: index)
            if let scalar {
                if scalar.value == 0x2019 || scalar.value == 0x02BC {
                    if inToken && lastWasLetter, let skip = apostropheSkip(bytes, after: index + length) {
                        index = skip
                        continue
                    }
                    finish()
                    index += length
                    continue
                }
                let properties = scalar.properties
                let isMark = properties.generalCategory == .nonspacingMark
                    || properties.generalCategory == .spacingMark
                    || properties.generalCategory == .enclosingMark
                if properties.isAlphabetic || properties.numericType != nil || (isMark && inToken) {
                    if !inToken {
                        inToken = true
                    }
                    initialismLetters = -1
                    if isMark {
                        needsNormalization = true
                        buffer.append(contentsOf: bytes, range: index ..< index + length)
                    } else if properties.changesWhenLowercased {
                        for byte in properties.lowercaseMapping.utf8 { buffer.append(byte) }
                    } else {
                        buffer.append(contentsOf: bytes, range: index ..< index + length)
                    }
                    lastWasLetter = properties.isAlphabetic
                    lastWasDigit = !lastWasLetter && !isMark
                    index += length
                    continue
                }
            }
            finish()
            index += length
        }
        finish()

        /// Where scanning resumes after an apostrophe inside a word, or nil when the apostrophe
        /// ends the word. Keeps `'` for contractions and drops the possessive `'s`.
        func apostropheSkip(_ bytes: UnsafeBufferPointer<UInt8>, after position: Int) -> Int? {
            guard position < bytes.count else { return nil }
            let next = bytes[position]
            guard isWordStart(bytes, at: position) else { return nil }
            if next | 0x20 == 0x73, !isWordStart(bytes, at: position + 1) { // possessive 's
                return position + 1
            }
            buffer.append(0x27)
            return position
        }
    }

    @inline(__always)
    private func isWordStart(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        guard position < bytes.count else { return false }
        let byte = bytes[position]
        if byte < 0x80 { return (byte | 0x20) &- 0x61 < 26 }
        guard let scalar = decodeScalar(bytes, at: position).scalar else { return false }
        return scalar.properties.isAlphabetic
    }
}

/// Decodes the UTF-8 scalar starting at `index`; an invalid sequence yields nil and length 1.
@inline(__always)
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar?, length: Int) {
    let lead = bytes[index]
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC2 ... 0xDF: length = 2; value = UInt32(lead & 0x1F)
    case 0xE0 ... 0xEF: length = 3; value = UInt32(lead & 0x0F)
    case 0xF0 ... 0xF4: length = 4; value = UInt32(lead & 0x07)
    default: return (nil, 1)
    }
    guard index + length <= bytes.count else { return (nil, 1) }
    for offset in 1 ..< length {
        let continuation = bytes[index + offset]
        guard continuation & 0xC0 == 0x80 else { return (nil, 1) }
        value = value << 6 | UInt32(continuation & 0x3F)
    }
    return (Unicode.Scalar(value), length)
}
