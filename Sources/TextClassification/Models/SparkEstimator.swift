/// A classifier that Spark ML fitted and textclf imported (`textclf import-spark`): which Spark
/// estimator, and the options Spark recorded, kept so a model says where it came from. Its
/// ``LinearClassifier`` scores exactly as Spark's model does; textclf cannot refit it.
///
/// - `spark-nb`: `NaiveBayes`, `modelType=multinomial`: scores `pi + theta · x`, probabilities
///   their softmax.
/// - `spark-cnb`: `NaiveBayes`, `modelType=complement`: scores `theta · x`, probabilities their
///   softmax (Spark subtracts the log-sum-exp, which the softmax ignores).
/// - `spark-lr`: `LogisticRegression`, multinomial (`coefficientMatrix · x + interceptVector`,
///   softmax) or binomial (the second class scores `coefficients · x + intercept`, the first 0,
///   so the softmax is Spark's sigmoid).
public struct SparkEstimator: ClassifierEstimator, Hashable {
    /// Which Spark estimator fitted the model.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Multinomial `NaiveBayes`.
        case naiveBayes = "spark-nb"
        /// Complement `NaiveBayes`.
        case complementNaiveBayes = "spark-cnb"
        /// `LogisticRegression`.
        case logisticRegression = "spark-lr"
    }

    /// Which Spark estimator fitted the model.
    public let kind: Kind
    /// `NaiveBayes`'s `smoothing`.
    public let smoothing: Double?
    /// `LogisticRegression`'s `regParam`.
    public let regParam: Double?
    /// `LogisticRegression`'s `elasticNetParam`.
    public let elasticNetParam: Double?
    /// `LogisticRegression`'s `maxIter`.
    public let maxIterations: Int?
    /// `LogisticRegression`'s `tol`.
    public let tolerance: Double?
    /// `LogisticRegression`'s `fitIntercept`.
    public let fitsIntercept: Bool?
    /// `LogisticRegression`: `multinomial` or `binomial`, as fitted.
    public let family: String?

    /// A naive Bayes model Spark fitted with `smoothing`.
    public static func naiveBayes(complement: Bool, smoothing: Double) -> SparkEstimator {
        SparkEstimator(kind: complement ? .complementNaiveBayes : .naiveBayes, smoothing: smoothing)
    }

    /// A logistic regression Spark fitted with these options.
    public static func logisticRegression(regParam: Double, elasticNetParam: Double, maxIterations: Int, tolerance: Double,
                                          fitsIntercept: Bool, family: String) -> SparkEstimator {
        SparkEstimator(kind: .logisticRegression, regParam: regParam, elasticNetParam: elasticNetParam, maxIterations: maxIterations,
                       tolerance: tolerance, fitsIntercept: fitsIntercept, family: family)
    }

    /// Creates the description; ``validate()`` checks it.
    public init(kind: Kind, smoothing: Double? = nil, regParam: Double? = nil, elasticNetParam: Double? = nil,
                maxIterations: Int? = nil, tolerance: Double? = nil, fitsIntercept: Bool? = nil, family: String? = nil) {
        self.kind = kind
        self.smoothing = smoothing
        self.regParam = regParam
        self.elasticNetParam = elasticNetParam
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.fitsIntercept = fitsIntercept
        self.family = family
    }

    /// The options Spark's estimator has, each in its range; the others absent.
    public func validate() throws {
        func check(_ name: String, _ value: Double?, _ range: ClosedRange<Double>) throws {
            guard let value else { throw InvalidParameter(name: name, value: "missing", requirement: "recorded for \(kind.rawValue)") }
            guard range.contains(value) else { throw InvalidParameter(name: name, value: "\(value)", requirement: "in \(range)") }
        }
        let isLogistic = kind == .logisticRegression
        let logisticOptions: [Any?] = [regParam, elasticNetParam, maxIterations, tolerance, fitsIntercept, family]
        if isLogistic {
            guard smoothing == nil else { throw InvalidParameter(name: "smoothing", value: "\(smoothing!)", requirement: "absent for spark-lr") }
            try check("regParam", regParam, 0 ... .greatestFiniteMagnitude)
            try check("elasticNetParam", elasticNetParam, 0 ... 1)
            try check("tol", tolerance, 0 ... .greatestFiniteMagnitude)
            guard let maxIterations, maxIterations >= 0 else {
                throw InvalidParameter(name: "maxIter", value: maxIterations.map { "\($0)" } ?? "missing", requirement: "at least 0")
            }
            guard fitsIntercept != nil else { throw InvalidParameter(name: "fitIntercept", value: "missing", requirement: "recorded for spark-lr") }
            guard family == "multinomial" || family == "binomial" else {
                throw InvalidParameter(name: "family", value: family ?? "missing", requirement: "multinomial or binomial")
            }
        } else {
            try check("smoothing", smoothing, 0 ... .greatestFiniteMagnitude)
            guard logisticOptions.allSatisfy({ $0 == nil }) else {
                throw InvalidParameter(name: "options", value: "logistic regression options", requirement: "absent for \(kind.rawValue)")
            }
        }
    }

    /// Refuses: only Spark fits these models.
    public func fitted(to features: SparseMatrix, labels: [Int], classCount: Int, threads: Int) throws -> LinearClassifier {
        throw TrainingError("\(kind.rawValue) models are trained by Spark (scripts/spark/train.py) and imported with textclf import-spark")
    }
}
