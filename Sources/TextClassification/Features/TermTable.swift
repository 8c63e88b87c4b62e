/// An open-addressing hash table from a term's 64-bit hash to an `Int32`.
///
/// The keys are already well-mixed hashes (``TermHash``), so the table indexes by their low bits
/// and probes linearly, where Swift's `Dictionary` would hash every key again (SipHash) on every
/// lookup. Key 0 marks an empty slot, so a hash of 0 is stored as 1.
struct TermTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    /// A table that holds `capacity` keys without growing.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// The value stored for `hash`, if any.
    @inline(__always)
    func value(for hash: UInt64) -> Int32? {
        let key = Self.key(hash)
        return keys.withUnsafeBufferPointer { keys in
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let found = keys[slot]
                if found == key { return values[slot] }
                if found == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores `value` for `hash`, replacing any earlier value.
    mutating func insert(_ hash: UInt64, value: Int32) {
        _ = valueInsertingIfAbsent(hash, value: value, replacing: true)
    }

    /// The value already stored for `hash`, or stores `value` and returns it.
    @inline(__always)
    mutating func valueInsertingIfAbsent(_ hash: UInt64, value: Int32, replacing: Bool = false) -> Int32 {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.key(hash)
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[slot]
            if found == key {
                if replacing { values[slot] = value }
                return values[slot]
            }
            if found == 0 {
                keys[slot] = key
                values[slot] = value
                count += 1
                return value
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where key != 0 {
            _ = valueInsertingIfAbsent(key, value: value)
        }
    }
}
