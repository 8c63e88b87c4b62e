import Foundation
import XCTest

/// Checks the committed corpus files (`data/seed.jsonl`, `data/train.jsonl`, `data/test.jsonl`)
/// against the label scheme in `data/README.md` and the guarantees that
/// `scripts/split_data.py` is meant to give.
///
/// These tests read the data files, not the library: a corpus that is malformed, leaks
/// near-duplicates between the splits, or has drifted from the seed article should fail
/// the build even when the classifier code itself is fine.
final class CorpusTests: XCTestCase {
    private static let topics: Set<String> = ["territory", "guarantees", "military", "polling"]
    private static let stances: Set<String> = ["favor", "against", "none"]
    private static let sources: Set<String> = ["seed", "written"]

    private static let seedArticle = "seeds/000_7c4241188a9d2121.txt"
    private static let seedFile = "data/seed.jsonl"
    private static let trainFile = "data/train.jsonl"
    private static let testFile = "data/test.jsonl"

    private static let minimumPerTopic = 180
    private static let minimumFavor = 250
    private static let minimumAgainst = 250
    private static let testShare = 0.15...0.25
    /// A topic×stance pair this common must be represented in the test split,
    /// or its per-class scores would be meaningless.
    private static let pairNeedingTestCoverage = 5
    private static let jaccardThreshold = 0.5
    private static let shingleSize = 3

    /// Tests run from a build directory, so the data is found relative to this source file
    /// (Tests/TextClassificationTests/CorpusTests.swift) rather than the working directory.
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    private struct Record {
        let id: String
        let text: String
        let topic: String
        let stance: String
        let source: String
        let file: String
        let line: Int

        var location: String { "\(file):\(line) (\(id))" }
    }

    // MARK: - Tests

    func testEveryLineIsAWellFormedRecord() throws {
        for file in [Self.seedFile, Self.trainFile, Self.testFile] {
            let (records, problems) = try parseRecords(file)
            for problem in problems {
                XCTFail(problem)
            }
            XCTAssertFalse(records.isEmpty, "\(file): no records")
            for record in records {
                XCTAssertTrue(Self.topics.contains(record.topic),
                              "\(record.location): unknown topic \"\(record.topic)\"")
                XCTAssertTrue(Self.stances.contains(record.stance),
                              "\(record.location): unknown stance \"\(record.stance)\"")
                XCTAssertTrue(Self.sources.contains(record.source),
                              "\(record.location): unknown source \"\(record.source)\"")
                XCTAssertFalse(record.text.allSatisfy(\.isWhitespace), "\(record.location): empty text")
            }
        }
    }

    func testIdsAreUniqueAcrossTrainAndTest() throws {
        var firstSeen: [String: Record] = [:]
        for record in try loadSplits() {
            if let earlier = firstSeen[record.id] {
                XCTFail("\(record.location): id already used at \(earlier.file):\(earlier.line)")
            } else {
                firstSeen[record.id] = record
            }
        }
    }

    func testSplitsHoldEverySeedParagraphExactlyOnce() throws {
        let seeds = try loadRecords(Self.seedFile)
        let splitSeeds = try loadSplits().filter { $0.source == "seed" }
        let byId = Dictionary(grouping: splitSeeds, by: \.id)

        for seed in seeds {
            let copies = byId[seed.id] ?? []
            XCTAssertEqual(copies.count, 1,
                           "\(seed.location): found \(copies.count) times in train+test, expected once")
            // A paragraph relabelled or edited after the split would silently disagree with seed.jsonl.
            for copy in copies {
                XCTAssertEqual(copy.text, seed.text, "\(copy.location): text differs from \(seed.location)")
                XCTAssertEqual(copy.topic, seed.topic, "\(copy.location): topic differs from \(seed.location)")
                XCTAssertEqual(copy.stance, seed.stance, "\(copy.location): stance differs from \(seed.location)")
            }
        }
        let seedIds = Set(seeds.map(\.id))
        for record in splitSeeds where !seedIds.contains(record.id) {
            XCTFail("\(record.location): source is seed but the id is not in \(Self.seedFile)")
        }
    }

