import Foundation

/// Turns raw documents into TF-IDF feature vectors with scikit-learn's `TfidfVectorizer`
/// semantics: the terms of one ``Analyzer`` (word n-grams, character n-grams, or character
/// n-grams within words), document-frequency pruning (`minDF`, `maxDF`), `maxFeatures`, smooth
/// idf, sublinear tf and l2 row normalisation. With ``hashing`` it is instead
/// `HashingVectorizer(norm=None)` followed by `TfidfTransformer`: no vocabulary, 2^bits columns.
/// With ``sparkHashing`` (and the `spark_regex` analyzer) it is Spark ML's `RegexTokenizer →
/// [NGram] → HashingTF`, the features of a model imported from Spark; such a vectorizer is never
/// fitted here (Spark fitted it), and its idf is part of the imported classifier's weights.
///
/// This is the estimator: it holds options only. ``fitted(to:threads:)`` learns the vocabulary
/// (or, hashed, the document frequencies) and idf weights and returns an immutable ``TFIDFModel``.
/// Several vectorizers side by side form a ``FeatureUnion``.
public struct TFIDFVectorizer: Sendable, Hashable {
    /// How row vectors are normalised.
    public enum Norm: String, Sendable, Hashable, CaseIterable {
        /// Unit Euclidean length (scikit-learn's default).
        case l2
        /// No normalisation.
        case none
    }

    /// What the terms are.
    public var analyzer: Analyzer
    /// Drop terms in fewer documents than this (vocabulary only).
    public var minDF: DocumentFrequencyBound
    /// Drop terms in more documents than this (vocabulary only).
    public var maxDF: DocumentFrequencyBound
    /// Keep only the this many terms most frequent over the corpus, after `minDF`/`maxDF`
    /// (vocabulary only).
    public var maxFeatures: Int?
    /// Use `1 + ln(tf)` instead of the raw count.
    public var sublinearTF: Bool
    /// Weight by inverse document frequency; without it, weights are the (sublinear) counts.
    public var usesIDF: Bool
    /// Add one to document counts, as if one extra document held every term: `ln((1+n)/(1+df)) + 1`.
    public var smoothIDF: Bool
    /// Row normalisation.
    public var norm: Norm
    /// Hash terms into a fixed number of columns instead of keeping a vocabulary.
    public var hashing: FeatureHashing?
    /// Hash terms as Spark's `HashingTF` does (imported models only).
    public var sparkHashing: SparkHashing?

    /// Creates a vectorizer; the defaults are scikit-learn's.
    public init(
        analyzer: Analyzer = .words(),
        minDF: DocumentFrequencyBound = .count(1), maxDF: DocumentFrequencyBound = .fraction(1),
        maxFeatures: Int? = nil, sublinearTF: Bool = false, usesIDF: Bool = true, smoothIDF: Bool = true,
        norm: Norm = .l2, hashing: FeatureHashing? = nil, sparkHashing: SparkHashing? = nil
    ) {
        self.analyzer = analyzer
        self.minDF = minDF
        self.maxDF = maxDF
        self.maxFeatures = maxFeatures
        self.sublinearTF = sublinearTF
        self.usesIDF = usesIDF
        self.smoothIDF = smoothIDF
        self.norm = norm
        self.hashing = hashing
        self.sparkHashing = sparkHashing
    }

    /// The features of an imported Spark pipeline: `analyzer` (``Analyzer/Kind/sparkRegex``)
    /// then Spark's `HashingTF`, raw counts, no idf (the importer folds it into the weights),
    /// no norm.
    public static func spark(analyzer: Analyzer, hashing: SparkHashing) -> TFIDFVectorizer {
        TFIDFVectorizer(analyzer: analyzer, usesIDF: false, norm: .none, sparkHashing: hashing)
    }

    /// Creates a word n-gram vectorizer.
    public init(
        tokenizer: Tokenizer, ngramRange: ClosedRange<Int> = 1 ... 1,
        minDF: DocumentFrequencyBound = .count(1), maxDF: DocumentFrequencyBound = .fraction(1),
        maxFeatures: Int? = nil, sublinearTF: Bool = false, smoothIDF: Bool = true, norm: Norm = .l2
    ) {
        self.init(analyzer: .words(ngramRange, tokenizer: tokenizer), minDF: minDF, maxDF: maxDF,
                  maxFeatures: maxFeatures, sublinearTF: sublinearTF, smoothIDF: smoothIDF, norm: norm)
    }

