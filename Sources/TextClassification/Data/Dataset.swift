/// Labelled documents: a text per document and, for each label field, a label per document.
public struct Dataset: Sendable, Equatable {
    /// Where the documents came from, for messages (a path or `<stdin>`).
    public let source: String
    /// The label fields, in the order they were asked for.
    public let fieldNames: [String]
    /// The documents' texts.
    public private(set) var texts: [String]
    /// Labels by field name; each array is parallel to `texts`.
    public private(set) var labels: [String: [String]]
    /// The 1-based line of `source` on which each document's record starts (parallel to `texts`;
    /// a CSV record with a quoted line break spans more lines), so messages can point at it.
    public private(set) var lines: [Int]

    /// Creates a dataset; every label array must be as long as `texts`.
    public init(source: String, fieldNames: [String], texts: [String], labels: [String: [String]], lines: [Int]? = nil) {
        precondition(fieldNames.allSatisfy { labels[$0]?.count == texts.count }, "one label per document and field")
        self.source = source
        self.fieldNames = fieldNames
        self.texts = texts
        self.labels = labels
        self.lines = lines ?? Array(1 ..< texts.count + 1)
    }

    /// Number of documents.
    public var count: Int { texts.count }

    /// The labels of one field, parallel to `texts`.
    ///
    /// - Throws: ``InvalidParameter`` when `field` is not one of ``fieldNames``: a misspelt
    ///   field name fails here, not later as an empty column.
    public func labels(of field: String) throws -> [String] {
        guard let column = labels[field] else {
            throw InvalidParameter(name: "field", value: field, requirement: "a label field of \(source) (\(fieldNames.joined(separator: ", ")))")
        }
        return column
    }

    /// The documents at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(source: source, fieldNames: fieldNames, texts: indices.map { texts[$0] },
                labels: labels.mapValues { column in indices.map { column[$0] } },
                lines: indices.map { lines[$0] })
    }
}
