import Foundation

/// Reads model format 1 (FNV-1a checksum, a JSON header, the vocabulary as lines, Float64
/// arrays copied out). Kept so that models trained before format 2 still load; nothing writes it.
enum ModelFileVersion1 {
    static func decode(_ bytes: [UInt8], path: String) throws -> TextClassifier {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: path, problem: problem) }
        guard bytes.count >= 24, Array(bytes[0 ..< 8]) == ModelFile.magic else { throw fail("not a textclf model file") }
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
        guard options.tokenizer == ModelFile.tokenizerVersion || options.tokenizer == ModelFile.plainTokenizerVersion else {
            throw fail("made with tokenizer \"\(options.tokenizer)\"; this textclf implements \"\(ModelFile.tokenizerVersion)\" and \"\(ModelFile.plainTokenizerVersion)\"")
        }
        guard let norm = TFIDFVectorizer.Norm(rawValue: options.norm) else { throw fail("unknown norm \"\(options.norm)\"") }
        guard options.ngram_min >= 1, options.ngram_min <= options.ngram_max else { throw fail("invalid n-gram range") }
        let vectorizer = TFIDFVectorizer(
            tokenizer: Tokenizer(rules: options.tokenizer == ModelFile.plainTokenizerVersion ? .plain : .news,
                                 removesStopWords: options.stop_words != nil, minimumLength: options.min_token_length ?? 1),
            ngramRange: options.ngram_min ... options.ngram_max,
            minDF: try options.min_df.bound(path: path), maxDF: try options.max_df.bound(path: path),
            maxFeatures: options.max_features, sublinearTF: options.sublinear_tf,
            smoothIDF: options.smooth_idf, norm: norm)
        do { try vectorizer.validate() } catch let error as InvalidParameter { throw fail("vectorizer: \(error)") }
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
        let fields: [FieldClassifier]
        do {
            fields = try header.fields.map { field -> FieldClassifier in
            guard field.classes.count >= 2, Set(field.classes).count == field.classes.count else {
                throw fail("field \"\(field.name)\" needs two or more distinct classes")
            }
            let weights = try payload.doubles(field.weights, expected: terms.count * field.classes.count, name: "\(field.name) weights")
            let bias = try payload.doubles(field.bias, expected: field.classes.count, name: "\(field.name) bias")
            return FieldClassifier(name: field.name, classes: field.classes, model: try LinearClassifier(
                weights: try DenseMatrix(rowCount: terms.count, columnCount: field.classes.count, values: weights),
                bias: bias, algorithm: try field.algorithm.algorithm(path: path, allowsSpark: false),
                training: try field.training.map {
                    guard let reason = StopReason(rawValue: $0.stop_reason) else {
                        throw fail("field \"\(field.name)\" has an unknown stop reason \"\($0.stop_reason)\"")
                    }
                    return TrainingSummary(iterations: $0.iterations, gradientNorm: $0.gradient_norm, objective: $0.objective,
                                           converged: $0.converged, stopReason: reason)
                }))
            }
        } catch let error as InvalidParameter {
            throw fail("a field's parameters are not valid: \(error)")
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
