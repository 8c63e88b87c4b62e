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
        var table = TermTable(capacity: counted.reduce(0) { $0 + $1.terms.count })
        var documentFrequency: [Int32] = []
        var totalCount: [Int] = []
        var nameSource: [(chunk: Int32, term: Int32)] = []
        var slotHashes: [UInt64] = []
        var globalSlots = [[Int32]]()
        for (chunk, counts) in counted.enumerated() {
            var slots = [Int32](repeating: 0, count: counts.terms.count)
            for (local, term) in counts.terms.enumerated() {
                let slot = Int(table.valueInsertingIfAbsent(term.hash, value: Int32(documentFrequency.count)))
                if slot == documentFrequency.count {
                    documentFrequency.append(0)
                    totalCount.append(0)
                    nameSource.append((Int32(chunk), Int32(local)))
                    slotHashes.append(term.hash)
                }
                documentFrequency[slot] += term.documentFrequency
                totalCount[slot] += Int(term.totalCount)
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
        func name(_ slot: Int) -> ArraySlice<UInt8> {
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
        let columnCount = hashing.featureCount
        let counted = Parallel.map(chunks, threads: threads) { range -> DocumentPairs in
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
        var idf: [Double] = []
        if usesIDF {
            var documentFrequency = [Int32](repeating: 0, count: columnCount)
            for pairs in counted { for column in pairs.columns { documentFrequency[Int(column)] += 1 } }
            idf = documentFrequency.map { inverseDocumentFrequency(Int($0), documents: documents.count) }
        }
        let model = TFIDFModel(configuration: self, space: .hashed(hashing), idf: idf)
        let matrix = weightedRows(counted, columns: nil, weighting: model.weighting, columnCount: columnCount, threads: threads)
        return (model, matrix)
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
            for end in pairs.documentEnds {
                builder.reset()
                while pair < end {
                    let local = pairs.columns[pair]
                    let column = map.map { $0[Int(local)] } ?? local
                    if column >= 0 { builder.add(column: column, count: pairs.counts[pair]) }
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
    /// The working arrays are grown once per document to what the document could possibly add,
    /// then written through raw pointers: appending element by element cost a uniqueness check
    /// per token (callgrind: a fifth of vectorizing with bigrams).
    private func countTerms(in documents: [String], range: Range<Int>) -> TermCounts {
        let expectedBytes = range.reduce(0) { $0 + documents[$1].utf8.count }
        let lengths = ngramRange.upperBound - ngramRange.lowerBound + 1
        var table = TermTable(capacity: max(1 << 12, expectedBytes / 32 * lengths))
        var terms: [TermStatistics] = [], termCount = 0
        var names: [UInt8] = [], nameLength = 0
        var pairTerms: [Int32] = [], pairCounts: [Int32] = [], pairCount = 0
        var documentEnds: [Int] = []
        documentEnds.reserveCapacity(range.count)
        var sequence = TermSequence()
        for document in range {
            analyzer.analyze(documents[document], into: &sequence)
            let stamp = Int32(document)
            let possible = sequence.count
            terms.grow(toHold: termCount + possible, filler: TermStatistics())
            pairTerms.grow(toHold: pairCount + possible)
            pairCounts.grow(toHold: pairCount + possible)
            let textBytes = sequence.withTerms { _, starts, ends, _ in zip(starts, ends).reduce(0) { $0 + Int($1.1 - $1.0) } }
            names.grow(toHold: nameLength + textBytes)
            terms.withUnsafeMutableBufferPointer { terms in
                pairTerms.withUnsafeMutableBufferPointer { pairTerms in
                    pairCounts.withUnsafeMutableBufferPointer { pairCounts in
                        names.withUnsafeMutableBufferPointer { names in
                            sequence.withTerms { hashes, starts, ends, bytes in
                                for occurrence in 0 ..< hashes.count {
                                    let hash = hashes[occurrence]
                                    let term = Int(table.valueInsertingIfAbsent(hash, value: Int32(termCount)))
                                    if term == termCount {
                                        // A new term: keep its text.
                                        for index in Int(starts[occurrence]) ..< Int(ends[occurrence]) {
                                            names[nameLength] = bytes[index]
                                            nameLength += 1
                                        }
                                        terms[term] = TermStatistics(hash: hash, nameEnd: nameLength)
                                        termCount += 1
                                    }
                                    terms[term].totalCount += 1
                                    if terms[term].lastDocument != stamp {
                                        terms[term].lastDocument = stamp
                                        terms[term].documentFrequency += 1
                                        terms[term].pairIndex = Int32(pairCount)
                                        pairTerms[pairCount] = Int32(term)
                                        pairCounts[pairCount] = 1
                                        pairCount += 1
                                    } else {
                                        pairCounts[Int(terms[term].pairIndex)] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            documentEnds.append(pairCount)
        }
        // Exact-size copies, without the fields only counting needed: the working arrays hold up
        // to twice what was used.
        let summaries = terms[..<termCount].map {
            TermSummary(hash: $0.hash, documentFrequency: $0.documentFrequency, totalCount: $0.totalCount, nameEnd: $0.nameEnd)
        }
        terms = []
        return TermCounts(terms: summaries, names: Array(names[..<nameLength]),
                          pairs: DocumentPairs(columns: Array(pairTerms[..<pairCount]), counts: Array(pairCounts[..<pairCount]),
                                               documentEnds: documentEnds))
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
    var columns: [Int32] = []
    var counts: [Int32] = []
    var documentEnds: [Int] = []
}

/// What counting found in a chunk of consecutive documents.
private struct TermCounts {
    /// Per distinct term of the chunk, in first-seen order.
    var terms: [TermSummary]
    /// Each distinct term's text, back to back (kept so no document need be analyzed again);
    /// term `i` ends at `terms[i].nameEnd`.
    var names: [UInt8]
    /// Per document, its distinct terms (indices into `terms`) and their counts.
    var pairs: DocumentPairs

    /// The text of term `index`.
    func name(_ index: Int) -> ArraySlice<UInt8> {
        names[(index == 0 ? 0 : terms[index - 1].nameEnd) ..< terms[index].nameEnd]
    }
}

/// One distinct term of a chunk, once counted.
private struct TermSummary {
    var hash: UInt64
    var documentFrequency: Int32
    var totalCount: Int32
    var nameEnd: Int
}

/// One distinct term of a chunk while counting.
private struct TermStatistics {
    var hash: UInt64 = 0
    var documentFrequency: Int32 = 0
    var totalCount: Int32 = 0
    /// The last document that held it, so each document counts once towards its frequency.
    var lastDocument: Int32 = -1
    /// Where its (term, count) pair of the current document is.
    var pairIndex: Int32 = 0
    var nameEnd = 0
}

private extension Array {
    /// Appends `filler` until the array holds at least `count` elements, doubling as it grows.
    mutating func grow(toHold count: Int, filler: Element) {
        guard self.count < count else { return }
        append(contentsOf: repeatElement(filler, count: Swift.max(count, self.count * 2) - self.count))
    }
}

/// The first eight bytes of a term, big-endian, zero-padded: ordering these integers orders the
/// terms by their first eight bytes (terms hold no zero byte).
private func prefixKey(_ bytes: ArraySlice<UInt8>) -> UInt64 {
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
private func precedes(_ left: ArraySlice<UInt8>, _ right: ArraySlice<UInt8>) -> Bool {
    left.withUnsafeBufferPointer { left in
        right.withUnsafeBufferPointer { right in
            let common = min(left.count, right.count)
            let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
            return order != 0 ? order < 0 : left.count < right.count
        }
    }
}
