import Foundation

/// Reading and writing model files: data only, versioned, checksummed, written atomically.
///
/// Layout (all integers little-endian):
/// ```
/// "TEXTCLF\n"                 8 bytes, magic
/// format version              UInt32
/// header length               UInt32
/// header                      JSON (UTF-8), sorted keys: options, classes, section offsets
/// payload                     vocabulary bytes, then Float64 arrays (idf, weights, biases)
/// checksum                    UInt64, FNV-1a 64 of every byte before it
/// ```
/// Nothing in a file is executed or names a type to instantiate; loading validates the version,
/// the checksum, every section's bounds and every shape before a model is built. No timestamp is
/// written, so the same data and options give the same bytes.
public enum ModelFile {
    /// The version this build writes, and the only one it reads.
    public static let formatVersion = 1
    /// The tokenizer rules this build implements; a model made with other rules is refused.
    static let tokenizerVersion = "textclf-words-1"
    static let plainTokenizerVersion = "textclf-plain-1"
    static let magic = Array("TEXTCLF\n".utf8)

    /// Writes `classifier` to `path` atomically: a temporary file in the same folder, flushed,
    /// then renamed over `path`, so a failure never leaves a partial model behind.
    public static func write(_ classifier: TextClassifier, to path: String) throws {
        let bytes = try encode(classifier)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelFileError(path: path, problem: "folder \(folder) does not exist")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw ModelFileError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
        }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { raw -> String? in
            while written < raw.count {
                let result = Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 { return String(cString: strerror(errno)) }
                written += result
            }
            return fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw ModelFileError(path: path, problem: "cannot write: \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ModelFileError(path: path, problem: "cannot replace: \(reason)")
        }
    }

