import TextClassification

/// How a feature is shown to people, in every output (inspect, classify --explain, the HTML
/// report): a word n-gram as it is (`peace talks`); a character n-gram quoted so that its
/// leading and trailing spaces show (`" ced"`); a hashed column as its bucket, followed by the
/// explained document's terms that fell into it when they are known (`word bucket 12: nato`).
enum FeatureText {
    static func display(_ feature: FeatureName) -> String {
        let quoted = feature.analyzer != .word
        let terms: [String] = feature.terms.map { term in quoted ? JSON.string(term).serialized : term }
        guard feature.isHashed else { return terms.first ?? "column \(feature.column)" }
        let kind: String = feature.analyzer.rawValue
        let bucket = kind + " bucket " + String(feature.bucket)
        return terms.isEmpty ? bucket : bucket + ": " + terms.joined(separator: ", ")
    }

    /// `{"term": …, "analyzer": …, "block": …}`; hashed columns have `"term": null`, their
    /// `"bucket"`, and `"document_terms"` when a document filled them.
    static func members(_ feature: FeatureName) -> [(String, JSON)] {
        var members: [(String, JSON)] = [
            ("term", feature.isHashed ? .null : .string(feature.terms.first ?? "")),
            ("analyzer", .string(feature.analyzer.rawValue)),
            ("block", .integer(feature.block)),
        ]
        if feature.isHashed {
            members.append(("bucket", .integer(feature.bucket)))
            if !feature.terms.isEmpty {
                let terms: [JSON] = feature.terms.map { JSON.string($0) }
                members.append(("document_terms", JSON.array(terms)))
            }
        }
        return members
    }
}
