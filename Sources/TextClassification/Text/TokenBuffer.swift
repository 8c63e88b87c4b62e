import Foundation

/// Reusable storage for one document's tokens: their bytes back to back, where each ends, and
/// each token's hash. Reusing one buffer per thread keeps tokenizing free of per-token allocation.
struct TokenBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private(set) var hashes: [UInt64] = []
    private var tokenStart = 0

    init() {
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(512)
        hashes.reserveCapacity(512)
    }

    var count: Int { ends.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        tokenStart = 0
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    @inline(__always)
    mutating func append(contentsOf source: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[range]))
    }

    /// Closes the token begun after the previous one.
    mutating func endToken(normalizing: Bool, dropStopWords: Bool) {
        if normalizing {
            let text = String(decoding: bytes[tokenStart...], as: UTF8.self)
            bytes.removeSubrange(tokenStart...)
            bytes.append(contentsOf: text.precomposedStringWithCanonicalMapping.utf8)
        }
        let hash = bytes.withUnsafeBufferPointer {
            TermHash.token(UnsafeBufferPointer(rebasing: $0[tokenStart...]))
        }
        if dropStopWords && StopWords.containsHash(hash) {
            bytes.removeSubrange(tokenStart...)
            return
        }
        ends.append(bytes.count)
        hashes.append(hash)
        tokenStart = bytes.count
    }

    /// The bytes of token `index`.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1]) ..< ends[index]
    }

    /// Token `index` as a string.
    func string(at index: Int) -> String {
        String(decoding: bytes[range(of: index)], as: UTF8.self)
    }

    /// The n-gram of `length` tokens starting at `index`, words joined by one space as in
    /// scikit-learn's feature names.
    func term(at index: Int, length: Int) -> String {
        var result = [UInt8]()
        for offset in 0 ..< length {
            if offset > 0 { result.append(0x20) }
            result.append(contentsOf: bytes[range(of: index + offset)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
