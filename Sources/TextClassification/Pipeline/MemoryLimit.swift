import Foundation

extension TextClassifierEstimator {
    /// Half the machine's physical memory: a fit larger than that would push everything else out
    /// (or be killed) long before it finished.
    public static var defaultMaximumMemoryBytes: Int {
        Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)
    }

    /// This estimator with a limit on the memory its fits may take on `dataset` (or on part of
    /// it, as in cross-validation): a fit whose estimate is above `maximumBytes` is refused with
    /// ``ModelTooLarge`` before any classifier is fitted — here when the estimate is too large
    /// whatever the vocabulary (many classes, many documents, hashed blocks), otherwise while
    /// fitting, as soon as the blocks' features are counted.
    ///
    /// The estimate is deliberately generous: each field's weights as stored (8 bytes per
    /// feature and class, padded to four classes), plus the largest field's working set —
    /// logistic regression's L-BFGS copies and history (about 160 bytes per feature and class)
    /// and its per-document scores (16 bytes per document and class); naive Bayes's counts
    /// (24 bytes per feature and class). The feature matrix itself, which grows with the data,
    /// not with the model, is not counted.
    ///
    /// - Parameters:
    ///   - maximumBytes: The limit, at least 1; ``defaultMaximumMemoryBytes`` is half the
    ///     machine's memory.
    ///   - dataset: The training data, for its classes and number of documents.
    /// - Throws: ``InvalidParameter`` (`maximumModelBytes`) for a limit below 1, ``ModelTooLarge``
    ///   when the estimate is already above it, and what ``Dataset/labels(of:)`` throws.
    public func limitingMemory(to maximumBytes: Int, for dataset: Dataset) throws -> TextClassifierEstimator {
        guard maximumBytes >= 1 else {
            throw InvalidParameter(name: "maximumModelBytes", value: "\(maximumBytes)", requirement: "at least 1 byte")
        }
        var storedPerFeature = 0, workingPerFeature = 0, workingFixed = 0
        var counts: [MemoryBudget.FieldClassCount] = []
        for field in dataset.fieldNames {
            let classes = Set(try dataset.labels(of: field)).count
            counts.append(.init(field: field, classes: classes))
            let stride = (classes + 3) / 4 * 4
            storedPerFeature = storedPerFeature.saturatingAdd(stride.saturatingMultiply(8))
            switch algorithm(for: field) {
            case .logisticRegression:
                workingPerFeature = max(workingPerFeature, stride.saturatingMultiply(160))
                workingFixed = max(workingFixed, dataset.count.saturatingMultiply(stride).saturatingMultiply(16))
            case .naiveBayes, .complementNaiveBayes:
                workingPerFeature = max(workingPerFeature, stride.saturatingMultiply(24))
            case .spark:
                // Never trained here: fitting refuses before any memory is spent.
                break
            }
        }
        let budget = MemoryBudget(maximumBytes: maximumBytes, fixedBytes: workingFixed,
                                  bytesPerFeature: storedPerFeature.saturatingAdd(workingPerFeature), classCounts: counts,
                                  documents: dataset.count)
        // Hashed blocks' widths are known now; vocabulary blocks count at least nothing yet.
        let hashedFeatures = vectorizer.blocks.reduce(0) { total, block in
            total.saturatingAdd(block.hashing.map { 1 << $0.bits } ?? 0)
        }
        try budget.check(featureCount: hashedFeatures,
                         isLowerBound: vectorizer.blocks.contains { $0.hashing == nil })
        var limited = self
        limited.vectorizer.memoryBudget = budget
        return limited
    }
}

extension Int {
    fileprivate func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    fileprivate func saturatingMultiply(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
