import Foundation

/// Multinomial naive Bayes, as scikit-learn's `MultinomialNB`.
///
/// Per class, the smoothed share of each feature's total weight: `log((count + alpha) /
/// (total + alpha · features))`, plus the class's log prior. Works on TF-IDF weights as well as
/// counts.
public struct MultinomialNaiveBayes: ClassifierEstimator, Hashable {
    /// Additive (Laplace/Lidstone) smoothing; must be positive.
    public var alpha: Double
    /// Learn class priors from the data; otherwise every class is equally likely a priori.
    public var fitsPriors: Bool

    /// Creates the estimator; the defaults are scikit-learn's.
    public init(alpha: Double = 1, fitsPriors: Bool = true) {
        self.alpha = alpha
        self.fitsPriors = fitsPriors
    }

    /// Checks the options before any data is read.
    ///
    /// - Throws: ``InvalidParameter`` naming the first option out of range.
    public func validate() throws {
        try validateAlpha(alpha)
    }

    /// Fits to a feature matrix and class indices in `0..<classCount`, one per row.
    public func fitted(to features: SparseMatrix, labels: [Int], classCount: Int, threads: Int = 1) throws -> LinearClassifier {
        try validate()
        return try fitted(to: summedCounts(features, labels: labels, classCount: classCount))
    }

    /// Fits to counts already summed (over a matrix, or batch by batch over a stream).
    ///
    /// - Throws: ``TrainingError`` with fewer than two classes or no documents.
    func fitted(to sums: NaiveBayesCounts) throws -> LinearClassifier {
        try validate()
        try validateCounts(sums)
        let classCount = sums.classCount
        var counts = sums.matrix
        let totals = counts.columnSums()
        let featureCount = Double(sums.featureCount)
        for row in 0 ..< counts.rowCount {
            for column in 0 ..< classCount {
                counts[row, column] = Foundation.log(counts[row, column] + alpha)
                    - Foundation.log(totals[column] + alpha * featureCount)
            }
        }
        let bias: [Double]
        if fitsPriors {
            let total = Double(sums.documents.reduce(0, +))
            bias = sums.documents.map { Foundation.log(Double($0)) - Foundation.log(total) }
        } else {
            bias = [Double](repeating: -Foundation.log(Double(classCount)), count: classCount)
        }
        return LinearClassifier(fittedWeights: counts, bias: bias, algorithm: .naiveBayes(self))
    }
}

/// Complement naive Bayes (Rennie et al., 2003), as scikit-learn's `ComplementNB` with `norm=False`.
///
/// Each class is scored by how poorly the *other* classes' feature distribution explains the
/// document, which is steadier than multinomial NB when classes are unbalanced. As in
/// scikit-learn, class priors do not enter the score when there are two or more classes.
public struct ComplementNaiveBayes: ClassifierEstimator, Hashable {
    /// Additive smoothing; must be positive.
    public var alpha: Double

    /// Creates the estimator; the default is scikit-learn's.
    public init(alpha: Double = 1) {
        self.alpha = alpha
    }

    /// Checks the options before any data is read.
    ///
    /// - Throws: ``InvalidParameter`` naming the first option out of range.
    public func validate() throws {
        try validateAlpha(alpha)
    }

    /// Fits to a feature matrix and class indices in `0..<classCount`, one per row.
    public func fitted(to features: SparseMatrix, labels: [Int], classCount: Int, threads: Int = 1) throws -> LinearClassifier {
        try validate()
        return try fitted(to: summedCounts(features, labels: labels, classCount: classCount))
    }

    /// Fits to counts already summed (over a matrix, or batch by batch over a stream).
    ///
    /// - Throws: ``TrainingError`` with fewer than two classes or no documents.
    func fitted(to sums: NaiveBayesCounts) throws -> LinearClassifier {
        try validate()
        try validateCounts(sums)
        let classCount = sums.classCount
        var weights = sums.matrix
        // Complement counts: each feature's weight in all other classes, smoothed.
        for row in 0 ..< weights.rowCount {
            var all = 0.0
            for column in 0 ..< classCount { all += weights[row, column] }
            for column in 0 ..< classCount {
                weights[row, column] = all + alpha - weights[row, column]
            }
        }
        let totals = weights.columnSums()
        for row in 0 ..< weights.rowCount {
            for column in 0 ..< classCount {
                weights[row, column] = Foundation.log(totals[column]) - Foundation.log(weights[row, column])
            }
        }
        return LinearClassifier(fittedWeights: weights, bias: [Double](repeating: 0, count: classCount),
                                algorithm: .complementNaiveBayes(self))
    }
}

/// The per-class feature sums both naive Bayes estimators fit to, after the checks a matrix
/// needs: labels in range and no negative value.
private extension ClassifierEstimator {
    func summedCounts(_ features: SparseMatrix, labels: [Int], classCount: Int) throws -> NaiveBayesCounts {
        try validateTrainingData(features, labels: labels, classCount: classCount)
        try validateNonNegative(features)
        var counts = NaiveBayesCounts(featureCount: features.columnCount, classCount: classCount)
        counts.add(features, labels: labels)
        return counts
    }
}

/// Naive Bayes counts features: a negative value (signed feature hashing gives them) has no
/// meaning there and would make logarithms of negative numbers. scikit-learn refuses it too.
private func validateNonNegative(_ features: SparseMatrix) throws {
    if let entry = features.values.firstIndex(where: { $0 < 0 }) {
        let row = features.rowStarts.lastIndex { $0 <= entry } ?? 0
        throw TrainingError("naive Bayes needs non-negative feature values, but document \(row + 1) has \(features.values[entry]); signed feature hashing (alternate sign) cannot be used with naive Bayes")
    }
}

private func validateAlpha(_ alpha: Double) throws {
    guard alpha > 0, alpha.isFinite else {
        throw InvalidParameter(name: "alpha", value: "\(alpha)", requirement: "a positive number")
    }
}

/// What fitting to a matrix checks through `validateTrainingData`, for counts summed elsewhere.
private func validateCounts(_ counts: NaiveBayesCounts) throws {
    guard counts.documents.reduce(0, +) > 0 else { throw TrainingError("there are no documents to train on") }
    guard counts.classCount >= 2 else {
        throw TrainingError("a classifier needs at least two classes; the data has \(counts.classCount)")
    }
}
