/// Turns a document into its terms: word n-grams, character n-grams, or character n-grams
/// inside word boundaries — scikit-learn's `analyzer='word'`, `'char'` and `'char_wb'`.
///
/// - `word`: the ``Tokenizer``'s tokens, then n-grams of `ngramRange` tokens joined by one space.
/// - `char`: the text lowercased, each run of two or more whitespace characters replaced by one
///   space, then every run of `ngramRange` consecutive Unicode scalars (scikit-learn counts code
///   points; so do we).
/// - `char_wb`: the same text split at whitespace; each word padded with one space on each side,
///   then its scalar n-grams; a padded word shorter than `n` gives itself once, and no longer
///   n-grams (scikit-learn's rule).
///
/// - `spark_regex`: Spark ML's `RegexTokenizer` (``SparkRegexTokenizer``), then, when `ngramRange`
///   is `n ... n` with n > 1, Spark's `NGram`: every run of exactly n tokens joined by one space,
///   none when the document has fewer than n tokens. Only imported Spark models use it.
///
/// Character analyzers do not normalise Unicode (scikit-learn's `strip_accents=None`), so
/// precomposed and decomposed accents are different characters; lowercasing is per scalar, so
/// Greek capital sigma always becomes `σ` where Python writes a final `ς`.
///
/// Every option an analyzer depends on is a stored property, so a model file can record it as
/// data (see ``ModelFile``).
public struct Analyzer: Sendable, Hashable {
    /// What the terms are made of.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Word n-grams.
        case word
        /// Character n-grams over the whole text.
        case char
        /// Character n-grams within padded words.
        case charWordBounded = "char_wb"
        /// Spark ML's `RegexTokenizer` and `NGram`.
        case sparkRegex = "spark_regex"
    }

    /// What the terms are made of.
    public var kind: Kind
    /// The n-gram lengths, in tokens (`word`) or characters (`char`, `char_wb`).
    public var ngramRange: ClosedRange<Int>
    /// How words are split; used by `word` only.
    public var tokenizer: Tokenizer
    /// How Spark split words; used by `spark_regex` only.
    public var regexTokenizer: SparkRegexTokenizer

    /// The longest n-gram length accepted.
    public static let longestNgram = 9

    /// Creates an analyzer. Prefer ``words(_:tokenizer:)`` and ``characters(_:withinWordBoundaries:)``.
    public init(kind: Kind, ngramRange: ClosedRange<Int>, tokenizer: Tokenizer = Tokenizer(),
                regexTokenizer: SparkRegexTokenizer = SparkRegexTokenizer()) {
        self.kind = kind
        self.ngramRange = ngramRange
        self.tokenizer = tokenizer
        self.regexTokenizer = regexTokenizer
    }

    /// Spark's `RegexTokenizer` followed, for `n` > 1, by its `NGram` with that `n`.
    public static func spark(_ tokenizer: SparkRegexTokenizer, ngram n: Int = 1) -> Analyzer {
        Analyzer(kind: .sparkRegex, ngramRange: n ... n, regexTokenizer: tokenizer)
    }

    /// Word n-grams of the lengths in `ngramRange`.
    public static func words(_ ngramRange: ClosedRange<Int> = 1 ... 1, tokenizer: Tokenizer = Tokenizer()) -> Analyzer {
        Analyzer(kind: .word, ngramRange: ngramRange, tokenizer: tokenizer)
    }

    /// Character n-grams of the lengths in `ngramRange`, over the whole text or within words.
    public static func characters(_ ngramRange: ClosedRange<Int>, withinWordBoundaries: Bool = false) -> Analyzer {
        Analyzer(kind: withinWordBoundaries ? .charWordBounded : .char, ngramRange: ngramRange)
    }

    /// Checks the options, naming the first that is out of range.
    public func validate() throws {
        guard ngramRange.lowerBound >= 1, ngramRange.upperBound <= Self.longestNgram else {
            throw InvalidParameter(name: "ngramRange", value: "\(ngramRange.lowerBound)-\(ngramRange.upperBound)",
                                   requirement: "lengths from 1 to \(Self.longestNgram)")
        }
        if kind == .word { try tokenizer.validate() }
        if kind == .sparkRegex && ngramRange.count != 1 {
            throw InvalidParameter(name: "ngramRange", value: "\(ngramRange.lowerBound)-\(ngramRange.upperBound)",
                                   requirement: "a single length for Spark's NGram, which emits n-grams of exactly n tokens")
        }
    }

    /// The terms of `text`, in the order they are produced (for inspection and tests; fitting
    /// and prediction never build strings per term).
    public func terms(in text: String) -> [String] {
        var sequence = TermSequence()
        analyze(text, into: &sequence)
        return (0 ..< sequence.count).map { sequence.text(of: $0) }
    }

    /// Fills `sequence` with the terms of `text`: one hash and one byte range per occurrence.
    func analyze(_ text: String, into sequence: inout TermSequence) {
        sequence.removeAll()
        switch kind {
        case .word:
            tokenizer.tokenize(text, into: &sequence.tokens)
            sequence.appendWordNgrams(ngramRange)
        case .sparkRegex:
            regexTokenizer.tokenize(text, into: &sequence.tokens)
            sequence.appendWordNgrams(ngramRange)
        case .char, .charWordBounded:
            var text = text
            text.withUTF8 { sequence.appendCharacterNgrams(of: $0, ngramRange, withinWords: kind == .charWordBounded) }
        }
    }

    /// The hash ``analyze(_:into:)`` gives the term `term` (as ``terms(in:)`` writes it).
    func hash(ofTerm term: String) -> UInt64 {
        switch kind {
        case .word, .sparkRegex: return TermHash.term(term)
        case .char, .charWordBounded:
            var term = term
            return term.withUTF8 { TermHash.token($0) }
        }
    }
}

