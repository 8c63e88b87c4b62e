import Foundation

/// Turns raw documents into TF-IDF feature vectors, with scikit-learn's `TfidfVectorizer`
/// semantics: word n-grams, document-frequency pruning (`minDF`, `maxDF`), `maxFeatures`,
/// smooth idf, sublinear tf and l2 row normalisation.
///
/// This is the estimator: it holds options only. ``fitted(to:threads:)`` learns the vocabulary
/// and idf weights and returns an immutable ``TFIDFModel``.
public struct TFIDFVectorizer: Sendable, Hashable {
    /// How row vectors are normalised.
    public enum Norm: String, Sendable, Hashable, CaseIterable {
        /// Unit Euclidean length (scikit-learn's default).
        case l2
        /// No normalisation.
        case none
    }

    /// How documents are split into words.
    public var tokenizer: Tokenizer
    /// Lengths of the word n-grams to use; `1...2` means unigrams and bigrams.
    public var ngramRange: ClosedRange<Int>
    /// Drop terms in fewer documents than this.
    public var minDF: DocumentFrequencyBound
    /// Drop terms in more documents than this.
    public var maxDF: DocumentFrequencyBound
    /// Keep only the this many terms most frequent over the corpus (after `minDF`/`maxDF`).
    public var maxFeatures: Int?
    /// Use `1 + ln(tf)` instead of the raw count.
    public var sublinearTF: Bool
    /// Add one to document counts, as if one extra document held every term: `ln((1+n)/(1+df)) + 1`.
    public var smoothIDF: Bool
    /// Row normalisation.
    public var norm: Norm

    /// Creates a vectorizer; the defaults are scikit-learn's.
    public init(
        tokenizer: Tokenizer = Tokenizer(), ngramRange: ClosedRange<Int> = 1 ... 1,
        minDF: DocumentFrequencyBound = .count(1), maxDF: DocumentFrequencyBound = .fraction(1),
        maxFeatures: Int? = nil, sublinearTF: Bool = false, smoothIDF: Bool = true, norm: Norm = .l2
    ) {
        self.tokenizer = tokenizer
        self.ngramRange = ngramRange
        self.minDF = minDF
        self.maxDF = maxDF
        self.maxFeatures = maxFeatures
        self.sublinearTF = sublinearTF
        self.smoothIDF = smoothIDF
        self.norm = norm
    }

    /// Checks every option, naming the first that is out of range.
    public func validate() throws {
        if ngramRange.lowerBound < 1 || ngramRange.upperBound > 9 {
            throw InvalidParameter(name: "ngramRange", value: "\(ngramRange)", requirement: "within 1...9")
        }
        try minDF.validate(name: "minDF")
        try maxDF.validate(name: "maxDF")
        if let maxFeatures, maxFeatures < 1 {
            throw InvalidParameter(name: "maxFeatures", value: "\(maxFeatures)", requirement: "at least 1")
        }
    }

    /// Learns the vocabulary and idf weights from `documents`.
    public func fitted(to documents: [String], threads: Int = 1) throws -> TFIDFModel {
        try fittedWithFeatures(to: documents, threads: threads).model
    }

    /// Learns the vocabulary and idf weights and returns the training documents' features as well,
    /// tokenizing each document once (scikit-learn's `fit_transform`).
    public func fittedWithFeatures(to documents: [String], threads: Int = 1) throws
        -> (model: TFIDFModel, features: SparseMatrix)
    {
        try validate()
        guard !documents.isEmpty else { throw TrainingError("there are no documents to learn a vocabulary from") }
        let chunks = Parallel.ranges(splitting: documents.count, into: threads * 4)

        // 1. Each document's distinct terms and their counts, by hash.
        let counted = Parallel.map(chunks) { range in countTerms(in: documents, range: range) }

        // 2. Document frequency and total count per distinct term, in first-seen order.
        var table = TermTable(capacity: 1 << 16)
        var documentFrequency: [Int32] = []
        var totalCount: [Int] = []
        var firstDocument: [Int32] = []
        var pairSlots = [[Int32]]()
        for (chunk, counts) in zip(chunks, counted) {
            var slots = [Int32](repeating: 0, count: counts.hashes.count)
            var document = chunk.lowerBound
            var pair = 0
            for end in counts.documentEnds {
                while pair < end {
                    let slot = Int(table.valueInsertingIfAbsent(counts.hashes[pair], value: Int32(documentFrequency.count)))
                    if slot == documentFrequency.count {
                        documentFrequency.append(0)
                        totalCount.append(0)
                        firstDocument.append(Int32(document))
                    }
                    documentFrequency[slot] += 1
                    totalCount[slot] += Int(counts.counts[pair])
                    slots[pair] = Int32(slot)
                    pair += 1
                }
                document += 1
            }
            pairSlots.append(slots)
        }
        guard !documentFrequency.isEmpty else {
            throw TrainingError("the documents contain no words, so there is no vocabulary")
        }

        // 3. Prune by document frequency, then by total count.
        let minimum = minDF.documents(outOf: documents.count)
        let maximum = maxDF.documents(outOf: documents.count)
        if maximum < minimum {
            throw InvalidParameter(name: "maxDF", value: maxDF.description,
                                   requirement: "a bound of no fewer documents than minDF (\(minDF))")
        }
        var kept = (0 ..< documentFrequency.count).filter {
            let frequency = Double(documentFrequency[$0])
            return frequency >= minimum && frequency <= maximum
        }
        guard !kept.isEmpty else {
            throw TrainingError("after pruning by minDF and maxDF no terms remain; lower minDF or raise maxDF")
        }
        var names = nameTerms(kept, firstDocument: firstDocument, table: table, documents: documents, threads: threads)
        if let maxFeatures, kept.count > maxFeatures {
            // Most frequent first; ties in alphabetical order, which is what scikit-learn's sort
            // over alphabetically ordered columns gives when its sort is stable.
            kept.sort {
                totalCount[$0] != totalCount[$1] ? totalCount[$0] > totalCount[$1]
                    : names[$0]!.utf8.lexicographicallyPrecedes(names[$1]!.utf8)
            }
            kept.removeSubrange(maxFeatures...)
        }
        // Columns in the byte order of the terms' UTF-8, which is Unicode code point order:
        // the order of scikit-learn's feature names.
        kept.sort { names[$0]!.utf8.lexicographicallyPrecedes(names[$1]!.utf8) }
        var columnOfSlot = [Int32](repeating: -1, count: documentFrequency.count)
        for (column, slot) in kept.enumerated() { columnOfSlot[slot] = Int32(column) }

        let n = Double(documents.count)
        let idf = kept.map { slot -> Double in
            let df = Double(documentFrequency[slot])
            return smoothIDF ? Foundation.log((1 + n) / (1 + df)) + 1 : Foundation.log(n / df) + 1
        }
        let terms = kept.map { names[$0]! }
        names.removeAll()
        let model = TFIDFModel(configuration: self, terms: terms, idf: idf)

        // 4. The training matrix, from the counts already made.
        let weighting = model.weighting
        let rows = Parallel.map(Array(chunks.indices).map { $0 ..< $0 + 1 }) { part -> RowBlock in
            let index = part.lowerBound
            var block = RowBlock()
            var builder = DocumentVectorBuilder()
            let counts = counted[index], slots = pairSlots[index]
            var pair = 0
            for end in counts.documentEnds {
                builder.reset()
                while pair < end {
                    let column = columnOfSlot[Int(slots[pair])]
                    if column >= 0 { builder.add(column: column, count: counts.counts[pair]) }
                    pair += 1
                }
                builder.appendWeightedRow(to: &block, weighting: weighting)
            }
            return block
        }
        return (model, SparseMatrix(joining: rows, columnCount: terms.count))
    }

