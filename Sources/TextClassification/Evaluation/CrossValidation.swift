import Foundation

/// Stratified, seeded k-fold cross-validation of a ``TextClassifierEstimator``, optionally
/// grouped.
///
/// Folds are stratified by one label field (the first, unless told otherwise): each class's
/// documents are shuffled with a seeded generator and dealt round the folds, so every fold holds
/// about the same share of every class and the folds are the same on every run.
///
/// With groups (e.g. the source page or site of each document), no group is split across folds,
/// as scikit-learn's `GroupKFold`: groups are shuffled with the seed, then each goes, largest
/// first, to the fold with the fewest documents so far. Scores then say how a model does on
/// sources it has not seen, not on more text from the sources it learnt from.
public struct CrossValidation: Sendable {
    /// Number of folds, at least 2.
    public var folds: Int
    /// Seed of the shuffle.
    public var seed: UInt64
    /// The field to stratify by; nil means the dataset's first field.
    public var stratifyBy: String?

    /// Creates a cross-validation.
    public init(folds: Int = 5, seed: UInt64 = 0, stratifyBy: String? = nil) {
        self.folds = folds
        self.seed = seed
        self.stratifyBy = stratifyBy
    }

    /// The fold of each document; with `groups` (one per document), whole groups per fold.
    public func foldAssignments(for dataset: Dataset, groups: [String]? = nil) throws -> [Int] {
        guard folds >= 2 else { throw InvalidParameter(name: "folds", value: "\(folds)", requirement: "at least 2") }
        guard dataset.count >= folds else {
            throw InvalidParameter(name: "folds", value: "\(folds)", requirement: "no more than the \(dataset.count) documents")
        }
        if let field = stratifyBy, !dataset.fieldNames.contains(field) {
            throw InvalidParameter(name: "stratifyBy", value: field, requirement: "a label field of the data (\(dataset.fieldNames.joined(separator: ", ")))")
        }
        if let groups {
            guard groups.count == dataset.count else {
                throw InvalidParameter(name: "groups", value: "\(groups.count) groups", requirement: "one per document (\(dataset.count))")
            }
            return try groupedAssignments(groups)
        }
        let field = stratifyBy ?? dataset.fieldNames.first
        let labels = try field.map { try dataset.labels(of: $0) } ?? [String](repeating: "", count: dataset.count)
        var generator = SeededGenerator(seed: seed)
        var assignment = [Int](repeating: 0, count: dataset.count)
        var next = 0
        for label in TextClassifier.sortedClasses(labels) {
            var members = labels.indices.filter { labels[$0] == label }
            members.shuffle(using: &generator)
            for member in members {
                assignment[member] = next
                next = (next + 1) % folds
            }
        }
        return assignment
    }

    private func groupedAssignments(_ groups: [String]) throws -> [Int] {
        var members: [String: [Int]] = [:]
        for (index, group) in groups.enumerated() { members[group, default: []].append(index) }
        guard members.count >= folds else {
            throw InvalidParameter(name: "folds", value: "\(folds)", requirement: "no more than the \(members.count) groups")
        }
        var generator = SeededGenerator(seed: seed)
        var order = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        order.shuffle(using: &generator)
        // Stable by size after the shuffle: equal sizes keep the seeded order.
        let ranked = order.enumerated().sorted {
            members[$0.element]!.count != members[$1.element]!.count ? members[$0.element]!.count > members[$1.element]!.count : $0.offset < $1.offset
        }.map(\.element)
        var sizes = [Int](repeating: 0, count: folds)
        var assignment = [Int](repeating: 0, count: groups.count)
        for group in ranked {
            let fold = sizes.indices.min { sizes[$0] != sizes[$1] ? sizes[$0] < sizes[$1] : $0 < $1 }!
            for member in members[group]! { assignment[member] = fold }
            sizes[fold] += members[group]!.count
        }
        return assignment
    }