/// One document's terms, reused document after document: term `i` has hash `hashes[i]` and
/// text `bytes[starts[i] ..< ends[i]]`. Word n-grams hash by combining their tokens' hashes
/// (``TermHash/combine(_:_:)``); character n-grams by FNV-1a over their bytes, extended one
/// scalar at a time so each start position hashes its longest n-gram once.
struct TermSequence {
    var tokens = TokenBuffer()
    private(set) var bytes: [UInt8] = []
    private(set) var hashes: [UInt64] = []
    private(set) var starts: [Int32] = []
    private(set) var ends: [Int32] = []
    private(set) var count = 0
    /// Scalar start offsets of the normalised text, plus its end (character analyzers).
    private var boundaries: [Int32] = []

    mutating func removeAll() { count = 0 }

    /// The text of term `index`.
    func text(of index: Int) -> String {
        String(decoding: bytes[Int(starts[index]) ..< Int(ends[index])], as: UTF8.self)
    }

    /// Runs `body` with the hashes, starts, ends and bytes.
    func withTerms<Result>(_ body: (UnsafeBufferPointer<UInt64>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        hashes.withUnsafeBufferPointer { hashes in
            starts.withUnsafeBufferPointer { starts in
                ends.withUnsafeBufferPointer { ends in
                    bytes.withUnsafeBufferPointer { bytes in
                        body(UnsafeBufferPointer(rebasing: hashes[..<count]), UnsafeBufferPointer(rebasing: starts[..<count]),
                             UnsafeBufferPointer(rebasing: ends[..<count]), bytes)
                    }
                }
            }
        }
    }

    private mutating func reserveTerms(_ capacity: Int) {
        hashes.grow(toHold: capacity)
        starts.grow(toHold: capacity)
        ends.grow(toHold: capacity)
    }

    /// Word n-grams of the tokens in `tokens`, their text the tokens joined by single spaces.
    mutating func appendWordNgrams(_ range: ClosedRange<Int>) {
        let (shortest, longest) = (range.lowerBound, range.upperBound)
        let tokenCount = tokens.count
        let lengths = max(0, longest - shortest + 1)
        reserveTerms(tokenCount * lengths)
        bytes.grow(toHold: tokens.length + tokenCount)
        var written = 0
        tokens.withTokens { tokenHashes, tokenBytes, tokenEnds in
            bytes.withUnsafeMutableBufferPointer { bytes in
                hashes.withUnsafeMutableBufferPointer { hashes in
                    starts.withUnsafeMutableBufferPointer { starts in
                        ends.withUnsafeMutableBufferPointer { ends in
                            // The joined text: token i starts at end(i - 1) + i, ends at end(i) + i.
                            var position = 0
                            for token in 0 ..< tokenCount {
                                if token > 0 { bytes[position] = 0x20; position += 1 }
                                let from = token == 0 ? 0 : tokenEnds[token - 1]
                                for index in from ..< tokenEnds[token] { bytes[position] = tokenBytes[index]; position += 1 }
                            }
                            for start in 0 ..< tokenCount {
                                var hash: UInt64 = 0
                                let textStart = Int32((start == 0 ? 0 : tokenEnds[start - 1]) + start)
                                for length in 1 ... longest {
                                    let last = start + length - 1
                                    guard last < tokenCount else { break }
                                    hash = length == 1 ? tokenHashes[start] : TermHash.combine(hash, tokenHashes[last])
                                    guard length >= shortest else { continue }
                                    hashes[written] = hash
                                    starts[written] = textStart
                                    ends[written] = Int32(tokenEnds[last] + last)
                                    written += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        count = written
    }

    /// Character n-grams of `input` (lowercased and whitespace-normalised here), over the whole
    /// text or within padded words.
    mutating func appendCharacterNgrams(of input: UnsafeBufferPointer<UInt8>, _ range: ClosedRange<Int>, withinWords: Bool) {
        normalize(input, padWords: withinWords)
        let (shortest, longest) = (range.lowerBound, range.upperBound)
        let scalarCount = boundaries.count - 1
        reserveTerms(max(0, scalarCount) * (longest - shortest + 1))
        var written = 0
        bytes.withUnsafeBufferPointer { bytes in
            boundaries.withUnsafeBufferPointer { boundaries in
                hashes.withUnsafeMutableBufferPointer { hashes in
                    starts.withUnsafeMutableBufferPointer { starts in
                        ends.withUnsafeMutableBufferPointer { ends in
                            @inline(__always) func ngrams(from first: Int, to last: Int) {
                                // Scalars first ..< last form one text (the whole text, or one padded word).
                                let length = last - first
                                if withinWords && shortest >= length {
                                    // A padded word no longer than the shortest n: itself, once.
                                    hashes[written] = TermHash.token(UnsafeBufferPointer(rebasing: bytes[Int(boundaries[first]) ..< Int(boundaries[last])]))
                                    starts[written] = boundaries[first]
                                    ends[written] = boundaries[last]
                                    written += 1
                                    return
                                }
                                for start in first ..< last {
                                    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                                    var byte = Int(boundaries[start])
                                    for n in 1 ... longest {
                                        let end = start + n
                                        guard end <= last else { break }
                                        let endByte = Int(boundaries[end])
                                        while byte < endByte {
                                            hash = (hash ^ UInt64(bytes[byte])) &* 0x0000_0100_0000_01B3
                                            byte += 1
                                        }
                                        guard n >= shortest else { continue }
                                        hashes[written] = TermHash.finalize(hash)
                                        starts[written] = boundaries[start]
                                        ends[written] = Int32(endByte)
                                        written += 1
                                    }
                                }
                            }
                            if withinWords {
                                // Words are separated by a zero byte in the normalised text.
                                var first = 0
                                for index in 0 ... scalarCount where index == scalarCount || bytes[Int(boundaries[index])] == 0 {
                                    if index > first { ngrams(from: first, to: index) }
                                    first = index + 1
                                }
                            } else if scalarCount > 0 {
                                ngrams(from: 0, to: scalarCount)
                            }
                        }
                    }
                }
            }
        }
        count = written
    }

    /// Writes the lowercased text into `bytes` and its scalar starts into `boundaries`. Whole
    /// text: each run of two or more whitespace scalars becomes one space, a single one is kept.
    /// Within words: each word becomes " word " and words are separated by one zero byte, which
    /// no n-gram crosses (so a NUL in the text separates words too, where Python would keep it
    /// inside the word: an edge we accept).
    private mutating func normalize(_ input: UnsafeBufferPointer<UInt8>, padWords: Bool) {
        // Lowercasing grows a scalar's UTF-8 by at most 3 bytes per input byte; padding adds 3 per word.
        bytes.grow(toHold: input.count * 3 + 8)
        boundaries.grow(toHold: input.count * 3 + 8)
        var length = 0, scalars = 0
        bytes.withUnsafeMutableBufferPointer { out in
            boundaries.withUnsafeMutableBufferPointer { bounds in
                @inline(__always) func startScalar() { bounds[scalars] = Int32(length); scalars += 1 }
                @inline(__always) func put(_ byte: UInt8) { out[length] = byte; length += 1 }
                var index = 0
                var inWord = false
                var pendingWhitespace: (start: Int, width: Int, run: Int) = (0, 0, 0)
                func flushWhitespace() {
                    guard pendingWhitespace.run > 0 else { return }
                    startScalar()
                    if pendingWhitespace.run == 1 {
                        for offset in 0 ..< pendingWhitespace.width { put(input[pendingWhitespace.start + offset]) }
                    } else {
                        put(0x20)
                    }
                    pendingWhitespace = (0, 0, 0)
                }
                while index < input.count {
                    let lead = input[index]
                    let scalar: Unicode.Scalar
                    let width: Int
                    if lead < 0x80 {
                        scalar = Unicode.Scalar(lead)
                        width = 1
                    } else {
                        let decoded = decodeScalar(input, at: index)
                        scalar = decoded.scalar ?? "\u{FFFD}"
                        width = decoded.length
                    }
                    if isPythonWhitespace(scalar) || (padWords && lead == 0) {
                        if padWords {
                            if inWord { startScalar(); put(0x20); startScalar(); put(0); inWord = false }
                        } else {
                            if pendingWhitespace.run == 0 { pendingWhitespace = (index, width, 1) } else { pendingWhitespace.run += 1 }
                        }
                        index += width
                        continue
                    }
                    if padWords {
                        if !inWord { startScalar(); put(0x20); inWord = true }
                    } else {
                        flushWhitespace()
                    }
                    startScalar()
                    if lead < 0x80 {
                        put(lead &- 0x41 < 26 ? lead | 0x20 : lead)
                    } else if scalar.properties.changesWhenLowercased {
                        var first = true
                        for lowered in scalar.properties.lowercaseMapping.unicodeScalars {
                            if !first { startScalar() }
                            first = false
                            for byte in String(lowered).utf8 { put(byte) }
                        }
                    } else {
                        for offset in 0 ..< width { put(input[index + offset]) }
                    }
                    index += width
                }
                if padWords {
                    if inWord { startScalar(); put(0x20) }
                } else {
                    flushWhitespace()
                }
                bounds[scalars] = Int32(length)
            }
        }
        boundaries.removeSubrange((scalars + 1)...)
        bytes.removeSubrange(length...)
    }
}

/// Python's `str.isspace()`, which `\s` and `str.split()` follow: Unicode White_Space plus the
/// information separators U+001C–U+001F.
@inline(__always)
func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) || (value >= 0x1C && value <= 0x1F) }
    return scalar.properties.isWhitespace
}
