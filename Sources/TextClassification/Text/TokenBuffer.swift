/// Reusable storage for one document's tokens: their lowercased bytes back to back, where each
/// ends, and each token's hash. One buffer per thread, reused document after document, keeps
/// tokenizing free of allocation; the scanner writes through raw pointers into storage sized in
/// advance for the worst case, so no write pays for a capacity or uniqueness check.
struct TokenBuffer {
    /// Token bytes; only the first `length` are in use.
    private var storage: [UInt8] = []
    /// Where each token ends in `storage`, and its hash; only the first `count` are in use.
    private var endStorage: [Int] = []
    private var hashStorage: [UInt64] = []
    private(set) var length = 0
    /// Number of tokens.
    private(set) var count = 0

    init() {
        storage = [UInt8](repeating: 0, count: 4096)
        endStorage = [Int](repeating: 0, count: 1024)
        hashStorage = [UInt64](repeating: 0, count: 1024)
    }

    mutating func removeAll() {
        length = 0
        count = 0
    }

    /// Runs a scan that appends up to `maximumBytes` bytes and `maximumTokens` tokens: `body`
    /// gets the storage, the token ends and the hashes, each starting at its first free element,
    /// and returns how many bytes and tokens it wrote.
    mutating func append(
        maximumBytes: Int, maximumTokens: Int,
        _ body: (_ bytes: UnsafeMutablePointer<UInt8>, _ start: Int, _ ends: UnsafeMutablePointer<Int>,
                 _ hashes: UnsafeMutablePointer<UInt64>) -> (bytes: Int, tokens: Int)
    ) {
        storage.grow(toHold: length + maximumBytes)
        endStorage.grow(toHold: count + maximumTokens)
        hashStorage.grow(toHold: count + maximumTokens)
        let (start, first) = (length, count)
        let written = storage.withUnsafeMutableBufferPointer { bytes in
            endStorage.withUnsafeMutableBufferPointer { ends in
                hashStorage.withUnsafeMutableBufferPointer { hashes in
                    body(bytes.baseAddress!, start, ends.baseAddress! + first, hashes.baseAddress! + first)
                }
            }
        }
        length += written.bytes
        count += written.tokens
    }

    /// Runs `body` with the token hashes, the token bytes and where each token ends.
    func withTokens<Result>(_ body: (UnsafeBufferPointer<UInt64>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) -> Result) -> Result {
        hashStorage.withUnsafeBufferPointer { hashes in
            storage.withUnsafeBufferPointer { bytes in
                endStorage.withUnsafeBufferPointer { ends in
                    body(UnsafeBufferPointer(rebasing: hashes[..<count]), bytes, UnsafeBufferPointer(rebasing: ends[..<count]))
                }
            }
        }
    }

    /// The bytes of token `index`.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : endStorage[index - 1]) ..< endStorage[index]
    }

    /// Token `index` as a string.
    func string(at index: Int) -> String {
        String(decoding: storage[range(of: index)], as: UTF8.self)
    }
}

extension Array where Element: FixedWidthInteger {
    /// Appends zeros until the array holds at least `count` elements, doubling as it grows.
    mutating func grow(toHold count: Int) {
        guard self.count < count else { return }
        append(contentsOf: repeatElement(0, count: Swift.max(count, self.count * 2) - self.count))
    }
}
