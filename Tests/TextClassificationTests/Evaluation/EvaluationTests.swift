import Foundation
import TextClassification
import XCTest

final class EvaluationTests: XCTestCase {
    // MARK: Confusion matrix and report

    /// truth:     a a a b b c
    /// predicted: a a b b a a
    private let confusion = ConfusionMatrix(labels: ["a", "b", "c"], truth: [0, 0, 0, 1, 1, 2], predicted: [0, 0, 1, 1, 0, 0])

    func testConfusionMatrixCounts() {
        XCTAssertEqual(confusion.labels, ["a", "b", "c"])
        XCTAssertEqual(confusion.counts, [[2, 1, 0], [1, 1, 0], [1, 0, 0]])
        XCTAssertEqual(confusion.total, 6)
    }

    func testMostConfusedPairsRankOffDiagonalCellsByCount() {
        // Off the diagonal: a→b 1, b→a 1, c→a 1; ties stay in row-major order.
        let matrix = ConfusionMatrix(labels: ["a", "b", "c"], truth: [0, 0, 0, 1, 1, 2, 2, 2], predicted: [0, 0, 1, 1, 0, 0, 0, 1])
        XCTAssertEqual(matrix.counts, [[2, 1, 0], [1, 1, 0], [2, 1, 0]])
        let pairs = matrix.mostConfusedPairs()
        XCTAssertEqual(pairs.map(\.truth), ["c", "a", "b", "c"])
        XCTAssertEqual(pairs.map(\.predicted), ["a", "b", "a", "b"])
        XCTAssertEqual(pairs.map(\.count), [2, 1, 1, 1])
        XCTAssertEqual(matrix.mostConfusedPairs(limit: 2).map(\.count), [2, 1])
        XCTAssertEqual(matrix.mostConfusedPairs(limit: 0), [])
        XCTAssertEqual(matrix.mostConfusedPairs(limit: -3), [])
        let perfect = ConfusionMatrix(labels: ["a", "b"], truth: [0, 1], predicted: [0, 1])
        XCTAssertEqual(perfect.mostConfusedPairs(), [])
    }

    func testRowSharesDivideEachRowByItsTotal() {
        let shares = confusion.rowShares
        XCTAssertEqual(shares.count, 3)
        XCTAssertEqual(shares[0], [2.0 / 3, 1.0 / 3, 0])
        XCTAssertEqual(shares[1], [0.5, 0.5, 0])
        XCTAssertEqual(shares[2], [1, 0, 0])
        // A class that never occurs in the truth has an empty row: zeros, not NaN.
        let unseen = ConfusionMatrix(labels: ["a", "b"], truth: [0, 0], predicted: [0, 1])
        XCTAssertEqual(unseen.rowShares, [[0.5, 0.5], [0, 0]])
    }

