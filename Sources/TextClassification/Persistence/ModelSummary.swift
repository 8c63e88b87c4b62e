import Foundation

/// What a model file holds, for people and services that need to say which model they use
/// (`GET /v1/model`): its label fields and classes, the vectorizer's options, the file format
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
    }

    /// The vectorizer's options and vocabulary size.
    public struct Vectorizer: Sendable, Equatable, Encodable {
        /// Tokenizer rules: `news` or `plain`.
        public let tokenizer: String
        /// Whether English stop words are dropped.
        public let stopWords: Bool
        /// Shortest token kept, in characters.
        public let minTokenLength: Int
        /// Shortest and longest word n-gram.
        public let ngramRange: [Int]
        /// `minDF` and `maxDF` as given: a document count, or a fraction of the documents.
        public let minDF: String, maxDF: String
        /// The cap on features, if any.
        public let maxFeatures: Int?
        /// Whether term counts are `1 + ln(tf)`.
        public let sublinearTF: Bool
        /// Whether idf adds one to document counts.
        public let smoothIDF: Bool
        /// Row normalisation: `l2` or `none`.
        public let norm: String
        /// Number of features.
        public let vocabularySize: Int

        enum CodingKeys: String, CodingKey {
            case tokenizer, stopWords = "stop_words", minTokenLength = "min_token_length", ngramRange = "ngram_range"
            case minDF = "min_df", maxDF = "max_df", maxFeatures = "max_features", sublinearTF = "sublinear_tf"
            case smoothIDF = "smooth_idf", norm, vocabularySize = "vocabulary_size"
        }

        init(_ model: TFIDFModel) {
            let options = model.configuration
            tokenizer = options.tokenizer.rules.rawValue
            stopWords = options.tokenizer.removesStopWords
            minTokenLength = options.tokenizer.minimumLength
            ngramRange = [options.ngramRange.lowerBound, options.ngramRange.upperBound]
            minDF = options.minDF.description
            maxDF = options.maxDF.description
            maxFeatures = options.maxFeatures
            sublinearTF = options.sublinearTF
            smoothIDF = options.smoothIDF
            norm = options.norm.rawValue
            vocabularySize = model.vocabularySize
        }
    }

    /// The model file format version.
    public let formatVersion: Int
    /// SHA-256 of the file's bytes, in hexadecimal (what `sha256sum` prints).
    public let sha256: String
    /// The vectorizer every field shares.
    public let vectorizer: Vectorizer
    /// The label fields, in the model's order.
    public let fields: [Field]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", sha256, vectorizer, fields
    }

    /// The summary of `classifier`, read from a file whose bytes are `fileBytes`.
    public init(classifier: TextClassifier, fileBytes: [UInt8]) {
        formatVersion = ModelFile.formatVersion
        sha256 = SHA256.hexDigest(of: fileBytes)
        vectorizer = Vectorizer(classifier.vectorizer)
        fields = classifier.fields.map {
            Field(name: $0.name, algorithm: $0.model.algorithm.shortName, classes: $0.classes)
        }
    }
}

extension ModelFile {
    /// Reads and validates the model at `path`, and summarises it from the same bytes (so the
    /// hash is that of the file that was loaded, even if it is replaced a moment later).
    public static func readWithSummary(from path: String) throws -> (classifier: TextClassifier, summary: ModelSummary) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(path: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        let bytes = Array(data)
        let classifier = try decode(bytes, path: path)
        return (classifier, ModelSummary(classifier: classifier, fileBytes: bytes))
    }
}
