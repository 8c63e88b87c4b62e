import CPrefetch
import Foundation

/// A fitted TF-IDF vectorizer: a fixed vocabulary (or a hashed space of 2^bits columns) with an
/// idf weight per column.
///
/// Immutable and `Sendable`, so one model serves any number of threads.
public struct TFIDFModel: Sendable {
    /// The options it was fitted with.
    public let configuration: TFIDFVectorizer
    /// How terms map to columns.
    let space: FeatureSpace
    /// Inverse document frequency of each column; empty when the vectorizer does not use idf.
    public let idf: [Double]

    /// A model over a vocabulary (terms in column order) and its idf weights, checked: no term
    /// twice, no empty term, one idf weight per term (or none without idf), every weight finite
    /// and positive.
    ///
    /// - Throws: ``TrainingError`` naming what is inconsistent.
    public init(configuration: TFIDFVectorizer, validatingTerms terms: [String], idf: [Double]) throws {
        guard configuration.hashing == nil else { throw InconsistentModel("a hashed vectorizer has no vocabulary") }
        guard !terms.isEmpty else { throw InconsistentModel("the vocabulary is empty") }
        guard !terms.contains(where: \.isEmpty) else { throw InconsistentModel("the vocabulary holds an empty term") }
        var termBytes: [UInt8] = []
        var termEnds: [UInt32] = []
        for term in terms {
            termBytes.append(contentsOf: term.utf8)
            termEnds.append(UInt32(termBytes.count))
        }
        let vocabulary = Vocabulary(termBytes: termBytes, termEnds: termEnds,
                                    hashes: terms.map { configuration.analyzer.hash(ofTerm: $0) })
        guard vocabulary.count == terms.count else { throw InconsistentModel("the vocabulary holds a term twice") }
        try self.init(configuration: configuration, validatingSpace: .vocabulary(vocabulary), idf: idf)
    }

    /// A model over a checked space, checking the idf weights against it.
    init(configuration: TFIDFVectorizer, validatingSpace space: FeatureSpace, idf: [Double]) throws {
        let columns = space.featureCount
        if configuration.usesIDF {
            guard idf.count == columns else {
                throw InconsistentModel("the vectorizer has \(columns) features but \(idf.count) idf weights")
            }
            guard idf.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw InconsistentModel("an idf weight is not a positive finite number")
            }
        } else if !idf.isEmpty {
            throw InconsistentModel("the vectorizer does not use idf but holds \(idf.count) idf weights")
        }
        self.init(configuration: configuration, space: space, idf: idf)
    }

    /// A fitted model (its parts come from fitting, so they agree).
    init(configuration: TFIDFVectorizer, space: FeatureSpace, idf: [Double]) {
        self.configuration = configuration
        self.space = space
        self.idf = idf
    }

    /// Number of features (columns): the vocabulary's size, or 2^bits when hashed.
    public var featureCount: Int { space.featureCount }

    /// The same model with its vocabulary's table laid out for frequent lookups
    /// (``TextClassifier/preparedForServing()``).
    func preparedForServing() -> TFIDFModel {
        guard case .vocabulary(let vocabulary) = space else { return self }
        let table = vocabulary.table.interleaved()
        return TFIDFModel(configuration: configuration,
                          space: .vocabulary(Vocabulary(termBytes: vocabulary.termBytes, termEnds: vocabulary.termEnds, table: table)),
                          idf: idf)
    }

    /// Number of features (columns); the vocabulary's size when there is one.
    public var vocabularySize: Int { space.featureCount }

    /// Whether terms are hashed, so that columns have no term text.
    public var isHashed: Bool { configuration.hashing != nil || configuration.sparkHashing != nil }

    /// The vocabulary in column order (code point order, as scikit-learn's feature names);
    /// empty when hashed. Builds every string: use ``term(at:)`` for a few.
    public var terms: [String] {
        guard case .vocabulary(let vocabulary) = space else { return [] }
        return (0 ..< vocabulary.count).map { vocabulary.term(at: $0) }
    }

    /// The term of column `column`, or nil when hashed (a bucket has no text) or out of range.
    public func term(at column: Int) -> String? {
        guard case .vocabulary(let vocabulary) = space, column >= 0, column < vocabulary.count else { return nil }
        return vocabulary.term(at: column)
    }

    var weighting: Weighting {
        Weighting(idf: idf, sublinearTF: configuration.sublinearTF, norm: configuration.norm,
                  binaryTF: configuration.sparkHashing?.binary ?? false)
    }

    /// The feature matrix of `documents`, one row each.
    public func features(for documents: [String], threads: Int = 1) -> SparseMatrix {
        let weighting = weighting
        let blocks = Parallel.map(Parallel.ranges(splitting: documents.count, into: threads * 4), threads: threads) { range in
            var block = RowBlock()
            var sequence = TermSequence()
            var builder = DocumentVectorBuilder()
            for index in range {
                accumulate(documents[index], sequence: &sequence, builder: &builder)
                builder.appendWeightedRow(to: &block, weighting: weighting)
            }
            return block
        }
        return SparseMatrix(joining: blocks, columnCount: featureCount)
    }

    /// The feature vector of one document.
    public func features(for document: String) -> SparseVector {
        var sequence = TermSequence()
        var builder = DocumentVectorBuilder()
        accumulate(document, sequence: &sequence, builder: &builder)
        var block = RowBlock()
        builder.appendWeightedRow(to: &block, weighting: weighting)
        return SparseVector(uncheckedDimension: featureCount, indices: block.columns, values: block.values)
    }

    /// Appends `document`'s weighted row to `block`, with `offset` added to its columns (a
    /// feature union's blocks side by side).
    func appendRow(of document: String, to block: inout RowBlock, offset: Int32, sequence: inout TermSequence,
                   builder: inout DocumentVectorBuilder) {
        accumulate(document, sequence: &sequence, builder: &builder)
        builder.appendWeightedRow(to: &block, weighting: weighting, columnOffset: offset, endsRow: false)
    }

    private func accumulate(_ document: String, sequence: inout TermSequence, builder: inout DocumentVectorBuilder) {
        configuration.analyzer.analyze(document, into: &sequence)
        builder.reset()
        switch space {
        case .vocabulary(let vocabulary):
            sequence.withTerms { hashes, _, _, _ in
                builder.addColumns(atMost: hashes.count) { add in
                    vocabulary.table.forEachValue(of: hashes) { add($0) }
                }
            }
        case .hashed(let hashing):
            addHashed(sequence, hashing: hashing, to: &builder)
        case .sparkHashed(let hashing):
            sequence.withTerms { hashes, starts, ends, bytes in
                for occurrence in 0 ..< hashes.count {
                    let term = UnsafeBufferPointer(rebasing: bytes[Int(starts[occurrence]) ..< Int(ends[occurrence])])
                    builder.add(column: hashing.column(of: term), count: 1)
                }
            }
        }
    }
}

