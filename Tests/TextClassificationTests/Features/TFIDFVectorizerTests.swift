import Foundation
import TextClassification
import XCTest

/// TF-IDF on small corpora whose weights are computed by hand.
final class TFIDFVectorizerTests: XCTestCase {
    /// df: apple 3, banana 2, cherry 1; n = 3. Counts: doc 2 holds banana twice.
    private let fruit = ["apple banana", "apple cherry", "apple banana banana"]

    private func rowsAreUnitLength(_ matrix: SparseMatrix, file: StaticString = #filePath, line: UInt = #line) {
        for row in 0 ..< matrix.rowCount {
            let norm = matrix.row(row).reduce(0.0) { $0 + Double($1.value) * Double($1.value) }.squareRoot()
            XCTAssertEqual(norm, 1, accuracy: 1e-6, "row \(row)", file: file, line: line)
        }
    }

    // MARK: idf and tf

    func testSmoothIDFIsLogOfOnePlusNOverOnePlusDFPlusOne() throws {
        let model = try TFIDFVectorizer().fitted(to: fruit)
        XCTAssertEqual(model.terms, ["apple", "banana", "cherry"])
        XCTAssertEqual(model.idf[0], 1, accuracy: 1e-12)                  // ln(4/4) + 1
        XCTAssertEqual(model.idf[1], log(4.0 / 3.0) + 1, accuracy: 1e-12) // ln(4/3) + 1
        XCTAssertEqual(model.idf[2], log(2.0) + 1, accuracy: 1e-12)       // ln(4/2) + 1
    }

    func testUnsmoothedIDFIsLogOfNOverDFPlusOne() throws {
        let model = try TFIDFVectorizer(smoothIDF: false).fitted(to: fruit)
        XCTAssertEqual(model.idf[0], 1, accuracy: 1e-12)
        XCTAssertEqual(model.idf[1], log(1.5) + 1, accuracy: 1e-12)
        XCTAssertEqual(model.idf[2], log(3.0) + 1, accuracy: 1e-12)
    }

    func testRawCountsTimesIDFWithoutNorm() throws {
        let (model, matrix) = try TFIDFVectorizer(norm: .none).fittedWithFeatures(to: fruit)
        let banana = model.idf[1], cherry = model.idf[2]
        let expected: [[Double]] = [[1, banana, 0], [1, 0, cherry], [1, 2 * banana, 0]]
        XCTAssertEqual(matrix.rowCount, 3)
        XCTAssertEqual(matrix.columnCount, 3)
        XCTAssertEqual(matrix.storedCount, 6)
        for row in 0 ..< 3 {
            for column in 0 ..< 3 {
                XCTAssertEqual(Double(matrix[row, column]), expected[row][column], accuracy: 1e-6, "(\(row), \(column))")
            }
        }
    }

    func testSublinearTFIsOnePlusLogCount() throws {
        let (model, matrix) = try TFIDFVectorizer(sublinearTF: true, norm: .none).fittedWithFeatures(to: fruit)
        XCTAssertEqual(Double(matrix[2, 1]), (1 + log(2.0)) * model.idf[1], accuracy: 1e-6)
        XCTAssertEqual(Double(matrix[2, 0]), 1, accuracy: 1e-6)
        XCTAssertEqual(Double(matrix[0, 1]), model.idf[1], accuracy: 1e-6)
    }

    func testL2RowsHaveUnitNormAndKeepProportions() throws {
        let (model, matrix) = try TFIDFVectorizer().fittedWithFeatures(to: fruit)
        rowsAreUnitLength(matrix)
        // Row 2 before normalising: (1, 2·idf_banana).
        let banana = 2 * model.idf[1]
        let norm = (1 + banana * banana).squareRoot()
        XCTAssertEqual(Double(matrix[2, 0]), 1 / norm, accuracy: 1e-6)
        XCTAssertEqual(Double(matrix[2, 1]), banana / norm, accuracy: 1e-6)
        XCTAssertEqual(matrix[2, 2], 0)
    }

    func testDocumentWithoutKnownTermsIsAnEmptyRow() throws {
        let (model, matrix) = try TFIDFVectorizer().fittedWithFeatures(to: ["apple", "!!!", "banana"])
        XCTAssertEqual(model.terms, ["apple", "banana"])
        XCTAssertEqual(matrix.row(1).count, 0)
        rowsAreUnitLength(matrix.rows([0, 2]))
    }

    // MARK: Pruning

    func testMinDFAsCountAndFraction() throws {
        XCTAssertEqual(try TFIDFVectorizer(minDF: .count(2)).fitted(to: fruit).terms, ["apple", "banana"])
        XCTAssertEqual(try TFIDFVectorizer(minDF: .count(3)).fitted(to: fruit).terms, ["apple"])
        // 0.5 of 3 documents = 1.5: df 2 and 3 stay.
        XCTAssertEqual(try TFIDFVectorizer(minDF: .fraction(0.5)).fitted(to: fruit).terms, ["apple", "banana"])
        XCTAssertEqual(try TFIDFVectorizer(minDF: .fraction(1)).fitted(to: fruit).terms, ["apple"])
    }

