import TextClassification

/// One `--features` value: `KIND:MIN-MAX[,key=value…]`, e.g. `word:1-2`, `char_wb:2-5,min-df=3`.
///
/// Keys a block may set for itself (otherwise the command's flags apply): `min-df`, `max-df`,
/// `max-features`, `sublinear-tf` (true/false), `stop-words` (true/false; word blocks),
/// `hash-bits` (1–30). Parsing only; the library validates the values.
struct FeatureSpecification: Equatable {
    var kind: Analyzer.Kind
    var ngramRange: ClosedRange<Int>
    var minDF: String?
    var maxDF: String?
    var maxFeatures: Int?
    var sublinearTF: Bool?
    var stopWords: Bool?
    var hashBits: Int?

    static let keys = ["min-df", "max-df", "max-features", "sublinear-tf", "stop-words", "hash-bits"]

    init(kind: Analyzer.Kind, ngramRange: ClosedRange<Int>) {
        self.kind = kind
        self.ngramRange = ngramRange
    }

    /// Parses `text`, or throws a message naming the flag and what is wrong.
    init(parsing text: String) throws {
        func failure(_ problem: String) -> CommandFailure {
            CommandFailure.usage("--features \(text): \(problem)")
        }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let head = parts[0].split(separator: ":", maxSplits: 1).map(String.init)
        guard head.count == 2, let kind = Analyzer.Kind(rawValue: head[0]), kind != .sparkRegex else {
            throw failure("expected word:MIN-MAX, char:MIN-MAX or char_wb:MIN-MAX")
        }
        let bounds = head[1].split(separator: "-", omittingEmptySubsequences: false).compactMap { Int($0) }
        guard (1 ... 2).contains(bounds.count), head[1].split(separator: "-", omittingEmptySubsequences: false).count == bounds.count,
              bounds.first! >= 1, bounds.last! >= bounds.first! else {
            throw failure("the n-gram range must be MIN-MAX with 1 ≤ MIN ≤ MAX (or one length)")
        }
        self.init(kind: kind, ngramRange: bounds.first! ... bounds.last!)
        for option in parts.dropFirst() {
            let pair = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw failure("\"\(option)\" is not key=value") }
            let (key, value) = (pair[0], pair[1])
            func flag() throws -> Bool {
                switch value {
                case "true", "yes", "1": return true
                case "false", "no", "0": return false
                default: throw failure("\(key) must be true or false; got \(value)")
                }
            }
            func integer() throws -> Int {
                guard let number = Int(value) else { throw failure("\(key) must be a whole number; got \(value)") }
                return number
            }
            switch key {
            case "min-df": minDF = value
            case "max-df": maxDF = value
            case "max-features": maxFeatures = try integer()
            case "sublinear-tf": sublinearTF = try flag()
            case "stop-words":
                guard kind == .word else { throw failure("stop-words applies to word blocks only") }
                stopWords = try flag()
            case "hash-bits": hashBits = try integer()
            default: throw failure("unknown key \"\(key)\" (known: \(Self.keys.joined(separator: ", ")))")
            }
        }
    }
}
