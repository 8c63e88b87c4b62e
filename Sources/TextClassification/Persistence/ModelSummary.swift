import Foundation

/// What a model file holds, for people and services that need to say which model they use
/// (`GET /v1/model`): its label fields and classes, its feature blocks' options, the file format
/// version and the file's SHA-256.
///
/// Built from the loaded ``TextClassifier`` rather than from the file's header, so it describes
/// what is actually classifying. Encodes with snake_case keys, as the model file's header does.
public struct ModelSummary: Sendable, Equatable, Encodable {
    /// One label field.
    public struct Field: Sendable, Equatable, Encodable {
        /// The field's name, e.g. `topic`.
        public let name: String
        /// The algorithm's short name: `nb`, `cnb` or `lr`.
        public let algorithm: String
        /// Class names, in the model's order.
        public let classes: [String]
        /// The algorithm's options, by the model file's names.
        public let options: Options
        /// How the optimiser stopped (logistic regression); `nil` for naive Bayes, which has no
        /// iterations.
        public let training: Training?
    }

    /// An algorithm's options; each is present only for the algorithms that have it.
    public struct Options: Sendable, Equatable, Encodable {
        /// Naive Bayes smoothing.
        public let alpha: Double?
        /// Multinomial naive Bayes: whether class priors are learnt (else uniform).
        public let fitPrior: Bool?
        /// Logistic regression: inverse regularisation strength.
        public let c: Double?
        /// Logistic regression: the gradient tolerance.
        public let tolerance: Double?
        /// Logistic regression: the iteration limit.
        public let maxIterations: Int?
        /// Logistic regression: whether each class has an intercept.
        public let fitIntercept: Bool?
        /// Logistic regression: `balanced` or `none`.
        public let classWeight: String?
        /// Imported Spark naive Bayes: its `smoothing`.
        public let smoothing: Double?
        /// Imported Spark logistic regression: `regParam`, `elasticNetParam` and `family`.
        public let regParam: Double?, elasticNetParam: Double?, family: String?

        enum CodingKeys: String, CodingKey {
            case alpha, fitPrior = "fit_prior", c, tolerance, maxIterations = "max_iterations"
            case fitIntercept = "fit_intercept", classWeight = "class_weight"
            case smoothing, regParam = "reg_param", elasticNetParam = "elastic_net_param", family
        }

        init(_ algorithm: ClassifierAlgorithm) {
            var alpha: Double?, fitPrior: Bool?, c: Double?, tolerance: Double?, maxIterations: Int?
            var fitIntercept: Bool?, classWeight: String?
            var smoothing: Double?, regParam: Double?, elasticNetParam: Double?, family: String?
            switch algorithm {
            case .naiveBayes(let nb): alpha = nb.alpha; fitPrior = nb.fitsPriors
            case .complementNaiveBayes(let cnb): alpha = cnb.alpha
            case .logisticRegression(let lr):
                c = lr.c; tolerance = lr.tolerance; maxIterations = lr.maxIterations; fitIntercept = lr.fitsIntercept
                classWeight = lr.balancesClasses ? "balanced" : "none"
            case .spark(let spark):
                smoothing = spark.smoothing; regParam = spark.regParam; elasticNetParam = spark.elasticNetParam
                family = spark.family; tolerance = spark.tolerance; maxIterations = spark.maxIterations
                fitIntercept = spark.fitsIntercept
            }
            (self.smoothing, self.regParam, self.elasticNetParam, self.family) = (smoothing, regParam, elasticNetParam, family)
            (self.alpha, self.fitPrior, self.c, self.tolerance) = (alpha, fitPrior, c, tolerance)
            (self.maxIterations, self.fitIntercept, self.classWeight) = (maxIterations, fitIntercept, classWeight)
        }
    }

    /// How an iterative fit ended.
    public struct Training: Sendable, Equatable, Encodable {
        /// Iterations taken.
        public let iterations: Int
        /// Largest absolute gradient component at the end.
        public let gradientNorm: Double
        /// The final objective.
        public let objective: Double
        /// Whether a convergence criterion was met.
        public let converged: Bool
        /// Why it stopped.
        public let stopReason: StopReason

        enum CodingKeys: String, CodingKey {
            case iterations, gradientNorm = "gradient_norm", objective, converged, stopReason = "stop_reason"
        }

        init(_ summary: TrainingSummary) {
            iterations = summary.iterations
            gradientNorm = summary.gradientNorm
            objective = summary.objective
            converged = summary.converged
            stopReason = summary.stopReason
        }
    }

