import Foundation
@testable import TextClassification
import XCTest

/// Streaming training against in-memory training on the same hashed features, and the stream's
/// own reading: blocks cut at record ends, line numbers, headers, errors.
final class StreamingFitTests: XCTestCase {
    /// The toy corpus as JSON Lines, with a blank line now and then.
    private func jsonLines(_ dataset: Dataset) -> String {
        (0 ..< dataset.count).map { row in
            let object: [String: String] = ["text": dataset.texts[row], "topic": dataset.labels["topic"]![row],
                                             "stance": dataset.labels["stance"]![row]]
            let line = String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            return row % 17 == 5 ? line + "\n" : line
        }.joined(separator: "\n") + "\n"
    }

    private func write(_ text: String, named name: String) throws -> String {
        let path = try makeTemporaryFolder(for: self).appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func estimator(_ algorithm: ClassifierAlgorithm, idf: Bool = true, threads: Int = 1) -> TextClassifierEstimator {
        TextClassifierEstimator(
            features: FeatureUnion([
                TFIDFVectorizer(analyzer: .words(1 ... 2), usesIDF: idf, hashing: FeatureHashing(bits: 10)),
                TFIDFVectorizer(analyzer: Analyzer(kind: .charWordBounded, ngramRange: 2 ... 3), sublinearTF: true,
                                hashing: FeatureHashing(bits: 9)),
            ]),
            algorithm: algorithm, threads: threads)
    }

    private let reader = DatasetReader(labelFields: ["topic", "stance"])

    func testNaiveBayesFromAStreamIsTheInMemoryModelByteForByte() throws {
        let corpus = toyCorpus(documents: 300)
        let path = try write(jsonLines(corpus), named: "train.jsonl")
        for algorithm in [ClassifierAlgorithm.naiveBayes(MultinomialNaiveBayes(alpha: 0.5)),
                          .complementNaiveBayes(ComplementNaiveBayes(alpha: 0.3))] {
            for idf in [true, false] {
                let inMemory = try estimator(algorithm, idf: idf).fitted(to: try reader.read(contentsOf: path))
                // Small blocks: many batches, records cut at every kind of place.
                let streamed = try estimator(algorithm, idf: idf, threads: 2)
                    .fitted(to: DatasetStream(reader: reader, path: path, blockBytes: 700))
                XCTAssertEqual(try ModelFile.encode(streamed), try ModelFile.encode(inMemory), "\(algorithm.shortName), idf \(idf)")
            }
        }
    }

    func testStreamedLogisticRegressionIsCloseToLBFGSAndTheSameOnAnyThreads() throws {
        let path = try write(jsonLines(toyCorpus(documents: 500, seed: 3)), named: "train.jsonl")
        let test = toyCorpus(documents: 300, seed: 99)
        let regression = ClassifierAlgorithm.logisticRegression(LogisticRegression(c: 10))
        let lbfgs = try estimator(regression).fitted(to: try reader.read(contentsOf: path))
        let online = OnlineLogisticRegression(passes: 3, learningRate: 0.5, batchSize: 16)
        let one = try estimator(regression, threads: 1).fitted(to: DatasetStream(reader: reader, path: path, blockBytes: 4096), online: online)
        let two = try estimator(regression, threads: 2).fitted(to: DatasetStream(reader: reader, path: path, blockBytes: 4096), online: online)
        XCTAssertEqual(try ModelFile.encode(one), try ModelFile.encode(two))
        let reference = try lbfgs.evaluation(on: test), streamed = try one.evaluation(on: test)
        for field in ["topic", "stance"] {
            let accuracy = streamed[field]!.accuracy, target = reference[field]!.accuracy
            XCTAssertGreaterThan(accuracy, target - 0.03, "\(field): streamed \(accuracy), L-BFGS \(target)")
        }
        XCTAssertEqual(one.fields[0].model.training?.stopReason, .passesCompleted)
        XCTAssertEqual(one.fields[0].model.training?.iterations, 3)
        XCTAssertEqual(one.fields.map(\.classes), lbfgs.fields.map(\.classes))
    }

    func testABadLineMidStreamIsNamedAsTheWholeFileReaderNamesIt() throws {
        var text = jsonLines(toyCorpus(documents: 200))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[150] = "{\"text\": \"no labels here\", \"topic\": \"territory\"}"
        text = lines.joined(separator: "\n")
        let path = try write(text, named: "bad.jsonl")
        let whole = thrownError(DataError.self) { try reader.read(contentsOf: path) }
        let streamed = thrownError(DataError.self) {
            try estimator(.naiveBayes(MultinomialNaiveBayes())).fitted(to: DatasetStream(reader: reader, path: path, blockBytes: 512))
        }
        XCTAssertEqual(streamed, whole)
        XCTAssertEqual(streamed?.line, 151)
        XCTAssertEqual(streamed?.field, "stance")
    }

    func testCSVRecordsWithLineBreaksAcrossBlocksAndAHeaderInEveryBlock() throws {
        var csv = "\u{FEFF}text,label\n"
        for index in 0 ..< 120 {
            let text = index % 3 == 0 ? "\"first line\nsecond, \"\"quoted\"\" line \(index)\"" : "plain words \(index)"
            csv += "\(text),\(index % 2 == 0 ? "even" : "odd")\n"
        }
        let path = try write(csv, named: "data.csv")
        let csvReader = DatasetReader(labelFields: ["label"])
        let whole = try csvReader.read(contentsOf: path)
        var texts: [String] = [], lines: [Int] = [], batches = 0
        let totals = try DatasetStream(reader: csvReader, path: path, blockBytes: 200).forEachBatch { batch in
            texts += batch.texts
            lines += batch.lines
            batches += 1
        }
        XCTAssertGreaterThan(batches, 5)
        XCTAssertEqual(texts, whole.texts)
        XCTAssertEqual(lines, whole.lines)
        XCTAssertEqual(totals, DatasetStream.Totals(documents: 120, bytes: csv.utf8.count))
    }

    func testTSVAndFastTextStreamAsTheyRead() throws {
        let tsv = "label\ttext\n" + (0 ..< 50).map { "\($0 % 2 == 0 ? "a" : "b")\tword \($0)" }.joined(separator: "\n")
        let fastText = (0 ..< 50).map { "__label__\($0 % 3) token \($0)" }.joined(separator: "\r\n") + "\r\n"
        for (name, text) in [("data.tsv", tsv), ("data.txt", fastText)] {
            let path = try write(text, named: name)
            let fileReader = DatasetReader(labelFields: ["label"])
            var texts: [String] = [], lines: [Int] = []
            try DatasetStream(reader: fileReader, path: path, blockBytes: 64, threads: 2).forEachBatch { batch in
                texts += batch.texts
                lines += batch.lines
            }
            let whole = try fileReader.read(contentsOf: path)
            XCTAssertEqual(texts, whole.texts, name)
            XCTAssertEqual(lines, whole.lines, name)
        }
    }

    func testALineLongerThanTheLimitAndAnEmptyFileAreRefused() throws {
        let long = "{\"text\": \"" + String(repeating: "x", count: 5000) + "\", \"label\": \"a\"}\n"
        let path = try write("{\"text\": \"short\", \"label\": \"a\"}\n" + long, named: "long.jsonl")
        let limited = DatasetReader(labelFields: ["label"], maximumRecordBytes: 1000)
        let error = thrownError(DataError.self) {
            try DatasetStream(reader: limited, path: path, blockBytes: 100).forEachBatch { _ in }
        }
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.parameter, "maximumRecordBytes")
        // Longer than a block but within the limit: read whole.
        let roomy = DatasetReader(labelFields: ["label"])
        let totals = try DatasetStream(reader: roomy, path: path, blockBytes: 100).forEachBatch { _ in }
        XCTAssertEqual(totals.documents, 2)
        let empty = try write("\n\n", named: "empty.jsonl")
        XCTAssertEqual(thrownError(DataError.self) { try DatasetStream(reader: roomy, path: empty).forEachBatch { _ in } }?.problem,
                       "holds no documents")
    }

    func testAVocabularyBlockAndBalancedWeightsAreRefused() throws {
        let path = try write(jsonLines(toyCorpus(documents: 30)), named: "train.jsonl")
        let stream = DatasetStream(reader: reader, path: path)
        let vocabulary = TextClassifierEstimator(vectorizer: TFIDFVectorizer(), algorithm: .naiveBayes(MultinomialNaiveBayes()))
        XCTAssertEqual(thrownError(InvalidParameter.self) { try vocabulary.fitted(to: stream) }?.name, "hashing")
        let balanced = estimator(.logisticRegression(LogisticRegression(balancesClasses: true)))
        XCTAssertEqual(thrownError(InvalidParameter.self) { try balanced.fitted(to: stream) }?.name, "classWeight")
        XCTAssertEqual(estimator(.naiveBayes(MultinomialNaiveBayes())).passes(over: stream), 2)
        XCTAssertEqual(estimator(.naiveBayes(MultinomialNaiveBayes()), idf: false).passes(over: stream), 2) // the char block has idf
    }
}
