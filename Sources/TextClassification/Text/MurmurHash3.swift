/// MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain algorithm): the hash that
/// scikit-learn's `HashingVectorizer` (seed 0) and Spark's `HashingTF` (seed 42) apply to a term's
/// UTF-8 bytes. Reproducing it bit for bit is what lets a hashed textclf model put every term in
/// the same bucket as theirs.
enum MurmurHash3 {
    /// The 32-bit hash of `bytes` with `seed`.
    static func hash32(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt32) -> UInt32 {
        let c1: UInt32 = 0xCC9E_2D51, c2: UInt32 = 0x1B87_3593
        var h = seed
        let blocks = bytes.count / 4
        let raw = UnsafeRawBufferPointer(bytes)
        for block in 0 ..< blocks {
            var k = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: block * 4, as: UInt32.self))
            k &*= c1
            k = k << 15 | k >> 17
            k &*= c2
            h ^= k
            h = h << 13 | h >> 19
            h = h &* 5 &+ 0xE654_6B64
        }
        let tail = blocks * 4
        var k: UInt32 = 0
        switch bytes.count & 3 {
        case 3:
            k ^= UInt32(bytes[tail + 2]) << 16
            fallthrough
        case 2:
            k ^= UInt32(bytes[tail + 1]) << 8
            fallthrough
        case 1:
            k ^= UInt32(bytes[tail])
            k &*= c1
            k = k << 15 | k >> 17
            k &*= c2
            h ^= k
        default:
            break
        }
        h ^= UInt32(truncatingIfNeeded: bytes.count)
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }

    /// The hash of a string's UTF-8 bytes.
    static func hash32(_ text: String, seed: UInt32) -> UInt32 {
        var text = text
        return text.withUTF8 { hash32($0, seed: seed) }
    }
}
