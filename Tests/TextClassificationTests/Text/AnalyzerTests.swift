import XCTest
@testable import TextClassification

final class AnalyzerTests: XCTestCase {
    func testWordNgramsJoinTokensWithOneSpace() {
        let analyzer = Analyzer.words(1 ... 2)
        XCTAssertEqual(analyzer.terms(in: "Kyiv won’t cede land"), ["kyiv", "kyiv won't", "won't", "won't cede", "cede", "cede land", "land"])
        XCTAssertEqual(Analyzer.words(2 ... 2).terms(in: "one"), [])
    }

    func testCharacterNgramsCollapseWhitespaceRunsButKeepASingleOne() {
        // scikit-learn: "\s\s+" → " ", so a lone tab stays a tab.
        XCTAssertEqual(Analyzer.characters(2 ... 2).terms(in: "Ab  c\td"), ["ab", "b ", " c", "c\t", "\td"])
        XCTAssertEqual(Analyzer.characters(1 ... 1).terms(in: "É!"), ["é", "!"])
        XCTAssertEqual(Analyzer.characters(3 ... 4).terms(in: "ab"), [], "no n-gram longer than the text")
    }

    func testCharacterNgramsCountScalarsNotBytes() {
        XCTAssertEqual(Analyzer.characters(2 ... 2).terms(in: "café’"), ["ca", "af", "fé", "é’"])
    }

    func testWordBoundedNgramsPadWordsAndGiveShortWordsOnce() {
        // " a " is shorter than 4: it appears once, whole, and no longer n-grams follow.
        XCTAssertEqual(Analyzer.characters(4 ... 5, withinWordBoundaries: true).terms(in: "a  bcd"),
                       [" a ", " bcd", " bcd ", "bcd "])
        XCTAssertEqual(Analyzer.characters(2 ... 3, withinWordBoundaries: true).terms(in: "Ab"),
                       [" a", " ab", "ab", "ab ", "b "])
    }

    func testHashOfTermMatchesTheHashOfItsOccurrences() {
        for analyzer in [Analyzer.words(1 ... 3), .characters(2 ... 4), .characters(1 ... 5, withinWordBoundaries: true)] {
            var sequence = TermSequence()
            analyzer.analyze("Zelensky’s “peace” plan: 28 points, café talks.", into: &sequence)
            XCTAssertGreaterThan(sequence.count, 0)
            for index in 0 ..< sequence.count {
                XCTAssertEqual(analyzer.hash(ofTerm: sequence.text(of: index)), sequence.hashes[index], "\(analyzer.kind) \(sequence.text(of: index))")
            }
        }
    }

    func testNgramRangeIsValidated() {
        XCTAssertEqual(thrownError(InvalidParameter.self) { try Analyzer.characters(0 ... 3).validate() }?.name, "ngramRange")
        XCTAssertEqual(thrownError(InvalidParameter.self) { try Analyzer.words(1 ... 10).validate() }?.name, "ngramRange")
        XCTAssertNoThrow(try Analyzer.characters(2 ... 5, withinWordBoundaries: true).validate())
    }
}