    /// Creates a word n-gram vectorizer with the default tokenizer.
    public init(
        ngramRange: ClosedRange<Int>, minDF: DocumentFrequencyBound = .count(1),
        maxDF: DocumentFrequencyBound = .fraction(1), maxFeatures: Int? = nil, sublinearTF: Bool = false,
        smoothIDF: Bool = true, norm: Norm = .l2
    ) {
        self.init(tokenizer: Tokenizer(), ngramRange: ngramRange, minDF: minDF, maxDF: maxDF,
                  maxFeatures: maxFeatures, sublinearTF: sublinearTF, smoothIDF: smoothIDF, norm: norm)
    }

    /// The word tokenizer (used by word analyzers).
    public var tokenizer: Tokenizer {
        get { analyzer.tokenizer }
        set { analyzer.tokenizer = newValue }
    }

    /// The analyzer's n-gram lengths.
    public var ngramRange: ClosedRange<Int> {
        get { analyzer.ngramRange }
        set { analyzer.ngramRange = newValue }
    }

    /// Checks every option, naming the first that is out of range or that cannot be combined.
    public func validate() throws {
        try analyzer.validate()
        guard (analyzer.kind == .sparkRegex) == (sparkHashing != nil) else {
            throw InvalidParameter(name: "analyzer", value: analyzer.kind.rawValue,
                                   requirement: "spark_regex exactly when terms are hashed as Spark's HashingTF does")
        }
        if sparkHashing != nil,
           hashing != nil || usesIDF || sublinearTF || norm != .none || minDF != .count(1) || maxDF != .fraction(1) || maxFeatures != nil {
            throw InvalidParameter(name: "sparkHashing", value: "with other weighting options",
                                   requirement: "raw counts, no idf, no norm and no pruning, as an imported Spark pipeline's features are")
        }
        try minDF.validate(name: "minDF")
        try maxDF.validate(name: "maxDF")
        if let maxFeatures, maxFeatures < 1 {
            throw InvalidParameter(name: "maxFeatures", value: "\(maxFeatures)", requirement: "at least 1")
        }
        if let hashing {
            try hashing.validate()
            if minDF != .count(1) || maxDF != .fraction(1) || maxFeatures != nil {
                throw InvalidParameter(name: "hashing", value: "with minDF, maxDF or maxFeatures",
                                       requirement: "used without document-frequency pruning (hashed features keep every column)")
            }
            if hashing.alternateSign && sublinearTF {
                throw InvalidParameter(name: "sublinearTF", value: "true with signed hashing",
                                       requirement: "off when hashing alternates signs (the logarithm of a negative count has no meaning)")
            }
        }
    }

    /// Learns the vocabulary and idf weights from `documents`.
    public func fitted(to documents: [String], threads: Int = 1) throws -> TFIDFModel {
        try fittedWithFeatures(to: documents, threads: threads).model
    }

