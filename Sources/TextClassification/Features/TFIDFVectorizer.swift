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

        // 1. Per chunk of documents: its distinct terms (by hash) with their document frequency,
        //    total count and first document, and each document's (term, count) pairs.
        let counted = Parallel.map(chunks, threads: threads) { range in countTerms(in: documents, range: range) }

        // 2. The same over the whole corpus, merging chunks in document order.
        var table = TermTable(capacity: 1 << 16)
        var documentFrequency: [Int32] = []
        var totalCount: [Int] = []
        var firstDocument: [Int32] = []
        var nameSource: [(chunk: Int32, term: Int32)] = []
        var globalSlots = [[Int32]]()
        for (chunk, counts) in counted.enumerated() {
            var slots = [Int32](repeating: 0, count: counts.hashes.count)
            for local in counts.hashes.indices {
                let slot = Int(table.valueInsertingIfAbsent(counts.hashes[local], value: Int32(documentFrequency.count)))
                if slot == documentFrequency.count {
                    documentFrequency.append(0)
                    totalCount.append(0)
                    firstDocument.append(counts.firstDocument[local])
                    nameSource.append((Int32(chunk), Int32(local)))
                }
                documentFrequency[slot] += counts.documentFrequency[local]
                totalCount[slot] += Int(counts.totalCount[local])
                slots[local] = Int32(slot)
            }
            globalSlots.append(slots)
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
        func name(_ slot: Int) -> ArraySlice<UInt8> {
            let (chunk, term) = (Int(nameSource[slot].chunk), Int(nameSource[slot].term))
            let counts = counted[chunk]
            return counts.names[(term == 0 ? 0 : counts.nameEnds[term - 1]) ..< counts.nameEnds[term]]
        }
        if let maxFeatures, kept.count > maxFeatures {
            // Most frequent first; ties in alphabetical order, which is what scikit-learn's sort
            // over alphabetically ordered columns gives when its sort is stable.
            kept.sort {
                totalCount[$0] != totalCount[$1] ? totalCount[$0] > totalCount[$1] : precedes(name($0), name($1))
            }
            kept.removeSubrange(maxFeatures...)
        }
        // Columns in the byte order of the terms' UTF-8, which is Unicode code point order:
        // the order of scikit-learn's feature names.
        kept.sort { precedes(name($0), name($1)) }
        var columnOfSlot = [Int32](repeating: -1, count: documentFrequency.count)
        for (column, slot) in kept.enumerated() { columnOfSlot[slot] = Int32(column) }

        let n = Double(documents.count)
        let idf = kept.map { slot -> Double in
            let df = Double(documentFrequency[slot])
            return smoothIDF ? Foundation.log((1 + n) / (1 + df)) + 1 : Foundation.log(n / df) + 1
        }
        let terms = kept.map { String(decoding: name($0), as: UTF8.self) }
        let model = TFIDFModel(configuration: self, terms: terms, idf: idf)

        // 4. The training matrix, from the counts already made.
        let weighting = model.weighting
        let rows = Parallel.map(Array(chunks.indices).map { $0 ..< $0 + 1 }, threads: threads) { part -> RowBlock in
            let counts = counted[part.lowerBound]
            let columns = globalSlots[part.lowerBound].map { columnOfSlot[Int($0)] }
            var block = RowBlock()
            var builder = DocumentVectorBuilder()
            var pair = 0
            for end in counts.documentEnds {
                builder.reset()
                while pair < end {
                    let column = columns[Int(counts.pairTerms[pair])]
                    if column >= 0 { builder.add(column: column, count: counts.pairCounts[pair]) }
                    pair += 1
                }
                builder.appendWeightedRow(to: &block, weighting: weighting)
            }
            return block
        }
        return (model, SparseMatrix(joining: rows, columnCount: terms.count))
    }

    /// The distinct terms of documents `range` and each document's (term, count) pairs, counted
    /// in a table local to the chunk: no sorting, and one entry per distinct term to merge later.
    private func countTerms(in documents: [String], range: Range<Int>) -> TermCounts {
        var table = TermTable(capacity: 1 << 14)
        var hashes: [UInt64] = [], names: [UInt8] = [], nameEnds: [Int] = []
        var documentFrequency: [Int32] = [], totalCount: [Int32] = [], firstDocument: [Int32] = []
        var pairTerms: [Int32] = [], pairCounts: [Int32] = [], documentEnds: [Int] = []
        var lastDocument: [Int32] = [], pairOfTerm: [Int32] = []
        var buffer = TokenBuffer()
        let (shortest, longest) = (ngramRange.lowerBound, ngramRange.upperBound)
        for document in range {
            tokenizer.tokenize(documents[document], into: &buffer)
            let stamp = Int32(document)
            let tokens = buffer.hashes
            for start in tokens.indices {
                var hash: UInt64 = 0
                for length in 1 ... longest {
                    guard start + length <= tokens.count else { break }
                    hash = length == 1 ? tokens[start] : TermHash.combine(hash, tokens[start + length - 1])
                    guard length >= shortest else { continue }
                    let term = Int(table.valueInsertingIfAbsent(hash, value: Int32(hashes.count)))
                    if term == hashes.count {
                        buffer.appendTerm(at: start, length: length, to: &names)
                        nameEnds.append(names.count)
                        hashes.append(hash)
                        documentFrequency.append(0)
                        totalCount.append(0)
                        firstDocument.append(stamp)
                        lastDocument.append(-1)
                        pairOfTerm.append(0)
                    }
                    totalCount[term] += 1
                    if lastDocument[term] != stamp {
                        lastDocument[term] = stamp
                        documentFrequency[term] += 1
                        pairOfTerm[term] = Int32(pairTerms.count)
                        pairTerms.append(Int32(term))
                        pairCounts.append(1)
                    } else {
                        pairCounts[Int(pairOfTerm[term])] += 1
                    }
                }
            }
            documentEnds.append(pairTerms.count)
        }
        return TermCounts(hashes: hashes, names: names, nameEnds: nameEnds, documentFrequency: documentFrequency,
                          totalCount: totalCount, firstDocument: firstDocument, pairTerms: pairTerms,
                          pairCounts: pairCounts, documentEnds: documentEnds)
    }

    /// Calls `body` with the hash of every n-gram of the tokens in `buffer`.
    @inline(__always)
    func forEachTermHash(in buffer: TokenBuffer, _ body: (_ hash: UInt64, _ start: Int, _ length: Int) -> Void) {
        buffer.hashes.withUnsafeBufferPointer { tokens in
            for start in 0 ..< tokens.count {
                var hash: UInt64 = 0
                for length in 1 ... ngramRange.upperBound {
                    guard start + length <= tokens.count else { break }
                    hash = length == 1 ? tokens[start] : TermHash.combine(hash, tokens[start + length - 1])
                    if length >= ngramRange.lowerBound { body(hash, start, length) }
                }
            }
        }
    }
}

/// What counting found in a chunk of consecutive documents.
private struct TermCounts {
    /// Per distinct term of the chunk, in first-seen order: its hash, document frequency, total
    /// count and first document.
    var hashes: [UInt64] = []
    /// Each distinct term's text, back to back (kept so no document need be tokenized again).
    var names: [UInt8] = []
    var nameEnds: [Int] = []
    var documentFrequency: [Int32] = []
    var totalCount: [Int32] = []
    var firstDocument: [Int32] = []
    /// Per document, its distinct terms (indices into the arrays above) and their counts.
    var pairTerms: [Int32] = []
    var pairCounts: [Int32] = []
    var documentEnds: [Int] = []
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
