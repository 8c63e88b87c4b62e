import Foundation

/// A fitted classifier that scores classes linearly and turns scores into probabilities with
/// the softmax: `P(class | x) ∝ exp(x · weights[:, class] + bias[class])`.
///
/// Naive Bayes (log-probabilities as weights, log-priors as bias), complement naive Bayes and
/// multinomial logistic regression all take this form, so they share one prediction path, one
/// kernel and one file layout. Immutable and `Sendable`.
public struct LinearClassifier: Sendable, Equatable {
    /// The weights, `featureCount × classCount`, feature-major so that a sparse row touches one
    /// contiguous run of class weights per stored entry; kept padded for the kernels, in the
    /// precision they were stored in.
    let storedWeights: StoredWeights
    /// One score offset per class.
    public let bias: [Double]
    /// How it was fitted: the estimator and its options.
    public let algorithm: ClassifierAlgorithm
    /// What the optimiser reported, for estimators that iterate.
    public let training: TrainingSummary?

    /// Creates a classifier from its parameters.
    ///
    /// - Throws: ``InvalidParameter`` when `bias` does not hold one value per class (column of
    ///   `weights`) or a weight or bias is not finite.
    public init(weights: DenseMatrix, bias: [Double], algorithm: ClassifierAlgorithm, training: TrainingSummary? = nil) throws {
        guard bias.count == weights.columnCount, weights.columnCount >= 1 else {
            throw InvalidParameter(name: "bias", value: "\(bias.count) values",
                                   requirement: "one per class (\(weights.columnCount))")
        }
        guard weights.values.allSatisfy(\.isFinite), bias.allSatisfy(\.isFinite) else {
            throw InvalidParameter(name: "weights", value: "a value that is not finite", requirement: "finite values")
        }
        self.init(checkedWeights: .double(PaddedMatrix(weights)), bias: bias, algorithm: algorithm, training: training)
    }

    /// A classifier over parameters already checked (fitting and the model loader do).
    init(checkedWeights: StoredWeights, bias: [Double], algorithm: ClassifierAlgorithm, training: TrainingSummary?) {
        assert(bias.count == checkedWeights.classCount, "one bias per class")
        self.storedWeights = checkedWeights
        self.bias = bias
        self.algorithm = algorithm
        self.training = training
    }

    /// A fitted classifier's parameters, computed in double precision.
    init(fittedWeights: DenseMatrix, bias: [Double], algorithm: ClassifierAlgorithm, training: TrainingSummary? = nil) {
        self.init(checkedWeights: .double(PaddedMatrix(fittedWeights)), bias: bias, algorithm: algorithm, training: training)
    }

    /// The weights, `featureCount × classCount`: log-probabilities for naive Bayes, coefficients
    /// for logistic regression.
    public var weights: DenseMatrix {
        let values: [Double]
        switch storedWeights {
        case .double(let matrix): values = matrix.unpadded()
        case .single(let matrix): values = matrix.unpadded()
        }
        return DenseMatrix(uncheckedRowCount: featureCount, columnCount: classCount, values: values)
    }

    /// The precision the weights are held in.
    public var weightPrecision: WeightPrecision {
        switch storedWeights {
        case .double: .float64
        case .single: .float32
        }
    }

    /// The same classifier with its weights rounded to (or widened from) `precision`.
    public func converted(to precision: WeightPrecision) -> LinearClassifier {
        guard precision != weightPrecision else { return self }
        let weights: StoredWeights
        switch storedWeights {
        case .double(let matrix): weights = .single(matrix.converted(to: Float.self))
        case .single(let matrix): weights = .double(matrix.converted(to: Double.self))
        }
        return LinearClassifier(checkedWeights: weights, bias: bias, algorithm: algorithm, training: training)
    }

    /// Number of features the classifier expects.
    public var featureCount: Int { storedWeights.featureCount }
    /// Number of classes.
    public var classCount: Int { storedWeights.classCount }

