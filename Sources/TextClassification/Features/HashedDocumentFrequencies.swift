/// How many documents touch each column of a hashed feature space, counted batch by batch: what
/// idf weights are made of. In-memory fitting counts every document in one go; streaming
/// training counts each batch of a first pass into the same counts.
struct HashedDocumentFrequencies: Sendable {
    /// Documents per column.
    private(set) var counts: [Int32]
    /// Documents counted.
    private(set) var documents = 0

    /// Zero counts over `columnCount` columns (0 when idf is not used and nothing is counted).
    init(columnCount: Int) {
        counts = [Int32](repeating: 0, count: columnCount)
    }

    /// Counts documents given as their distinct (column, count) pairs. A column a document
    /// touched counts even when its signed occurrences sum to zero, as scikit-learn's explicit
    /// zeros do.
    mutating func add(_ pairs: DocumentPairs) {
        counts.withUnsafeMutableBufferPointer { counts in
            for column in pairs.columns.elements { counts[Int(column)] += 1 }
        }
        documents += pairs.documentEnds.count
    }
}
