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
        struct Block: Decodable {
            let analyzer: String
            let ngram_min: Int
            let ngram_max: Int
            let min_df: Int
            let sublinear_tf: Bool
            let hash_bits: Int?
            let alternate_sign: Bool
            let use_idf: Bool
        }
        struct FittedBlock: Decodable {
            let vocabulary: [String]?
            let idf: [Double]?
        }
        struct FeatureSet: Decodable {
            let name: String
            let blocks: [Block]
            let fitted: [FittedBlock]
            let train_matrix: [[String: Double]]
            let test_matrix: [[String: Double]]
        }
        struct Probe: Decodable {
            let term: String
            let murmur3: Int32
            let bucket_2_18: Int
            let negative: Bool
        }
        struct FeatureSets: Decodable {
            let sets: [FeatureSet]
            let murmur3_probes: [Probe]
        }
        struct FeatureModel: Decodable {
            let name: String
            let feature_set: String
            let algorithm: String
            let alpha: Double?
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
        let analyzer_train: Split
        let analyzer_test: Split
        let feature_sets: FeatureSets
        let feature_models: [FeatureModel]
    }

    /// The union a fixture's feature set describes; word blocks use scikit-learn's token pattern.
    func union(_ set: Fixture.FeatureSet) -> FeatureUnion {
        FeatureUnion(set.blocks.map { block in
            let kind = Analyzer.Kind(rawValue: block.analyzer)!
            return TFIDFVectorizer(
                analyzer: Analyzer(kind: kind, ngramRange: block.ngram_min ... block.ngram_max,
                                   tokenizer: Tokenizer(rules: .plain, minimumLength: 2)),
                minDF: .count(block.min_df), sublinearTF: block.sublinear_tf, usesIDF: block.use_idf,
                hashing: block.hash_bits.map { FeatureHashing(bits: $0, alternateSign: block.alternate_sign) })
        })
    }

    func assertColumns(_ matrix: SparseMatrix, equal expected: [[String: Double]], _ label: String) {
        assertRows(matrix, key: { String($0) }, equal: expected, label)
    }

    func testAnalyzersUnionsAndHashingMatchScikitLearn() throws {
        let fixture = Self.fixture
        XCTAssertEqual(fixture.feature_sets.sets.count, 6)
        for expected in fixture.feature_sets.sets {
            let (model, features) = try union(expected).fittedWithFeatures(to: fixture.analyzer_train.texts)
            XCTAssertEqual(model.blocks.count, expected.fitted.count, expected.name)
            for (block, fitted) in zip(model.blocks, expected.fitted) {
                if let vocabulary = fitted.vocabulary {
                    XCTAssertEqual(block.terms, vocabulary, "\(expected.name): vocabulary and column order")
                } else {
                    XCTAssertTrue(block.isHashed, expected.name)
                    XCTAssertNil(block.term(at: 0), expected.name)
                }
                XCTAssertEqual(block.idf.count, fitted.idf?.count ?? 0, "\(expected.name): idf count")
                for (ours, theirs) in zip(block.idf, fitted.idf ?? []) {
                    XCTAssertEqual(ours, theirs, accuracy: 1e-5, "\(expected.name): idf")
                }
            }
            assertColumns(features, equal: expected.train_matrix, "\(expected.name) train")
            assertColumns(model.features(for: fixture.analyzer_test.texts), equal: expected.test_matrix, "\(expected.name) test")
            for (row, text) in fixture.analyzer_test.texts.enumerated() {
                let single = model.features(for: text)
                let fromMatrix = model.features(for: [text]).row(0)
                XCTAssertEqual(single.indices.map(Int.init), fromMatrix.map(\.column), "\(expected.name) document \(row)")
                XCTAssertEqual(single.values, fromMatrix.map(\.value), "\(expected.name) document \(row)")
            }
        }
    }

    func testHashedTermsLandInScikitLearnsBucketWithItsSign() {
        let hashing = FeatureHashing(bits: 18, alternateSign: true)
        for probe in Self.fixture.feature_sets.murmur3_probes {
            XCTAssertEqual(Int32(bitPattern: MurmurHash3.hash32(probe.term, seed: 0)), probe.murmur3, probe.term)
            var term = probe.term
            let (column, sign) = term.withUTF8 { hashing.column(of: $0) }
            XCTAssertEqual(Int(column), probe.bucket_2_18, probe.term)
            XCTAssertEqual(sign, probe.negative ? -1 : 1, probe.term)
        }
    }

    func testModelsOnAnalyzerFeaturesMatchScikitLearn() throws {
        let fixture = Self.fixture
        XCTAssertGreaterThanOrEqual(fixture.feature_models.count, 8)
        for expected in fixture.feature_models {
            let set = try XCTUnwrap(fixture.feature_sets.sets.first { $0.name == expected.feature_set })
            let (model, features) = try union(set).fittedWithFeatures(to: fixture.analyzer_train.texts)
            let labels = try XCTUnwrap(fixture.analyzer_train.labels["topic"])
            let encoded = labels.map { expected.classes.firstIndex(of: $0)! }
            let estimator: any ClassifierEstimator
            let tolerance: Double
            switch expected.algorithm {
            case "nb": (estimator, tolerance) = (MultinomialNaiveBayes(alpha: expected.alpha!), 1e-5)
            case "cnb": (estimator, tolerance) = (ComplementNaiveBayes(alpha: expected.alpha!), 1e-5)
            default: (estimator, tolerance) = (LogisticRegression(c: expected.c!, tolerance: expected.tolerance!, maxIterations: expected.max_iterations!), 1e-3)
            }
            let classifier = try estimator.fitted(to: features, labels: encoded, classCount: expected.classes.count, threads: 1)
            let test = model.features(for: fixture.analyzer_test.texts)
            XCTAssertEqual(classifier.predictions(for: test).map { expected.classes[$0] }, expected.test_predictions, expected.name)
            let probabilities = classifier.probabilities(for: test)
            var largest = 0.0
            for (row, expectedRow) in expected.test_probabilities.enumerated() {
                for (column, value) in expectedRow.enumerated() { largest = max(largest, abs(probabilities[row, column] - value)) }
            }
            XCTAssertLessThanOrEqual(largest, tolerance, "\(expected.name): largest probability difference")
        }
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

    /// Each row's stored entries, keyed by `key(column)`, equal `expected` within 1e-5.
    func assertRows(_ matrix: SparseMatrix, key: (Int) -> String, equal expected: [[String: Double]], _ label: String) {
        XCTAssertEqual(matrix.rowCount, expected.count, label)
        for (row, expectedRow) in expected.enumerated() {
            let actual = Dictionary(uniqueKeysWithValues: matrix.row(row).map { (key($0.column), Double($0.value)) })
            XCTAssertEqual(Set(actual.keys), Set(expectedRow.keys), "\(label) row \(row): stored entries")
            for (name, value) in expectedRow {
                XCTAssertEqual(actual[name] ?? .nan, value, accuracy: 1e-5, "\(label) row \(row) entry \(name)")
            }
        }
    }

    func assertMatrix(_ matrix: SparseMatrix, terms: [String], equals expected: [[String: Double]], _ label: String) {
        assertRows(matrix, key: { terms[$0] }, equal: expected, label)
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
