import ArgumentParser
import Foundation
import TextClassification

/// `textclf inspect`: what a model file holds and which terms raise each class.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a model: its features, fields, algorithms, training, and each class's top terms.",
        discussion: """
            Logistic regression ranks terms by the class's weight; naive Bayes by the log-odds of \
            the class against the mean of the others (its raw weights would list frequent words).
            """)

    @Option(help: ArgumentHelp("The model file (default: $TEXTCLF_MODEL or the shipped model).", valueName: "file"))
    var model: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Terms to list per class.", valueName: "k"))
    var top = 10

    @Flag(help: "Print one JSON object: the model summary (as GET /v1/model) and \"top_terms\".")
    var json = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1; got \(top)") }
    }

    func run() throws {
        try reportingErrors {
            let path = try ModelLocation.path(model)
            let (classifier, summary) = try ModelFile.readWithSummary(from: path)
            let terms = try classifier.fieldNames.map { (field: $0, classes: try classifier.topTerms(for: $0, count: top)) }
            if json {
                emit(try InspectionJSON(path: path, summary: summary, terms: terms).serialized())
            } else {
                InspectionText(path: path, summary: summary, terms: terms).lines.forEach(emit)
            }
        }
    }
}

/// The plain listing of `inspect`.
private struct InspectionText {
    let path: String
    let summary: ModelSummary
    let terms: [(field: String, classes: [ClassTerms])]

    var lines: [String] {
        var lines = ["\(path): textclf model, format \(summary.formatVersion), sha256 \(summary.sha256.prefix(16))…",
                     "features: \(summary.featureCount) in \(summary.features.count) block\(summary.features.count == 1 ? "" : "s")"]
        for (index, block) in summary.features.enumerated() {
            lines.append("  \(index + 1). \(Self.describe(block))")
        }
        let hashed = summary.features.contains { $0.hashBits != nil || $0.hashFunction != nil }
        for (index, field) in summary.fields.enumerated() {
            let classes = terms[index].classes
            lines.append("field \(field.name): \(Self.describe(field.algorithm, field.options)); \(field.classes.count) classes")
            if let training = field.training {
                lines.append("  trained: \(training.iterations) iterations, \(training.converged ? "converged" : "NOT converged") (\(training.stopReason.rawValue)), gradient \(String(format: "%.1e", training.gradientNorm)), objective \(String(format: "%.4f", training.objective))")
            }
            for entry in classes {
                let listed = entry.terms.map { "\(FeatureText.display($0.feature)) \(String(format: "%.2f", $0.score))" }
                lines.append("  \(entry.label): " + listed.joined(separator: ", "))
            }
        }
        if hashed { lines.append("(hashed blocks keep no terms: their features show as bucket numbers)") }
        return lines
    }

    static func describe(_ block: ModelSummary.Block) -> String {
        if block.hashFunction != nil { return describeSpark(block) }
        let range = block.ngramRange.count == 2 && block.ngramRange[0] != block.ngramRange[1]
            ? "\(block.ngramRange[0])-\(block.ngramRange[1])" : "\(block.ngramRange.first ?? 1)"
        var parts = ["\(block.analyzer) \(range)"]
        if let tokenizer = block.tokenizer { parts.append("tokens \(tokenizer)") }
        if block.stopWords == true { parts.append("stop words removed") }
        if let length = block.minTokenLength, length > 1 { parts.append("min token length \(length)") }
        if let bits = block.hashBits {
            parts.append("hashed into 2^\(bits)" + (block.alternateSign == true ? " with alternating signs" : ""))
        } else {
            parts.append("min-df \(block.minDF), max-df \(block.maxDF)")
            if let cap = block.maxFeatures { parts.append("max-features \(cap)") }
        }
        if block.sublinearTF { parts.append("sublinear tf") }
        parts.append(block.useIDF ? (block.smoothIDF ? "smooth idf" : "idf") : "no idf")
        parts.append("norm \(block.norm)")
        return parts.joined(separator: ", ") + ": \(block.featureCount) \(block.hashBits == nil ? "terms" : "buckets")"
    }

    /// An imported Spark block, in Spark's terms.
    static func describeSpark(_ block: ModelSummary.Block) -> String {
        var tokenizer = "Spark RegexTokenizer \(block.pattern ?? "")" + (block.gaps == false ? " (matches tokens)" : " (gaps)")
        if block.lowercase == false { tokenizer += ", case kept" }
        var parts = [tokenizer + ", min token length \(block.minTokenLength ?? 1)"]
        if let n = block.ngramRange.first, n > 1 { parts.append("NGram \(n)") }
        parts.append("Spark HashingTF into \(block.featureCount) buckets" + (block.binary == true ? ", binary" : ""))
        parts.append("idf in the weights")
        return parts.joined(separator: ", ")
    }

    static func describe(_ algorithm: String, _ options: ModelSummary.Options) -> String {
        var parts: [String] = []
        if let smoothing = options.smoothing { parts.append("smoothing \(smoothing)") }
        if let family = options.family { parts.append(family) }
        if let regParam = options.regParam { parts.append("regParam \(regParam)") }
        if let elasticNet = options.elasticNetParam { parts.append("elasticNetParam \(elasticNet)") }
        if let c = options.c { parts.append("C \(c)") }
        if let alpha = options.alpha { parts.append("alpha \(alpha)") }
        if options.fitPrior == false { parts.append("uniform priors") }
        if let tolerance = options.tolerance { parts.append("tolerance \(tolerance)") }
        if let limit = options.maxIterations { parts.append("at most \(limit) iterations") }
        if options.fitIntercept == false { parts.append("no intercept") }
        if options.classWeight == "balanced" { parts.append("balanced class weights") }
        return "\(algorithm) (\(parts.joined(separator: ", ")))"
    }
}

/// `inspect --json`: the model summary as `GET /v1/model` gives it, plus `top_terms` by field,
/// then class, each term with its score.
private struct InspectionJSON {
    let path: String
    let summary: ModelSummary
    let terms: [(field: String, classes: [ClassTerms])]

    func serialized() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let summaryJSON = String(decoding: try encoder.encode(summary), as: UTF8.self)
        // The summary's own keys first (sorted, as the service prints them), then ours.
        var byField: [(String, JSON)] = []
        for (field, classes) in terms {
            var byClass: [(String, JSON)] = []
            for entry in classes {
                var listed: [JSON] = []
                for term in entry.terms {
                    var members: [(String, JSON)] = FeatureText.members(term.feature)
                    members.append(("score", JSON.number(term.score)))
                    listed.append(JSON.object(members))
                }
                byClass.append((entry.label, JSON.array(listed)))
            }
            byField.append((field, JSON.object(byClass)))
        }
        let topTerms = JSON.object(byField)
        let extra = JSON.object([("path", .string(path)), ("top_terms", topTerms)]).serialized
        return String(summaryJSON.dropLast()) + "," + String(extra.dropFirst())
    }
}
