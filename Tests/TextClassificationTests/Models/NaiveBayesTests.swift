import Foundation
import TextClassification
import XCTest

/// Multinomial and complement naive Bayes on a 5 × 3 matrix whose parameters are worked out by hand.
///
/// Class 0 (3 documents) sums to (3, 2, 0), total 5; class 1 (2 documents) to (0, 1, 4), total 5.
final class NaiveBayesTests: XCTestCase {
    private let features = sparse([[2, 1, 0], [1, 0, 0], [0, 1, 0], [0, 1, 3], [0, 0, 1]])
    private let labels = [0, 0, 0, 1, 1]

    // MARK: Multinomial

    func testMultinomialLogProbabilitiesMatchHandComputation() throws {
        let model = try MultinomialNaiveBayes(alpha: 1).fitted(to: features, labels: labels, classCount: 2)
        XCTAssertEqual(model.featureCount, 3)
        XCTAssertEqual(model.classCount, 2)
        // log((count + 1) / (5 + 3)).
        let expected: [[Double]] = [[4.0 / 8, 1.0 / 8], [3.0 / 8, 2.0 / 8], [1.0 / 8, 5.0 / 8]]
        for feature in 0 ..< 3 {
            for label in 0 ..< 2 {
                XCTAssertEqual(model.weights[feature, label], log(expected[feature][label]), accuracy: 1e-12,
                               "feature \(feature), class \(label)")
            }
        }
        XCTAssertEqual(model.bias[0], log(0.6), accuracy: 1e-12)
        XCTAssertEqual(model.bias[1], log(0.4), accuracy: 1e-12)
        XCTAssertNil(model.training)
        XCTAssertEqual(model.algorithm, .naiveBayes(MultinomialNaiveBayes(alpha: 1)))
    }

    func testMultinomialSmoothingUsesAlpha() throws {
        let model = try MultinomialNaiveBayes(alpha: 0.5).fitted(to: features, labels: labels, classCount: 2)
        // Class 1, feature 0: (0 + 0.5) / (5 + 1.5).
        XCTAssertEqual(model.weights[0, 1], log(0.5 / 6.5), accuracy: 1e-12)
        XCTAssertEqual(model.weights[2, 1], log(4.5 / 6.5), accuracy: 1e-12)
    }

    func testUniformPriors() throws {
        let model = try MultinomialNaiveBayes(alpha: 1, fitsPriors: false).fitted(to: features, labels: labels, classCount: 2)
        XCTAssertEqual(model.bias[0], -log(2.0), accuracy: 1e-12)
        XCTAssertEqual(model.bias[1], -log(2.0), accuracy: 1e-12)
    }

    func testMultinomialProbabilitiesMatchHandComputation() throws {
        let model = try MultinomialNaiveBayes(alpha: 1).fitted(to: features, labels: labels, classCount: 2)
        // x = (1, 0, 1): class 0 ∝ 0.6 · 4/8 · 1/8 = 0.0375; class 1 ∝ 0.4 · 1/8 · 5/8 = 0.03125.
        let probabilities = model.probabilities(for: try SparseVector(dimension: 3, indices: [0, 2], values: [1, 1]))
        XCTAssertEqual(probabilities[0], 0.0375 / 0.06875, accuracy: 1e-12)
        XCTAssertEqual(probabilities[1], 0.03125 / 0.06875, accuracy: 1e-12)
        // Empty document: the priors.
        let prior = model.probabilities(for: try SparseVector(dimension: 3, indices: [], values: []))
        XCTAssertEqual(prior[0], 0.6, accuracy: 1e-12)
        XCTAssertEqual(prior[1], 0.4, accuracy: 1e-12)
    }

    func testMatrixAndVectorProbabilitiesAgreeAndSumToOne() throws {
        let model = try MultinomialNaiveBayes().fitted(to: features, labels: labels, classCount: 2)
        let matrix = model.probabilities(for: features)
        XCTAssertEqual(matrix.rowCount, 5)
        XCTAssertEqual(matrix.columnCount, 2)
        for row in 0 ..< 5 {
            XCTAssertEqual(matrix.row(row).reduce(0, +), 1, accuracy: 1e-12)
            let entries = features.row(row)
            let vector = try SparseVector(dimension: 3, indices: entries.map { Int32($0.column) }, values: entries.map(\.value))
            let single = model.probabilities(for: vector)
            for label in 0 ..< 2 { XCTAssertEqual(single[label], matrix[row, label], accuracy: 1e-12) }
        }
        XCTAssertEqual(model.predictions(for: features), [0, 0, 0, 1, 1])
    }

    // MARK: Complement

