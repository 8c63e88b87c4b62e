/// The part of Java's regular-expression language that Spark's `RegexTokenizer` patterns use in
/// practice, parsed into something textclf can match exactly: one character class, optionally
/// repeated — `\s+`, `\W`, `\w+`, `[^a-z]+`, `[\s,.;:!?]+`, `\p{L}+`, `,`.
///
/// Java's meanings are kept where they differ from other engines: `\w` is `[a-zA-Z_0-9]`, `\d`
/// is `[0-9]` and `\s` is `[ \t\n\x0B\f\r]` (ASCII only, as without `UNICODE_CHARACTER_CLASS`),
/// so `\W+` splits "café" into "caf"; POSIX names (`\p{Alpha}`, `\p{Punct}` …) are ASCII too;
/// `\p{L}`-style general categories are Unicode. Matching is per code point, as Java's is.
///
/// Anything else — alternation, groups, other quantifiers, anchors, `.`, flags, class
/// intersections — is refused, because a near miss would silently give other tokens than Spark.
struct JavaCharacterPattern: Sendable, Hashable {
    /// One member of a character class.
    enum Member: Sendable, Hashable {
        case scalar(UInt32)
        case range(UInt32, UInt32)
        case predefined(Predefined, negated: Bool)
    }

    /// The named sets a pattern may use.
    enum Predefined: String, Sendable, Hashable {
        case space, digit, word
        case letter = "L", uppercaseLetter = "Lu", lowercaseLetter = "Ll", mark = "M", number = "N"
        case decimalNumber = "Nd", punctuation = "P", symbol = "S", separator = "Z"
        case posixAlpha = "Alpha", posixDigit = "Digit", posixAlnum = "Alnum", posixPunct = "Punct"
        case posixSpace = "Space", posixLower = "Lower", posixUpper = "Upper"

        /// Whether this is a Unicode general category rather than an ASCII set.
        var isGeneralCategory: Bool { !categories.isEmpty }

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            let ascii = value < 0x80
            let isLower = value >= 0x61 && value <= 0x7A, isUpper = value >= 0x41 && value <= 0x5A
            let isDigit = value >= 0x30 && value <= 0x39
            switch self {
            case .space, .posixSpace: return value == 0x20 || (value >= 0x09 && value <= 0x0D)
            case .digit, .posixDigit: return isDigit
            case .word: return isLower || isUpper || isDigit || value == 0x5F
            case .posixAlpha: return isLower || isUpper
            case .posixAlnum: return isLower || isUpper || isDigit
            case .posixLower: return isLower
            case .posixUpper: return isUpper
            case .posixPunct: return ascii && (0x21 ... 0x7E).contains(value) && !(isLower || isUpper || isDigit)
            case .letter, .uppercaseLetter, .lowercaseLetter, .mark, .number, .decimalNumber, .punctuation, .symbol, .separator:
                return categories.contains(scalar.properties.generalCategory)
            }
        }

        private var categories: Set<Unicode.GeneralCategory> {
            switch self {
            case .letter: [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
            case .uppercaseLetter: [.uppercaseLetter]
            case .lowercaseLetter: [.lowercaseLetter]
            case .mark: [.nonspacingMark, .spacingMark, .enclosingMark]
            case .number: [.decimalNumber, .letterNumber, .otherNumber]
            case .decimalNumber: [.decimalNumber]
            case .punctuation:
                [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                 .finalPunctuation, .otherPunctuation]
            case .symbol: [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
            case .separator: [.spaceSeparator, .lineSeparator, .paragraphSeparator]
            default: []
            }
        }
    }

    /// The class's members; a code point matches when it is one of them (or none, if negated).
    let members: [Member]
    /// `[^…]`, `\S`, `\W`, `\D`, `\P{…}`.
    let negated: Bool
    /// Whether the class is followed by `+`: a match is then a maximal run of matching code points.
    let repeats: Bool

    /// Whether `scalar` is in the class.
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        var found = false
        for member in members {
            switch member {
            case .scalar(let one): found = value == one
            case .range(let low, let high): found = value >= low && value <= high
            case .predefined(let set, let negated): found = set.contains(scalar) != negated
            }
            if found { break }
        }
        return found != negated
    }

    /// A class given by its parts.
    init(members: [Member], negated: Bool, repeats: Bool) {
        self.members = members
        self.negated = negated
        self.repeats = repeats
    }