    /// Learns the vocabulary and idf weights and returns the training documents' features as well,
    /// analyzing each document once (scikit-learn's `fit_transform`).
    public func fittedWithFeatures(to documents: [String], threads: Int = 1) throws
        -> (model: TFIDFModel, features: SparseMatrix)
    {
        try validate()
        guard sparkHashing == nil else {
            throw TrainingError("Spark features are fitted by Spark (scripts/spark/train.py), then imported with textclf import-spark")
        }
        guard !documents.isEmpty else { throw TrainingError("there are no documents to learn a vocabulary from") }
        // One chunk per thread: every chunk keeps its own copy of the terms it saw until they
        // are merged, so more chunks cost memory.
        let chunks = Parallel.ranges(splitting: documents.count, into: threads)
        if let hashing { return try fittedHashed(to: documents, hashing: hashing, chunks: chunks, threads: threads) }

        // 1. Per chunk of documents: its distinct terms (by hash) with their document frequency,
        //    total count and text, and each document's (term, count) pairs.
        let counted = Parallel.map(chunks, threads: threads) { range in countTerms(in: documents, range: range) }

        // 2. The same over the whole corpus, merging chunks in document order.
        var table = TermTable(capacity: counted.reduce(0) { $0 + $1.termCount })
        var documentFrequency: [Int32] = []
        var totalCount: [Int] = []
        var nameSource: [(chunk: Int32, term: Int32)] = []
        var slotHashes: [UInt64] = []
        var globalSlots = [[Int32]]()
        for (chunk, counts) in counted.enumerated() {
            var slots = [Int32](repeating: 0, count: counts.termCount)
            for local in 0 ..< counts.termCount {
                let hash = counts.hashes.base[local]
                let slot = Int(table.valueInsertingIfAbsent(hash, value: Int32(documentFrequency.count)))
                if slot == documentFrequency.count {
                    documentFrequency.append(0)
                    totalCount.append(0)
                    nameSource.append((Int32(chunk), Int32(local)))
                    slotHashes.append(hash)
                }
                documentFrequency[slot] += counts.documentFrequency.base[local]
                totalCount[slot] += Int(counts.totalCount.base[local])
                slots[local] = Int32(slot)
            }
            globalSlots.append(slots)
        }
        guard !documentFrequency.isEmpty else {
            throw TrainingError("the documents contain no terms, so there is no vocabulary")
        }

        // 3. Prune by document frequency, then by total count.
        let minimum = minDF.documents(outOf: documents.count)
        let maximum = maxDF.documents(outOf: documents.count)
        // A minimum above the number of documents is the minimum's fault, whatever maxDF is.
        if minimum > Double(documents.count) {
            throw InvalidParameter(name: "minDF", value: minDF.description,
                                   requirement: "at most the number of documents (\(documents.count))")
        }
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
        let sources = nameSource
        func name(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
            counted[Int(sources[slot].chunk)].name(Int(sources[slot].term))
        }
        if let maxFeatures, kept.count > maxFeatures {
            // Most frequent first; ties in alphabetical order, which is what scikit-learn's sort
            // over alphabetically ordered columns gives when its sort is stable.
            kept.sort {
                totalCount[$0] != totalCount[$1] ? totalCount[$0] > totalCount[$1] : precedes(name($0), name($1))
            }
            kept.removeSubrange(maxFeatures...)
        }
        // Columns in the byte order of the terms' UTF-8, which is Unicode code point order: the
        // order of scikit-learn's feature names. Most comparisons are settled by the first eight
        // bytes, compared as one integer.
        var keyed = kept.map { slot in (prefix: prefixKey(name(slot)), slot: slot) }
        keyed.sort { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : precedes(name($0.slot), name($1.slot)) }
        kept = keyed.map(\.slot)
        var columnOfSlot = [Int32](repeating: -1, count: documentFrequency.count)
        for (column, slot) in kept.enumerated() { columnOfSlot[slot] = Int32(column) }

        let idf = usesIDF ? kept.map { inverseDocumentFrequency(Int(documentFrequency[$0]), documents: documents.count) } : []
        var termBytes: [UInt8] = []
        var termEnds: [UInt32] = []
        termEnds.reserveCapacity(kept.count)
        for slot in kept {
            termBytes.append(contentsOf: name(slot))
            termEnds.append(UInt32(termBytes.count))
        }
        let vocabulary = Vocabulary(termBytes: termBytes, termEnds: termEnds, hashes: kept.map { slotHashes[$0] })
        let model = TFIDFModel(configuration: self, space: .vocabulary(vocabulary), idf: idf)

        // 4. The training matrix, from the counts already made.
        let matrix = weightedRows(counted.map(\.pairs), columns: globalSlots.map { $0.map { columnOfSlot[Int($0)] } },
                                  weighting: model.weighting, columnCount: model.featureCount, threads: threads)
        return (model, matrix)
    }

    /// Fitting with hashed features: each chunk's documents as (column, count) pairs, document
    /// frequencies over the 2^bits columns, then the weighted matrix.
    private func fittedHashed(to documents: [String], hashing: FeatureHashing, chunks: [Range<Int>], threads: Int) throws
        -> (model: TFIDFModel, features: SparseMatrix)
    {
        let counted = hashedPairs(of: documents, hashing: hashing, chunks: chunks, threads: threads)
        var frequencies = HashedDocumentFrequencies(columnCount: usesIDF ? hashing.featureCount : 0)
        if usesIDF { for pairs in counted { frequencies.add(pairs) } }
        let model = hashedModel(hashing: hashing, frequencies: frequencies)
        let matrix = weightedRows(counted, columns: nil, weighting: model.weighting, columnCount: hashing.featureCount,
                                  threads: threads)
        return (model, matrix)
    }

    /// Each chunk's documents as their distinct hashed (column, count) pairs.
    func hashedPairs(of documents: [String], hashing: FeatureHashing, chunks: [Range<Int>], threads: Int) -> [DocumentPairs] {
        Parallel.map(chunks, threads: threads) { range -> DocumentPairs in
            var pairs = DocumentPairs()
            var sequence = TermSequence()
            var builder = DocumentVectorBuilder()
            for document in range {
                analyzer.analyze(documents[document], into: &sequence)
                builder.reset()
                addHashed(sequence, hashing: hashing, to: &builder)
                builder.appendDistinct(to: &pairs)
            }
            return pairs
        }
    }