    /// The score of every class for one document, before the softmax: `x · weights + bias`.
    public func scores(for features: SparseVector) -> [Double] {
        precondition(features.dimension == featureCount, "the vector has \(features.dimension) features; the classifier expects \(featureCount)")
        switch storedWeights {
        case .double(let matrix): return scores(fromProducts: features.product(with: matrix)[...])
        case .single(let matrix): return scores(fromProducts: features.product(with: matrix)[...])
        }
    }

    /// `x · weights` computed elsewhere (``InterleavedWeights``) plus the bias.
    private func scores(fromProducts products: ArraySlice<Double>) -> [Double] {
        assert(products.count == classCount, "one product per class")
        var scores = Array(products)
        for column in 0 ..< classCount { scores[column] += bias[column] }
        return scores
    }

    /// The weight of `feature` for class `classIndex`.
    public func weight(feature: Int, classIndex: Int) -> Double {
        precondition(feature >= 0 && feature < featureCount && classIndex >= 0 && classIndex < classCount, "index outside the weights")
        switch storedWeights {
        case .double(let matrix): return matrix[feature, classIndex]
        case .single(let matrix): return Double(matrix[feature, classIndex])
        }
    }

    private func paddedScores(for features: SparseMatrix, threads: Int) -> PaddedMatrix<Double> {
        precondition(features.columnCount == featureCount, "the matrix has \(features.columnCount) features; the classifier expects \(featureCount)")
        switch storedWeights {
        case .double(let matrix): return features.product(with: matrix, threads: threads)
        case .single(let matrix): return features.product(with: matrix, threads: threads)
        }
    }

    /// Class probabilities for each row of `features`, one row per document.
    public func probabilities(for features: SparseMatrix, threads: Int = 1) -> DenseMatrix {
        var scores = paddedScores(for: features, threads: threads)
        let stride = scores.stride
        let classCount = classCount
        scores.values.withUnsafeMutableBufferPointer { buffer in
            for row in 0 ..< scores.rowCount {
                let slice = UnsafeMutableBufferPointer(rebasing: buffer[row * stride ..< row * stride + classCount])
                for column in 0 ..< classCount { slice[column] += bias[column] }
                Softmax.normalize(slice)
            }
        }
        return DenseMatrix(uncheckedRowCount: scores.rowCount, columnCount: classCount, values: scores.unpadded())
    }

    /// Class probabilities for one document's features.
    public func probabilities(for features: SparseVector) -> [Double] {
        var scores = scores(for: features)
        _ = scores.withUnsafeMutableBufferPointer { Softmax.normalize($0) }
        return scores
    }

    /// Class probabilities from `x · weights` computed elsewhere (``InterleavedWeights``): the
    /// bias and the softmax as ``probabilities(for:)-(SparseVector)`` applies them.
    func probabilities(fromProducts products: ArraySlice<Double>) -> [Double] {
        var scores = scores(fromProducts: products)
        _ = scores.withUnsafeMutableBufferPointer { Softmax.normalize($0) }
        return scores
    }

    /// The most probable class of each row: the largest score (the softmax keeps the order, so
    /// no probabilities need computing).
    public func predictions(for features: SparseMatrix, threads: Int = 1) -> [Int] {
        let scores = paddedScores(for: features, threads: threads)
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

/// How precisely a model file stores weights.
public enum WeightPrecision: String, Sendable, Hashable, CaseIterable {
    /// 8-byte doubles: exactly what fitting computed.
    case float64
    /// 4-byte floats: half the file and the memory; scores differ in about the seventh digit.
    case float32
}

/// The padded weight matrix in one of the two precisions the kernels read.
enum StoredWeights: Sendable, Equatable {
    case double(PaddedMatrix<Double>)
    case single(PaddedMatrix<Float>)

    var featureCount: Int {
        switch self {
        case .double(let matrix): matrix.rowCount
        case .single(let matrix): matrix.rowCount
        }
    }

    var classCount: Int {
        switch self {
        case .double(let matrix): matrix.columnCount
        case .single(let matrix): matrix.columnCount
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
