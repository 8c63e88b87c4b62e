/// The JSON header of a version-1 model file (read, no longer written): every option used and
/// where each array lies in the payload. Field names are the file format's, documented in
/// `docs/model-format.md`.
struct ModelFileHeader: Codable, Equatable {
    struct Section: Codable, Equatable {
        /// Byte offset from the start of the payload.
        var offset: Int
        /// Number of elements (Float64 values, or bytes for the vocabulary).
        var count: Int
    }

    struct Bound: Codable, Equatable {
        var count: Int?
        var fraction: Double?
    }

    struct Vectorizer: Codable, Equatable {
        var tokenizer: String
        var lowercase: Bool
        var stop_words: String?
        /// Absent in files that predate it: 1.
        var min_token_length: Int?
        var ngram_min: Int
        var ngram_max: Int
        var min_df: Bound
        var max_df: Bound
        var max_features: Int?
        var sublinear_tf: Bool
        var smooth_idf: Bool
        var norm: String
        var vocabulary_size: Int
        /// Terms as UTF-8, each followed by a line feed (terms never hold one).
        var vocabulary: Section
        var idf: Section
    }

    struct Algorithm: Codable, Equatable {
        var name: String
        var alpha: Double?
        var fit_prior: Bool?
        var c: Double?
        var tolerance: Double?
        var max_iterations: Int?
        var fit_intercept: Bool?
        /// Format 2: `balanced`, or absent for unweighted classes.
        var class_weight: String?
        /// Format 2, imported Spark models (`spark-nb`, `spark-cnb`, `spark-lr`) only: Spark's
        /// `smoothing`, `regParam`, `elasticNetParam` and `family`; `spark-lr` also records
        /// `tolerance`, `max_iterations` and `fit_intercept`.
        var smoothing: Double?
        var reg_param: Double?
        var elastic_net_param: Double?
        var family: String?
    }

    struct Training: Codable, Equatable {
        var iterations: Int
        var gradient_norm: Double
        var objective: Double
        var converged: Bool
        var stop_reason: String
    }

    struct Field: Codable, Equatable {
        var name: String
        var classes: [String]
        var algorithm: Algorithm
        var training: Training?
        /// `vocabulary_size × classes` Float64, feature-major.
        var weights: Section
        var bias: Section
    }

    var format: String
    var format_version: Int
    var created_by: String
    var vectorizer: Vectorizer
    var fields: [Field]
}
