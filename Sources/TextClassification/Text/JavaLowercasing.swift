/// Java's `String.toLowerCase()`, which Spark's `RegexTokenizer` applies before splitting, in a
/// locale other than Turkish, Azeri or Lithuanian (Spark's JVMs run in `en` or `C`).
///
/// Each code point takes its full Unicode lowercase mapping (so `İ` becomes `i` + U+0307, two
/// code points), except capital sigma, which Java lowercases to final `ς` when a cased letter
/// precedes it in its word and none follows — “ΑΘΗΝΑΣ” → “αθηνας”, where a per-character
/// mapping would give “αθηνασ”. Java finds the word with its word-break iterator; we take a word
/// to be a run of letters, marks, digits and connector punctuation, which is the same for text
/// written in words. The Unicode tables are Swift's, a few versions newer than Java 17's: a
/// character added in between may be lowercased here and not there.
enum JavaLowercasing {
    /// The lowercased code points of `scalars`.
    static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            if scalar.isASCII {
                let value = scalar.value
                result.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(value | 0x20)! : scalar)
            } else if scalar == "\u{03A3}" {
                result.append(isFinalSigma(at: index, in: scalars) ? "\u{03C2}" : "\u{03C3}")
            } else if scalar.properties.changesWhenLowercased {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    private static func isFinalSigma(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        var casedBefore = false
        while before >= 0, isWordScalar(scalars[before]) {
            if scalars[before].properties.isCased { casedBefore = true; break }
            before -= 1
        }
        guard casedBefore else { return false }
        var after = index + 1
        while after < scalars.count, isWordScalar(scalars[after]) {
            if scalars[after].properties.isCased { return false }
            after += 1
        }
        return true
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}