    func testMaxDFAsCountAndFraction() throws {
        XCTAssertEqual(try TFIDFVectorizer(maxDF: .count(2)).fitted(to: fruit).terms, ["banana", "cherry"])
        XCTAssertEqual(try TFIDFVectorizer(maxDF: .fraction(0.5)).fitted(to: fruit).terms, ["cherry"])
        XCTAssertEqual(try TFIDFVectorizer(maxDF: .fraction(0.7)).fitted(to: fruit).terms, ["banana", "cherry"])
    }

    func testIDFUsesAllDocumentsAfterPruning() throws {
        let model = try TFIDFVectorizer(minDF: .count(2)).fitted(to: fruit)
        XCTAssertEqual(model.idf[1], log(4.0 / 3.0) + 1, accuracy: 1e-12)
    }

    func testMaxFeaturesKeepsTheMostFrequentTerms() throws {
        // Totals: common 4, other 2, rare 1.
        let documents = ["rare common common common", "common other other"]
        let model = try TFIDFVectorizer(maxFeatures: 2).fitted(to: documents)
        XCTAssertEqual(model.terms, ["common", "other"])
        XCTAssertEqual(try TFIDFVectorizer(maxFeatures: 1).fitted(to: documents).terms, ["common"])
        XCTAssertEqual(try TFIDFVectorizer(maxFeatures: 10).fitted(to: documents).terms, ["common", "other", "rare"])
    }

    func testMaxFeaturesBreaksTiesAlphabetically() throws {
        // zeta and alpha both occur twice, mid once.
        let documents = ["zeta alpha", "mid zeta alpha"]
        XCTAssertEqual(try TFIDFVectorizer(maxFeatures: 1).fitted(to: documents).terms, ["alpha"])
        XCTAssertEqual(try TFIDFVectorizer(maxFeatures: 2).fitted(to: documents).terms, ["alpha", "zeta"])
    }

    func testMaxFeaturesCountsOccurrencesNotDocuments() throws {
        // "many" is in one document three times; "wide" in two documents once each.
        let documents = ["many many many wide", "wide"]
        XCTAssertEqual(try TFIDFVectorizer(maxFeatures: 1).fitted(to: documents).terms, ["many"])
    }

    // MARK: N-grams and column order

    func testBigramsAreNamedWithASpace() throws {
        let model = try TFIDFVectorizer(ngramRange: 1 ... 2).fitted(to: ["New York city"])
        XCTAssertEqual(model.terms, ["city", "new", "new york", "york", "york city"])
        let bigramsOnly = try TFIDFVectorizer(ngramRange: 2 ... 2).fitted(to: ["New York city", "York city hall"])
        XCTAssertEqual(bigramsOnly.terms, ["city hall", "new york", "york city"])
    }

    func testNGramsAreFormedAfterStopWordRemoval() throws {
        let model = try TFIDFVectorizer(tokenizer: Tokenizer(removesStopWords: true), ngramRange: 2 ... 2)
            .fitted(to: ["cede the land"])
        XCTAssertEqual(model.terms, ["cede land"])
    }

    func testColumnsAreInCodePointOrder() throws {
        let model = try TFIDFVectorizer().fitted(to: ["Zebra éclair apple", "2024 Ärger zoo"])
        XCTAssertEqual(model.terms.map { Array($0.utf8) },
                       ["2024", "apple", "zebra", "zoo", "ärger", "éclair"].map { Array($0.utf8) })
    }

    // MARK: Transform

    func testUnknownWordsAreIgnoredAtTransform() throws {
        let model = try TFIDFVectorizer().fitted(to: fruit)
        let vector = model.features(for: "apple durian durian kiwi")
        XCTAssertEqual(vector.dimension, 3)
        XCTAssertEqual(vector.indices, [0])
        XCTAssertEqual(vector.values, [1])
        let empty = model.features(for: "durian")
        XCTAssertEqual(empty.indices, [])
        XCTAssertEqual(empty.values, [])
    }

    func testSingleDocumentFeaturesEqualTheMatrixRow() throws {
        let documents = ["Ukraine’s security guarantees depend on a peace deal.",
                         "Approximately 54% of respondents oppose ceding the region.",
                         "The U.S. security guarantees are contingent on territorial concessions.",
                         "Kyiv will not cede Donetsk."]
        let (model, matrix) = try TFIDFVectorizer(ngramRange: 1 ... 2, sublinearTF: true).fittedWithFeatures(to: documents)
        for (row, document) in documents.enumerated() {
            let vector = model.features(for: document)
            XCTAssertEqual(vector.indices.map(Int.init), matrix.row(row).map(\.column), "row \(row)")
            XCTAssertEqual(vector.values, matrix.row(row).map(\.value), "row \(row)")
        }
        XCTAssertEqual(model.features(for: documents), matrix)
    }

