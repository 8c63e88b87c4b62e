import Foundation
import XCTest

/// Checks the committed corpus files (`data/seed.jsonl`, `data/train.jsonl`, `data/test.jsonl`,
/// `data/test-written.jsonl`) against the label scheme in `data/README.md` and the guarantees
/// that `scripts/split_data.py` is meant to give: the headline test split is paragraphs written
/// from real reports, held out by site, so no page and no site is on both sides.
///
/// These tests read the data files, not the library: a corpus that is malformed, leaks
/// near-duplicates between the splits, or has drifted from the seed article should fail
/// the build even when the classifier code itself is fine.
final class CorpusTests: XCTestCase {
    private static let topics: Set<String> = ["territory", "guarantees", "military", "polling"]
    private static let stances: Set<String> = ["favor", "against", "none"]
    private static let sources: Set<String> = ["seed", "written", "reported"]

    private static let seedArticle = "seeds/000_7c4241188a9d2121.txt"
    private static let seedFile = "data/seed.jsonl"
    private static let trainFile = "data/train.jsonl"
    private static let testFile = "data/test.jsonl"
    private static let writtenTestFile = "data/test-written.jsonl"
    private static let splitFiles = [trainFile, testFile, writtenTestFile]

    private static let minimumReported = 1500
    private static let minimumReportedPages = 300
    private static let minimumReportedSites = 100
    private static let maximumPerPage = 8
    private static let sharedRunLength = 8

    private static let minimumPerTopic = 180
    private static let minimumFavor = 250
    private static let minimumAgainst = 250
    private static let testShare = 0.15...0.25
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
        let url: String?
        let file: String
        let line: Int

        /// The host of `url`, without a leading `www.`.
        var site: String? {
            guard let url, let host = URL(string: url)?.host?.lowercased() else { return nil }
            return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        }

        var location: String { "\(file):\(line) (\(id))" }
    }

    // MARK: - Tests

    func testEveryLineIsAWellFormedRecord() throws {
        for file in [Self.seedFile] + Self.splitFiles {
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
                if record.source == "reported" {
                    XCTAssertTrue(record.url?.hasPrefix("http") == true && record.site != nil,
                                  "\(record.location): a reported paragraph names its page in url")
                }
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
                           "\(seed.location): found \(copies.count) times in the splits, expected once")
            // The seed article is one source: it stays wholly in training.
            XCTAssertEqual(copies.first?.file, Self.trainFile, "\(seed.location): the seed article belongs wholly to train")
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
        let test = try loadRecords(Self.testFile) + loadRecords(Self.writtenTestFile)

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

    func testTestSplitIsHeldOutReportingOfEveryLabel() throws {
        let train = try loadRecords(Self.trainFile)
        let test = try loadRecords(Self.testFile)
        XCTAssertTrue(test.allSatisfy { $0.source == "reported" }, "\(Self.testFile) holds reported paragraphs only")
        let reported = train.filter { $0.source == "reported" }.count + test.count
        let share = Double(test.count) / Double(max(1, reported))
        XCTAssertTrue(Self.testShare.contains(share),
                      "\(Self.testFile): \(test.count) of \(reported) reported paragraphs (\(String(format: "%.1f", share * 100))%), expected 15–25%")
        for topic in Self.topics.sorted() {
            XCTAssertGreaterThanOrEqual(test.filter { $0.topic == topic }.count, 10, "\(Self.testFile): too few \(topic) paragraphs")
        }
        for stance in Self.stances.sorted() {
            XCTAssertGreaterThanOrEqual(test.filter { $0.stance == stance }.count, 10, "\(Self.testFile): too few \(stance) paragraphs")
        }
    }

    func testTrainAndTestShareNoPageAndNoSite() throws {
        let train = try loadRecords(Self.trainFile)
        let test = try loadRecords(Self.testFile)
        let trainPages = Set(train.compactMap(\.url)), trainSites = Set(train.compactMap(\.site))
        for record in test {
            if let url = record.url, trainPages.contains(url) { XCTFail("\(record.location): page \(url) is also in train") }
            if let site = record.site, trainSites.contains(site) { XCTFail("\(record.location): site \(site) is also in train") }
        }
    }

    func testReportedParagraphsComeFromManyPagesAndSites() throws {
        let reported = try loadSplits().filter { $0.source == "reported" }
        XCTAssertGreaterThanOrEqual(reported.count, Self.minimumReported, "reported paragraphs")
        let perPage = Dictionary(grouping: reported.compactMap(\.url), by: { $0 }).mapValues(\.count)
        XCTAssertGreaterThanOrEqual(perPage.count, Self.minimumReportedPages, "distinct pages")
        XCTAssertGreaterThanOrEqual(Set(reported.compactMap(\.site)).count, Self.minimumReportedSites, "distinct sites")
        for (page, count) in perPage where count > Self.maximumPerPage {
            XCTFail("\(page): \(count) paragraphs from one page, at most \(Self.maximumPerPage)")
        }
    }

    /// A run of eight words shared by paragraphs of different pages means one copies the other
    /// (or both copy a source): each paragraph tells its own report in its own words.
    func testNoEightWordRunIsSharedAcrossPages() throws {
        // Our own written paragraphs have no page (they come from no report); a run they share
        // among themselves is house style, checked by the near-duplicate test instead.
        let records = try loadSplits()
        var owners: [String: [Record]] = [:]
        for record in records {
            let words = Self.normalised(record.text).split(separator: " ")
            guard words.count >= Self.sharedRunLength else { continue }
            let page = record.url ?? record.id
            for start in 0 ... (words.count - Self.sharedRunLength) {
                let run = words[start ..< start + Self.sharedRunLength].joined(separator: " ")
                let earlier = owners[run, default: []]
                if let other = earlier.first(where: { ($0.url ?? $0.id) != page && ($0.source == "reported" || record.source == "reported") }) {
                    XCTFail("\(record.location): shares \"\(run)\" with \(other.location), from another page")
                    break
                }
                owners[run] = earlier + [record]
            }
        }
    }

    // MARK: - Loading

    private func url(_ relativePath: String) -> URL {
        Self.packageRoot.appendingPathComponent(relativePath)
    }

    private func loadSplits() throws -> [Record] {
        try Self.splitFiles.flatMap(loadRecords)
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
                                  url: object["url"] as? String, file: relativePath, line: offset + 1))
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
