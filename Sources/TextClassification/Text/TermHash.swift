/// 64-bit hashes of terms, the keys of the vocabulary.
///
/// Terms are counted and looked up by hash so that tokenizing never builds a `String`; strings
/// are made once per kept term, when the vocabulary is fixed. A unigram's hash is FNV-1a over its
/// UTF-8 bytes, passed through a finalizer so low bits are well mixed for open addressing; an
/// n-gram's hash combines its words' hashes in order. Two distinct terms share a hash with
/// probability about n²/2⁶⁵ for n terms (below 10⁻⁷ for a million), which we accept.
enum TermHash {
    /// Hash of one token's bytes.
    @inline(__always)
    static func token(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return finalize(hash)
    }

    /// Hash of the n-gram made of the n-gram `prefix` followed by the token `next`.
    @inline(__always)
    static func combine(_ prefix: UInt64, _ next: UInt64) -> UInt64 {
        finalize(prefix &* 0x9E37_79B9_7F4A_7C15 ^ (next &+ 0x632B_E59B_D9B4_E019))
    }

    /// Hash of a term string as the tokenizer would produce it: words separated by single spaces.
    static func term(_ term: String) -> UInt64 {
        var term = term
        return term.withUTF8 { bytes in
            var hash: UInt64 = 0
            var start = 0
            var first = true
            for index in 0 ... bytes.count where index == bytes.count || bytes[index] == 0x20 {
                let word = token(UnsafeBufferPointer(rebasing: bytes[start ..< index]))
                hash = first ? word : combine(hash, word)
                first = false
                start = index + 1
            }
            return hash
        }
    }

    /// SplitMix64's finalizer, shared with ``SeededGenerator`` (Support/ owns it: Text builds on Support).
    @inline(__always)
    static func finalize(_ value: UInt64) -> UInt64 { SeededGenerator.mix(value) }
}