    func testComplementWeightsMatchHandComputation() throws {
        let model = try ComplementNaiveBayes(alpha: 1).fitted(to: features, labels: labels, classCount: 2)
        // Complement counts (all + 1 − own): class 0 (1, 2, 5), class 1 (4, 3, 1); each totals 8.
        // Weight = −log(complement / total).
        let complement: [[Double]] = [[1, 4], [2, 3], [5, 1]]
        for feature in 0 ..< 3 {
            for label in 0 ..< 2 {
                XCTAssertEqual(model.weights[feature, label], -log(complement[feature][label] / 8), accuracy: 1e-12,
                               "feature \(feature), class \(label)")
            }
        }
        XCTAssertEqual(model.bias, [0, 0])
        XCTAssertNil(model.training)
    }

    func testComplementProbabilitiesMatchHandComputation() throws {
        let model = try ComplementNaiveBayes(alpha: 1).fitted(to: features, labels: labels, classCount: 2)
        // x = (1, 0, 1): score0 = −log(1/8) − log(5/8), score1 = −log(4/8) − log(1/8).
        // p0 = 1 / (1 + exp(score1 − score0)) = 1 / (1 + (1·5)/(4·1)) = 4/9.
        let probabilities = model.probabilities(for: try SparseVector(dimension: 3, indices: [0, 2], values: [1, 1]))
        XCTAssertEqual(probabilities[0], 4.0 / 9, accuracy: 1e-12)
        XCTAssertEqual(probabilities[1], 5.0 / 9, accuracy: 1e-12)
        XCTAssertEqual(model.predictions(for: features), [0, 0, 0, 1, 1])
    }

    func testThreeClassesProbabilitiesSumToOne() throws {
        let x = sparse([[3, 0, 0, 1], [2, 1, 0, 0], [0, 4, 0, 1], [0, 2, 1, 0], [0, 0, 3, 1], [1, 0, 2, 0]])
        let y = [0, 0, 1, 1, 2, 2]
        for estimator in [ClassifierAlgorithm.naiveBayes(.init()), .complementNaiveBayes(.init())] {
            let model = try estimator.estimator.fitted(to: x, labels: y, classCount: 3, threads: 1)
            let probabilities = model.probabilities(for: x)
            for row in 0 ..< 6 {
                XCTAssertEqual(probabilities.row(row).reduce(0, +), 1, accuracy: 1e-12)
                XCTAssertTrue(probabilities.row(row).allSatisfy { $0 > 0 && $0 < 1 })
            }
            XCTAssertEqual(model.predictions(for: x), y, "\(estimator.shortName)")
        }
    }

    func testAClassWithoutDocumentsGetsMinusInfinityPriorButFiniteWeights() throws {
        // classCount 3 with no document of class 2: multinomial prior log(0) = −∞, so it is never predicted.
        let model = try MultinomialNaiveBayes().fitted(to: features, labels: labels, classCount: 3)
        XCTAssertEqual(model.bias[2], -.infinity)
        XCTAssertTrue(model.weights.values.allSatisfy(\.isFinite))
        let probabilities = model.probabilities(for: features)
        for row in 0 ..< 5 { XCTAssertEqual(probabilities[row, 2], 0) }
    }

    // MARK: Errors

    func testInvalidAlphaThrows() {
        for alpha in [0, -1, Double.nan, .infinity] {
            let error = thrownError(InvalidParameter.self) {
                try MultinomialNaiveBayes(alpha: alpha).fitted(to: features, labels: labels, classCount: 2)
            }
            XCTAssertEqual(error?.name, "alpha")
            XCTAssertEqual(thrownError(InvalidParameter.self) { try ComplementNaiveBayes(alpha: alpha).validate() }?.name, "alpha")
        }
    }

    func testSingleClassThrowsTrainingError() {
        let error = thrownError(TrainingError.self) {
            try MultinomialNaiveBayes().fitted(to: features, labels: [0, 0, 0, 0, 0], classCount: 1)
        }
        XCTAssertEqual(error?.message.contains("at least two classes"), true)
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try ComplementNaiveBayes().fitted(to: features, labels: [0, 0, 0, 0, 0], classCount: 1)
        })
    }

    func testMismatchedOrOutOfRangeLabelsThrowTrainingError() {
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try MultinomialNaiveBayes().fitted(to: features, labels: [0, 1], classCount: 2)
        })
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try MultinomialNaiveBayes().fitted(to: features, labels: [0, 0, 0, 1, 2], classCount: 2)
        })
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try ComplementNaiveBayes().fitted(to: features, labels: [0, 0, -1, 1, 1], classCount: 2)
        })
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try MultinomialNaiveBayes().fitted(to: sparse([], columns: 3), labels: [], classCount: 2)
        })
    }
}