    /// One block of features: its analyzer and weighting options and its number of features.
    public struct Block: Sendable, Equatable, Encodable {
        /// `word`, `char`, `char_wb` or `spark_regex`.
        public let analyzer: String
        /// Shortest and longest n-gram.
        public let ngramRange: [Int]
        /// Word blocks: the tokenizer's rules, `news` or `plain`.
        public let tokenizer: String?
        /// Word blocks: whether English stop words are dropped.
        public let stopWords: Bool?
        /// Word and Spark blocks: the shortest token kept, in characters (UTF-16 code units for Spark).
        public let minTokenLength: Int?
        /// Spark blocks: `RegexTokenizer`'s `pattern`, `gaps` and `toLowercase`.
        public let pattern: String?, gaps: Bool?, lowercase: Bool?
        /// Spark blocks: `spark-hashingtf` (MurmurHash3 seed 42, non-negative modulo).
        public let hashFunction: String?
        /// Spark blocks: `HashingTF`'s `binary`.
        public let binary: Bool?
        /// `minDF` and `maxDF` as given: a document count, or a fraction of the documents.
        public let minDF: String, maxDF: String
        /// The cap on features, if any.
        public let maxFeatures: Int?
        /// Whether term counts are `1 + ln(tf)`.
        public let sublinearTF: Bool
        /// Whether counts are weighted by idf, and whether idf adds one to document counts.
        public let useIDF: Bool, smoothIDF: Bool
        /// Row normalisation: `l2` or `none`.
        public let norm: String
        /// Hashed blocks: the block has 2^bits columns.
        public let hashBits: Int?
        /// Hashed blocks: whether a term's sign depends on a second hash, so collisions cancel.
        public let alternateSign: Bool?
        /// Number of features: the vocabulary's size, or 2^bits.
        public let featureCount: Int

        enum CodingKeys: String, CodingKey {
            case analyzer, ngramRange = "ngram_range", tokenizer, stopWords = "stop_words", minTokenLength = "min_token_length"
            case pattern, gaps, lowercase, hashFunction = "hash_function", binary
            case minDF = "min_df", maxDF = "max_df", maxFeatures = "max_features", sublinearTF = "sublinear_tf"
            case useIDF = "use_idf", smoothIDF = "smooth_idf", norm, hashBits = "hash_bits", alternateSign = "alternate_sign"
            case featureCount = "feature_count"
        }

        init(_ model: TFIDFModel) {
            let options = model.configuration
            let isWord = options.analyzer.kind == .word
            analyzer = options.analyzer.kind.rawValue
            ngramRange = [options.ngramRange.lowerBound, options.ngramRange.upperBound]
            let spark = options.analyzer.kind == .sparkRegex ? options.analyzer.regexTokenizer : nil
            tokenizer = spark != nil ? "spark-regex" : isWord ? options.tokenizer.rules.rawValue : nil
            stopWords = isWord ? options.tokenizer.removesStopWords : nil
            minTokenLength = spark?.minimumLength ?? (isWord ? options.tokenizer.minimumLength : nil)
            pattern = spark?.pattern
            gaps = spark?.gaps
            lowercase = spark?.lowercases
            hashFunction = options.sparkHashing == nil ? nil : "spark-hashingtf"
            binary = options.sparkHashing?.binary
            minDF = options.minDF.description
            maxDF = options.maxDF.description
            maxFeatures = options.maxFeatures
            sublinearTF = options.sublinearTF
            useIDF = options.usesIDF
            smoothIDF = options.smoothIDF
            norm = options.norm.rawValue
            hashBits = options.hashing?.bits
            alternateSign = options.hashing?.alternateSign
            featureCount = model.featureCount
        }
    }

    /// The model file format version.
    public let formatVersion: Int
    /// SHA-256 of the file's bytes, in hexadecimal (what `sha256sum` prints).
    public let sha256: String
    /// The feature blocks every field shares, in column order.
    public let features: [Block]
    /// Number of features over all blocks.
    public let featureCount: Int
    /// The label fields, in the model's order.
    public let fields: [Field]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", sha256, features, featureCount = "feature_count", fields
    }

    /// The summary of `classifier`, read from a file whose bytes are `fileBytes`.
    public init(classifier: TextClassifier, fileBytes: [UInt8]) {
        formatVersion = fileBytes.count >= 12 ? Int(fileBytes.littleEndianUInt32(at: 8)) : ModelFile.formatVersion
        sha256 = SHA256.hexDigest(of: fileBytes)
        features = classifier.vectorizer.blocks.map(Block.init)
        featureCount = classifier.vectorizer.featureCount
        fields = classifier.fields.map {
            Field(name: $0.name, algorithm: $0.model.algorithm.shortName, classes: $0.classes,
                  options: Options($0.model.algorithm), training: $0.model.training.map(Training.init))
        }
    }
}

extension ModelFile {
    /// Reads and validates the model at `path`, and summarises it from the same bytes (so the
    /// hash is that of the file that was loaded, even if it is replaced a moment later).
    public static func readWithSummary(from path: String) throws -> (classifier: TextClassifier, summary: ModelSummary) {
        let shared = try mappedOrRead(path)
        let classifier = try decode(shared, path: path)
        return (classifier, ModelSummary(classifier: classifier, fileBytes: Array(shared.buffer)))
    }
}
