/// A limit on the memory a fit may take, set before fitting from what is known in advance (the
/// classes of each field, the number of documents) and checked as soon as the number of features
/// is known, so that a fit too large for the machine stops with the numbers instead of failing
/// to allocate once it has begun.
///
/// The estimate is `fixedBytes + featureCount × bytesPerFeature`; what makes up the two parts
/// depends on the classifiers (see ``TextClassifierEstimator/limitingMemory(to:for:)``).
public struct MemoryBudget: Sendable, Hashable {
    /// The most the fit may take, in bytes.
    public var maximumBytes: Int
    /// What the fit takes whatever the number of features (per-document working memory).
    public var fixedBytes: Int
    /// What each feature column adds (the weights of every field and the fit's working copies).
    public var bytesPerFeature: Int
    /// The label fields and their numbers of classes, for messages.
    public var classCounts: [FieldClassCount]
    /// The number of training documents, for messages.
    public var documents: Int

    /// A label field and its number of classes.
    public struct FieldClassCount: Sendable, Hashable {
        /// The field.
        public var field: String
        /// Its number of distinct labels.
        public var classes: Int

        /// Creates the pair.
        public init(field: String, classes: Int) {
            self.field = field
            self.classes = classes
        }
    }

    /// Creates a budget.
    public init(maximumBytes: Int, fixedBytes: Int, bytesPerFeature: Int, classCounts: [FieldClassCount], documents: Int) {
        self.maximumBytes = maximumBytes
        self.fixedBytes = fixedBytes
        self.bytesPerFeature = bytesPerFeature
        self.classCounts = classCounts
        self.documents = documents
    }

    /// The estimated bytes for `featureCount` features, saturating instead of overflowing.
    public func estimatedBytes(featureCount: Int) -> Int {
        let (product, overflowed) = featureCount.multipliedReportingOverflow(by: bytesPerFeature)
        let (total, overflowedAgain) = fixedBytes.addingReportingOverflow(product)
        return overflowed || overflowedAgain ? Int.max : total
    }

    /// Checks the estimate for `featureCount` features.
    ///
    /// - Parameters:
    ///   - featureCount: The features known so far.
    ///   - isLowerBound: Whether more features may come (blocks not yet fitted).
    /// - Throws: ``ModelTooLarge`` when the estimate is above ``maximumBytes``.
    public func check(featureCount: Int, isLowerBound: Bool) throws {
        let estimate = estimatedBytes(featureCount: featureCount)
        guard estimate <= maximumBytes else {
            throw ModelTooLarge(estimatedBytes: estimate, maximumBytes: maximumBytes, featureCount: featureCount,
                                featureCountIsLowerBound: isLowerBound, classCounts: classCounts, documents: documents)
        }
    }
}

/// A fit refused before it began because its estimated memory is above the limit.
public struct ModelTooLarge: Error, Equatable, CustomStringConvertible {
    /// The estimate, in bytes (at least this much when ``featureCountIsLowerBound``).
    public let estimatedBytes: Int
    /// The limit, in bytes.
    public let maximumBytes: Int
    /// The number of features the estimate counts.
    public let featureCount: Int
    /// Whether the features were still being counted (more blocks to fit) when the limit was passed.
    public let featureCountIsLowerBound: Bool
    /// Each label field's number of classes.
    public let classCounts: [MemoryBudget.FieldClassCount]
    /// The number of training documents.
    public let documents: Int

    /// Creates the error.
    public init(estimatedBytes: Int, maximumBytes: Int, featureCount: Int, featureCountIsLowerBound: Bool,
                classCounts: [MemoryBudget.FieldClassCount], documents: Int) {
        self.documents = documents
        self.estimatedBytes = estimatedBytes
        self.maximumBytes = maximumBytes
        self.featureCount = featureCount
        self.featureCountIsLowerBound = featureCountIsLowerBound
        self.classCounts = classCounts
    }

    /// The numbers, one line.
    public var description: String {
        let classes = classCounts.map { "\($0.classes) classes in \($0.field)" }.joined(separator: ", ")
        return "the fit would need about \(estimatedBytes) bytes (\(documents) documents, \(featureCountIsLowerBound ? "at least " : "")\(featureCount) features, \(classes)), more than the limit of \(maximumBytes) bytes"
    }
}
