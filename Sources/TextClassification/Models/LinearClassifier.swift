import Foundation

/// A fitted classifier that scores classes linearly and turns scores into probabilities with
/// the softmax: `P(class | x) ∝ exp(x · weights[:, class] + bias[class])`.
///
/// Naive Bayes (log-probabilities as weights, log-priors as bias), complement naive Bayes and
/// multinomial logistic regression all take this form, so they share one prediction path, one
/// kernel and one file layout. Immutable and `Sendable`.
public struct LinearClassifier: Sendable, Equatable {
    /// The weights, `featureCount × classCount`, feature-major so that a sparse row touches one
    /// contiguous run of class weights per stored entry; kept padded for the kernels.
    let paddedWeights: PaddedMatrix<Double>
    /// One score offset per class.
    public let bias: [Double]
    /// How it was fitted: the estimator and its options.
    public let algorithm: ClassifierAlgorithm
    /// What the optimiser reported, for estimators that iterate.
    public let training: TrainingSummary?

    /// Creates a classifier from its parameters (as read from a model file).
    public init(weights: DenseMatrix, bias: [Double], algorithm: ClassifierAlgorithm, training: TrainingSummary? = nil) {
        precondition(bias.count == weights.columnCount, "one bias per class")
        self.paddedWeights = PaddedMatrix(weights)
        self.bias = bias
        self.algorithm = algorithm
        self.training = training
    }

    /// The weights, `featureCount × classCount`: log-probabilities for naive Bayes, coefficients
    /// for logistic regression.
    public var weights: DenseMatrix {
        DenseMatrix(rowCount: featureCount, columnCount: classCount, values: paddedWeights.unpadded())
    }

    /// Number of features the classifier expects.
    public var featureCount: Int { paddedWeights.rowCount }
    /// Number of classes.
    public var classCount: Int { paddedWeights.columnCount }

    /// Class probabilities for each row of `features`, one row per document.
    public func probabilities(for features: SparseMatrix, threads: Int = 1) -> DenseMatrix {
        var scores = features.product(with: paddedWeights, threads: threads)
        let stride = scores.stride
        scores.values.withUnsafeMutableBufferPointer { buffer in
            for row in 0 ..< scores.rowCount {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[row * stride ..< row * stride + classCount])
                for column in 0 ..< classCount { slice[column] += bias[column] }
                Softmax.normalize(slice)
            }
        }
        return DenseMatrix(rowCount: scores.rowCount, columnCount: classCount, values: scores.unpadded())
    }

    /// Class probabilities for one document's features.
    public func probabilities(for features: SparseVector) -> [Double] {
        var scores = features.product(with: paddedWeights)
        for column in 0 ..< classCount { scores[column] += bias[column] }
        _ = scores.withUnsafeMutableBufferPointer { Softmax.normalize($0) }
        return scores
    }

    /// The most probable class of each row: the largest score (the softmax keeps the order, so
    /// no probabilities need computing).
    public func predictions(for features: SparseMatrix, threads: Int = 1) -> [Int] {
        let scores = features.product(with: paddedWeights, threads: threads)
        return scores.values.withUnsafeBufferPointer { values in
            (0 ..< scores.rowCount).map { row in
                let start = row * scores.stride
                var best = 0
                var bestScore = values[start] + bias[0]
                for column in 1 ..< classCount where values[start + column] + bias[column] > bestScore {
                    best = column
                    bestScore = values[start + column] + bias[column]
                }
                return best
            }
        }
    }
}

/// Numerically stable softmax helpers.
enum Softmax {
    /// Replaces scores by probabilities in place; returns log Σ exp(scores).
    @discardableResult
    static func normalize(_ scores: UnsafeMutableBufferPointer<Double>) -> Double {
        var maximum = -Double.infinity
        for score in scores where score > maximum { maximum = score }
        var sum = 0.0
        for index in scores.indices {
            let value = Foundation.exp(scores[index] - maximum)
            scores[index] = value
            sum += value
        }
        let inverse = 1 / sum
        for index in scores.indices { scores[index] *= inverse }
        return maximum + Foundation.log(sum)
    }

    /// Index of the largest value; the first one on ties, as numpy's argmax.
    static func indexOfMaximum<C: Collection>(_ values: C) -> Int where C.Element == Double, C.Index == Int {
        var best = values.startIndex
        for index in values.indices where values[index] > values[best] { best = index }
        return best - values.startIndex
    }
}
