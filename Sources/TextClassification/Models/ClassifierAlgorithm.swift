/// The estimators textclf offers, with their options: what a model file records of how a
/// classifier was fitted.
public enum ClassifierAlgorithm: Sendable, Hashable {
    /// Multinomial naive Bayes.
    case naiveBayes(MultinomialNaiveBayes)
    /// Complement naive Bayes.
    case complementNaiveBayes(ComplementNaiveBayes)
    /// Multinomial logistic regression.
    case logisticRegression(LogisticRegression)

    /// The estimator itself.
    public var estimator: any ClassifierEstimator {
        switch self {
        case .naiveBayes(let estimator): estimator
        case .complementNaiveBayes(let estimator): estimator
        case .logisticRegression(let estimator): estimator
        }
    }

    /// The short name used on the command line and in model files: `nb`, `cnb` or `lr`.
    public var shortName: String {
        switch self {
        case .naiveBayes: "nb"
        case .complementNaiveBayes: "cnb"
        case .logisticRegression: "lr"
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
    /// Why it stopped, in a few words.
    public let stopReason: String

    /// Creates a summary.
    public init(iterations: Int, gradientNorm: Double, objective: Double, converged: Bool, stopReason: String) {
        self.iterations = iterations
        self.gradientNorm = gradientNorm
        self.objective = objective
        self.converged = converged
        self.stopReason = stopReason
    }
}