    /// Each document's distinct term hashes with their counts.
    private func countTerms(in documents: [String], range: Range<Int>) -> TermCounts {
        var result = TermCounts()
        var buffer = TokenBuffer()
        var hashes: [UInt64] = []
        for index in range {
            tokenizer.tokenize(documents[index], into: &buffer)
            hashes.removeAll(keepingCapacity: true)
            forEachTermHash(in: buffer) { hashes.append($0) }
            hashes.sort()
            var position = 0
            while position < hashes.count {
                let hash = hashes[position]
                var next = position + 1
                while next < hashes.count && hashes[next] == hash { next += 1 }
                result.hashes.append(hash)
                result.counts.append(Int32(next - position))
                position = next
            }
            result.documentEnds.append(result.hashes.count)
        }
        return result
    }

    /// Calls `body` with the hash of every n-gram of the tokens in `buffer`.
    @inline(__always)
    func forEachTermHash(in buffer: TokenBuffer, _ body: (UInt64) -> Void) {
        buffer.hashes.withUnsafeBufferPointer { tokens in
            for start in 0 ..< tokens.count {
                var hash: UInt64 = 0
                for length in 1 ... ngramRange.upperBound {
                    guard start + length <= tokens.count else { break }
                    hash = length == 1 ? tokens[start] : TermHash.combine(hash, tokens[start + length - 1])
                    if length >= ngramRange.lowerBound { body(hash) }
                }
            }
        }
    }

    /// Strings for the kept terms, made by tokenizing again only the documents where a kept term
    /// first appeared: counting never built strings.
    private func nameTerms(
        _ kept: [Int], firstDocument: [Int32], table: TermTable, documents: [String], threads: Int
    ) -> [Int: String] {
        var wanted = [Bool](repeating: false, count: firstDocument.count)
        for slot in kept { wanted[slot] = true }
        let sources = Array(Set(kept.map { Int(firstDocument[$0]) })).sorted()
        let parts = Parallel.map(Parallel.ranges(splitting: sources.count, into: threads * 4)) { range in
            var names: [(Int, String)] = []
            var buffer = TokenBuffer()
            for source in sources[range] {
                tokenizer.tokenize(documents[source], into: &buffer)
                buffer.hashes.withUnsafeBufferPointer { tokens in
                    for start in 0 ..< tokens.count {
                        var hash: UInt64 = 0
                        for length in 1 ... ngramRange.upperBound where start + length <= tokens.count {
                            hash = length == 1 ? tokens[start] : TermHash.combine(hash, tokens[start + length - 1])
                            guard length >= ngramRange.lowerBound, let slot = table.value(for: hash) else { continue }
                            if wanted[Int(slot)] && firstDocument[Int(slot)] == Int32(source) {
                                names.append((Int(slot), buffer.term(at: start, length: length)))
                            }
                        }
                    }
                }
            }
            return names
        }
        var names = [Int: String](minimumCapacity: kept.count)
        for part in parts { for (slot, name) in part { names[slot] = name } }
        return names
    }
}

/// Distinct term hashes and counts of consecutive documents.
private struct TermCounts {
    var hashes: [UInt64] = []
    var counts: [Int32] = []
    var documentEnds: [Int] = []
}
