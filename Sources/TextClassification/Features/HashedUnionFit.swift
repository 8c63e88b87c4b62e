/// Fitting a ``FeatureUnion`` whose blocks are all hashed, one batch of documents at a time: the
/// vectorizer half of streaming training. A hashed block's columns are fixed in advance, so all
/// there is to learn is each block's document frequencies, and only when it uses idf; memory is
/// one count per column, whatever the number of documents.
struct HashedUnionFit: Sendable {
    let union: FeatureUnion
    /// Per block, its document frequencies (empty counts for a block without idf).
    private var frequencies: [HashedDocumentFrequencies]

    /// Starts a fit of `union`.
    ///
    /// - Throws: ``InvalidParameter`` (`hashing`) when a block keeps a vocabulary (which would
    ///   grow with the data), and what ``FeatureUnion/validate()`` throws.
    init(_ union: FeatureUnion) throws {
        try union.validate()
        guard union.blocks.allSatisfy({ $0.hashing != nil }) else {
            throw InvalidParameter(name: "hashing", value: "a block without it",
                                   requirement: "set on every block to train from a stream (a vocabulary grows with the data)")
        }
        self.union = union
        frequencies = union.blocks.map { HashedDocumentFrequencies(columnCount: $0.usesIDF ? $0.hashing!.featureCount : 0) }
    }

    /// Whether a pass counting document frequencies must come before the features are known.
    var needsFrequencies: Bool { union.blocks.contains(where: \.usesIDF) }

    /// Counts the document frequencies of a batch of documents (tokenized on `threads` threads;
    /// counts are integers, so the order they are added in does not matter).
    mutating func count(_ documents: [String], threads: Int) {
        let chunks = Parallel.ranges(splitting: documents.count, into: threads)
        for (index, block) in union.blocks.enumerated() where block.usesIDF {
            for pairs in block.hashedPairs(of: documents, hashing: block.hashing!, chunks: chunks, threads: threads) {
                frequencies[index].add(pairs)
            }
        }
    }

    /// The fitted union: what in-memory fitting gives on the same documents.
    func model() throws -> FeatureUnionModel {
        try FeatureUnionModel(blocks: zip(union.blocks, frequencies).map { block, frequencies in
            block.hashedModel(hashing: block.hashing!, frequencies: frequencies)
        })
    }
}
