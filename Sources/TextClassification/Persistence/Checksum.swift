/// XXH64 (Yann Collet's xxHash, 64-bit, seed 0): the checksum of model format 2.
///
/// Format 1 used FNV-1a, one multiply per byte in a chain: 0.1 s of a cold `classify` with a
/// 77 MB model went to it alone. XXH64 runs four independent lanes over 32-byte stripes, several
/// bytes per cycle, and is a published algorithm anyone can recompute (`xxhsum -H1`, Python's
/// `xxhash.xxh64`).
enum XXH64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 { value << count | value >> (64 - count) }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func merge(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        (accumulator ^ round(0, lane)) &* prime1 &+ prime4
    }

    /// The hash of `bytes`.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var stream = Stream(seed: seed)
        stream.update(bytes)
        return stream.finalize()
    }

    /// The hash of bytes given in pieces (a model written as it is hashed, without first
    /// joining its sections into one buffer): the same value ``hash(_:seed:)`` gives for
    /// the pieces joined.
    struct Stream {
        private var v1, v2, v3, v4: UInt64
        private let seed: UInt64
        private var total = 0
        /// Bytes of an unfinished 32-byte stripe, and how many.
        private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var pendingCount = 0

        init(seed: UInt64 = 0) {
            self.seed = seed
            v1 = seed &+ prime1 &+ prime2
            v2 = seed &+ prime2
            v3 = seed
            v4 = seed &- prime1
        }

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            total += bytes.count
            var offset = 0
            if pendingCount > 0 {
                let taken = min(32 - pendingCount, bytes.count)
                withUnsafeMutableBytes(of: &pending) { pending in
                    pending.baseAddress!.advanced(by: pendingCount).copyMemory(from: base, byteCount: taken)
                }
                pendingCount += taken
                offset = taken
                guard pendingCount == 32 else { return }
                withUnsafeBytes(of: pending) { consume($0.baseAddress!) }
                pendingCount = 0
            }
            // Raw-pointer loads: the buffer's checked loads cost a bounds test per word (XXH64
            // over a 90 MB model was a quarter of a cold `classify`).
            while offset + 32 <= bytes.count {
                consume(base + offset)
                offset += 32
            }
            if offset < bytes.count {
                withUnsafeMutableBytes(of: &pending) { pending in
                    pending.baseAddress!.copyMemory(from: base + offset, byteCount: bytes.count - offset)
                }
                pendingCount = bytes.count - offset
            }
        }

        @inline(__always)
        private mutating func consume(_ stripe: UnsafeRawPointer) {
            @inline(__always) func word(_ at: Int) -> UInt64 { UInt64(littleEndian: stripe.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            v1 = round(v1, word(0))
            v2 = round(v2, word(8))
            v3 = round(v3, word(16))
            v4 = round(v4, word(24))
        }

        func finalize() -> UInt64 {
            var h: UInt64
            if total >= 32 {
                h = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
                h = merge(h, v1)
                h = merge(h, v2)
                h = merge(h, v3)
                h = merge(h, v4)
            } else {
                h = seed &+ prime5
            }
            h &+= UInt64(total)
            return withUnsafeBytes(of: pending) { tail in
                let base = tail.baseAddress!
                var offset = 0
                while offset + 8 <= pendingCount {
                    h ^= round(0, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    h = rotate(h, 27) &* prime1 &+ prime4
                    offset += 8
                }
                if offset + 4 <= pendingCount {
                    h ^= UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) &* prime1
                    h = rotate(h, 23) &* prime2 &+ prime3
                    offset += 4
                }
                while offset < pendingCount {
                    h ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &* prime5
                    h = rotate(h, 11) &* prime1
                    offset += 1
                }
                return finish(h)
            }
        }
    }

    @inline(__always)
    private static func finish(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= prime2
        h ^= h >> 29
        h &*= prime3
        h ^= h >> 32
        return h
    }
}
