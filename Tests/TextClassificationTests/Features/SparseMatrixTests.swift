import TextClassification
import XCTest

final class SparseMatrixTests: XCTestCase {
    /// 3 × 4:
    ///   [1 0 2 0]
    ///   [0 0 0 0]
    ///   [0 3 4 5]
    private let matrix = try! SparseMatrix(rowCount: 3, columnCount: 4, rowStarts: [0, 2, 2, 5],
                                      columns: [0, 2, 1, 2, 3], values: [1, 2, 3, 4, 5])

    func testSubscriptReadsStoredEntriesAndZeroElsewhere() {
        XCTAssertEqual(matrix[0, 0], 1)
        XCTAssertEqual(matrix[0, 1], 0)
        XCTAssertEqual(matrix[0, 2], 2)
        XCTAssertEqual(matrix[0, 3], 0)
        XCTAssertEqual((0 ..< 4).map { matrix[1, $0] }, [0, 0, 0, 0])
        XCTAssertEqual((0 ..< 4).map { matrix[2, $0] }, [0, 3, 4, 5])
        XCTAssertEqual(matrix.storedCount, 5)
    }

    func testRowListsStoredEntries() {
        XCTAssertEqual(matrix.row(0).map(\.column), [0, 2])
        XCTAssertEqual(matrix.row(0).map(\.value), [1, 2])
        XCTAssertTrue(matrix.row(1).isEmpty)
        XCTAssertEqual(matrix.row(2).map(\.column), [1, 2, 3])
    }

    func testTransposedSwapsRowsAndColumns() {
        let transposed = matrix.transposed()
        XCTAssertEqual(transposed.rowCount, 4)
        XCTAssertEqual(transposed.columnCount, 3)
        XCTAssertEqual(dense(transposed), [[1, 0, 0], [0, 0, 3], [2, 0, 4], [0, 0, 5]])
        XCTAssertEqual(transposed.rowStarts, [0, 1, 2, 4, 5])
        XCTAssertEqual(transposed.columns, [0, 2, 0, 2, 2])
        XCTAssertEqual(transposed.values, [1, 3, 2, 4, 5])
    }

    func testTransposingTwiceGivesTheOriginal() {
        XCTAssertEqual(matrix.transposed().transposed(), matrix)
        let wide = sparse([[0, 0, 7, 0, 0, 1], [2, 0, 0, 0, 0, 0]])
        XCTAssertEqual(wide.transposed().transposed(), wide)
    }

    func testTransposeOfMatrixWithEmptyColumns() {
        let m = sparse([[0, 0, 0], [0, 0, 0]])
        let t = m.transposed()
        XCTAssertEqual(t.rowCount, 3)
        XCTAssertEqual(t.columnCount, 2)
        XCTAssertEqual(t.storedCount, 0)
        XCTAssertEqual(t.rowStarts, [0, 0, 0, 0])
    }

    func testRowsSelectsAndReordersAndRepeats() {
        let selected = matrix.rows([2, 0, 2])
        XCTAssertEqual(selected.rowCount, 3)
        XCTAssertEqual(selected.columnCount, 4)
        XCTAssertEqual(dense(selected), [[0, 3, 4, 5], [1, 0, 2, 0], [0, 3, 4, 5]])
        XCTAssertEqual(selected.rowStarts, [0, 3, 5, 8])
        XCTAssertEqual(matrix.rows([0, 1, 2]), matrix)
        let none = matrix.rows([])
        XCTAssertEqual(none.rowCount, 0)
        XCTAssertEqual(none.rowStarts, [0])
        XCTAssertEqual(matrix.rows([1]).storedCount, 0)
    }

    func testEquality() {
        XCTAssertEqual(sparse([[1, 0, 2], [0, 3, 4], [0, 0, 0]], columns: 4).transposed().transposed(),
                       sparse([[1, 0, 2], [0, 3, 4], [0, 0, 0]], columns: 4))
        XCTAssertNotEqual(sparse([[1, 0]]), sparse([[0, 1]]))
        XCTAssertNotEqual(sparse([[1, 0]], columns: 2), sparse([[1, 0]], columns: 3))
    }

    func testPublicInitialisersRefuseShapesThatWouldReadOutOfBounds() {
        func matrixError(_ rows: Int, _ columns: Int, _ starts: [Int], _ indices: [Int32], _ values: [Float]) -> String? {
            thrownError(InvalidParameter.self) {
                try SparseMatrix(rowCount: rows, columnCount: columns, rowStarts: starts, columns: indices, values: values)
            }?.name
        }
        XCTAssertEqual(matrixError(2, 3, [0, 1], [0], [1]), "rowStarts")
        XCTAssertEqual(matrixError(1, 3, [0, 2], [0, 1], [1]), "values")
        XCTAssertEqual(matrixError(1, 3, [0, 1], [3], [1]), "columns", "a column past the last")
        XCTAssertEqual(matrixError(1, 3, [0, 2], [1, 1], [1, 1]), "columns", "a repeated column")
        XCTAssertEqual(matrixError(2, 3, [0, 2, 1], [0, 1], [1, 1]), "rowStarts")
        XCTAssertEqual(matrixError(-1, 3, [0], [], []), "shape")
        XCTAssertNoThrow(try SparseMatrix(rowCount: 2, columnCount: 3, rowStarts: [0, 1, 2], columns: [2, 0], values: [1, 1]))

        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparseVector(dimension: 2, indices: [2], values: [1]) }?.name, "indices")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparseVector(dimension: 2, indices: [1, 0], values: [1, 1]) }?.name, "indices")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try SparseVector(dimension: 2, indices: [0], values: []) }?.name, "values")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try DenseMatrix(rowCount: 2, columnCount: 2, values: [1, 2, 3]) }?.name, "values")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try DenseMatrix(rowCount: Int.max, columnCount: 2, values: []) }?.name, "values")
    }

    func testLinearClassifierRefusesNonFiniteOrMisshapedParameters() throws {
        let weights = try DenseMatrix(rowCount: 2, columnCount: 2, values: [1, 2, 3, .nan])
        let algorithm = ClassifierAlgorithm.logisticRegression(LogisticRegression())
        XCTAssertEqual(thrownError(InvalidParameter.self) { try LinearClassifier(weights: weights, bias: [0, 0], algorithm: algorithm) }?.name, "weights")
        let finite = try DenseMatrix(rowCount: 2, columnCount: 2, values: [1, 2, 3, 4])
        XCTAssertEqual(thrownError(InvalidParameter.self) { try LinearClassifier(weights: finite, bias: [0], algorithm: algorithm) }?.name, "bias")
    }
}
