import Foundation
import TextClassification
import XCTest

final class LogisticRegressionTests: XCTestCase {
    /// Two well-separated classes on two features.
    private let separable = sparse([[1, 0], [0.9, 0.1], [0.8, 0], [0, 1], [0.1, 0.9], [0, 0.7]])
    private let separableLabels = [0, 0, 0, 1, 1, 1]

    /// A seeded random problem big enough that work is split between threads.
    private func randomProblem(rows: Int = 300, columns: Int = 40, classes: Int = 3) -> (SparseMatrix, [Int]) {
        var random = TestRandom(state: 42)
        var dense: [[Float]] = []
        var labels: [Int] = []
        for _ in 0 ..< rows {
            let label = random.below(classes)
            var row = [Float](repeating: 0, count: columns)
            for _ in 0 ..< 6 { row[random.below(columns)] = Float(random.unit()) }
            // Class-typical features, with noise.
            row[label] += 0.5 + Float(random.unit())
            labels.append(label)
            dense.append(row)
        }
        return (sparse(dense, columns: columns), labels)
    }

    private func meanLogLikelihood(_ model: LinearClassifier, _ x: SparseMatrix, _ y: [Int]) -> Double {
        let probabilities = model.probabilities(for: x)
        return y.enumerated().reduce(0) { $0 + log(probabilities[$1.offset, $1.element]) } / Double(y.count)
    }

    func testSeparableDataIsPredictedCorrectlyAndConverges() throws {
        let model = try LogisticRegression(c: 10).fitted(to: separable, labels: separableLabels, classCount: 2)
        XCTAssertEqual(model.predictions(for: separable), separableLabels)
        let summary = try XCTUnwrap(model.training)
        XCTAssertTrue(summary.converged, summary.stopReason.rawValue)
        XCTAssertGreaterThan(summary.iterations, 0)
        XCTAssertLessThanOrEqual(summary.iterations, 100)
        XCTAssertTrue(summary.gradientNorm.isFinite)
        XCTAssertTrue(summary.objective.isFinite)
        XCTAssertEqual(model.algorithm, .logisticRegression(LogisticRegression(c: 10)))
        // New points on either side.
        let probabilities = model.probabilities(for: sparse([[1, 0.2], [0.2, 1]]))
        XCTAssertGreaterThan(probabilities[0, 0], 0.5)
        XCTAssertGreaterThan(probabilities[1, 1], 0.5)
    }

    func testConvergesToTheGradientTolerance() throws {
        let model = try LogisticRegression(c: 1, tolerance: 1e-8, maxIterations: 500)
            .fitted(to: separable, labels: separableLabels, classCount: 2)
        let summary = try XCTUnwrap(model.training)
        XCTAssertTrue(summary.converged)
        if summary.stopReason == .gradientBelowTolerance {
            XCTAssertLessThanOrEqual(summary.gradientNorm, 1e-8)
        }
    }

    func testIterationLimitIsReportedAsNotConverged() throws {
        let (x, y) = randomProblem()
        let model = try LogisticRegression(c: 100, tolerance: 0, maxIterations: 2).fitted(to: x, labels: y, classCount: 3)
        let summary = try XCTUnwrap(model.training)
        XCTAssertFalse(summary.converged)
        XCTAssertLessThanOrEqual(summary.iterations, 2)
    }

    func testWeakerPenaltyFitsTrainingDataBetter() throws {
        let (x, y) = randomProblem()
        let strong = try LogisticRegression(c: 0.01, maxIterations: 500).fitted(to: x, labels: y, classCount: 3)
        let weak = try LogisticRegression(c: 100, maxIterations: 500).fitted(to: x, labels: y, classCount: 3)
        XCTAssertGreaterThan(meanLogLikelihood(weak, x, y), meanLogLikelihood(strong, x, y))
        let norm = { (model: LinearClassifier) in model.weights.values.reduce(0) { $0 + $1 * $1 } }
        XCTAssertGreaterThan(norm(weak), norm(strong))
        let accuracy = zip(weak.predictions(for: x), y).filter { $0 == $1 }.count
        XCTAssertGreaterThan(Double(accuracy) / Double(y.count), 0.9)
    }

    func testMulticlassProbabilitiesSumToOne() throws {
        let (x, y) = randomProblem()
        let model = try LogisticRegression().fitted(to: x, labels: y, classCount: 3)
        XCTAssertEqual(model.weights.rowCount, 40)
        XCTAssertEqual(model.weights.columnCount, 3)
        XCTAssertEqual(model.bias.count, 3)
        let probabilities = model.probabilities(for: x)
        for row in 0 ..< x.rowCount {
            XCTAssertEqual(probabilities.row(row).reduce(0, +), 1, accuracy: 1e-12)
        }
    }

