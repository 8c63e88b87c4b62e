import ArgumentParser
import Foundation
import TextClassification

/// Where the labelled data is and how to read it (train, evaluate, cv).
struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The labelled data file (- for standard input).", valueName: "file"))
    var data: String

    @Option(help: "File format: auto, jsonl, csv, tsv or fasttext. auto goes by the file name, then the content.")
    var format: DataFormat = .auto

    @Option(help: ArgumentHelp("The field (JSON key or CSV column) holding the text.", valueName: "name"))
    var textField = "text"
}

extension DataFormat: ExpressibleByArgument {}
extension Tokenizer.Rules: ExpressibleByArgument {}
extension WeightPrecision: ExpressibleByArgument {}

/// Everything that defines how a model is trained (train, cv).
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("label-field"), help: ArgumentHelp(
        "A field holding labels; repeat for several (they share one vectorizer). fastText files: label.", valueName: "name"))
    var labelFields: [String] = []

    @Option(help: ArgumentHelp(
        "lr (logistic regression), nb (multinomial naive Bayes) or cnb (complement naive Bayes); FIELD=ALGORITHM sets one field's.",
        valueName: "algorithm"))
    var algorithm: [String] = ["lr"]

    @Option(help: ArgumentHelp(
        "A feature block, repeatable (blocks side by side): word:1-2, char:3-5 or char_wb:2-5, optionally with ,min-df=N,max-df=X,max-features=N,sublinear-tf=true|false,stop-words=true|false,hash-bits=K for that block alone.",
        valueName: "spec"))
    var features: [String] = []

    // Text, not Int, so that `tune` can take a list ("1,2") through the same option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Use word n-grams of 1 up to this many words (short for --features word:1-N).", valueName: "n"))
    var ngramMax: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Hash every block into 2^K columns instead of keeping a vocabulary (1-30).", valueName: "K"))
    var hashBits: Int?

    @Flag(help: "With --hash-bits: count a term -1 when its hash is negative (scikit-learn's alternate_sign); not with naive Bayes or --sublinear-tf.")
    var hashAlternateSign = false

    @Flag(help: "Weight terms by raw (or sublinear) counts only, without idf.")
    var noIDF = false

    @Option(help: "How the model file stores weights: float64 (exact) or float32 (half the size).")
    var weights: WeightPrecision = .float64

    @Option(parsing: .unconditional, help: ArgumentHelp("Drop terms in fewer documents: a count (2) or a fraction (0.01).", valueName: "x"))
    var minDF = "1"

    @Option(parsing: .unconditional, help: ArgumentHelp("Drop terms in more documents: a count (500) or a fraction (0.9).", valueName: "x"))
    var maxDF = "1.0"

    @Option(parsing: .unconditional, help: "Keep only this many terms, the most frequent.")
    var maxFeatures: Int?

    @Flag(help: "Use 1 + ln(tf) instead of the raw term count.")
    var sublinearTF = false

    @Flag(help: "Drop common English function words (negations are kept).")
    var stopWords = false

    @Option(parsing: .unconditional, help: "Drop tokens shorter than this many characters (scikit-learn's default pattern: 2).")
    var minTokenLength = 1

    @Option(help: "Tokenizer rules: news (apostrophes, numbers, initialisms; see the docs) or plain (runs of letters, digits and _, as scikit-learn's default pattern).")
    var tokens: Tokenizer.Rules = .news

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Naive Bayes smoothing; FIELD=A sets one field's.", valueName: "a"))
    var alpha: [String] = ["\(MultinomialNaiveBayes().alpha)"]

    @Flag(help: "Naive Bayes: uniform class priors instead of learnt ones.")
    var uniformPriors = false

    @Option(name: .customLong("c"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Logistic regression: inverse L2 strength (larger = weaker penalty); FIELD=C sets one field's.", valueName: "c"))
    var inverseRegularization: [String] = ["\(LogisticRegression().c)"]

    @Option(help: ArgumentHelp(
        "Logistic regression: none, or balanced to weight each class alike (scikit-learn's class_weight); FIELD=W sets one field's.",
        valueName: "w"))
    var classWeight: [String] = ["none"]

    @Option(parsing: .unconditional, help: "Logistic regression: stop when no gradient component exceeds this.")
    var tolerance = LogisticRegression().tolerance

    @Option(parsing: .unconditional, help: "Logistic regression: most L-BFGS iterations.")
    var maxIterations = LogisticRegression().maxIterations

    @Option(parsing: .unconditional, help: "Threads for tokenizing and training (results do not depend on it).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    /// The feature blocks these options describe: `--features` blocks, or one word block.
    func featureUnion() throws -> FeatureUnion {
        if threads < 1 { throw CommandFailure.usage("--threads must be at least 1; got \(threads)") }
        let longest = try ngramMax.map { text -> Int in
            guard let count = Int(text), count >= 1 else {
                throw CommandFailure.usage("--ngram-max must be a whole number of at least 1; got \(text)")
            }
            return count
        }
        if ngramMax != nil && !features.isEmpty {
            throw CommandFailure.usage("--ngram-max is short for --features word:1-N; give one or the other")
        }
        if let hashBits, !(1 ... FeatureHashing.maximumBits).contains(hashBits) {
            throw CommandFailure.usage("--hash-bits must be from 1 to \(FeatureHashing.maximumBits); got \(hashBits)")
        }
        if hashAlternateSign && hashBits == nil && !features.contains(where: { $0.contains("hash-bits=") }) {
            throw CommandFailure.usage("--hash-alternate-sign needs --hash-bits")
        }
        let specifications = features.isEmpty
            ? [FeatureSpecification(kind: .word, ngramRange: 1 ... (longest ?? 1))]
            : try features.map(FeatureSpecification.init(parsing:))
        return FeatureUnion(try specifications.map { specification in
            let hashBits = specification.hashBits ?? self.hashBits
            let hashed = hashBits != nil
            if hashed && (specification.minDF != nil || specification.maxDF != nil || specification.maxFeatures != nil
                          || minDF != "1" || maxDF != "1.0" || maxFeatures != nil) {
                throw CommandFailure.usage("--min-df, --max-df and --max-features do not apply to hashed features (every bucket is kept); drop them or --hash-bits")
            }
            if hashed && hashAlternateSign && (specification.sublinearTF ?? sublinearTF) {
                throw CommandFailure.usage("--hash-alternate-sign cannot be used with --sublinear-tf: signed counts can be negative, and their logarithm has no meaning")
            }
            let tokenizer = Tokenizer(rules: tokens, removesStopWords: specification.stopWords ?? stopWords, minimumLength: minTokenLength)
            return TFIDFVectorizer(
                analyzer: Analyzer(kind: specification.kind, ngramRange: specification.ngramRange, tokenizer: tokenizer),
                minDF: try Self.bound(specification.minDF ?? minDF, flag: "--min-df"),
                maxDF: try Self.bound(specification.maxDF ?? maxDF, flag: "--max-df"),
                maxFeatures: specification.maxFeatures ?? maxFeatures, sublinearTF: specification.sublinearTF ?? sublinearTF,
                usesIDF: !noIDF,
                hashing: hashBits.map { FeatureHashing(bits: $0, alternateSign: hashAlternateSign) })
        })
    }

    /// The estimator these options describe, for the given label fields.
    func estimator(fields: [String]) throws -> TextClassifierEstimator {
        let union = try featureUnion()
        let kinds = try Self.perField(algorithm, flag: "--algorithm", fields: fields, default: .logisticRegression,
                                      expecting: ClassifierAlgorithm.Kind.namesInProse) {
            ClassifierAlgorithm.Kind(rawValue: $0)
        }
        let alphas = try Self.perField(alpha, flag: "--alpha", fields: fields, default: 1.0, expecting: "a number") { Double($0) }
        let cs = try Self.perField(inverseRegularization, flag: "--c", fields: fields, default: 1.0, expecting: "a number") { Double($0) }
        let weighting = try Self.perField(classWeight, flag: "--class-weight", fields: fields, default: false,
                                          expecting: "balanced or none") {
            $0 == "balanced" ? true : $0 == "none" ? false : nil
        }
        func classifier(for field: String?) throws -> ClassifierAlgorithm {
            let kind = field.flatMap { kinds.byField[$0] } ?? kinds.default
            let alpha = field.flatMap { alphas.byField[$0] } ?? alphas.default
            let c = field.flatMap { cs.byField[$0] } ?? cs.default
            let balanced = field.flatMap { weighting.byField[$0] } ?? weighting.default
            if balanced && kind != .logisticRegression {
                throw CommandFailure.usage("--class-weight balanced applies to logistic regression only\(field.map { " (field \($0) uses \(kind.rawValue))" } ?? "")")
            }
            switch kind {
            case .logisticRegression: return .logisticRegression(LogisticRegression(c: c, tolerance: tolerance, maxIterations: maxIterations,
                                                                    balancesClasses: balanced))
            case .naiveBayes: return .naiveBayes(MultinomialNaiveBayes(alpha: alpha, fitsPriors: !uniformPriors))
            case .complementNaiveBayes: return .complementNaiveBayes(ComplementNaiveBayes(alpha: alpha))
            }
        }
        var byField: [String: ClassifierAlgorithm] = [:]
        for field in fields { byField[field] = try classifier(for: field) }
        if hashAlternateSign, let naive = byField.first(where: {
            if case .logisticRegression = $0.value { return false } else { return true }
        }) {
            throw CommandFailure.usage("--hash-alternate-sign cannot be used with naive Bayes (field \(naive.key)): signed counts can be negative, and naive Bayes counts occurrences")
        }
        return TextClassifierEstimator(features: union, algorithm: try classifier(for: nil),
                                       algorithmsByField: byField, threads: threads)
    }

    /// `2` is a count of documents, `0.5` (with a point) a fraction, as in scikit-learn.
    static func bound(_ text: String, flag: String) throws -> DocumentFrequencyBound {
        if !text.contains("."), !text.contains("e"), let count = Int(text) { return .count(count) }
        if let fraction = Double(text) { return .fraction(fraction) }
        throw CommandFailure.usage("\(flag) must be a count (2) or a fraction (0.5); got \(text)")
    }

    /// Splits `VALUE` and `FIELD=VALUE` entries into a default and per-field values.
    static func perField<Value>(
        _ entries: [String], flag: String, fields: [String], default defaultValue: Value, expecting expected: String,
        parse: (String) -> Value?
    ) throws -> (default: Value, byField: [String: Value]) {
        var fallback: Value?
        var byField: [String: Value] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard let value = parse(parts.last ?? "") else {
                throw CommandFailure.usage("\(flag) must be \(expected); got \(parts.last ?? "")")
            }
            if parts.count == 2 {
                guard fields.contains(parts[0]) else {
                    throw CommandFailure.usage("\(flag) \(entry): \(parts[0]) is not a --label-field")
                }
                byField[parts[0]] = value
            } else {
                fallback = value
            }
        }
        return (fallback ?? defaultValue, byField)
    }
}
