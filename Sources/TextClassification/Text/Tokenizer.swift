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
/// - Initialisms written with points collapse: “U.S.” → `us` (“U.S.’s” too), “e.g.” → `eg`.
/// - Optionally, English stop words (``StopWords/english``) and tokens shorter than
///   ``minimumLength`` characters are dropped before n-grams are formed (scikit-learn's default
///   pattern keeps tokens of two or more characters).
public struct Tokenizer: Sendable, Hashable {
    /// Which rules split words.
    public enum Rules: String, Sendable, Hashable, CaseIterable {
        /// The rules above, for news text.
        case news
        /// Maximal runs of letters, digits and underscores, nothing joined or dropped: with
        /// `minimumLength` 2, the tokens of scikit-learn's default `(?u)\b\w\w+\b`, for like-for-like
        /// comparisons.
        case plain
    }

    /// Which rules split words.
    public var rules: Rules
    /// Whether English stop words are removed.
    public var removesStopWords: Bool
    /// Tokens with fewer characters (Unicode scalars) are dropped; 1 keeps every token.
    public var minimumLength: Int

    /// The largest ``minimumLength`` a model may record: longer than any real word, small enough
    /// that a damaged model file cannot ask for an absurd one.
    public static let longestMinimumLength = 1000

    /// Creates a tokenizer; ``validate()`` checks `minimumLength`.
    public init(rules: Rules = .news, removesStopWords: Bool = false, minimumLength: Int = 1) {
        self.rules = rules
        self.removesStopWords = removesStopWords
        self.minimumLength = minimumLength
    }

    /// Checks the options.
    ///
    /// - Throws: ``InvalidParameter`` (`minTokenLength`) unless ``minimumLength`` is from 1 to
    ///   ``longestMinimumLength``.
    public func validate() throws {
        guard (1 ... Self.longestMinimumLength).contains(minimumLength) else {
            throw InvalidParameter(name: "minTokenLength", value: "\(minimumLength)",
                                   requirement: "from 1 to \(Self.longestMinimumLength)")
        }
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
        text.withUTF8 { input in
            buffer.appendTokens(of: input, rules: rules, removingStopWords: removesStopWords, minimumLength: minimumLength)
        }
    }
}

extension TokenBuffer {
    /// Appends the tokens of `input` by ``Tokenizer``'s rules.
    mutating func appendTokens(of input: UnsafeBufferPointer<UInt8>, rules: Tokenizer.Rules = .news,
                               removingStopWords: Bool, minimumLength: Int = 1) {
        guard !input.isEmpty else { return }
        // Lowercasing can lengthen a scalar's UTF-8 (İ → i̇) but never beyond 3 bytes per input
        // byte; tokens are separated, so there are at most half as many as bytes, plus one.
        append(maximumBytes: input.count * 3 + 8, maximumTokens: input.count / 2 + 2) { bytes, start, ends, hashes in
            var scanner = TokenScanner(input: input, output: bytes, length: start, ends: ends, hashes: hashes,
                                       plain: rules == .plain, removesStopWords: removingStopWords,
                                       minimumLength: minimumLength)
            scanner.run()
            return (scanner.length - start, scanner.count)
        }
    }
}

/// The scan that implements ``Tokenizer``'s rules: one pass over the UTF-8 bytes, writing
/// lowercased token bytes and each token's FNV-1a hash as it goes. ASCII takes a branch-light
/// path; other scalars are decoded and classified by their Unicode properties.
///
/// A struct with mutating methods rather than nested functions: closures capturing the loop's
/// state made Swift box it and check exclusivity at run time on every byte (callgrind: 30% of
/// all instructions in swift_beginAccess).
private struct TokenScanner {
    let input: UnsafeBufferPointer<UInt8>
    let output: UnsafeMutablePointer<UInt8>
    var length: Int
    let ends: UnsafeMutablePointer<Int>
    let hashes: UnsafeMutablePointer<UInt64>
    /// Tokens written.
    var count = 0
    /// ``Tokenizer/Rules/plain``: underscores are word characters and nothing else joins words.
    let plain: Bool
    let removesStopWords: Bool
    let minimumLength: Int

