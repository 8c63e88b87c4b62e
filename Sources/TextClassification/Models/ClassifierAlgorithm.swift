/// The estimators textclf offers, with their options: what a model file records of how a
/// classifier was fitted.
public enum ClassifierAlgorithm: Sendable, Hashable {
    /// Multinomial naive Bayes.
    case naiveBayes(MultinomialNaiveBayes)
    /// Complement naive Bayes.
    case complementNaiveBayes(ComplementNaiveBayes)
    /// Multinomial logistic regression.
    case logisticRegression(LogisticRegression)
    /// A model Spark ML fitted, imported.
    case spark(SparkEstimator)

    /// The estimator itself.
    public var estimator: any ClassifierEstimator {
        switch self {
        case .naiveBayes(let estimator): estimator
        case .complementNaiveBayes(let estimator): estimator
        case .logisticRegression(let estimator): estimator
        case .spark(let estimator): estimator
        }
    }

    /// Which of textclf's estimators this is, without its options; `nil` for an imported model.
    public var kind: Kind? {
        switch self {
        case .naiveBayes: .naiveBayes
        case .complementNaiveBayes: .complementNaiveBayes
        case .logisticRegression: .logisticRegression
        case .spark: nil
        }
    }

    /// The short name used on the command line and in model files: `nb`, `cnb` or `lr`, or for
    /// an imported model `spark-nb`, `spark-cnb` or `spark-lr`.
    public var shortName: String {
        switch self {
        case .spark(let estimator): estimator.kind.rawValue
        default: kind!.rawValue
        }
    }

    /// Whether the weights are naive Bayes log-probabilities (so ranking terms means comparing
    /// classes) rather than logistic regression coefficients.
    public var isNaiveBayes: Bool {
        switch self {
        case .naiveBayes, .complementNaiveBayes: true
        case .logisticRegression: false
        case .spark(let estimator): estimator.kind != .logisticRegression
        }
    }

    /// The estimators textclf trains, by name: the one list the command line, the model file and
    /// error messages read, so adding an algorithm cannot leave one of them behind.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Logistic regression, `lr`.
        case logisticRegression = "lr"
        /// Multinomial naive Bayes, `nb`.
        case naiveBayes = "nb"
        /// Complement naive Bayes, `cnb`.
        case complementNaiveBayes = "cnb"

        /// The short names in order, for messages: `lr, nb or cnb`.
        public static var namesInProse: String {
            let names = allCases.map(\.rawValue)
            return names.dropLast().joined(separator: ", ") + " or " + names.last!
        }
    }
}

/// What an iterative optimiser reports when it stops.
public struct TrainingSummary: Sendable, Hashable {
    /// Iterations taken.
    public let iterations: Int
    /// Largest absolute component of the final gradient of the (averaged) objective.
    public let gradientNorm: Double
    /// Final value of the objective.
    public let objective: Double
    /// Whether a convergence criterion was met (rather than the iteration limit or a failed line search).
    public let converged: Bool
    /// Why it stopped.
    public let stopReason: StopReason

    /// Creates a summary.
    public init(iterations: Int, gradientNorm: Double, objective: Double, converged: Bool, stopReason: StopReason) {
        self.iterations = iterations
        self.gradientNorm = gradientNorm
        self.objective = objective
        self.converged = converged
        self.stopReason = stopReason
    }
}

/// Why an iterative optimiser stopped. The raw value is the phrase the model file and the command
/// line's JSON use.
public enum StopReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The largest gradient component fell below the tolerance: converged.
    case gradientBelowTolerance = "gradient below tolerance"
    /// The objective's relative decrease fell below the tolerance: converged.
    case objectiveStoppedDecreasing = "objective stopped decreasing"
    /// The iteration limit was reached first: not converged.
    case iterationLimitReached = "iteration limit reached"
    /// The line search found no step that lowers the objective: not converged.
    case lineSearchFoundNoDecrease = "line search found no decrease"
    /// An online fit (``OnlineLogisticRegression``) made the passes it was asked for; it has no
    /// convergence test of its own.
    case passesCompleted = "passes completed"
}
