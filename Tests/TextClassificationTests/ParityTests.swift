import Foundation
import XCTest
@testable import TextClassification

/// Parity with scikit-learn on a committed fixture made by `scripts/make_parity_fixtures.py`:
/// the same vocabulary, idf and TF-IDF matrices (within 1e-5), the same predicted labels, and
/// probabilities within 1e-5 for naive Bayes and 1e-3 for logistic regression.
final class ParityTests: XCTestCase {
    struct Fixture: Decodable {
        struct Split: Decodable {
            let texts: [String]
            let labels: [String: [String]]
        }
        struct Bound: Decodable {
            let count: Int?
            let fraction: Double?
            var bound: DocumentFrequencyBound { count.map { .count($0) } ?? .fraction(fraction!) }
        }
        struct Options: Decodable {
            let ngram_max: Int
            let min_df: Bound
            let max_df: Bound
            let max_features: Int?
            let sublinear_tf: Bool
            let smooth_idf: Bool
            let norm: String
        }
        struct Vectorizer: Decodable {
            let name: String
            let options: Options
            let vocabulary: [String]
            let idf: [Double]
            let train_matrix: [[String: Double]]
            let test_matrix: [[String: Double]]
        }
        struct Model: Decodable {
            let name: String
            let vectorizer: String
            let field: String
            let algorithm: String
            let alpha: Double?
            let fit_prior: Bool?
            let c: Double?
            let tolerance: Double?
            let max_iterations: Int?
            let classes: [String]
            let test_predictions: [String]
            let test_probabilities: [[Double]]
        }
        let sklearn_version: String
        let train: Split
        let test: Split
        let vectorizers: [Vectorizer]
        let models: [Model]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "sklearn-parity", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    func vectorizer(_ options: Fixture.Options) -> TFIDFVectorizer {
        TFIDFVectorizer(ngramRange: 1 ... options.ngram_max, minDF: options.min_df.bound, maxDF: options.max_df.bound,
                        maxFeatures: options.max_features, sublinearTF: options.sublinear_tf,
                        smoothIDF: options.smooth_idf, norm: options.norm == "l2" ? .l2 : .none)
    }

    func assertMatrix(_ matrix: SparseMatrix, terms: [String], equals expected: [[String: Double]], _ label: String) {
        XCTAssertEqual(matrix.rowCount, expected.count, label)
        for (row, expectedRow) in expected.enumerated() {
            let actual = Dictionary(uniqueKeysWithValues: matrix.row(row).map { (terms[$0.column], Double($0.value)) })
            XCTAssertEqual(Set(actual.keys), Set(expectedRow.keys), "\(label) row \(row): stored terms")
            for (term, value) in expectedRow {
                XCTAssertEqual(actual[term] ?? .nan, value, accuracy: 1e-5, "\(label) row \(row) term \(term)")
            }
        }
    }

    func testVectorizersMatchScikitLearn() throws {
        let fixture = Self.fixture
        XCTAssertGreaterThanOrEqual(fixture.vectorizers.count, 4)
        for expected in fixture.vectorizers {
            let (model, features) = try vectorizer(expected.options).fittedWithFeatures(to: fixture.train.texts)
            XCTAssertEqual(model.terms, expected.vocabulary, "\(expected.name): vocabulary and column order")
            guard model.terms == expected.vocabulary else { continue }
            for (ours, theirs) in zip(model.idf, expected.idf) {
                XCTAssertEqual(ours, theirs, accuracy: 1e-5, "\(expected.name): idf")
            }
            assertMatrix(features, terms: model.terms, equals: expected.train_matrix, "\(expected.name) train")
            assertMatrix(model.features(for: fixture.test.texts), terms: model.terms, equals: expected.test_matrix, "\(expected.name) test")
        }
    }

    func testClassifiersMatchScikitLearn() throws {
        let fixture = Self.fixture
        XCTAssertGreaterThanOrEqual(fixture.models.count, 6)
        for expected in fixture.models {
            let options = try XCTUnwrap(fixture.vectorizers.first { $0.name == expected.vectorizer }).options
            let (vectorizerModel, features) = try vectorizer(options).fittedWithFeatures(to: fixture.train.texts)
            let labels = try XCTUnwrap(fixture.train.labels[expected.field])
            XCTAssertEqual(TextClassifier.sortedClasses(labels), expected.classes, expected.name)
            let encoded = labels.map { expected.classes.firstIndex(of: $0)! }
            let estimator: any ClassifierEstimator
            let tolerance: Double
            switch expected.algorithm {
            case "nb":
                estimator = MultinomialNaiveBayes(alpha: expected.alpha!, fitsPriors: expected.fit_prior!)
                tolerance = 1e-5
            case "cnb":
                estimator = ComplementNaiveBayes(alpha: expected.alpha!)
                tolerance = 1e-5
            default:
                estimator = LogisticRegression(c: expected.c!, tolerance: expected.tolerance!, maxIterations: expected.max_iterations!)
                tolerance = 1e-3
            }
            let classifier = try estimator.fitted(to: features, labels: encoded, classCount: expected.classes.count, threads: 1)
            let probabilities = classifier.probabilities(for: vectorizerModel.features(for: fixture.test.texts))
            let predictions = classifier.predictions(for: vectorizerModel.features(for: fixture.test.texts))
            XCTAssertEqual(predictions.map { expected.classes[$0] }, expected.test_predictions, "\(expected.name): labels")
            var largest = 0.0
            for (row, expectedRow) in expected.test_probabilities.enumerated() {
                for (column, value) in expectedRow.enumerated() {
                    largest = max(largest, abs(probabilities[row, column] - value))
                }
            }
            XCTAssertLessThanOrEqual(largest, tolerance, "\(expected.name): largest probability difference")
        }
    }
}
