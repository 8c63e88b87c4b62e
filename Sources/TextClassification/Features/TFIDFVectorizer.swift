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
        // One chunk per thread: every chunk keeps its own copy of the terms it saw until they
        // are merged, so more chunks cost memory.
        let chunks = Parallel.ranges(splitting: documents.count, into: threads)

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

        let n = Double(documents.count)
        let idf = kept.map { slot -> Double in
            let df = Double(documentFrequency[slot])
            return smoothIDF ? Foundation.log((1 + n) / (1 + df)) + 1 : Foundation.log(n / df) + 1
        }
        let terms = kept.map { String(decoding: name($0), as: UTF8.self) }
        let model = TFIDFModel(configuration: self, terms: terms, idf: idf, hashes: kept.map { slotHashes[$0] })

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
    ///
    /// The working arrays are grown once per document to what the document could possibly add,
    /// then written through raw pointers: appending element by element cost a uniqueness check
    /// per token (callgrind: a fifth of vectorizing with bigrams).
    private func countTerms(in documents: [String], range: Range<Int>) -> TermCounts {
        let (shortest, longest) = (ngramRange.lowerBound, ngramRange.upperBound)
        let expectedBytes = range.reduce(0) { $0 + documents[$1].utf8.count }
        var table = TermTable(capacity: max(1 << 12, expectedBytes / 32 * (longest - shortest + 1)))
        var terms: [TermStatistics] = [], termCount = 0
        var names: [UInt8] = [], nameLength = 0
        var pairTerms: [Int32] = [], pairCounts: [Int32] = [], pairCount = 0
        var documentEnds: [Int] = []
        documentEnds.reserveCapacity(range.count)
        var buffer = TokenBuffer()
        for document in range {
            tokenizer.tokenize(documents[document], into: &buffer)
            let stamp = Int32(document)
            let possible = buffer.count * (longest - shortest + 1)
            terms.grow(toHold: termCount + possible, filler: TermStatistics())
            pairTerms.grow(toHold: pairCount + possible)
            pairCounts.grow(toHold: pairCount + possible)
            // n-grams of length L hold at most L·(bytes + tokens) bytes with their spaces.
            names.grow(toHold: nameLength + longest * (longest + 1) / 2 * (buffer.length + buffer.count))
            terms.withUnsafeMutableBufferPointer { terms in
                pairTerms.withUnsafeMutableBufferPointer { pairTerms in
                    pairCounts.withUnsafeMutableBufferPointer { pairCounts in
                        names.withUnsafeMutableBufferPointer { names in
                            buffer.withTokens { tokens, bytes, ends in
                                for start in tokens.indices {
                                    var hash: UInt64 = 0
                                    for length in 1 ... longest {
                                        guard start + length <= tokens.count else { break }
                                        hash = length == 1 ? tokens[start] : TermHash.combine(hash, tokens[start + length - 1])
                                        guard length >= shortest else { continue }
                                        let term = Int(table.valueInsertingIfAbsent(hash, value: Int32(termCount)))
                                        if term == termCount {
                                            // A new term: keep its text, words joined by one space.
                                            for offset in 0 ..< length {
                                                if offset > 0 { names[nameLength] = 0x20; nameLength += 1 }
                                                let word = start + offset
                                                let from = word == 0 ? 0 : ends[word - 1]
                                                for index in from ..< ends[word] { names[nameLength] = bytes[index]; nameLength += 1 }
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
                          pairTerms: Array(pairTerms[..<pairCount]), pairCounts: Array(pairCounts[..<pairCount]),
                          documentEnds: documentEnds)
    }

    /// Calls `body` with the hash of every n-gram of the tokens in `buffer`.
    @inline(__always)
    func forEachTermHash(in buffer: TokenBuffer, _ body: (_ hash: UInt64, _ start: Int, _ length: Int) -> Void) {
        buffer.withTokens { tokens, _, _ in
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
    /// Per distinct term of the chunk, in first-seen order.
    var terms: [TermSummary]
    /// Each distinct term's text, back to back (kept so no document need be tokenized again);
    /// term `i` ends at `terms[i].nameEnd`.
    var names: [UInt8]
    /// Per document, its distinct terms (indices into `terms`) and their counts.
    var pairTerms: [Int32]
    var pairCounts: [Int32]
    var documentEnds: [Int]

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