/// How a fitted vectorizer's terms map to columns.
enum FeatureSpace: Sendable {
    /// A vocabulary: each kept term its column.
    case vocabulary(Vocabulary)
    /// The hashing trick: 2^bits columns, no term text.
    case hashed(FeatureHashing)
    /// Spark's `HashingTF`: any number of columns, no term text.
    case sparkHashed(SparkHashing)

    var featureCount: Int {
        switch self {
        case .vocabulary(let vocabulary): vocabulary.count
        case .hashed(let hashing): hashing.featureCount
        case .sparkHashed(let hashing): hashing.featureCount
        }
    }
}

/// A fitted vocabulary: the terms' text back to back (term `i` ends at `termEnds[i]`), and a
/// table from each term's hash to its column. Both may be read in place from a mapped model
/// file; strings are only made when a term is asked for by column.
struct Vocabulary: Sendable {
    let termBytes: StoredArray<UInt8>
    let termEnds: StoredArray<UInt32>
    let table: TermTable

    /// Number of terms.
    var count: Int { termEnds.count }

    /// A vocabulary over terms and their hashes (from fitting, or a checked file).
    init(termBytes: [UInt8], termEnds: [UInt32], hashes: [UInt64]) {
        var table = TermTable(capacity: hashes.count)
        for (column, hash) in hashes.enumerated() { table.insert(hash, value: Int32(column)) }
        self.init(termBytes: StoredArray(termBytes), termEnds: StoredArray(termEnds), table: table)
    }

    init(termBytes: StoredArray<UInt8>, termEnds: StoredArray<UInt32>, table: TermTable) {
        self.termBytes = termBytes
        self.termEnds = termEnds
        self.table = table
    }

    /// The text of column `column`.
    func term(at column: Int) -> String {
        let start = column == 0 ? 0 : Int(termEnds[column - 1]), end = Int(termEnds[column])
        return termBytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start ..< end]), as: UTF8.self) }
    }
}

/// How counts become weights: tf (raw or sublinear) times idf (when there is one), then the row norm.
struct Weighting: Sendable {
    /// Empty: no idf.
    let idf: [Double]
    let sublinearTF: Bool
    let norm: TFIDFVectorizer.Norm
    /// Every present term counts 1 (Spark's `binary`).
    var binaryTF = false
}

/// Rows of a CSR matrix under construction.
struct RowBlock {
    var columns: [Int32] = []
    var values: [Float] = []
    var rowEnds: [Int] = []
}