    func testSameWeightsWithOneAndTwoThreads() throws {
        let (x, y) = randomProblem()
        let single = try LogisticRegression(maxIterations: 200).fitted(to: x, labels: y, classCount: 3, threads: 1)
        let double = try LogisticRegression(maxIterations: 200).fitted(to: x, labels: y, classCount: 3, threads: 2)
        XCTAssertEqual(single.weights.values, double.weights.values)
        XCTAssertEqual(single.bias, double.bias)
        XCTAssertEqual(single.training, double.training)
        XCTAssertEqual(single.probabilities(for: x, threads: 1), single.probabilities(for: x, threads: 2))
    }

    func testBinaryFitIsTheBinomialOptimum() throws {
        // Two classes: the symmetric softmax with C/2 has scikit-learn's binomial optimum, so the
        // decision function w = w₁ − w₀, b = b₁ − b₀ must zero the gradient of
        //   C · Σᵢ log(1 + exp(−yᵢ(w·xᵢ + b))) + ‖w‖²/2.
        let x = sparse([[1, 0.5, 0], [0.8, 0, 0.3], [0.2, 1, 0], [0, 0.9, 0.6], [0.5, 0.5, 0.5], [0.9, 0.1, 0.9]])
        let labels = [0, 0, 1, 1, 0, 1]
        let c = 1.0
        let model = try LogisticRegression(c: c, tolerance: 1e-10, maxIterations: 1000).fitted(to: x, labels: labels, classCount: 2)
        XCTAssertEqual(model.weights.columnCount, 2)
        let w = (0 ..< 3).map { model.weights[$0, 1] - model.weights[$0, 0] }
        let b = model.bias[1] - model.bias[0]
        // The two columns are opposite: the fit is symmetric.
        for feature in 0 ..< 3 { XCTAssertEqual(model.weights[feature, 0], -model.weights[feature, 1], accuracy: 1e-6) }
        var gradientW = w
        var gradientB = 0.0
        for row in 0 ..< x.rowCount {
            let y = labels[row] == 1 ? 1.0 : -1.0
            let z = x.row(row).reduce(b) { $0 + w[$1.column] * Double($1.value) }
            let factor = -c * y / (1 + exp(y * z))
            for entry in x.row(row) { gradientW[entry.column] += factor * Double(entry.value) }
            gradientB += factor
        }
        for component in gradientW + [gradientB] { XCTAssertEqual(component, 0, accuracy: 1e-6) }
        // And P(class 1) = σ(w·x + b).
        let probabilities = model.probabilities(for: x)
        for row in 0 ..< x.rowCount {
            let z = x.row(row).reduce(b) { $0 + w[$1.column] * Double($1.value) }
            XCTAssertEqual(probabilities[row, 1], 1 / (1 + exp(-z)), accuracy: 1e-12)
        }
    }

    func testWithoutInterceptBiasIsZero() throws {
        let model = try LogisticRegression(fitsIntercept: false).fitted(to: separable, labels: separableLabels, classCount: 2)
        XCTAssertEqual(model.bias, [0, 0])
        XCTAssertEqual(model.predictions(for: separable), separableLabels)
    }

    func testInvalidOptionsThrow() {
        let cases: [(LogisticRegression, String)] = [
            (LogisticRegression(c: 0), "c"), (LogisticRegression(c: -1), "c"), (LogisticRegression(c: .nan), "c"),
            (LogisticRegression(c: .infinity), "c"),
            (LogisticRegression(tolerance: -1), "tolerance"), (LogisticRegression(tolerance: .nan), "tolerance"),
            (LogisticRegression(maxIterations: 0), "maxIterations"), (LogisticRegression(maxIterations: -5), "maxIterations"),
        ]
        for (estimator, name) in cases {
            let error = thrownError(InvalidParameter.self) {
                try estimator.fitted(to: separable, labels: separableLabels, classCount: 2)
            }
            XCTAssertEqual(error?.name, name)
        }
        XCTAssertEqual(thrownError(InvalidParameter.self) { try LogisticRegression(c: 0).validate() }?.description,
                       "c must be a positive number; got 0.0")
    }

    func testSingleClassThrowsTrainingError() {
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try LogisticRegression().fitted(to: separable, labels: [0, 0, 0, 0, 0, 0], classCount: 1)
        })
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try LogisticRegression().fitted(to: separable, labels: [0, 0, 0], classCount: 2)
        })
    }

    func testSingleClassFieldThrowsFromThePipeline() {
        let dataset = Dataset(source: "mem", fieldNames: ["topic"], texts: ["a b", "c d"], labels: ["topic": ["x", "x"]])
        let error = thrownError(TrainingError.self) { try TextClassifierEstimator().fitted(to: dataset) }
        XCTAssertEqual(error?.message.contains("only one class"), true)
    }
}