    func testSeedFileMatchesTheSourceArticle() throws {
        let article = try String(contentsOf: url(Self.seedArticle), encoding: .utf8)
        let paragraphs = article
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { Self.droppingTrailingWhitespace(String($0)) }
            .filter { !$0.isEmpty && !$0.allSatisfy(\.isWhitespace) }
        let seeds = try loadRecords(Self.seedFile)

        XCTAssertEqual(seeds.count, paragraphs.count,
                       "\(Self.seedFile) has \(seeds.count) records, the article \(paragraphs.count) paragraphs")
        for (index, (seed, paragraph)) in zip(seeds, paragraphs).enumerated() {
            let expectedId = String(format: "seed-%03d", index + 1)
            XCTAssertEqual(seed.id, expectedId, "\(seed.location): expected id \(expectedId)")
            XCTAssertEqual(seed.source, "seed", "\(seed.location): source must be seed")
            XCTAssertEqual(seed.text, paragraph,
                           "\(seed.location): text differs from paragraph \(index + 1) of \(Self.seedArticle)")
        }
    }

    func testNoNearDuplicatesAcrossTrainAndTest() throws {
        let train = try loadRecords(Self.trainFile)
        let test = try loadRecords(Self.testFile)

        // Index the training side once so each test paragraph is compared only with training
        // paragraphs it shares a shingle with; all-pairs would be ~200,000 set comparisons.
        var trainIndexByText: [String: Int] = [:]
        var trainShingles: [Set<String>] = []
        var postings: [String: [Int]] = [:]
        for (index, record) in train.enumerated() {
            let normalised = Self.normalised(record.text)
            let shingles = Self.shingles(of: normalised)
            if trainIndexByText[normalised] == nil {
                trainIndexByText[normalised] = index
            }
            trainShingles.append(shingles)
            for shingle in shingles {
                postings[shingle, default: []].append(index)
            }
        }

        for record in test {
            let normalised = Self.normalised(record.text)
            if let twin = trainIndexByText[normalised] {
                XCTFail("\(record.location): same normalised text as \(train[twin].location)")
                continue
            }
            let shingles = Self.shingles(of: normalised)
            var shared: [Int: Int] = [:]
            for shingle in shingles {
                for index in postings[shingle] ?? [] {
                    shared[index, default: 0] += 1
                }
            }
            for (index, overlap) in shared.sorted(by: { $0.key < $1.key }) {
                let union = shingles.count + trainShingles[index].count - overlap
                let jaccard = Double(overlap) / Double(union)
                if jaccard >= Self.jaccardThreshold {
                    XCTFail("\(record.location): near-duplicate of \(train[index].location), "
                        + "Jaccard \(String(format: "%.2f", jaccard)) on word \(Self.shingleSize)-shingles")
                }
            }
        }
    }

    func testLabelQuotasAreMet() throws {
        let all = try loadSplits()
        let perTopic = Dictionary(grouping: all, by: \.topic).mapValues(\.count)
        for topic in Self.topics.sorted() {
            let count = perTopic[topic, default: 0]
            XCTAssertGreaterThanOrEqual(count, Self.minimumPerTopic,
                                        "topic \(topic): \(count) paragraphs, need \(Self.minimumPerTopic)")
        }
        let perStance = Dictionary(grouping: all, by: \.stance).mapValues(\.count)
        let favor = perStance["favor", default: 0]
        let against = perStance["against", default: 0]
        XCTAssertGreaterThanOrEqual(favor, Self.minimumFavor, "stance favor: \(favor) paragraphs")
        XCTAssertGreaterThanOrEqual(against, Self.minimumAgainst, "stance against: \(against) paragraphs")
    }

