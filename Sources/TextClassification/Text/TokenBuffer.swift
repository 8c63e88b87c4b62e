/// Reusable storage for one document's tokens: their lowercased bytes back to back, where each
/// ends, and each token's hash. One buffer per thread, reused document after document, keeps
/// tokenizing free of per-token allocation.
struct TokenBuffer {
    /// Storage; only the first `length` bytes are tokens.
    private var storage: [UInt8] = []
    private(set) var length = 0
    private(set) var ends: [Int] = []
    private(set) var hashes: [UInt64] = []

    init() {
        storage = [UInt8](repeating: 0, count: 4096)
        ends.reserveCapacity(512)
        hashes.reserveCapacity(512)
    }

    /// Number of tokens.
    var count: Int { ends.count }

    mutating func removeAll() {
        length = 0
        ends.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
    }

    /// Makes room for at least `capacity` bytes of tokens.
    mutating func reserveBytes(_ capacity: Int) {
        if storage.count < capacity {
            storage.append(contentsOf: repeatElement(0, count: max(capacity, storage.count * 2) - storage.count))
        }
    }

    /// Runs `body` over the byte storage.
    mutating func withStorage(_ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        storage.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Moves the token ends out, so a scan can append to them while it writes the storage.
    mutating func takeEnds() -> [Int] {
        var taken: [Int] = []
        swap(&taken, &ends)
        return taken
    }

    /// Moves the hashes out, as ``takeEnds()``.
    mutating func takeHashes() -> [UInt64] {
        var taken: [UInt64] = []
        swap(&taken, &hashes)
        return taken
    }

    /// Puts back what ``takeEnds()`` and ``takeHashes()`` moved out.
    mutating func restore(ends: [Int], hashes: [UInt64]) {
        self.ends = ends
        self.hashes = hashes
    }

    /// Runs `body` with the token hashes, the token bytes and where each token ends.
    func withTokens<Result>(_ body: (UnsafeBufferPointer<UInt64>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) -> Result) -> Result {
        hashes.withUnsafeBufferPointer { hashes in
            storage.withUnsafeBufferPointer { bytes in
                ends.withUnsafeBufferPointer { ends in body(hashes, bytes, ends) }
            }
        }
    }

    /// Sets the number of bytes in use.
    mutating func setLength(_ newLength: Int) { length = newLength }

    /// The bytes of token `index`.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1]) ..< ends[index]
    }

    /// Token `index` as a string.
    func string(at index: Int) -> String {
        String(decoding: storage[range(of: index)], as: UTF8.self)
    }
}