    /// The fitted hashed model: idf weights from `frequencies` when idf is used (it then holds
    /// every training document), none otherwise. Fitting in memory and from a stream both end
    /// here, so the two give the same model for the same documents.
    func hashedModel(hashing: FeatureHashing, frequencies: HashedDocumentFrequencies) -> TFIDFModel {
        let idf = usesIDF ? frequencies.counts.map { inverseDocumentFrequency(Int($0), documents: frequencies.documents) } : []
        return TFIDFModel(configuration: self, space: .hashed(hashing), idf: idf)
    }

    /// scikit-learn's idf of a term in `frequency` of `documents` documents.
    private func inverseDocumentFrequency(_ frequency: Int, documents: Int) -> Double {
        let (n, df) = (Double(documents), Double(frequency))
        return smoothIDF ? Foundation.log((1 + n) / (1 + df)) + 1 : Foundation.log(n / df) + 1
    }

    /// The weighted CSR matrix of counted chunks; `columns[chunk][term]` maps a chunk's local
    /// term to its column (−1 when pruned), or the pairs already hold columns when it is nil.
    private func weightedRows(_ counted: [DocumentPairs], columns: [[Int32]]?, weighting: Weighting,
                              columnCount: Int, threads: Int) -> SparseMatrix
    {
        let blocks = Parallel.map(Array(counted.indices).map { $0 ..< $0 + 1 }, threads: threads) { part -> RowBlock in
            let pairs = counted[part.lowerBound]
            let map = columns?[part.lowerBound]
            var block = RowBlock()
            var builder = DocumentVectorBuilder()
            var pair = 0
            for end in pairs.documentEnds.elements {
                builder.reset()
                while pair < end {
                    let local = pairs.columns.base[pair]
                    let column = map.map { $0[Int(local)] } ?? local
                    if column >= 0 { builder.add(column: column, count: pairs.counts.base[pair]) }
                    pair += 1
                }
                builder.appendWeightedRow(to: &block, weighting: weighting)
            }
            return block
        }
        return SparseMatrix(joining: blocks, columnCount: columnCount)
    }

    /// The distinct terms of documents `range` and each document's (term, count) pairs, counted
    /// in a table local to the chunk: no sorting, and one entry per distinct term to merge later.
    ///
    /// The buffers are grown once per document to what the document could possibly add, then
    /// written through raw pointers: appending element by element cost a uniqueness check per
    /// token (callgrind: a fifth of vectorizing with bigrams). They grow without being filled
    /// and are handed on as they are (see ``GrowingBuffer``).
    private func countTerms(in documents: [String], range: Range<Int>) -> TermCounts {
        let expectedBytes = range.reduce(0) { $0 + documents[$1].utf8.count }
        let lengths = ngramRange.upperBound - ngramRange.lowerBound + 1
        let expectedTerms = max(1 << 12, expectedBytes / 32 * lengths)
        var table = TermTable(capacity: expectedTerms)
        let counts = TermCounts(expectedTerms: expectedTerms, expectedPairs: expectedBytes / 8, documents: range.count)
        // Working state per term, dropped when counting ends: the last document that held it
        // (so each document counts once towards its frequency) and where its pair is.
        let lastDocument = GrowingBuffer<Int32>(capacity: expectedTerms)
        let pairIndex = GrowingBuffer<Int32>(capacity: expectedTerms)
        var termCount = 0, nameLength = 0, pairCount = 0
        var sequence = TermSequence()
        for document in range {
            analyzer.analyze(documents[document], into: &sequence)
            let stamp = Int32(document)
            let possible = sequence.count
            for buffer in [counts.documentFrequency, counts.totalCount, lastDocument, pairIndex] { buffer.reserve(termCount + possible) }
            counts.hashes.reserve(termCount + possible)
            counts.nameEnds.reserve(termCount + possible)
            counts.pairs.columns.reserve(pairCount + possible)
            counts.pairs.counts.reserve(pairCount + possible)
            let textBytes = sequence.withTerms { _, starts, ends, _ in zip(starts, ends).reduce(0) { $0 + Int($1.1 - $1.0) } }
            counts.names.reserve(nameLength + textBytes)
            let (hashes, frequency, total, nameEnds) = (counts.hashes.base, counts.documentFrequency.base, counts.totalCount.base, counts.nameEnds.base)
            let (last, pairOf, names) = (lastDocument.base, pairIndex.base, counts.names.base)
            let (pairTerms, pairCounts) = (counts.pairs.columns.base, counts.pairs.counts.base)
            sequence.withTerms { occurrenceHashes, starts, ends, bytes in
                for occurrence in 0 ..< occurrenceHashes.count {
                    let hash = occurrenceHashes[occurrence]
                    let term = Int(table.valueInsertingIfAbsent(hash, value: Int32(termCount)))
                    if term == termCount {
                        // A new term: keep its text.
                        for index in Int(starts[occurrence]) ..< Int(ends[occurrence]) {
                            names[nameLength] = bytes[index]
                            nameLength += 1
                        }
                        hashes[term] = hash
                        nameEnds[term] = nameLength
                        frequency[term] = 0
                        total[term] = 0
                        last[term] = -1
                        termCount += 1
                    }
                    total[term] += 1
                    if last[term] != stamp {
                        last[term] = stamp
                        frequency[term] += 1
                        pairOf[term] = Int32(pairCount)
                        pairTerms[pairCount] = Int32(term)
                        pairCounts[pairCount] = 1
                        pairCount += 1
                    } else {
                        pairCounts[Int(pairOf[term])] += 1
                    }
                }
            }
            for buffer in [counts.documentFrequency, counts.totalCount] { buffer.count = termCount }
            counts.hashes.count = termCount
            counts.nameEnds.count = termCount
            counts.names.count = nameLength
            counts.pairs.columns.count = pairCount
            counts.pairs.counts.count = pairCount
            counts.pairs.documentEnds.append(pairCount)
        }
        return counts
    }
}