/// Collects one document's (column, count) entries and turns them into a weighted sparse row.
struct DocumentVectorBuilder {
    // Column in the high half, count in the low half: sorting the packed entries sorts by column.
    private var packed: [UInt64] = []
    private var weights: [Double] = []
    private var scratch: [UInt64] = []

    mutating func reset() { packed.removeAll(keepingCapacity: true) }

    /// Adds one occurrence of each column `body` passes to `add`, at most `maximum` of them:
    /// room for all is made at once and entries are written through a pointer (appending one at
    /// a time grew a paragraph's entries a dozen times and checked uniqueness per occurrence).
    mutating func addColumns(atMost maximum: Int, _ body: (_ add: (Int32) -> Void) -> Void) {
        let start = packed.count
        packed.append(contentsOf: repeatElement(0, count: maximum))
        var written = start
        packed.withUnsafeMutableBufferPointer { packed in
            let base = packed.baseAddress!
            body { column in
                assert(written < start + maximum, "more columns than announced")
                base[written] = UInt64(UInt32(column)) << 32 | 1
                written += 1
            }
        }
        packed.removeLast(start + maximum - written)
    }

    /// Adds `count` (negative with signed hashing) occurrences of `column`.
    @inline(__always)
    mutating func add(column: Int32, count: Int32) {
        packed.append(UInt64(UInt32(column)) << 32 | UInt64(UInt32(bitPattern: count)))
    }

    /// Rows longer than this are sorted by radix: character n-grams give paragraphs of 2,000
    /// entries, where quicksort was a fifth of single-document prediction (perf, shipped model);
    /// with the radix sort `textclf-latency` on data/test.jsonl went from 117 µs to 94 µs (p50,
    /// two runs each, this 2-core machine).
    static let radixThreshold = 256

    /// Sorts the entries and sums each column's counts: the first `result` entries of `packed`
    /// are then distinct columns (high half) with their total count (low half, as `Int32`).
    private mutating func mergeDuplicates() -> Int {
        if packed.count > Self.radixThreshold { scratch.grow(toHold: packed.count) }
        return packed.withUnsafeMutableBufferPointer { packed in
            if packed.count > Self.radixThreshold {
                scratch.withUnsafeMutableBufferPointer { sortByColumn(packed, scratch: $0) }
            } else {
                sortAscending(packed)
            }
            var distinct = 0
            var position = 0
            while position < packed.count {
                let column = packed[position] >> 32
                var count: Int64 = 0
                while position < packed.count && packed[position] >> 32 == column {
                    count += Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: packed[position])))
                    position += 1
                }
                let clamped = Int32(clamping: count)
                packed[distinct] = column << 32 | UInt64(UInt32(bitPattern: clamped))
                distinct += 1
            }
            return distinct
        }
    }

    /// Appends the distinct (column, count) pairs, a zero sum included (a column touched by
    /// the document counts towards its document frequency, as scikit-learn's explicit zeros do).
    mutating func appendDistinct(to pairs: inout DocumentPairs) {
        let distinct = mergeDuplicates()
        for entry in packed[..<distinct] {
            pairs.columns.append(Int32(truncatingIfNeeded: entry >> 32))
            pairs.counts.append(Int32(bitPattern: UInt32(truncatingIfNeeded: entry)))
        }
        pairs.documentEnds.append(pairs.columns.count)
    }

    /// Appends the weighted row to `block`: columns shifted by `columnOffset`; `endsRow` false
    /// leaves the row open for another union block to continue.
    mutating func appendWeightedRow(to block: inout RowBlock, weighting: Weighting, columnOffset: Int32 = 0,
                                    endsRow: Bool = true) {
        let distinct = mergeDuplicates()
        if weights.count < distinct { weights.append(contentsOf: repeatElement(0, count: distinct - weights.count)) }
        // Room for every entry at once, written through pointers, the unused tail (columns whose
        // counts cancelled) trimmed after: per-entry appends checked uniqueness three times each.
        let firstColumn = block.columns.count
        block.columns.append(contentsOf: repeatElement(0, count: distinct))
        block.values.append(contentsOf: repeatElement(0, count: distinct))
        var kept = 0
        var sum = 0.0
        let (sublinear, binary) = (weighting.sublinearTF, weighting.binaryTF)
        weighting.idf.withUnsafeBufferPointer { idf in
            packed.withUnsafeBufferPointer { packed in
                weights.withUnsafeMutableBufferPointer { weights in
                    block.columns.withUnsafeMutableBufferPointer { columns in
                        // The idf is read at the document's columns, at random in an array larger
                        // than the cache: fetched ahead (single-document prediction, shipped
                        // model: with the vocabulary and weight prefetches, 13% faster).
                        let ahead = 16
                        let idfBase = idf.baseAddress
                        for (position, entry) in packed[..<distinct].enumerated() {
                            if let idfBase, position + ahead < distinct { textclf_prefetch(idfBase + Int(packed[position + ahead] >> 32)) }
                            let column = Int(entry >> 32)
                            let count = Double(Int32(bitPattern: UInt32(truncatingIfNeeded: entry)))
                            guard count != 0 else { continue }
                            // Most terms occur once in a document, and 1 + ln 1 is 1: no logarithm for them.
                            var weight = binary ? 1 : sublinear ? (count == 1 ? 1 : 1 + Foundation.log(count)) : count
                            if !idf.isEmpty { weight *= idf[column] }
                            columns[firstColumn + kept] = Int32(column) + columnOffset
                            weights[kept] = weight
                            sum += weight * weight
                            kept += 1
                        }
                    }
                }
            }
        }
        let scale = weighting.norm == .l2 && sum > 0 ? 1 / sum.squareRoot() : 1
        weights.withUnsafeBufferPointer { weights in
            block.values.withUnsafeMutableBufferPointer { values in
                for index in 0 ..< kept { values[firstColumn + index] = Float(weights[index] * scale) }
            }
        }
        block.columns.removeLast(distinct - kept)
        block.values.removeLast(distinct - kept)
        if endsRow { block.rowEnds.append(block.columns.count) }
    }
}

