/// Spark ML's `RegexTokenizer`, reproduced: lowercase (Java's `String.toLowerCase`, final sigma included) when
/// `lowercases`, then split the text at the pattern's matches (`gaps`, Java's `Pattern.split`:
/// a leading empty token when the text starts with a separator, trailing empty tokens dropped) or
/// take the matches themselves, then drop tokens shorter than `minimumLength` — counted, as Java
/// counts a string's length, in UTF-16 code units.
///
/// The pattern is a Java regular expression of the form textclf can match exactly: one character
/// class, optionally followed by `+` (see ``init(pattern:gaps:lowercases:minimumLength:)``).
public struct SparkRegexTokenizer: Sendable, Hashable {
    /// The Java regular expression, as Spark's `pattern` parameter holds it.
    public let pattern: String
    /// Spark's `gaps`: the pattern matches separators (true) or tokens (false).
    public let gaps: Bool
    /// Spark's `toLowercase`.
    public let lowercases: Bool
    /// Spark's `minTokenLength`, in UTF-16 code units; 0 keeps empty tokens, as Spark does.
    public let minimumLength: Int
    let compiled: JavaCharacterPattern

    /// The largest ``minimumLength`` accepted.
    public static let longestMinimumLength = Tokenizer.longestMinimumLength

    /// Spark's defaults: `\s+`, gaps, lowercase, minimum length 1.
    public init() {
        pattern = "\\s+"
        gaps = true
        lowercases = true
        minimumLength = 1
        compiled = JavaCharacterPattern(members: [.predefined(.space, negated: false)], negated: false, repeats: true)
    }

    /// A tokenizer with Spark's parameters.
    ///
    /// - Throws: ``InvalidParameter`` naming the pattern when it is not one character class
    ///   (`\s`, `\W`, `[^a-z]`, `\p{L}`, a literal character, …) optionally followed by `+`, or
    ///   `minTokenLength` when `minimumLength` is outside 0…``longestMinimumLength``.
    public init(pattern: String, gaps: Bool = true, lowercases: Bool = true, minimumLength: Int = 1) throws {
        guard (0 ... Self.longestMinimumLength).contains(minimumLength) else {
            throw InvalidParameter(name: "minTokenLength", value: "\(minimumLength)", requirement: "from 0 to \(Self.longestMinimumLength)")
        }
        self.compiled = try JavaCharacterPattern(parsing: pattern)
        self.pattern = pattern
        self.gaps = gaps
        self.lowercases = lowercases
        self.minimumLength = minimumLength
    }

    /// The tokens of `text`, as Spark's `transform` gives them.
    public func tokens(in text: String) -> [String] {
        var buffer = TokenBuffer()
        tokenize(text, into: &buffer)
        return (0 ..< buffer.count).map { buffer.string(at: $0) }
    }

    /// Fills `buffer` with the tokens of `text`.
    func tokenize(_ text: String, into buffer: inout TokenBuffer) {
        buffer.removeAll()
        let original = Array(text.unicodeScalars)
        let scalars = lowercases ? JavaLowercasing.lowercased(original) : original
        var tokens: [Range<Int>] = []
        var index = 0
        var tokenStart = 0
        var matched = false
        while index < scalars.count {
            guard compiled.contains(scalars[index]) else { index += 1; continue }
            var end = index + 1
            if compiled.repeats {
                while end < scalars.count && compiled.contains(scalars[end]) { end += 1 }
            }
            if gaps {
                tokens.append(tokenStart ..< index)
                tokenStart = end
            } else {
                tokens.append(index ..< end)
            }
            matched = true
            index = end
        }
        if gaps {
            // Java's split: the whole text when nothing matched, else the rest after the last
            // separator; then every trailing empty piece is dropped.
            tokens.append(tokenStart ..< scalars.count)
            if matched { while let last = tokens.last, last.isEmpty { tokens.removeLast() } }
        }
        let kept = tokens.filter { range in
            minimumLength == 0 || scalars[range].reduce(0) { $0 + $1.utf16.count } >= minimumLength
        }
        let byteCount = kept.reduce(0) { total, range in scalars[range].reduce(total) { $0 + $1.utf8.count } }
        buffer.append(maximumBytes: byteCount, maximumTokens: kept.count) { bytes, start, ends, hashes in
            var length = start
            for (number, range) in kept.enumerated() {
                let first = length
                for scalar in scalars[range] {
                    for byte in scalar.utf8 { bytes[length] = byte; length += 1 }
                }
                ends[number] = length
                hashes[number] = TermHash.token(UnsafeBufferPointer(start: bytes + first, count: length - first))
            }
            return (length - start, kept.count)
        }
    }
}