/// Adds a document's hashed terms (column and ±1) to `builder`.
@inline(__always)
func addHashed(_ sequence: TermSequence, hashing: FeatureHashing, to builder: inout DocumentVectorBuilder) {
    sequence.withTerms { hashes, starts, ends, bytes in
        for occurrence in 0 ..< hashes.count {
            let term = UnsafeBufferPointer(rebasing: bytes[Int(starts[occurrence]) ..< Int(ends[occurrence])])
            let (column, sign) = hashing.column(of: term)
            builder.add(column: column, count: sign)
        }
    }
}

/// Documents as (column or term, count) pairs, back to back: document `d`'s pairs end at
/// `documentEnds[d]`.
struct DocumentPairs {
    var columns: GrowingBuffer<Int32>
    var counts: GrowingBuffer<Int32>
    var documentEnds: GrowingBuffer<Int>

    init(expectedPairs: Int = 1024, documents: Int = 64) {
        columns = GrowingBuffer(capacity: expectedPairs)
        counts = GrowingBuffer(capacity: expectedPairs)
        documentEnds = GrowingBuffer(capacity: documents)
    }
}

/// What counting found in a chunk of consecutive documents: per distinct term of the chunk, in
/// first-seen order, its hash, document frequency, total count and text; per document, its
/// distinct terms (indices into those) and their counts.
private struct TermCounts {
    let hashes: GrowingBuffer<UInt64>
    let documentFrequency: GrowingBuffer<Int32>
    let totalCount: GrowingBuffer<Int32>
    /// Each distinct term's text, back to back (kept so no document need be analyzed again);
    /// term `i` ends at `nameEnds[i]`.
    let names: GrowingBuffer<UInt8>
    let nameEnds: GrowingBuffer<Int>
    let pairs: DocumentPairs

    init(expectedTerms: Int, expectedPairs: Int, documents: Int) {
        hashes = GrowingBuffer(capacity: expectedTerms)
        documentFrequency = GrowingBuffer(capacity: expectedTerms)
        totalCount = GrowingBuffer(capacity: expectedTerms)
        names = GrowingBuffer(capacity: expectedTerms * 8)
        nameEnds = GrowingBuffer(capacity: expectedTerms)
        pairs = DocumentPairs(expectedPairs: expectedPairs, documents: documents)
    }

    var termCount: Int { hashes.count }

    /// The text of term `index` (valid while these counts are).
    func name(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : nameEnds.base[index - 1]
        return UnsafeBufferPointer(start: names.base + start, count: nameEnds.base[index] - start)
    }
}

/// The first eight bytes of a term, big-endian, zero-padded: ordering these integers orders the
/// terms by their first eight bytes (terms hold no zero byte).
private func prefixKey(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var key: UInt64 = 0
    var shift: UInt64 = 56
    for byte in bytes.prefix(8) {
        key |= UInt64(byte) << shift
        shift &-= 8
    }
    return key
}

/// Byte-wise (so code point) order of two UTF-8 strings.
@inline(__always)
private func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
    let common = min(left.count, right.count)
    let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
    return order != 0 ? order < 0 : left.count < right.count
}