    func testTestSplitSizeAndCoverage() throws {
        let train = try loadRecords(Self.trainFile)
        let test = try loadRecords(Self.testFile)
        let total = train.count + test.count
        XCTAssertGreaterThan(total, 0, "no data in train or test")
        guard total > 0 else { return }

        let share = Double(test.count) / Double(total)
        XCTAssertTrue(Self.testShare.contains(share),
                      "\(Self.testFile): \(test.count) of \(total) paragraphs "
                        + "(\(String(format: "%.1f", share * 100))%), expected 15–25%")

        let pair = { (record: Record) in "\(record.topic)/\(record.stance)" }
        let allPairs = Dictionary(grouping: train + test, by: pair).mapValues(\.count)
        let testPairs = Set(test.map(pair))
        for (name, count) in allPairs.sorted(by: { $0.key < $1.key })
        where count >= Self.pairNeedingTestCoverage && !testPairs.contains(name) {
            XCTFail("\(Self.testFile): no \(name) paragraph, although the corpus has \(count)")
        }
    }

    // MARK: - Loading

    private func url(_ relativePath: String) -> URL {
        Self.packageRoot.appendingPathComponent(relativePath)
    }

    private func loadSplits() throws -> [Record] {
        try loadRecords(Self.trainFile) + loadRecords(Self.testFile)
    }

    /// The well-formed records of a JSON Lines file. Malformed lines are skipped here because
    /// `testEveryLineIsAWellFormedRecord` reports them; repeating them in every test would
    /// bury the failure that test is actually about.
    private func loadRecords(_ relativePath: String) throws -> [Record] {
        try parseRecords(relativePath).records
    }

    /// Reads a JSON Lines file, collecting one `FILE:LINE: problem` message per malformed line
    /// instead of stopping, so one bad line does not hide problems in the rest of the file.
    private func parseRecords(_ relativePath: String) throws -> (records: [Record], problems: [String]) {
        let content = try String(contentsOf: url(relativePath), encoding: .utf8)
        var lines = content.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }

        var records: [Record] = []
        var problems: [String] = []
        for (offset, line) in lines.enumerated() {
            let location = "\(relativePath):\(offset + 1)"
            guard !line.allSatisfy(\.isWhitespace) else {
                problems.append("\(location): empty line")
                continue
            }
            let parsed: Any
            do {
                parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
            } catch {
                problems.append("\(location): invalid JSON")
                continue
            }
            guard let object = parsed as? [String: Any] else {
                problems.append("\(location): not a JSON object")
                continue
            }
            var fields: [String: String] = [:]
            for key in ["id", "text", "topic", "stance", "source"] {
                if let value = object[key] as? String {
                    fields[key] = value
                } else {
                    problems.append("\(location): \"\(key)\" is missing or not a string")
                }
            }
            guard let id = fields["id"], let text = fields["text"], let topic = fields["topic"],
                  let stance = fields["stance"], let source = fields["source"]
            else { continue }
            records.append(Record(id: id, text: text, topic: topic, stance: stance, source: source,
                                  file: relativePath, line: offset + 1))
        }
        return (records, problems)
    }

    // MARK: - Near-duplicate detection (must match scripts/split_data.py)

    /// Lowercases and keeps only letters and digits, so punctuation, quote styles and
    /// spacing cannot hide a copied paragraph.
    private static func normalised(_ text: String) -> String {
        var words: [String] = []
        var word = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty {
            words.append(word)
        }
        return words.joined(separator: " ")
    }

    /// Word shingles of a normalised text; a text shorter than one shingle is its own shingle,
    /// so short headings still take part in the comparison.
    private static func shingles(of normalised: String) -> Set<String> {
        let words = normalised.split(separator: " ")
        guard words.count >= shingleSize else {
            return words.isEmpty ? [] : [words.joined(separator: " ")]
        }
        return Set((0...(words.count - shingleSize)).map {
            words[$0..<($0 + shingleSize)].joined(separator: " ")
        })
    }

    private static func droppingTrailingWhitespace(_ line: String) -> String {
        var line = line
        while let last = line.last, last.isWhitespace {
            line.removeLast()
        }
        return line
    }
}