    /// Fits on all folds but one and evaluates on that one, for every fold; with `groups`, no
    /// group is split across folds.
    public func evaluate(_ estimator: TextClassifierEstimator, on dataset: Dataset, groups: [String]? = nil) throws -> CrossValidationReport {
        try evaluate([estimator], on: dataset, groups: groups)[0]
    }

    /// Cross-validates every candidate on the same folds, one report per candidate in order.
    ///
    /// Candidates with equal ``TextClassifierEstimator/vectorizer`` share its fit: the features
    /// of a fold are computed once per distinct vectorizer, not once per candidate, which is most
    /// of the cost of a search over classifier options.
    ///
    /// - Parameters:
    ///   - candidates: The estimators to compare; each is validated before any fold is fitted.
    ///   - dataset: The labelled data.
    ///   - groups: One group per document, kept whole within a fold, or `nil`.
    ///   - progress: Called after each candidate's fold, with the number of fold fits done and the
    ///     total (`candidates.count × folds`).
    public func evaluate(_ candidates: [TextClassifierEstimator], on dataset: Dataset, groups: [String]? = nil,
                         progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> [CrossValidationReport] {
        for candidate in candidates {
            try candidate.validate()
            try candidate.checkFields(of: dataset)
        }
        let assignment = try foldAssignments(for: dataset, groups: groups)
        var classes: [String: [String]] = [:]
        for field in dataset.fieldNames { classes[field] = TextClassifier.sortedClasses(try dataset.labels(of: field)) }
        var sharing: [FeatureUnion: [Int]] = [:]
        var order: [FeatureUnion] = []
        for (index, candidate) in candidates.enumerated() {
            if sharing[candidate.vectorizer] == nil { order.append(candidate.vectorizer) }
            sharing[candidate.vectorizer, default: []].append(index)
        }
        var evaluations = [[Evaluation]](repeating: [], count: candidates.count)
        var done = 0
        for fold in 0 ..< folds {
            let training = dataset.subset(assignment.indices.filter { assignment[$0] != fold })
            let held = dataset.subset(assignment.indices.filter { assignment[$0] == fold })
            for vectorizer in order {
                let members = sharing[vectorizer]!
                let threads = candidates[members[0]].threads
                let (model, features) = try vectorizer.fittedWithFeatures(to: training.texts, threads: threads)
                let heldFeatures = model.features(for: held.texts, threads: threads)
                for index in members {
                    let classifier = try candidates[index].fitted(to: training, vectorizer: model, features: features, classes: classes)
                    evaluations[index].append(try classifier.evaluation(on: held, features: heldFeatures, threads: threads))
                    done += 1
                    progress(done, candidates.count * folds)
                }
            }
        }
        return evaluations.map(CrossValidationReport.init(folds:))
    }
}

/// The per-fold evaluations of a cross-validation and their summaries.
public struct CrossValidationReport: Sendable {
    /// Mean and standard deviation of a metric over folds.
    public struct Spread: Sendable, Equatable {
        /// The mean.
        public let mean: Double
        /// The sample standard deviation (n − 1), 0 for one fold.
        public let standardDeviation: Double

        init(_ values: [Double]) {
            let mean = values.reduce(0, +) / Double(values.count)
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            self.mean = mean
            self.standardDeviation = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
        }
    }

    /// One evaluation per fold.
    public let folds: [Evaluation]

    /// The label fields.
    public var fieldNames: [String] { folds.first?.fields.map(\.field) ?? [] }

    /// Accuracy over folds for `field`.
    public func accuracy(of field: String) -> Spread {
        Spread(folds.compactMap { $0.fields.first { $0.field == field }?.accuracy })
    }

    /// Macro-F1 over folds for `field`.
    public func macroF1(of field: String) -> Spread {
        Spread(folds.compactMap { $0.fields.first { $0.field == field }?.macroF1 })
    }
}
