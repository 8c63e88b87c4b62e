import FuzzSupport
import TextClassification

// Text from arbitrary bytes (invalid UTF-8 repaired as String(decoding:) does) through both
// tokenizer rule sets and every analyzer kind; the first byte picks the options.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let selector = Int(data[0])
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let tokenizer = Tokenizer(rules: selector & 1 == 0 ? .news : .plain, removesStopWords: selector & 2 != 0,
                              minimumLength: 1 + (selector >> 2) % 3)
    for token in tokenizer.tokens(in: text) { precondition(!token.isEmpty, "an empty token") }
    let high = 1 + (selector >> 4) % 4
    for analyzer in [Analyzer.words(1 ... high, tokenizer: tokenizer), Analyzer.characters(1 ... high),
                     Analyzer.characters(1 ... high, withinWordBoundaries: true)] {
        for term in analyzer.terms(in: text) { precondition(!term.isEmpty, "an empty term") }
    }
    return 0
}

/// libFuzzer's callback: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzOne(data, size) }
