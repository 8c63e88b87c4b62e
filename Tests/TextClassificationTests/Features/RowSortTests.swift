@testable import TextClassification
import XCTest

final class RowSortTests: XCTestCase {
    /// The radix sort used for long rows groups columns exactly as the comparison sort orders them.
    func testRadixSortByColumnOrdersColumnsLikeTheComparisonSort() {
        var generator = SeededGenerator(seed: 11)
        for (count, columns) in [(300, UInt64(50)), (2_000, UInt64(1) << 17), (5_000, UInt64(1) << 26), (257, UInt64(1))] {
            var values = (0 ..< count).map { _ in UInt64.random(in: 0 ..< columns, using: &generator) << 32 | UInt64.random(in: 1 ... 3, using: &generator) }
            var expected = values
            expected.withUnsafeMutableBufferPointer { sortAscending($0) }
            var scratch = [UInt64](repeating: 0, count: count)
            values.withUnsafeMutableBufferPointer { values in scratch.withUnsafeMutableBufferPointer { sortByColumn(values, scratch: $0) } }
            XCTAssertEqual(values.map { $0 >> 32 }, expected.map { $0 >> 32 }, "\(count) entries over \(columns) columns")
            XCTAssertEqual(values.reduce(0) { $0 &+ ($1 & 0xFFFF_FFFF) }, expected.reduce(0) { $0 &+ ($1 & 0xFFFF_FFFF) })
        }
    }
}
