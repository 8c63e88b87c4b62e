import Foundation
import TextClassification
import XCTest

/// Builds a CSR matrix from dense rows, storing only the non-zero entries.
func sparse(_ rows: [[Float]], columns: Int? = nil) -> SparseMatrix {
    let columnCount = columns ?? rows.map(\.count).max() ?? 0
    var starts = [0]
    var indices: [Int32] = []
    var values: [Float] = []
    for row in rows {
        for (column, value) in row.enumerated() where value != 0 {
            indices.append(Int32(column))
            values.append(value)
        }
        starts.append(indices.count)
    }
    return try! SparseMatrix(rowCount: rows.count, columnCount: columnCount, rowStarts: starts, columns: indices, values: values)
}

/// The dense form of a sparse matrix.
func dense(_ matrix: SparseMatrix) -> [[Float]] {
    (0 ..< matrix.rowCount).map { row in (0 ..< matrix.columnCount).map { matrix[row, $0] } }
}

/// The error `body` throws, cast to `E`; fails the test when it throws nothing or something else.
func thrownError<E: Error, T>(
    _ type: E.Type, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) -> E? {
    do {
        _ = try body()
        XCTFail("expected \(E.self) but nothing was thrown", file: file, line: line)
    } catch let error as E {
        return error
    } catch {
        XCTFail("expected \(E.self) but got \(Swift.type(of: error)): \(error)", file: file, line: line)
    }
    return nil
}

/// A temporary folder removed at the end of the test.
func makeTemporaryFolder(for testCase: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("textclf-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// A deterministic pseudo-random stream for building test data (SplitMix64).
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A labelled toy corpus about the seed article's themes: each document mixes words typical
/// of its topic and stance with shared filler, so models have something to learn but it is
/// not trivially separable.
func toyCorpus(documents count: Int, seed: UInt64 = 7) -> Dataset {
    let topicWords = [
        "territory": ["donbas", "donetsk", "cede", "region", "land", "border"],
        "guarantees": ["security", "guarantees", "nato", "assurances", "treaty", "allies"],
        "polling": ["poll", "respondents", "54%", "survey", "percent", "oppose"],
    ]
    let stanceWords = [
        "favor": ["support", "agree", "welcome", "accept"],
        "against": ["not", "never", "refuse", "reject"],
    ]
    let filler = ["the", "kyiv", "talks", "washington", "moscow", "week", "officials", "said", "peace", "plan"]
    var random = TestRandom(state: seed)
    let topics = topicWords.keys.sorted()
    let stances = stanceWords.keys.sorted()
    var texts: [String] = [], topicLabels: [String] = [], stanceLabels: [String] = []
    for index in 0 ..< count {
        let topic = topics[index % topics.count]
        let stance = stances[(index / topics.count) % stances.count]
        var words: [String] = []
        for _ in 0 ..< 3 { words.append(topicWords[topic]![random.below(6)]) }
        for _ in 0 ..< 2 { words.append(stanceWords[stance]![random.below(4)]) }
        for _ in 0 ..< 4 { words.append(filler[random.below(filler.count)]) }
        // Some noise: a word of another topic.
        words.append(topicWords[topics[random.below(topics.count)]]![random.below(6)])
        for position in stride(from: words.count - 1, to: 0, by: -1) {
            words.swapAt(position, random.below(position + 1))
        }
        texts.append(words.joined(separator: " "))
        topicLabels.append(topic)
        stanceLabels.append(stance)
    }
    return Dataset(source: "toy", fieldNames: ["topic", "stance"], texts: texts,
                   labels: ["topic": topicLabels, "stance": stanceLabels])
}

/// A format-2 model file's bytes with their checksum recomputed, as a writer would have stored it.
func withFixedChecksum(_ bytes: [UInt8]) -> [UInt8] {
    var bytes = bytes
    let sum = bytes[..<(bytes.count - 8)].withUnsafeBytes { ModelFile.checksum($0) }
    for index in 0 ..< 8 { bytes[bytes.count - 8 + index] = UInt8(truncatingIfNeeded: sum >> (8 * index)) }
    return bytes
}

/// A format-2 model file with its JSON header edited (payload and alignment kept) and its
/// checksum fixed, so a test reaches the validation behind the checksum.
func rewritingModelHeader(_ bytes: [UInt8], _ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
    let length = (0 ..< 4).reduce(0) { $0 | Int(bytes[12 + $1]) << (8 * $1) }
    var header = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes[16 ..< 16 + length])) as? [String: Any])
    edit(&header)
    let newHeader = Array(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
    var result = Array(bytes[0 ..< 12])
    withUnsafeBytes(of: UInt32(newHeader.count).littleEndian) { result.append(contentsOf: $0) }
    result += newHeader
    while result.count % 64 != 0 { result.append(0) }
    result += bytes[((16 + length + 63) / 64 * 64)...]
    return withFixedChecksum(result)
}
