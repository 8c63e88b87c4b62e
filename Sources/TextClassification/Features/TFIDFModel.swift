import Foundation

/// A fitted TF-IDF vectorizer: a fixed vocabulary with an idf weight per term.
///
/// Immutable and `Sendable`, so one model serves any number of threads.
public struct TFIDFModel: Sendable {
    /// The options it was fitted with.
    public let configuration: TFIDFVectorizer
    /// The vocabulary, in column order (code point order, as scikit-learn's feature names).
    public let terms: [String]
    /// Inverse document frequency of each term.
    public let idf: [Double]
    private let table: TermTable

    /// Creates a model from a vocabulary and its idf weights (as read from a model file).
    ///
    /// - Throws: ``TrainingError`` when the arrays disagree or a term appears twice.
    public init(configuration: TFIDFVectorizer, validatingTerms terms: [String], idf: [Double]) throws {
        guard terms.count == idf.count, !terms.isEmpty else {
            throw TrainingError("the vocabulary has \(terms.count) terms but \(idf.count) idf weights")
        }
        self.init(configuration: configuration, terms: terms, idf: idf)
        if table.count != terms.count {
            throw TrainingError("the vocabulary holds a term twice")
        }
    }

    /// A model over `terms`; `hashes` are the terms' hashes when the caller has them already
    /// (fitting does), otherwise they are computed from the text.
    init(configuration: TFIDFVectorizer, terms: [String], idf: [Double], hashes: [UInt64]? = nil) {
        self.configuration = configuration
        self.terms = terms
        self.idf = idf
        var table = TermTable(capacity: terms.count)
        for (column, term) in terms.enumerated() {
            table.insert(hashes?[column] ?? TermHash.term(term), value: Int32(column))
        }
        self.table = table
    }

    /// Number of features (columns).
    public var vocabularySize: Int { terms.count }

    var weighting: Weighting {
        Weighting(idf: idf, sublinearTF: configuration.sublinearTF, norm: configuration.norm)
    }

    /// The feature matrix of `documents`, one row each.
    public func features(for documents: [String], threads: Int = 1) -> SparseMatrix {
        let weighting = weighting
        let blocks = Parallel.map(Parallel.ranges(splitting: documents.count, into: threads * 4), threads: threads) { range in
            var block = RowBlock()
            var buffer = TokenBuffer()
            var builder = DocumentVectorBuilder()
            for index in range {
                accumulate(documents[index], buffer: &buffer, builder: &builder)
                builder.appendWeightedRow(to: &block, weighting: weighting)
            }
            return block
        }
        return SparseMatrix(joining: blocks, columnCount: terms.count)
    }

    /// The feature vector of one document.
    public func features(for document: String) -> SparseVector {
        var buffer = TokenBuffer()
        var builder = DocumentVectorBuilder()
        accumulate(document, buffer: &buffer, builder: &builder)
        var block = RowBlock()
        builder.appendWeightedRow(to: &block, weighting: weighting)
        return SparseVector(dimension: terms.count, indices: block.columns, values: block.values)
    }

    private func accumulate(_ document: String, buffer: inout TokenBuffer, builder: inout DocumentVectorBuilder) {
        configuration.tokenizer.tokenize(document, into: &buffer)
        builder.reset()
        configuration.forEachTermHash(in: buffer) { hash, _, _ in
            if let column = table.value(for: hash) { builder.add(column: column, count: 1) }
        }
    }
}

/// How counts become weights: tf (raw or sublinear) times idf, then the row norm.
struct Weighting: Sendable {
    let idf: [Double]
    let sublinearTF: Bool
    let norm: TFIDFVectorizer.Norm
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

    mutating func reset() { packed.removeAll(keepingCapacity: true) }

    @inline(__always)
    mutating func add(column: Int32, count: Int32) {
        packed.append(UInt64(UInt32(column)) << 32 | UInt64(UInt32(count)))
    }

    mutating func appendWeightedRow(to block: inout RowBlock, weighting: Weighting) {
        packed.withUnsafeMutableBufferPointer { packed in
            sortAscending(packed)
            // Distinct columns with their summed counts, written in place at the front.
            var distinct = 0
            var position = 0
            while position < packed.count {
                let column = packed[position] >> 32
                var count: UInt64 = 0
                while position < packed.count && packed[position] >> 32 == column {
                    count += packed[position] & 0xFFFF_FFFF
                    position += 1
                }
                packed[distinct] = column << 32 | count
                distinct += 1
            }
            weights.removeAll(keepingCapacity: true)
            var sum = 0.0
            weighting.idf.withUnsafeBufferPointer { idf in
                for entry in packed[..<distinct] {
                    let column = Int(entry >> 32), count = Double(entry & 0xFFFF_FFFF)
                    let weight = (weighting.sublinearTF ? 1 + Foundation.log(count) : count) * idf[column]
                    block.columns.append(Int32(column))
                    weights.append(weight)
                    sum += weight * weight
                }
            }
            let scale = weighting.norm == .l2 && sum > 0 ? 1 / sum.squareRoot() : 1
            for weight in weights { block.values.append(Float(weight * scale)) }
        }
        block.rowEnds.append(block.columns.count)
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
        self.init(rowCount: rowStarts.count - 1, columnCount: columnCount, rowStarts: rowStarts,
                  columns: columns, values: values)
    }
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
