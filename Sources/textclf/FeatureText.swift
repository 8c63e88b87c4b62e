import TextClassification

/// How a feature is shown to people: word n-grams as they are, character n-grams quoted so that
/// their spaces show, hashed columns by bucket (with the document's own terms when known).
enum FeatureText {
    static func display(_ feature: FeatureName) -> String {
        let quoted = feature.analyzer != .word
        let terms: [String] = feature.terms.map { term in quoted ? JSON.string(term).serialized : term }
        guard feature.isHashed else { return terms.first ?? "?" }
        let bucket = "#\(feature.bucket)" + (feature.block > 0 ? " (block \(feature.block + 1))" : "")
        return terms.isEmpty ? bucket : "\(terms.joined(separator: " | ")) \(bucket)"
    }

    /// `{"term": …, "analyzer": …, "block": …}`; hashed columns have `"term": null`, their
    /// `"bucket"`, and `"document_terms"` when a document filled them.
    static func json(_ feature: FeatureName) -> [(String, JSON)] {
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