    /// Reads and validates the model at `path`.
    public static func read(from path: String) throws -> TextClassifier {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(path: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        return try decode(Array(data), path: path)
    }

    /// The file's bytes for `classifier`.
    public static func encode(_ classifier: TextClassifier) throws -> [UInt8] {
        var payload = PayloadWriter()
        let vectorizer = classifier.vectorizer
        let options = vectorizer.configuration
        var vocabulary: [UInt8] = []
        for term in vectorizer.terms {
            vocabulary.append(contentsOf: term.utf8)
            vocabulary.append(0x0A)
        }
        let vocabularySection = payload.append(bytes: vocabulary)
        let idfSection = payload.append(doubles: vectorizer.idf)
        let fields = classifier.fields.map { field in
            ModelFileHeader.Field(
                name: field.name, classes: field.classes, algorithm: .init(field.model.algorithm),
                training: field.model.training.map(ModelFileHeader.Training.init),
                weights: payload.append(doubles: field.model.weights.values),
                bias: payload.append(doubles: field.model.bias))
        }
        let header = ModelFileHeader(
            format: "textclf-model", format_version: formatVersion, created_by: "textclf",
            vectorizer: .init(
                tokenizer: options.tokenizer.rules == .plain ? plainTokenizerVersion : tokenizerVersion, lowercase: true,
                stop_words: options.tokenizer.removesStopWords ? "textclf-english" : nil,
                min_token_length: options.tokenizer.minimumLength == 1 ? nil : options.tokenizer.minimumLength,
                ngram_min: options.ngramRange.lowerBound, ngram_max: options.ngramRange.upperBound,
                min_df: .init(options.minDF), max_df: .init(options.maxDF), max_features: options.maxFeatures,
                sublinear_tf: options.sublinearTF, smooth_idf: options.smoothIDF, norm: options.norm.rawValue,
                vocabulary_size: vectorizer.vocabularySize, vocabulary: vocabularySection, idf: idfSection),
            fields: fields)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let headerBytes = Array(try encoder.encode(header))
        var bytes = magic
        bytes.appendLittleEndian(UInt32(formatVersion))
        bytes.appendLittleEndian(UInt32(headerBytes.count))
        bytes.append(contentsOf: headerBytes)
        bytes.append(contentsOf: payload.bytes)
        bytes.appendLittleEndian(checksum(bytes[...]))
        return bytes
    }

    /// The classifier in `bytes`; `path` is for messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> TextClassifier {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: path, problem: problem) }
        guard bytes.count >= 24, Array(bytes[0 ..< 8]) == magic else { throw fail("not a textclf model file") }
        let version = Int(bytes.littleEndianUInt32(at: 8))
        guard version == formatVersion else {
            throw fail("model format version \(version) is not supported (this textclf reads version \(formatVersion)); retrain the model")
        }
        let stored = bytes.littleEndianUInt64(at: bytes.count - 8)
        guard stored == checksum(bytes[..<(bytes.count - 8)]) else { throw fail("checksum mismatch: the file is damaged or truncated") }
        let headerLength = Int(bytes.littleEndianUInt32(at: 12))
        guard 16 + headerLength <= bytes.count - 8 else { throw fail("header runs past the end of the file") }
        let header: ModelFileHeader
        do {
            header = try JSONDecoder().decode(ModelFileHeader.self, from: Data(bytes[16 ..< 16 + headerLength]))
        } catch {
            throw fail("header is not valid: \(error)")
        }
        let payload = PayloadReader(bytes: bytes[(16 + headerLength) ..< (bytes.count - 8)], path: path)
        let options = header.vectorizer
        guard options.tokenizer == tokenizerVersion || options.tokenizer == plainTokenizerVersion else {
            throw fail("made with tokenizer \"\(options.tokenizer)\"; this textclf implements \"\(tokenizerVersion)\" and \"\(plainTokenizerVersion)\"")
        }
        guard let norm = TFIDFVectorizer.Norm(rawValue: options.norm) else { throw fail("unknown norm \"\(options.norm)\"") }
        guard options.ngram_min >= 1, options.ngram_min <= options.ngram_max else { throw fail("invalid n-gram range") }
        let vectorizer = TFIDFVectorizer(
            tokenizer: Tokenizer(rules: options.tokenizer == plainTokenizerVersion ? .plain : .news,
                                 removesStopWords: options.stop_words != nil, minimumLength: options.min_token_length ?? 1),
            ngramRange: options.ngram_min ... options.ngram_max,
            minDF: try options.min_df.bound(path: path), maxDF: try options.max_df.bound(path: path),
            maxFeatures: options.max_features, sublinearTF: options.sublinear_tf,
            smoothIDF: options.smooth_idf, norm: norm)
        let vocabularyBytes = try payload.bytes(options.vocabulary)
        var terms = vocabularyBytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard terms.last == "" else { throw fail("vocabulary section is malformed") }
        terms.removeLast()
        guard terms.count == options.vocabulary_size else {
            throw fail("vocabulary holds \(terms.count) terms but the header says \(options.vocabulary_size)")
        }
        let idf = try payload.doubles(options.idf, expected: terms.count, name: "idf")
        let model: TFIDFModel
        do {
            model = try TFIDFModel(configuration: vectorizer, validatingTerms: terms, idf: idf)
        } catch let error as TrainingError {
            throw fail(error.message)
        }
        let fields = try header.fields.map { field -> FieldClassifier in
            guard field.classes.count >= 2, Set(field.classes).count == field.classes.count else {
                throw fail("field \"\(field.name)\" needs two or more distinct classes")
            }
            let weights = try payload.doubles(field.weights, expected: terms.count * field.classes.count, name: "\(field.name) weights")
            let bias = try payload.doubles(field.bias, expected: field.classes.count, name: "\(field.name) bias")
            return FieldClassifier(name: field.name, classes: field.classes, model: LinearClassifier(
                weights: DenseMatrix(rowCount: terms.count, columnCount: field.classes.count, values: weights),
                bias: bias, algorithm: try field.algorithm.algorithm(path: path),
                training: field.training.map {
                    TrainingSummary(iterations: $0.iterations, gradientNorm: $0.gradient_norm, objective: $0.objective,
                                    converged: $0.converged, stopReason: $0.stop_reason)
                }))
        }
        do {
            return try TextClassifier(vectorizer: model, fields: fields)
        } catch let error as TrainingError {
            throw fail(error.message)
        }
    }

    /// FNV-1a 64 over `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBufferPointer { buffer in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in buffer { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return hash
        }
    }
}

/// A model file that cannot be read or written.
public struct ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What is wrong.
    public let problem: String

    /// Creates the error.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
