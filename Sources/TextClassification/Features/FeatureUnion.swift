/// Several vectorizers side by side, their columns concatenated in order — scikit-learn's
/// `make_union(TfidfVectorizer(...), TfidfVectorizer(analyzer='char_wb', ...))`: each block has
/// its own analyzer, vocabulary (or hashed space), document-frequency bounds, idf and row norm.
///
/// This is the estimator; ``fitted(to:threads:)`` returns an immutable ``FeatureUnionModel``.
public struct FeatureUnion: Sendable, Hashable {
    /// The blocks, in column order.
    public var blocks: [TFIDFVectorizer]
    /// When set, a fit whose blocks together have too many features for the budget stops as soon
    /// as a block's features are counted, before anything is fitted to them.
    public var memoryBudget: MemoryBudget?

    /// A union of `blocks`.
    public init(_ blocks: [TFIDFVectorizer]) {
        self.blocks = blocks
    }

    /// A union of one vectorizer.
    public init(_ vectorizer: TFIDFVectorizer) {
        self.init([vectorizer])
    }

    /// Checks every block.
    public func validate() throws {
        guard !blocks.isEmpty else {
            throw InvalidParameter(name: "blocks", value: "none", requirement: "at least one vectorizer")
        }
        for block in blocks { try block.validate() }
    }

    /// Fits every block to `documents`.
    public func fitted(to documents: [String], threads: Int = 1) throws -> FeatureUnionModel {
        try fittedWithFeatures(to: documents, threads: threads).model
    }

    /// Fits every block and returns the training documents' features, blocks side by side.
    public func fittedWithFeatures(to documents: [String], threads: Int = 1) throws
        -> (model: FeatureUnionModel, features: SparseMatrix)
    {
        try validate()
        var models: [TFIDFModel] = []
        var matrices: [SparseMatrix] = []
        var featureCount = 0
        for (index, block) in blocks.enumerated() {
            let (model, features) = try block.fittedWithFeatures(to: documents, threads: threads)
            featureCount += model.featureCount
            try memoryBudget?.check(featureCount: featureCount, isLowerBound: index < blocks.count - 1)
            models.append(model)
            matrices.append(features)
        }
        let union = try FeatureUnionModel(blocks: models)
        return (union, matrices.count == 1 ? matrices[0] : SparseMatrix(concatenatingColumnsOf: matrices))
    }
}

/// A fitted ``FeatureUnion``: fitted blocks whose columns follow one another.
public struct FeatureUnionModel: Sendable {
    /// The fitted blocks, in column order.
    public private(set) var blocks: [TFIDFModel]
    /// Where each block's columns start.
    public let columnOffsets: [Int]
    /// Number of features: the blocks' together.
    public let featureCount: Int

    /// Joins fitted blocks.
    ///
    /// - Throws: ``TrainingError`` when there are none, or more columns than a sparse index holds.
    public init(blocks: [TFIDFModel]) throws {
        guard !blocks.isEmpty else { throw InconsistentModel("a feature union needs at least one block") }
        var offsets: [Int] = []
        var total = 0
        for block in blocks {
            offsets.append(total)
            total += block.featureCount
        }
        guard total <= Int(Int32.max) else {
            throw InconsistentModel("the blocks have \(total) features together; at most \(Int32.max) fit a sparse index")
        }
        self.blocks = blocks
        self.columnOffsets = offsets
        self.featureCount = total
    }

    /// The same union with every block ``TFIDFModel/preparedForServing()``.
    func preparedForServing() -> FeatureUnionModel {
        // The blocks keep their sizes, so the offsets and the checks made on them still hold.
        var prepared = self
        prepared.blocks = blocks.map { $0.preparedForServing() }
        return prepared
    }

    /// The block holding column `column` and the column's index inside it.
    public func block(holding column: Int) -> (block: Int, column: Int)? {
        guard column >= 0, column < featureCount else { return nil }
        let block = (columnOffsets.lastIndex { $0 <= column })!
        return (block, column - columnOffsets[block])
    }

    /// The term of column `column`, or nil for a hashed block's column.
    public func term(at column: Int) -> String? {
        block(holding: column).flatMap { blocks[$0.block].term(at: $0.column) }
    }

    /// The feature matrix of `documents`, one row each.
    public func features(for documents: [String], threads: Int = 1) -> SparseMatrix {
        if blocks.count == 1 { return blocks[0].features(for: documents, threads: threads) }
        let parts = Parallel.map(Parallel.ranges(splitting: documents.count, into: threads * 4), threads: threads) { range in
            var block = RowBlock()
            var sequence = TermSequence()
            var builder = DocumentVectorBuilder()
            for index in range {
                appendRow(of: documents[index], to: &block, sequence: &sequence, builder: &builder)
            }
            return block
        }
        return SparseMatrix(joining: parts, columnCount: featureCount)
    }

    /// The feature vector of one document.
    public func features(for document: String) -> SparseVector {
        if blocks.count == 1 { return blocks[0].features(for: document) }
        var block = RowBlock()
        var sequence = TermSequence()
        var builder = DocumentVectorBuilder()
        appendRow(of: document, to: &block, sequence: &sequence, builder: &builder)
        return SparseVector(uncheckedDimension: featureCount, indices: block.columns, values: block.values)
    }

    private func appendRow(of document: String, to block: inout RowBlock, sequence: inout TermSequence,
                           builder: inout DocumentVectorBuilder) {
        for (model, offset) in zip(blocks, columnOffsets) {
            model.appendRow(of: document, to: &block, offset: Int32(offset), sequence: &sequence, builder: &builder)
        }
        block.rowEnds.append(block.columns.count)
    }
}

extension SparseMatrix {
    /// The matrices' columns side by side (all have the same rows): `[A B C]`.
    init(concatenatingColumnsOf matrices: [SparseMatrix]) {
        let rows = matrices[0].rowCount
        var offsets: [Int32] = []
        var total = 0
        for matrix in matrices {
            assert(matrix.rowCount == rows)
            offsets.append(Int32(total))
            total += matrix.columnCount
        }
        let stored = matrices.reduce(0) { $0 + $1.storedCount }
        var rowStarts = [0]
        rowStarts.reserveCapacity(rows + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        columns.reserveCapacity(stored)
        values.reserveCapacity(stored)
        for row in 0 ..< rows {
            for (matrix, offset) in zip(matrices, offsets) {
                for entry in matrix.rowStarts[row] ..< matrix.rowStarts[row + 1] {
                    columns.append(matrix.columns[entry] + offset)
                    values.append(matrix.values[entry])
                }
            }
            rowStarts.append(columns.count)
        }
        self.init(uncheckedRowCount: rows, columnCount: total, rowStarts: rowStarts, columns: columns, values: values)
    }
}
