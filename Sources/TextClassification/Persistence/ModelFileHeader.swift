/// The JSON header of a format-2 model file: every option as data and where each array lies.
/// Field names are the file format's, documented in `docs/model-format.md`; changing their
/// meaning requires a new ``ModelFile/formatVersion``. Unknown keys are refused when read.
struct ModelFileHeader2: Codable, Equatable {
    /// An array in the payload: a byte offset from the payload's start (a multiple of 64) and
    /// a count of elements.
    struct Section: Codable, Equatable {
        var offset: Int
        var count: Int
    }

    struct Analyzer: Codable, Equatable {
        /// `word`, `char`, `char_wb` or `spark_regex`.
        var kind: String
        var ngram_min: Int
        var ngram_max: Int
        /// Always true except for `spark_regex`, where it is Spark's `toLowercase`.
        var lowercase: Bool
        /// Word analyzers: `textclf-words-1` or `textclf-plain-1`; `spark_regex`:
        /// `spark-regex-tokenizer-1`; absent otherwise.
        var tokenizer: String?
        var stop_words: String?
        /// `spark_regex`: Spark's `minTokenLength`, which may be 0.
        var min_token_length: Int?
        /// `spark_regex` only: Spark's `pattern` (a Java regular expression) and `gaps`.
        var pattern: String?
        var gaps: Bool?
    }

    struct SparkHashing: Codable, Equatable {
        /// Spark's `numFeatures`, any number from 1 to 2^30.
        var num_features: Int
        var binary: Bool
        /// `murmurhash3-x86-32-seed-42-nonnegative-mod`: the only function written.
        var function: String
    }

    struct Hashing: Codable, Equatable {
        var bits: Int
        var alternate_sign: Bool
        /// `murmurhash3-x86-32-seed-0`: the only function written.
        var function: String
    }

    struct Block: Codable, Equatable {
        var analyzer: Analyzer
        var min_df: ModelFileHeader.Bound
        var max_df: ModelFileHeader.Bound
        var max_features: Int?
        var sublinear_tf: Bool
        var use_idf: Bool
        var smooth_idf: Bool
        var norm: String
        var hashing: Hashing?
        /// `spark_regex` blocks only (added with `import-spark`; earlier readers refuse the key).
        var spark_hashing: SparkHashing?
        var feature_count: Int
        /// Vocabulary blocks: terms' UTF-8 back to back, each term's end (UInt32), and the lookup
        /// table (UInt64 keys, Int32 columns; a power-of-two number of slots).
        var terms: Section?
        var term_ends: Section?
        var table_keys: Section?
        var table_values: Section?
        /// Float64, one per feature; absent without idf.
        var idf: Section?
    }

    struct Weights: Codable, Equatable {
        var offset: Int
        /// `float64` or `float32`.
        var type: String
        /// Values per feature row: the class count rounded up to a multiple of four (zero padding).
        var stride: Int
    }

    struct Field: Codable, Equatable {
        var name: String
        var classes: [String]
        var algorithm: ModelFileHeader.Algorithm
        var training: ModelFileHeader.Training?
        var weights: Weights
        /// Float64, one per class.
        var bias: Section
    }

    var format: String
    var format_version: Int
    var created_by: String
    var features: [Block]
    var fields: [Field]
}
