import XCTest
@testable import TextClassification

/// Spark's RegexTokenizer, NGram and HashingTF hash, against values recorded from Spark 4.3.0
/// (pyspark in scripts/spark/.venv, local mode): `RegexTokenizer(...).transform(df)` for the
/// tokens and `HashingTF(numFeatures=n).indexOf(term)` for the hashes; the signed 32-bit hash is
/// the one value consistent with both `indexOf` under numFeatures 2^30 and 2^31 − 1.
final class SparkAnalyzerTests: XCTestCase {
    private let sample = " Hello, World!  foo_bar café ΑΘΗΝΑΣ ΣΑΣ İstanbul "

    func testMurmurHash3WithSparksSeedMatchesSpark() {
        let recorded: [(String, Int32)] = [
            ("", 142_593_372), ("a", -1_293_573_533), ("ab", -684_913_081), ("abc", 1_313_807_976),
            ("abcd", -396_302_900), ("abcde", -1_361_433_616), ("kyiv", -2_096_670_813), ("donetsk", -712_628_094),
            ("café", 1_312_538_061), ("ceasefire talks", 682_950_960), ("Ελλάδα", -130_235_039), ("😀", 1_877_935_379),
        ]
        for (term, hash) in recorded {
            XCTAssertEqual(Int32(bitPattern: MurmurHash3.hash32(term, seed: SparkHashing.seed)), hash, term)
        }
    }

    func testHashingTFColumnIsTheNonNegativeModuloOfANonPowerOfTwo() throws {
        // indexOf with numFeatures 1000 and Spark's default 2^18.
        let recorded: [(String, Int, Int)] = [
            ("", 372, 249_180), ("a", 467, 107_107), ("ab", 919, 69191), ("abc", 976, 204_392), ("abcd", 100, 58828),
            ("abcde", 384, 142_320), ("kyiv", 187, 219_043), ("donetsk", 906, 141_442), ("café", 61, 245_197),
            ("ceasefire talks", 960, 65840), ("Ελλάδα", 961, 50529), ("😀", 379, 197_907),
        ]
        let thousand = try SparkHashing(featureCount: 1000), standard = try SparkHashing(featureCount: 1 << 18)
        for (term, small, large) in recorded {
            XCTAssertEqual(thousand.column(of: term), small, term)
            XCTAssertEqual(standard.column(of: term), large, term)
        }
        // "a" hashes negative: a plain remainder would be −533, and |h| mod 1000 would be 533.
        XCTAssertEqual(thousand.column(of: "a"), 1000 - 533)
        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparkHashing(featureCount: 0) }?.name, "numFeatures")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparkHashing(featureCount: (1 << 30) + 1) }?.name, "numFeatures")
    }

    func testRegexTokenizerMatchesSparkOnSplitsMatchesAndEmptyTokens() throws {
        func tokens(_ pattern: String, gaps: Bool = true, minimumLength: Int = 1, _ text: String) throws -> [String] {
            try SparkRegexTokenizer(pattern: pattern, gaps: gaps, minimumLength: minimumLength).tokens(in: text)
        }
        let istanbul = "i\u{0307}stanbul"
        // Java's split keeps the leading empty token; lowercasing gives final sigma and a dotted i.
        XCTAssertEqual(try tokens("\\s+", minimumLength: 0, sample),
                       ["", "hello,", "world!", "foo_bar", "café", "αθηνας", "σας", istanbul])
        XCTAssertEqual(try tokens("\\s+", sample), ["hello,", "world!", "foo_bar", "café", "αθηνας", "σας", istanbul])
        XCTAssertEqual(try tokens("\\s+", minimumLength: 0, ""), [""])
        XCTAssertEqual(try tokens("\\s+", minimumLength: 0, "  "), [])
        // \W is ASCII-only in Java: every non-ASCII letter separates.
        XCTAssertEqual(try tokens("\\W", minimumLength: 0, sample),
                       ["", "hello", "", "world", "", "", "foo_bar", "caf", "", "", "", "", "", "", "", "", "", "", "", "", "i", "stanbul"])
        XCTAssertEqual(try tokens("\\W", minimumLength: 0, "a,,b"), ["a", "", "b"])
        XCTAssertEqual(try tokens("\\W+", sample), ["hello", "world", "foo_bar", "caf", "i", "stanbul"])
        XCTAssertEqual(try tokens("\\w+", gaps: false, sample), ["hello", "world", "foo_bar", "caf", "i", "stanbul"])
        XCTAssertEqual(try tokens("[^a-z]+", sample), ["hello", "world", "foo", "bar", "caf", "i", "stanbul"])
        XCTAssertEqual(try tokens(",", minimumLength: 0, sample), [" hello", " world!  foo_bar café αθηνας σας \(istanbul) "])
        XCTAssertEqual(try tokens("\\p{L}+", gaps: false, sample), ["hello", "world", "foo", "bar", "café", "αθηνας", "σας", "i", "stanbul"])
    }

    func testDefaultsAreSparks() throws {
        XCTAssertEqual(SparkRegexTokenizer(), try SparkRegexTokenizer(pattern: "\\s+", gaps: true, lowercases: true, minimumLength: 1))
    }

    func testMinimumLengthCountsUTF16CodeUnitsAsJavaDoes() throws {
        // "😀" is one code point but two UTF-16 units, so Java's length 2 keeps it.
        let tokenizer = try SparkRegexTokenizer(pattern: "\\s+", minimumLength: 2)
        XCTAssertEqual(tokenizer.tokens(in: "😀 é ab"), ["😀", "ab"])
        let keepCase = try SparkRegexTokenizer(pattern: "\\s+", lowercases: false)
        XCTAssertEqual(keepCase.tokens(in: "Kyiv ΑΘΗΝΑΣ"), ["Kyiv", "ΑΘΗΝΑΣ"])
    }

    func testPatternsOutsideTheSubsetAreRefusedByName() {
        for pattern in ["\\s+|,", "(\\w)+", "\\w*", "a.b", "[a-z&&[^e]]", "\\bword", "(?i)\\w+", "", "[a-z", "\\p{Alphabetic}"] {
            let error = thrownError(InvalidParameter.self) { try SparkRegexTokenizer(pattern: pattern) }
            XCTAssertEqual(error?.name, "pattern", pattern)
            XCTAssertEqual(error?.value, pattern)
        }
        for pattern in ["\\s", "[\\s,.;:!?]+", "[^a-zA-Z0-9']+", "\\p{Punct}", "\\P{L}+", "[-a]", "\\.", "x"] {
            XCTAssertNoThrow(try SparkRegexTokenizer(pattern: pattern), pattern)
        }
        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparkRegexTokenizer(pattern: "\\s+", minimumLength: -1) }?.name, "minTokenLength")
    }

    func testNGramEmitsOnlyRunsOfExactlyNJoinedByOneSpace() throws {
        let analyzer = Analyzer.spark(try SparkRegexTokenizer(pattern: "\\W+"), ngram: 2)
        XCTAssertEqual(analyzer.terms(in: "Kyiv rejects, the plan"), ["kyiv rejects", "rejects the", "the plan"])
        XCTAssertEqual(analyzer.terms(in: "Kyiv"), [], "fewer tokens than n give no n-gram")
        XCTAssertEqual(Analyzer.spark(try SparkRegexTokenizer(pattern: "\\W+"), ngram: 3).terms(in: "a b c d"), ["a b c", "b c d"])
        let range = Analyzer(kind: .sparkRegex, ngramRange: 1 ... 2)
        XCTAssertEqual(thrownError(InvalidParameter.self) { try range.validate() }?.name, "ngramRange")
    }
}