    var index = 0
    /// Characters (scalars) in the current token.
    var characters = 0
    var tokenStart = 0
    var inToken = false
    var lastWasDigit = false
    var lastWasLetter = false
    /// Letters in the current token while it is only single letters joined by points ("U.S."); -1 once it is anything else.
    var initialismLetters = 0
    var needsNormalization = false
    var hash: UInt64 = 0

    @inline(__always)
    mutating func emit(_ byte: UInt8) {
        output[length] = byte
        length += 1
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    @inline(__always)
    mutating func begin() {
        inToken = true
        tokenStart = length
        hash = 0xCBF2_9CE4_8422_2325
        initialismLetters = 0
        characters = 0
    }

    @inline(__always)
    mutating func finish() {
        if inToken {
            if needsNormalization { normalizeToken() }
            let finished = TermHash.finalize(hash)
            if characters < minimumLength || (removesStopWords && StopWords.containsHash(finished)) {
                length = tokenStart
            } else {
                ends[count] = length
                hashes[count] = finished
                count += 1
            }
            inToken = false
        }
        lastWasDigit = false
        lastWasLetter = false
        needsNormalization = false
    }

    /// Rewrites the current token in Unicode NFC (it holds combining marks). Kept out of line:
    /// rare, and heavy enough to slow `finish()` for every token if inlined there.
    @inline(never)
    mutating func normalizeToken() {
        let word = String(decoding: UnsafeBufferPointer(start: output + tokenStart, count: length - tokenStart), as: UTF8.self)
        length = tokenStart
        hash = 0xCBF2_9CE4_8422_2325
        for byte in word.precomposedStringWithCanonicalMapping.utf8 { emit(byte) }
    }

    /// Whether a letter starts at `position`.
    func letterStarts(at position: Int) -> Bool {
        guard position < input.count else { return false }
        let byte = input[position]
        if byte < 0x80 { return (byte | 0x20) &- 0x61 < 26 }
        return decodeScalar(input, at: position).scalar?.properties.isAlphabetic ?? false
    }

    /// After an apostrophe inside a word: where to resume, or nil when it ends the word.
    /// Keeps `'` for contractions and drops the possessive `'s`.
    mutating func resumeAfterApostrophe(at position: Int) -> Int? {
        guard letterStarts(at: position) else { return nil }
        if input[position] | 0x20 == 0x73, !letterStarts(at: position + 1) { return position + 1 }
        emit(0x27)
        characters += 1
        return position
    }

    /// “U.S.’s”: the initialism ended at its point, so the possessive follows a point rather
    /// than a letter; it is dropped all the same. Where to resume, or nil.
    func possessiveAfterPoint(at position: Int, width: Int) -> Int? {
        let after = position + width
        guard position > 0, input[position - 1] == 0x2E, after < input.count, input[after] | 0x20 == 0x73,
              !letterStarts(at: after + 1) else { return nil }
        return after + 1
    }

    mutating func run() {
        let count = input.count
        // Read once: a static's every access checks that it has been initialised.
        let (classes, lowercase) = (ASCIITable.classes, ASCIITable.lowercase)
        while index < count {
            let byte = input[index]
            if byte < 0x80 {
                let lowered = byte | 0x20
                let isLetter = lowered &- 0x61 < 26
                let isDigit = byte &- 0x30 < 10
                if isLetter || isDigit || (plain && byte == 0x5F) {
                    if !inToken { begin() }
                    // The whole run of ASCII word bytes at once, classified and lowercased by table.
                    let runStart = index
                    let wordMask: UInt8 = plain ? 0b111 : 0b011
                    var current = byte
                    while true {
                        emit(lowercase[Int(current)])
                        index += 1
                        guard index < count else { break }
                        current = input[index]
                        guard classes[Int(current)] & wordMask != 0 else { break }
                    }
                    characters += index - runStart
                    let last = input[index - 1]
                    lastWasLetter = (last | 0x20) &- 0x61 < 26
                    lastWasDigit = !lastWasLetter
                    // A lone letter keeps an initialism ("U.S.") going; anything longer ends it.
                    initialismLetters = index - runStart == 1 && lastWasLetter && initialismLetters >= 0 ? initialismLetters + 1 : -1
                    continue
                }
                if plain {
                    finish()
                    index += 1
                    continue
                }
                if byte == 0x27, let resume = possessiveAfterPoint(at: index, width: 1) {
                    index = resume
                    continue
                }
                if inToken {
                    let next: UInt8 = index + 1 < count ? input[index + 1] : 0
                    if byte == 0x27 && lastWasLetter, let resume = resumeAfterApostrophe(at: index + 1) {
                        index = resume
                        continue
                    }
                    if (byte == 0x2E || byte == 0x2C) && lastWasDigit && next &- 0x30 < 10 {
                        emit(byte) // "1.5", "800,000"
                        characters += 1
                        index += 1
                        continue
                    }
                    if byte == 0x25 && lastWasDigit { // "54%"
                        emit(byte)
                        characters += 1
                        index += 1
                        finish()
                        continue
                    }
                    if byte == 0x2E && lastWasLetter && initialismLetters >= 1 {
                        // "U.S.": a single letter, a point, a single letter, a point.
                        let afterNext: UInt8 = index + 2 < count ? input[index + 2] : 0
                        if (next | 0x20) &- 0x61 < 26 && afterNext == 0x2E {
                            index += 1
                            continue
                        }
                    }
                    finish()
                }
                index += 1
                continue
            }
            scanNonASCII()
        }
        finish()
    }

    /// One non-ASCII scalar at `index`.
    mutating func scanNonASCII() {
        let (decoded, width) = decodeScalar(input, at: index)
        guard let scalar = decoded else {
            finish()
            index += width
            return
        }
        if !plain && (scalar.value == 0x2019 || scalar.value == 0x02BC) { // ’ ʼ
            if inToken && lastWasLetter, let resume = resumeAfterApostrophe(at: index + width) {
                index = resume
                return
            }
            if let resume = possessiveAfterPoint(at: index, width: width) {
                index = resume
                return
            }
            finish()
            index += width
            return
        }
        let properties = scalar.properties
        let category = properties.generalCategory
        let isMark = category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
        guard properties.isAlphabetic || properties.numericType != nil || (isMark && inToken) else {
            finish()
            index += width
            return
        }
        if !inToken { begin() }
        initialismLetters = -1
        characters += 1
        if isMark {
            needsNormalization = true
            for offset in 0 ..< width { emit(input[index + offset]) }
        } else if properties.changesWhenLowercased {
            for byte in properties.lowercaseMapping.utf8 { emit(byte) }
        } else {
            for offset in 0 ..< width { emit(input[index + offset]) }
        }
        lastWasLetter = properties.isAlphabetic
        lastWasDigit = !lastWasLetter && !isMark
        index += width
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

/// Byte tables for the scanner's ASCII run loop: a class bit per byte (letter 1, digit 2,
/// underscore 4; none for other bytes, including every byte of a multi-byte scalar) and the byte
/// lowercased. Looking both up was a third of the scanner's instructions as comparisons.
private enum ASCIITable {
    nonisolated(unsafe) static let classes: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0 ..< 256 {
            let value = UInt8(byte)
            table[byte] = (value | 0x20) &- 0x61 < 26 ? 1 : value &- 0x30 < 10 ? 2 : value == 0x5F ? 4 : 0
        }
        return UnsafePointer(table)
    }()

    nonisolated(unsafe) static let lowercase: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0 ..< 256 {
            let value = UInt8(byte)
            table[byte] = value &- 0x41 < 26 ? value | 0x20 : value
        }
        return UnsafePointer(table)
    }()
}
