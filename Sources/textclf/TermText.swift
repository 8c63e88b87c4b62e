import TextClassification

/// A feature as people read it: a word n-gram as it is (`peace talks`); a character n-gram
/// quoted, so that its leading and trailing spaces show (`" ced"`); a hashed column as its
/// bucket, followed by the explained document's terms that fell into it when they are known.
enum TermText {
    static func describe(_ feature: FeatureName) -> String {
        let terms = feature.terms.map { quoted($0, for: feature.analyzer) }
        guard feature.isHashed else { return terms.first ?? "column \(feature.column)" }
        let bucket = "\(feature.analyzer.rawValue) bucket \(feature.bucket)"
        return terms.isEmpty ? bucket : bucket + ": " + terms.joined(separator: ", ")
    }

    private static func quoted(_ term: String, for analyzer: Analyzer.Kind) -> String {
        analyzer == .word ? term : "\"" + term + "\""
    }
}
