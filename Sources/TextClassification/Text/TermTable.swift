import CPrefetch

/// An open-addressing hash table from a term's 64-bit hash to an `Int32`.
///
/// The keys are already well-mixed hashes (``TermHash``), so the table indexes by their low bits
/// and probes linearly, where Swift's `Dictionary` would hash every key again (SipHash) on every
/// lookup. Key 0 marks an empty slot, so a hash of 0 is stored as 1.
///
/// Model format 2 stores a fitted vocabulary's table as it is, so loading maps it instead of
/// inserting every term again; ``init(validatingKeys:values:columnCount:)`` checks such a table.
struct TermTable: Sendable, Equatable {
    private(set) var keys: StoredArray<UInt64>
    private(set) var values: StoredArray<Int32>
    private var mask: Int
    private(set) var count = 0
    /// Each slot's key and value side by side (16 bytes), when ``interleaved()`` made them: a
    /// lookup then misses the cache once, where the two arrays cost two misses.
    private var pairs: [UInt64]?

    /// Tables are equal when they map the same hashes the same way, in either layout.
    static func == (left: TermTable, right: TermTable) -> Bool {
        left.keys == right.keys && left.values == right.values && left.mask == right.mask && left.count == right.count
    }

    /// The same table with keys and values interleaved as well, for lookups that run often
    /// enough to repay the copy (twice the table's bytes; a service, not a one-shot `classify`).
    func interleaved() -> TermTable {
        var table = self
        var pairs = [UInt64](repeating: 0, count: keys.count * 2)
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                for slot in keys.indices {
                    pairs[2 * slot] = keys[slot]
                    pairs[2 * slot + 1] = UInt64(UInt32(bitPattern: values[slot]))
                }
            }
        }
        table.pairs = pairs
        return table
    }

    /// A table that holds `capacity` keys without growing.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = StoredArray([UInt64](repeating: 0, count: size))
        values = StoredArray([Int32](repeating: 0, count: size))
        mask = size - 1
    }

    /// A table over stored slots, checked: a power-of-two size at least twice the entries,
    /// every stored value a column in `0 ..< columnCount` appearing once, every key found by a
    /// lookup (so no probe can run forever or past the slots).
    init(validatingKeys keys: StoredArray<UInt64>, values: StoredArray<Int32>, columnCount: Int) throws {
        let size = keys.count
        guard size >= 16, size & (size - 1) == 0, values.count == size, size >= columnCount * 2 else {
            throw InconsistentModel("the term table has \(size) slots for \(columnCount) terms")
        }
        self.keys = keys
        self.values = values
        mask = size - 1
        // One pass over the slots with raw pointers (a 20 Newsgroups bigram vocabulary has 4 M
        // slots: through lookups this check was a fifth of a cold `classify`). A key is reachable
        // when no empty slot lies between its home slot and where it is stored.
        var seen = [Bool](repeating: false, count: columnCount)
        let mask = mask
        let problem: String? = keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                seen.withUnsafeMutableBufferPointer { seen in
                    var stored = 0
                    for slot in 0 ..< size where keys[slot] != 0 {
                        let column = Int(values[slot])
                        guard column >= 0, column < columnCount, !seen[column] else {
                            return "the term table maps a term to column \(column), outside 0..<\(columnCount) or twice"
                        }
                        seen[column] = true
                        stored += 1
                        var probe = Int(truncatingIfNeeded: keys[slot]) & mask
                        while probe != slot {
                            if keys[probe] == 0 { return "the term table holds a term that lookups cannot reach" }
                            if keys[probe] == keys[slot] { return "the term table holds a key twice" }
                            probe = (probe + 1) & mask
                        }
                    }
                    return stored == columnCount ? nil : "the term table holds \(stored) terms, not \(columnCount)"
                }
            }
        }
        if let problem { throw InconsistentModel(problem) }
        count = columnCount
    }

    @inline(__always)
    private static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// The value stored for `hash`, if any.
    @inline(__always)
    func value(for hash: UInt64) -> Int32? {
        let key = Self.key(hash)
        return keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                var slot = Int(truncatingIfNeeded: key) & mask
                while true {
                    let found = keys[slot]
                    if found == key { return values[slot] }
                    if found == 0 { return nil }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Calls `found` with the value of every hash in `hashes` that the table holds, in order.
    ///
    /// The same answers as ``value(for:)`` one by one, but faster on a table larger than the
    /// cache: each group's home slots are loaded first, with no branch between the loads, so
    /// their cache misses overlap instead of waiting on one another (a paragraph's 2,000
    /// character n-grams against the shipped model's 22 MB vocabulary: perf had one lookup at a
    /// time as a sixth of single-document prediction).
    @inline(__always)
    func forEachValue(of hashes: UnsafeBufferPointer<UInt64>, _ found: (Int32) -> Void) {
        let mask = mask
        if let pairs {
            forEachValue(of: hashes, inPairs: pairs, found)
            return
        }
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                withUnsafeTemporaryAllocation(of: (UInt64, Int32).self, capacity: 16) { home in
                    var start = 0
                    while start < hashes.count {
                        let end = min(start + 16, hashes.count)
                        for index in start ..< end {
                            let slot = Int(truncatingIfNeeded: Self.key(hashes[index])) & mask
                            home[index - start] = (keys[slot], values[slot])
                        }
                        for index in start ..< end {
                            let key = Self.key(hashes[index])
                            let (homeKey, homeValue) = home[index - start]
                            if homeKey == key {
                                found(homeValue)
                                continue
                            }
                            if homeKey == 0 { continue }
                            var slot = (Int(truncatingIfNeeded: key) + 1) & mask
                            while true {
                                let stored = keys[slot]
                                if stored == key {
                                    found(values[slot])
                                    break
                                }
                                if stored == 0 { break }
                                slot = (slot + 1) & mask
                            }
                        }
                        start = end
                    }
                }
            }
        }
    }

    /// ``forEachValue(of:_:)`` over the interleaved slots, each home slot prefetched a fixed
    /// distance ahead of its probe: the loads overlap without the groups' stalls at every 16th
    /// (served model against the model as loaded, `textclf-latency --compare`, this 2-core
    /// machine: 10% faster per document with a distance of 16, 11% with 32, 2% without prefetch).
    @inline(__always)
    private func forEachValue(of hashes: UnsafeBufferPointer<UInt64>, inPairs pairs: [UInt64], _ found: (Int32) -> Void) {
        let mask = mask
        let distance = 32
        pairs.withUnsafeBufferPointer { pairs in
            let base = pairs.baseAddress!
            for index in 0 ..< min(distance, hashes.count) {
                textclf_prefetch(base + 2 * (Int(truncatingIfNeeded: Self.key(hashes[index])) & mask))
            }
            for index in hashes.indices {
                if index + distance < hashes.count {
                    textclf_prefetch(base + 2 * (Int(truncatingIfNeeded: Self.key(hashes[index + distance])) & mask))
                }
                let key = Self.key(hashes[index])
                var slot = Int(truncatingIfNeeded: key) & mask
                while true {
                    let stored = pairs[2 * slot]
                    if stored == key {
                        found(Int32(truncatingIfNeeded: pairs[2 * slot + 1]))
                        break
                    }
                    if stored == 0 { break }
                    slot = (slot + 1) & mask
                }
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
        pairs = nil
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.key(hash)
        let mask = mask
        let (result, inserted) = keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { values -> (Int32, Bool) in
                var slot = Int(truncatingIfNeeded: key) & mask
                while true {
                    let found = keys[slot]
                    if found == key {
                        if replacing { values[slot] = value }
                        return (values[slot], false)
                    }
                    if found == 0 {
                        keys[slot] = key
                        values[slot] = value
                        return (value, true)
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        if inserted { count += 1 }
        return result
    }

    private mutating func grow() {
        let oldKeys = keys.array, oldValues = values.array
        keys = StoredArray([UInt64](repeating: 0, count: oldKeys.count * 2))
        values = StoredArray([Int32](repeating: 0, count: oldKeys.count * 2))
        mask = keys.count - 1
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where key != 0 {
            _ = valueInsertingIfAbsent(key, value: value)
        }
    }
}
