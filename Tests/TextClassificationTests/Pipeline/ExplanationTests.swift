import Foundation
import TextClassification
import XCTest

final class ExplanationTests: XCTestCase {
    private let training = Dataset(
        source: "train.jsonl", fieldNames: ["topic"],
        texts: ["the donbas land must be ceded", "the land in donbas and the border", "the security guarantees from nato",
                "nato treaty and the guarantees", "the troops and drones at the front", "the front and the artillery troops"],
        labels: ["topic": ["territory", "territory", "guarantees", "guarantees", "military", "military"]])

    private func fitted(_ algorithm: ClassifierAlgorithm, features: FeatureUnion = FeatureUnion(TFIDFVectorizer())) throws -> TextClassifier {
        try TextClassifierEstimator(features: features, algorithm: algorithm).fitted(to: training)
    }

    func testContributionsAndInterceptAddUpToTheMargin() throws {
        let union = FeatureUnion([TFIDFVectorizer(ngramRange: 1 ... 2), TFIDFVectorizer(analyzer: .characters(2 ... 4, withinWordBoundaries: true))])
        for algorithm: ClassifierAlgorithm in [.logisticRegression(LogisticRegression(c: 10)), .naiveBayes(.init()), .complementNaiveBayes(.init())] {
            let classifier = try fitted(algorithm, features: union)
            for text in ["nato guarantees for the land", "drones", "", "words never seen"] {
                let explanation = classifier.explanation(for: text)
                let field = try XCTUnwrap(explanation["topic"])
                let prediction = try XCTUnwrap(classifier.prediction(for: text)["topic"])
                XCTAssertEqual(field.label, prediction.label, "\(algorithm.shortName): \(text)")
                let total = field.intercept + field.contributions.map(\.contribution).reduce(0, +)
                XCTAssertEqual(total, field.margin, accuracy: 1e-9 * max(1, abs(field.margin)), "\(algorithm.shortName): \(text)")
                // The margin of two scores is the log of their probabilities' ratio under the softmax.
                let probability = { (label: String) in prediction.probabilities.first { $0.label == label }!.probability }
                XCTAssertEqual(field.margin, log(probability(field.label) / probability(field.runnerUp)), accuracy: 1e-5)
                XCTAssertGreaterThanOrEqual(field.margin, 0)
                XCTAssertEqual(field.contributions.map(\.contribution), field.contributions.map(\.contribution).sorted(by: >))
                XCTAssertTrue(field.toward(3).allSatisfy { $0.contribution > 0 })
                XCTAssertTrue(field.against(3).allSatisfy { $0.contribution < 0 })
                XCTAssertTrue(field.contributions.allSatisfy { $0.feature.terms.count == 1 && $0.value > 0 })
            }
        }
    }

    func testTheStrongestTermsAreTheOnesThatDecide() throws {
        let classifier = try fitted(.logisticRegression(LogisticRegression(c: 10)))
        let field = try XCTUnwrap(classifier.explanation(for: "nato guarantees for the donbas")["topic"])
        XCTAssertEqual(field.label, "guarantees")
        let toward = field.toward(2).flatMap(\.feature.terms)
        XCTAssertTrue(Set(toward).isSubset(of: ["nato", "guarantees"]), "\(toward)")
        XCTAssertEqual(field.against(1).first?.feature.terms, ["donbas"])
        XCTAssertEqual(field.toward(0), [])
    }

    func testTopTermsRankByWeightOrByLogOdds() throws {
        for algorithm: ClassifierAlgorithm in [.logisticRegression(LogisticRegression(c: 10)), .naiveBayes(.init()), .complementNaiveBayes(.init())] {
            let terms = try fitted(algorithm).topTerms(for: "topic", count: 3)
            XCTAssertEqual(terms.map(\.label), ["guarantees", "military", "territory"])
            for classTerms in terms {
                XCTAssertEqual(classTerms.terms.count, 3)
                XCTAssertEqual(classTerms.terms.map(\.score), classTerms.terms.map(\.score).sorted(by: >))
                // "the" is in every document: frequent, but it raises no class.
                XCTAssertFalse(classTerms.terms.contains { $0.feature.terms == ["the"] }, "\(algorithm.shortName) \(classTerms.label)")
            }
            let territory = terms[2].terms.flatMap(\.feature.terms)
            XCTAssertTrue(territory.contains("donbas") || territory.contains("land"), "\(algorithm.shortName): \(territory)")
        }
    }

    func testHashedColumnsAreNamedByTheDocumentsOwnTerms() throws {
        let hashed = FeatureUnion(TFIDFVectorizer(hashing: FeatureHashing(bits: 12)))
        let classifier = try fitted(.logisticRegression(LogisticRegression(c: 10)), features: hashed)
        let field = try XCTUnwrap(classifier.explanation(for: "nato guarantees")["topic"])
        XCTAssertFalse(field.contributions.isEmpty)
        for contribution in field.contributions {
            XCTAssertTrue(contribution.feature.isHashed)
            XCTAssertEqual(contribution.feature.bucket, contribution.feature.column)
            XCTAssertFalse(contribution.feature.terms.isEmpty)
            XCTAssertTrue(contribution.feature.terms.allSatisfy { ["nato", "guarantees"].contains($0) })
        }
        let top = try classifier.topTerms(for: "topic", count: 2)
        XCTAssertTrue(top.allSatisfy { $0.terms.allSatisfy { $0.feature.isHashed && $0.feature.terms.isEmpty } })
    }

    func testTopTermsRefuseAnUnknownFieldOrCount() throws {
        let classifier = try fitted(.naiveBayes(.init()))
        XCTAssertEqual(thrownError(InvalidParameter.self) { try classifier.topTerms(for: "stance", count: 3) }?.name, "field")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try classifier.topTerms(for: "topic", count: 0) }?.name, "count")
    }
}