    func testTransformOfNewDocumentsUsesTrainingIDF() throws {
        let model = try TFIDFVectorizer(norm: .none).fitted(to: fruit)
        let matrix = model.features(for: ["cherry cherry", "banana apple"])
        XCTAssertEqual(Double(matrix[0, 2]), 2 * (log(2.0) + 1), accuracy: 1e-6)
        XCTAssertEqual(Double(matrix[1, 0]), 1, accuracy: 1e-6)
        XCTAssertEqual(Double(matrix[1, 1]), log(4.0 / 3.0) + 1, accuracy: 1e-6)
    }

    // MARK: Errors

    func testInvalidOptionsThrowInvalidParameter() {
        let cases: [(TFIDFVectorizer, String)] = [
            (TFIDFVectorizer(ngramRange: 0 ... 1), "ngramRange"),
            (TFIDFVectorizer(ngramRange: 1 ... 10), "ngramRange"),
            (TFIDFVectorizer(minDF: .fraction(1.5)), "minDF"),
            (TFIDFVectorizer(minDF: .count(-1)), "minDF"),
            (TFIDFVectorizer(maxDF: .fraction(1.5)), "maxDF"),
            (TFIDFVectorizer(maxDF: .fraction(-0.1)), "maxDF"),
            (TFIDFVectorizer(maxFeatures: 0), "maxFeatures"),
        ]
        for (vectorizer, name) in cases {
            XCTAssertEqual(thrownError(InvalidParameter.self) { try vectorizer.validate() }?.name, name)
            XCTAssertEqual(thrownError(InvalidParameter.self) { try vectorizer.fitted(to: fruit) }?.name, name)
        }
        let error = thrownError(InvalidParameter.self) { try TFIDFVectorizer(minDF: .fraction(1.5)).fitted(to: fruit) }
        XCTAssertEqual(error?.value, "1.5")
        XCTAssertEqual(error?.description, "minDF must be a fraction in [0, 1]; got 1.5")
    }

    func testMaxDFBelowMinDFThrowsInvalidParameter() {
        let error = thrownError(InvalidParameter.self) {
            try TFIDFVectorizer(minDF: .count(3), maxDF: .count(1)).fitted(to: fruit)
        }
        XCTAssertEqual(error?.name, "maxDF")
        let fractions = thrownError(InvalidParameter.self) {
            try TFIDFVectorizer(minDF: .fraction(0.8), maxDF: .fraction(0.2)).fitted(to: fruit)
        }
        XCTAssertEqual(fractions?.name, "maxDF")
    }

    func testEmptyCorpusThrowsTrainingError() {
        XCTAssertNotNil(thrownError(TrainingError.self) { try TFIDFVectorizer().fitted(to: []) })
    }

    func testCorpusWithoutWordsThrowsTrainingError() {
        XCTAssertNotNil(thrownError(TrainingError.self) { try TFIDFVectorizer().fitted(to: ["", "  ", "!!! —"]) })
        // Only stop words, removed.
        XCTAssertNotNil(thrownError(TrainingError.self) {
            try TFIDFVectorizer(tokenizer: Tokenizer(removesStopWords: true)).fitted(to: ["the and of", "it was"])
        })
    }

    func testPruningEveryTermThrowsTrainingError() {
        let error = thrownError(TrainingError.self) {
            try TFIDFVectorizer(minDF: .count(2)).fitted(to: ["apple", "banana", "cherry"])
        }
        XCTAssertEqual(error?.message.contains("no terms remain"), true)
    }

    // MARK: Threads

    func testResultsAreIdenticalWithOneAndFourThreads() throws {
        let documents = toyCorpus(documents: 240).texts
        let vectorizer = TFIDFVectorizer(ngramRange: 1 ... 2, minDF: .count(2), sublinearTF: true)
        let (single, singleMatrix) = try vectorizer.fittedWithFeatures(to: documents, threads: 1)
        let (multi, multiMatrix) = try vectorizer.fittedWithFeatures(to: documents, threads: 4)
        XCTAssertEqual(single.terms, multi.terms)
        XCTAssertEqual(single.idf, multi.idf)
        XCTAssertEqual(singleMatrix, multiMatrix)
        XCTAssertGreaterThan(singleMatrix.storedCount, 1000)
        XCTAssertEqual(single.features(for: documents, threads: 4), singleMatrix)
        XCTAssertEqual(multi.features(for: documents, threads: 1), singleMatrix)
    }
}