    /// Parses `pattern`, or throws naming it and what is not supported.
    init(parsing pattern: String) throws {
        var parser = Parser(scalars: Array(pattern.unicodeScalars), pattern: pattern)
        (members, negated, repeats) = try parser.parse()
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let pattern: String
        var position = 0

        func refuse(_ what: String) -> InvalidParameter {
            InvalidParameter(name: "pattern", value: pattern,
                             requirement: "one character class, optionally followed by + (\(what) is not supported)")
        }

        mutating func parse() throws -> ([Member], Bool, Bool) {
            guard !scalars.isEmpty else { throw refuse("an empty pattern") }
            let (members, negated) = try atom()
            var repeats = false
            if position < scalars.count, scalars[position] == "+" {
                repeats = true
                position += 1
            }
            guard position == scalars.count else { throw refuse("\"\(String(String.UnicodeScalarView(scalars[position...])))\"") }
            return (members, negated, repeats)
        }

        private mutating func atom() throws -> ([Member], Bool) {
            let first = scalars[position]
            switch first {
            case "[": return try characterClass()
            case "\\":
                position += 1
                let escaped = try escape(inClass: false)
                switch escaped {
                case .predefined(let set, let negated): return ([.predefined(set, negated: false)], negated)
                default: return ([escaped], false)
                }
            default:
                guard !"^$.|?*+()]{}".unicodeScalars.contains(first) else { throw refuse("\"\(first)\" here") }
                position += 1
                return ([.scalar(first.value)], false)
            }
        }

        private mutating func characterClass() throws -> ([Member], Bool) {
            position += 1
            var negated = false
            if position < scalars.count, scalars[position] == "^" {
                negated = true
                position += 1
            }
            var members: [Member] = []
            var isFirst = true
            while true {
                guard position < scalars.count else { throw refuse("an unclosed \"[\"") }
                let scalar = scalars[position]
                if scalar == "]" && !isFirst { position += 1; break }
                if scalar == "[" { throw refuse("a nested class") }
                if scalar == "&", position + 1 < scalars.count, scalars[position + 1] == "&" { throw refuse("\"&&\"") }
                isFirst = false
                let member: Member
                position += 1
                if scalar == "\\" {
                    member = try escape(inClass: true)
                } else {
                    member = .scalar(scalar.value)
                }
                // A range: "a-z", but a "-" before "]" is itself.
                if case .scalar(let low) = member, position + 1 < scalars.count, scalars[position] == "-", scalars[position + 1] != "]" {
                    position += 1
                    var high = scalars[position]
                    position += 1
                    if high == "\\" {
                        guard case .scalar(let escaped) = try escape(inClass: true) else { throw refuse("a range ending in a class") }
                        high = Unicode.Scalar(escaped)!
                    } else if high == "[" {
                        throw refuse("a nested class")
                    }
                    guard low <= high.value else { throw refuse("the reversed range") }
                    members.append(.range(low, high.value))
                } else {
                    members.append(member)
                }
            }
            return (members, negated)
        }

        /// What follows a backslash.
        private mutating func escape(inClass: Bool) throws -> Member {
            guard position < scalars.count else { throw refuse("a trailing backslash") }
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case "s": return .predefined(.space, negated: false)
            case "S": return .predefined(.space, negated: true)
            case "d": return .predefined(.digit, negated: false)
            case "D": return .predefined(.digit, negated: true)
            case "w": return .predefined(.word, negated: false)
            case "W": return .predefined(.word, negated: true)
            case "t": return .scalar(0x09)
            case "n": return .scalar(0x0A)
            case "r": return .scalar(0x0D)
            case "f": return .scalar(0x0C)
            case "p", "P":
                guard position < scalars.count, scalars[position] == "{",
                      let close = scalars[position...].firstIndex(of: "}") else { throw refuse("\"\\\(scalar)\" without {name}") }
                let name = String(String.UnicodeScalarView(scalars[(position + 1) ..< close]))
                position = close + 1
                // Java spells a general category "L" or "IsL"; POSIX names ("Alpha") take no prefix.
                let bare = name.hasPrefix("Is") ? String(name.dropFirst(2)) : name
                guard let set = Predefined(rawValue: bare), ![.space, .digit, .word].contains(set),
                      !name.hasPrefix("Is") || set.isGeneralCategory else {
                    throw refuse("the property \"\(name)\"")
                }
                return .predefined(set, negated: scalar == "P")
            default:
                // A backslash before any other ASCII punctuation is that character itself; before
                // a letter or digit it is a construct (\b, \Q, \1, \x…) this subset does not have.
                guard scalar.isASCII, !scalar.properties.isAlphabetic, !("0" ... "9").contains(scalar) else {
                    throw refuse("\"\\\(scalar)\"")
                }
                return .scalar(scalar.value)
            }
        }
    }
}