    func testReportMatchesHandComputation() {
        let report = ClassificationReport(field: "topic", confusion: confusion)
        XCTAssertEqual(report.field, "topic")
        XCTAssertEqual(report.accuracy, 0.5, accuracy: 1e-12)
        XCTAssertEqual(report.classes.map(\.label), ["a", "b", "c"])
        XCTAssertEqual(report.classes.map(\.support), [3, 2, 1])
        // a: 2 right of 4 predicted, 2 of 3 found.
        XCTAssertEqual(report.classes[0].precision, 0.5, accuracy: 1e-12)
        XCTAssertEqual(report.classes[0].recall, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(report.classes[0].f1, 4.0 / 7, accuracy: 1e-12)
        // b: 1 of 2 predicted, 1 of 2 found.
        XCTAssertEqual(report.classes[1].precision, 0.5, accuracy: 1e-12)
        XCTAssertEqual(report.classes[1].recall, 0.5, accuracy: 1e-12)
        XCTAssertEqual(report.classes[1].f1, 0.5, accuracy: 1e-12)
        // c: never predicted (precision 0/0 → 0), never found.
        XCTAssertEqual(report.classes[2].precision, 0)
        XCTAssertEqual(report.classes[2].recall, 0)
        XCTAssertEqual(report.classes[2].f1, 0)
        XCTAssertEqual(report.macroF1, (4.0 / 7 + 0.5 + 0) / 3, accuracy: 1e-12)
        XCTAssertEqual(report.macroF1, 5.0 / 14, accuracy: 1e-12)
        XCTAssertEqual(report.weightedF1, (3 * 4.0 / 7 + 2 * 0.5) / 6, accuracy: 1e-12)
    }

    func testClassWithoutSupportScoresZero() {
        // "d" is predicted once but never true: precision 0, recall 0/0 → 0.
        let matrix = ConfusionMatrix(labels: ["a", "d"], truth: [0, 0, 0], predicted: [0, 1, 0])
        let report = ClassificationReport(field: "f", confusion: matrix)
        XCTAssertEqual(report.classes[1].support, 0)
        XCTAssertEqual(report.classes[1].precision, 0)
        XCTAssertEqual(report.classes[1].recall, 0)
        XCTAssertEqual(report.classes[1].f1, 0)
        XCTAssertEqual(report.classes[0].precision, 1)
        XCTAssertEqual(report.classes[0].recall, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(report.accuracy, 2.0 / 3, accuracy: 1e-12)
        // Both classes occur (d in the predictions), so both count in macro-F1: (0.8 + 0) / 2.
        XCTAssertEqual(report.macroF1, 0.4, accuracy: 1e-12)
    }

    func testClassThatNeverOccursDoesNotCountInMacroF1() {
        // "c" is a class of the model but neither true nor predicted in this test set, as
        // scikit-learn's f1_score(average="macro") leaves out labels absent from both.
        let matrix = ConfusionMatrix(labels: ["a", "b", "c"], truth: [0, 0, 1, 1], predicted: [0, 1, 1, 1])
        let report = ClassificationReport(field: "f", confusion: matrix)
        let a = 2 * 1.0 * 0.5 / 1.5, b = 2 * (2.0 / 3) * 1 / (2.0 / 3 + 1)
        XCTAssertEqual(report.classes.count, 3)
        XCTAssertEqual(report.classes[2].f1, 0)
        XCTAssertEqual(report.macroF1, (a + b) / 2, accuracy: 1e-12)
        XCTAssertEqual(report.weightedF1, (2 * a + 2 * b) / 4, accuracy: 1e-12)
    }

    func testEmptyConfusionGivesZeros() {
        let report = ClassificationReport(field: "f", confusion: ConfusionMatrix(labels: ["a", "b"], truth: [], predicted: []))
        XCTAssertEqual(report.accuracy, 0)
        XCTAssertEqual(report.macroF1, 0)
        XCTAssertEqual(report.weightedF1, 0)
    }

    func testPerfectPredictions() {
        let report = ClassificationReport(field: "f", confusion: ConfusionMatrix(labels: ["x", "y"], truth: [0, 1, 1], predicted: [0, 1, 1]))
        XCTAssertEqual(report.accuracy, 1)
        XCTAssertEqual(report.macroF1, 1)
        XCTAssertEqual(report.confusion.counts, [[1, 0], [0, 2]])
    }

    // MARK: Evaluating a classifier

    private func trainedClassifier() throws -> TextClassifier {
        let training = Dataset(
            source: "train.jsonl", fieldNames: ["topic"],
            texts: ["donbas territory land", "land border donbas", "security guarantees nato", "nato treaty guarantees"],
            labels: ["topic": ["territory", "territory", "guarantees", "guarantees"]])
        return try TextClassifierEstimator(algorithm: .naiveBayes(.init())).fitted(to: training)
    }

    func testEvaluationOfAClassifier() throws {
        let classifier = try trainedClassifier()
        let test = Dataset(source: "test.jsonl", fieldNames: ["topic"],
                           texts: ["donbas land", "nato guarantees", "border treaty treaty"],
                           labels: ["topic": ["territory", "guarantees", "territory"]])
        let evaluation = try classifier.evaluation(on: test)
        XCTAssertEqual(evaluation.documentCount, 3)
        XCTAssertEqual(evaluation.fields.count, 1)
        let report = evaluation.fields[0]
        XCTAssertEqual(report.field, "topic")
        XCTAssertEqual(report.confusion.labels, ["guarantees", "territory"])
        // The third document says "treaty" twice and "border" once: predicted guarantees.
        XCTAssertEqual(report.confusion.counts, [[1, 0], [1, 1]])
        XCTAssertEqual(report.accuracy, 2.0 / 3, accuracy: 1e-12)
    }

    func testUnseenLabelThrowsDataErrorNamingTheLine() throws {
        let classifier = try trainedClassifier()
        let test = Dataset(source: "test.jsonl", fieldNames: ["topic"], texts: ["donbas", "nato", "poll"],
                           labels: ["topic": ["territory", "guarantees", "polling"]], lines: [2, 5, 9])
        let error = thrownError(DataError.self) { try classifier.evaluation(on: test) }
        XCTAssertEqual(error?.file, "test.jsonl")
        XCTAssertEqual(error?.line, 9)
        XCTAssertEqual(error?.field, "topic")
        XCTAssertEqual(error?.description.hasPrefix("test.jsonl:9: field \"topic\": label \"polling\" was not seen in training"), true,
                       error?.description ?? "")
    }

    func testMissingFieldThrowsDataError() throws {
        let classifier = try trainedClassifier()
        let test = Dataset(source: "test.jsonl", fieldNames: ["stance"], texts: ["donbas"], labels: ["stance": ["favor"]])
        let error = thrownError(DataError.self) { try classifier.evaluation(on: test) }
        XCTAssertEqual(error?.field, "topic")
        XCTAssertNil(error?.line)
    }

    // MARK: Cross-validation

    /// 10 of a, 7 of b, 4 of c: each document is its class word plus a unique word.
    private func threeClasses() -> Dataset {
        var texts: [String] = [], labels: [String] = []
        for (label, count) in [("a", 10), ("b", 7), ("c", 4)] {
            for index in 0 ..< count {
                texts.append("word\(label) word\(label) unique\(label)\(index)")
                labels.append(label)
            }
        }
        return Dataset(source: "cv", fieldNames: ["topic"], texts: texts, labels: ["topic": labels])
    }

    func testFoldsAreStratified() throws {
        let dataset = threeClasses()
        for folds in [2, 3, 4] {
            let assignment = try CrossValidation(folds: folds, seed: 1).foldAssignments(for: dataset)
            XCTAssertEqual(assignment.count, dataset.count)
            XCTAssertTrue(assignment.allSatisfy { (0 ..< folds).contains($0) })
            for label in ["a", "b", "c"] {
                let members = try dataset.labels(of: "topic").indices.filter { try dataset.labels(of: "topic")[$0] == label }
                let perFold = (0 ..< folds).map { fold in members.filter { assignment[$0] == fold }.count }
                let share = Double(members.count) / Double(folds)
                for count in perFold {
                    XCTAssertLessThanOrEqual(abs(Double(count) - share), 1, "\(folds) folds, class \(label): \(perFold)")
                }
                XCTAssertLessThanOrEqual(perFold.max()! - perFold.min()!, 1, "\(folds) folds, class \(label): \(perFold)")
            }
            let sizes = (0 ..< folds).map { fold in assignment.filter { $0 == fold }.count }
            XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1, "fold sizes \(sizes)")
        }
    }

    func testFoldsAreDeterministicForASeedAndDifferForAnother() throws {
        let dataset = threeClasses()
        let first = try CrossValidation(folds: 3, seed: 7).foldAssignments(for: dataset)
        let again = try CrossValidation(folds: 3, seed: 7).foldAssignments(for: dataset)
        let other = try CrossValidation(folds: 3, seed: 8).foldAssignments(for: dataset)
        XCTAssertEqual(first, again)
        XCTAssertNotEqual(first, other)
    }

    func testStratifiesByTheNamedField() throws {
        let dataset = Dataset(source: "s", fieldNames: ["topic", "stance"], texts: (0 ..< 8).map { "t\($0)" },
                              labels: ["topic": ["x", "x", "x", "x", "y", "y", "y", "y"],
                                       "stance": ["p", "p", "p", "p", "p", "p", "q", "q"]])
        let assignment = try CrossValidation(folds: 2, seed: 3, stratifyBy: "stance").foldAssignments(for: dataset)
        XCTAssertEqual(assignment[6] == assignment[7], false, "the two q documents go to different folds")
    }

    func testInvalidFoldCountsThrow() {
        let dataset = threeClasses()
        for folds in [1, 0, -3] {
            let error = thrownError(InvalidParameter.self) { try CrossValidation(folds: folds).foldAssignments(for: dataset) }
            XCTAssertEqual(error?.name, "folds")
        }
        XCTAssertEqual(thrownError(InvalidParameter.self) { try CrossValidation(folds: 22).foldAssignments(for: dataset) }?.name,
                       "folds")
        XCTAssertNotNil(thrownError(InvalidParameter.self) {
            try CrossValidation(folds: 1).evaluate(TextClassifierEstimator(), on: dataset)
        })
    }

    func testCrossValidationOfSeparableDataIsPerfect() throws {
        let estimator = TextClassifierEstimator(algorithm: .naiveBayes(.init()))
        let report = try CrossValidation(folds: 3, seed: 5).evaluate(estimator, on: threeClasses())
        XCTAssertEqual(report.folds.count, 3)
        XCTAssertEqual(report.fieldNames, ["topic"])
        XCTAssertEqual(report.folds.map(\.documentCount).reduce(0, +), 21)
        XCTAssertEqual(report.accuracy(of: "topic").mean, 1, accuracy: 1e-12)
        XCTAssertEqual(report.accuracy(of: "topic").standardDeviation, 0, accuracy: 1e-12)
        XCTAssertEqual(report.macroF1(of: "topic").mean, 1, accuracy: 1e-12)
    }

    func testCrossValidationSpreadIsTheSampleStandardDeviation() throws {
        let dataset = toyCorpus(documents: 60)
        let estimator = TextClassifierEstimator(algorithm: .complementNaiveBayes(.init()))
        let report = try CrossValidation(folds: 4, seed: 2).evaluate(estimator, on: dataset)
        for field in ["topic", "stance"] {
            let accuracies = report.folds.map { $0.fields.first { $0.field == field }!.accuracy }
            XCTAssertEqual(accuracies.count, 4)
            let mean = accuracies.reduce(0, +) / 4
            let std = (accuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3).squareRoot()
            XCTAssertEqual(report.accuracy(of: field).mean, mean, accuracy: 1e-12)
            XCTAssertEqual(report.accuracy(of: field).standardDeviation, std, accuracy: 1e-12)
        }
        // Same seed, same report.
        let again = try CrossValidation(folds: 4, seed: 2).evaluate(estimator, on: dataset)
        XCTAssertEqual(again.folds, report.folds)
    }
}