extension SparseMatrix {
    /// Concatenates row blocks into one matrix.
    init(joining blocks: [RowBlock], columnCount: Int) {
        var rowStarts = [0]
        var columns: [Int32] = []
        var values: [Float] = []
        let total = blocks.reduce(0) { $0 + $1.columns.count }
        columns.reserveCapacity(total)
        values.reserveCapacity(total)
        rowStarts.reserveCapacity(blocks.reduce(1) { $0 + $1.rowEnds.count })
        for block in blocks {
            let offset = columns.count
            columns.append(contentsOf: block.columns)
            values.append(contentsOf: block.values)
            rowStarts.append(contentsOf: block.rowEnds.map { $0 + offset })
        }
        self.init(uncheckedRowCount: rowStarts.count - 1, columnCount: columnCount, rowStarts: rowStarts,
                  columns: columns, values: values)
    }
}

/// Sorts packed (column, count) entries by column, stably, with 8-bit least-significant-digit
/// passes over only the column bits in use (three passes for 2^24 columns); `scratch` holds at
/// least as many entries. Entries of one column end up adjacent, which is all merging needs.
func sortByColumn(_ values: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) {
    precondition(scratch.count >= values.count, "scratch too small")
    var largest: UInt64 = 0
    for value in values { largest = max(largest, value >> 32) }
    let passes = max(1, (64 - largest.leadingZeroBitCount + 7) / 8)
    var source = values, target = UnsafeMutableBufferPointer(rebasing: scratch[..<values.count])
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
        for pass in 0 ..< passes {
            let shift = UInt64(32 + 8 * pass)
            counts.initialize(repeating: 0)
            for value in source { counts[Int((value >> shift) & 0xFF)] += 1 }
            var total = 0
            for digit in 0 ..< 256 {
                let count = counts[digit]
                counts[digit] = total
                total += count
            }
            for value in source {
                let digit = Int((value >> shift) & 0xFF)
                target[counts[digit]] = value
                counts[digit] += 1
            }
            swap(&source, &target)
        }
    }
    if passes % 2 == 1 { _ = values.update(fromContentsOf: source) }
}

/// Sorts in place: insertion sort for short runs, otherwise quicksort with a median-of-three
/// pivot. Rows hold a few hundred entries; Swift's stable merge sort was 4% of all instructions.
func sortAscending(_ values: UnsafeMutableBufferPointer<UInt64>) {
    var low = 0, high = values.count - 1
    while high - low > 16 {
        let middle = low + (high - low) / 2
        if values[middle] < values[low] { values.swapAt(middle, low) }
        if values[high] < values[low] { values.swapAt(high, low) }
        if values[high] < values[middle] { values.swapAt(high, middle) }
        let pivot = values[middle]
        var left = low, right = high
        while left <= right {
            while values[left] < pivot { left += 1 }
            while values[right] > pivot { right -= 1 }
            if left <= right {
                values.swapAt(left, right)
                left += 1
                right -= 1
            }
        }
        // Recurse into the smaller side, loop on the larger: stack depth stays logarithmic.
        if right - low < high - left {
            sortAscending(UnsafeMutableBufferPointer(rebasing: values[low ... max(low, right)]))
            low = left
        } else {
            sortAscending(UnsafeMutableBufferPointer(rebasing: values[left ... max(left, high)]))
            high = right
        }
    }
    if high > low {
        for index in (low + 1) ... high {
            let value = values[index]
            var position = index
            while position > low && values[position - 1] > value {
                values[position] = values[position - 1]
                position -= 1
            }
            values[position] = value
        }
    }
}
