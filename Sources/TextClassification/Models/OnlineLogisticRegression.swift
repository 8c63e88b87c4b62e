/// How logistic regression is fitted when the documents are streamed rather than held: mini-batch
/// stochastic gradient descent with AdaGrad step sizes, over a stated number of passes through
/// the data, on the same objective as ``LogisticRegression`` (mean cross-entropy plus
/// `‖W‖² / (2·C·n)`, intercepts unpenalised).
///
/// Each mini-batch of ``batchSize`` documents is scored with the current weights, then every
/// weight its documents touch takes one AdaGrad step on the mini-batch's mean gradient plus its
/// share of the penalty: `w −= learningRate · g / √(Σ g²)`, the sum over that weight's steps so
/// far. Untouched weights are left alone (the penalty is applied lazily, where the data is), so a
/// step costs what its documents hold, not 2^bits × classes. Documents are taken in file order:
/// a file sorted by label should be shuffled first, as for any online learner.
///
/// Memory is 12 bytes per feature and class (the weights, and AdaGrad's sums in single
/// precision), whatever the number of documents. Every sum has a fixed order, so the result is
/// the same bits on any number of threads.
public struct OnlineLogisticRegression: Sendable, Hashable {
    /// Passes over the data; each pass after the first reads the data again.
    public var passes: Int
    /// AdaGrad's base step size.
    public var learningRate: Double
    /// Documents per mini-batch (one step).
    public var batchSize: Int

    /// Creates the options; the defaults were chosen on 20 Newsgroups with hashed word features
    /// (docs/scale.md has the accuracy against L-BFGS).
    public init(passes: Int = 2, learningRate: Double = 0.5, batchSize: Int = 64) {
        self.passes = passes
        self.learningRate = learningRate
        self.batchSize = batchSize
    }

    /// Checks the options.
    ///
    /// - Throws: ``InvalidParameter`` naming the first out of range.
    public func validate() throws {
        guard passes >= 1 else { throw InvalidParameter(name: "passes", value: "\(passes)", requirement: "at least 1") }
        guard learningRate > 0, learningRate.isFinite else {
            throw InvalidParameter(name: "learningRate", value: "\(learningRate)", requirement: "a positive number")
        }
        guard batchSize >= 1 else { throw InvalidParameter(name: "batchSize", value: "\(batchSize)", requirement: "at least 1") }
    }
}
