/// Multinomial (softmax) logistic regression with an L2 penalty, fitted by L-BFGS, as
/// scikit-learn's `LogisticRegression(solver="lbfgs")`.
///
/// It minimises the mean cross-entropy plus `‖W‖² / (2·C·n)` over the weights `W` and an
/// unpenalised intercept — scikit-learn's objective divided by `n`, so the optimum is the same
/// and `tolerance` means what it means there: stop when no component of the gradient exceeds it.
/// With two classes scikit-learn fits one binomial weight vector; the symmetric softmax with
/// `C/2` has exactly that optimum (its penalty on `w₁ = −w₀ = w/2` is `‖w‖²/4`), so that is what
/// is fitted, and probabilities agree.
public struct LogisticRegression: ClassifierEstimator, Hashable {
    /// Inverse regularisation strength; larger means a weaker penalty.
    public var c: Double
    /// Stop when the largest absolute gradient component falls to this.
    public var tolerance: Double
    /// Upper bound on L-BFGS iterations.
    public var maxIterations: Int
    /// Whether to fit a per-class intercept.
    public var fitsIntercept: Bool
    /// Weight each document by `n / (k · n_class)` so every class counts alike in the loss
    /// (scikit-learn's `class_weight="balanced"`): helps the rare classes' recall.
    public var balancesClasses: Bool

    /// The smallest tolerance fitted with single-precision kernel operands.
    static let singlePrecisionTolerance = 1e-6

    /// Creates the estimator. The defaults are scikit-learn's but for `maxIterations`: 1,000, as on the
    /// command line, where 100 stopped large-vocabulary fits before they converged.
    public init(c: Double = 1, tolerance: Double = 1e-4, maxIterations: Int = 1000, fitsIntercept: Bool = true,
                balancesClasses: Bool = false) {
        self.c = c
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.fitsIntercept = fitsIntercept
        self.balancesClasses = balancesClasses
    }

    /// Each document's weight in the loss: 1, or `n / (k · n_class)` when balancing classes.
    func rowWeights(labels: [Int], classCount: Int) -> [Double]? {
        guard balancesClasses else { return nil }
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        let n = Double(labels.count), k = Double(counts.filter { $0 > 0 }.count)
        return labels.map { n / (k * Double(counts[$0])) }
    }

    /// Checks the options before any data is read.
    ///
    /// - Throws: ``InvalidParameter`` naming the first option out of range.
    public func validate() throws {
        guard c > 0, c.isFinite else {
            throw InvalidParameter(name: "c", value: "\(c)", requirement: "a positive number")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw InvalidParameter(name: "tolerance", value: "\(tolerance)", requirement: "a number of at least 0")
        }
        guard maxIterations >= 1 else {
            throw InvalidParameter(name: "maxIterations", value: "\(maxIterations)", requirement: "at least 1")
        }
    }

    /// Fits to a feature matrix and class indices in `0..<classCount`, one per row.
    public func fitted(to features: SparseMatrix, labels: [Int], classCount: Int, threads: Int = 1) throws -> LinearClassifier {
        try fitted(to: features, labels: labels, classCount: classCount, threads: threads, observer: nil)
    }

    /// ``fitted(to:labels:classCount:threads:)``, telling `observer` of every L-BFGS iteration.
    func fitted(to features: SparseMatrix, labels: [Int], classCount: Int, threads: Int,
                observer: ((_ iteration: Int, _ objective: Double, _ gradientNorm: Double) -> Void)?) throws -> LinearClassifier {
        try validate()
        try validateTrainingData(features, labels: labels, classCount: classCount)
        let penalty = 1 / ((classCount == 2 ? c / 2 : c) * Double(features.rowCount))
        var optimizer = LBFGS(tolerance: tolerance, maxIterations: maxIterations, threads: threads)
        optimizer.observer = observer
        let start = [Double](repeating: 0, count: (features.columnCount + 1) * classCount)
        // Single-precision kernel operands resolve gradients to about 1e-7; tighter tolerances
        // get double-precision operands (about twice as slow on large data).
        let (parameters, summary) = tolerance >= Self.singlePrecisionTolerance
            ? optimizer.minimize(start: start, objective: SoftmaxLoss<Float>(
                features: features, labels: labels, rowWeights: rowWeights(labels: labels, classCount: classCount),
                classCount: classCount, penalty: penalty, fitsIntercept: fitsIntercept, threads: threads).evaluate)
            : optimizer.minimize(start: start, objective: SoftmaxLoss<Double>(
                features: features, labels: labels, rowWeights: rowWeights(labels: labels, classCount: classCount),
                classCount: classCount, penalty: penalty, fitsIntercept: fitsIntercept, threads: threads).evaluate)
        let weightCount = features.columnCount * classCount
        return LinearClassifier(
            fittedWeights: DenseMatrix(uncheckedRowCount: features.columnCount, columnCount: classCount,
                                 values: Array(parameters[..<weightCount])),
            bias: Array(parameters[weightCount...]),
            algorithm: .logisticRegression(self),
            training: summary
        )
    }
}
