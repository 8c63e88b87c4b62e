import Foundation

/// Reads a format-2 model file in place: checks the checksum, decodes the small JSON header
/// (refusing unknown keys and values out of range), then makes views of the payload's arrays
/// after checking each one's bounds, alignment and contents. Nothing is read unchecked.
struct ModelFileVersion2Reader {
    let shared: SharedBytes
    let path: String

    private func fail(_ problem: String) -> ModelFileError { ModelFileError(path: path, problem: problem) }

    /// The classifier, or the first problem found. The checksum is computed on a second thread
    /// while the sections are checked (both read every page once: on the 90 MB 20 Newsgroups
    /// bigram model each takes about 10 ms), and a damaged checksum is reported before any
    /// other problem, since it explains them.
    func classifier() throws -> TextClassifier {
        let raw = shared.buffer
        let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
        let checksum = ChecksumTask(shared)
        let result = Result { try validatedClassifier() }
        guard checksum.value() == stored else { throw fail("checksum mismatch: the file is damaged or truncated") }
        return try result.get()
    }

    private func validatedClassifier() throws -> TextClassifier {
        let raw = shared.buffer
        let headerLength = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
        guard headerLength <= raw.count - 24 else { throw fail("header runs past the end of the file") }
        let headerBytes = Data(raw[16 ..< 16 + headerLength])
        let header: ModelFileHeader2
        do {
            header = try JSONDecoder().decode(ModelFileHeader2.self, from: headerBytes)
        } catch {
            throw fail("header is not valid: \(error)")
        }
        if let unknown = unknownKey(in: try JSONSerialization.jsonObject(with: headerBytes), decoded: header, path: "header") {
            throw fail("header has an unknown key \(unknown)")
        }
        guard header.format == "textclf-model", header.format_version == ModelFile.formatVersion else {
            throw fail("header says format \"\(header.format)\" version \(header.format_version), but the file is textclf-model version \(ModelFile.formatVersion)")
        }
        let payloadStart = (16 + headerLength + ModelFile.alignment - 1) / ModelFile.alignment * ModelFile.alignment
        guard payloadStart <= raw.count - 8 else { throw fail("the payload is missing") }
        let payload = Payload(shared: shared, start: payloadStart, end: raw.count - 8, path: path)

        guard !header.features.isEmpty else { throw fail("the model has no feature blocks") }
        let blocks = try header.features.enumerated().map { index, block in try self.block(block, number: index + 1, payload: payload) }
        let vectorizer: FeatureUnionModel
        do {
            vectorizer = try FeatureUnionModel(blocks: blocks)
        } catch let error as InconsistentModel {
            throw fail(error.message)
        }
        guard !header.fields.isEmpty else { throw fail("the model has no label fields") }
        let fields = try header.fields.map { try field($0, featureCount: vectorizer.featureCount, payload: payload) }
        do {
            return try TextClassifier(vectorizer: vectorizer, fields: fields)
        } catch let error as InconsistentModel {
            throw fail(error.message)
        }
    }

    private func block(_ block: ModelFileHeader2.Block, number: Int, payload: Payload) throws -> TFIDFModel {
        let name = "feature block \(number)"
        let options = try vectorizer(block, name: name)
        let space: FeatureSpace
        if let hashing = options.hashing {
            guard block.feature_count == hashing.featureCount else {
                throw fail("\(name) has \(block.feature_count) features, but \(hashing.bits) hash bits make \(hashing.featureCount)")
            }
            guard block.terms == nil, block.term_ends == nil, block.table_keys == nil, block.table_values == nil else {
                throw fail("\(name) is hashed but stores a vocabulary")
            }
            space = .hashed(hashing)
        } else if let hashing = options.sparkHashing {
            guard block.feature_count == hashing.featureCount else {
                throw fail("\(name) has \(block.feature_count) features, but Spark's numFeatures is \(hashing.featureCount)")
            }
            guard block.terms == nil, block.term_ends == nil, block.table_keys == nil, block.table_values == nil else {
                throw fail("\(name) is hashed but stores a vocabulary")
            }
            space = .sparkHashed(hashing)
        } else {
            guard let terms = block.terms, let ends = block.term_ends, let keys = block.table_keys, let values = block.table_values else {
                throw fail("\(name) has no vocabulary")
            }
            guard block.feature_count >= 1, ends.count == block.feature_count else {
                throw fail("\(name) has \(ends.count) terms but says \(block.feature_count) features")
            }
            let termBytes: StoredArray<UInt8> = try payload.array(terms, name: "\(name) terms")
            let termEnds: StoredArray<UInt32> = try payload.array(ends, name: "\(name) term ends")
            let problem: String? = termEnds.withUnsafeBufferPointer { ends in
                var previous: UInt32 = 0
                for end in ends {
                    guard end > previous else { return "\(name) has an empty term or terms out of order" }
                    previous = end
                }
                return Int(previous) == termBytes.count ? nil : "\(name)'s terms do not fill their section"
            }
            if let problem { throw fail(problem) }
            let validText = termBytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
            guard validText else { throw fail("\(name) has a term that is not valid UTF-8") }
            let table: TermTable
            do {
                table = try TermTable(validatingKeys: try payload.array(keys, name: "\(name) table keys"),
                                      values: try payload.array(values, name: "\(name) table values"),
                                      columnCount: block.feature_count)
            } catch let error as InconsistentModel {
                throw fail("\(name): \(error.message)")
            }
            space = .vocabulary(Vocabulary(termBytes: termBytes, termEnds: termEnds, table: table))
        }
        var idf: [Double] = []
        if let section = block.idf {
            guard options.usesIDF else { throw fail("\(name) does not use idf but stores idf weights") }
            let stored: StoredArray<Double> = try payload.array(section, name: "\(name) idf")
            idf = stored.array
        } else if options.usesIDF {
            throw fail("\(name) uses idf but stores no idf weights")
        }
        do {
            return try TFIDFModel(configuration: options, validatingSpace: space, idf: idf)
        } catch let error as InconsistentModel {
            throw fail("\(name): \(error.message)")
        }
    }

    /// The vectorizer options a block records, each checked.
    private func vectorizer(_ block: ModelFileHeader2.Block, name: String) throws -> TFIDFVectorizer {
        let recorded = block.analyzer
        guard let kind = Analyzer.Kind(rawValue: recorded.kind) else { throw fail("\(name) has unknown analyzer \"\(recorded.kind)\"") }
        guard recorded.lowercase || kind == .sparkRegex else { throw fail("\(name) does not lowercase; this textclf always does") }
        if kind != .sparkRegex {
            guard recorded.pattern == nil, recorded.gaps == nil else { throw fail("\(name) records Spark tokenizer options for a \(kind.rawValue) analyzer") }
            guard block.spark_hashing == nil else { throw fail("\(name) hashes as Spark does but has a \(kind.rawValue) analyzer") }
        }
        guard recorded.ngram_min >= 1, recorded.ngram_min <= recorded.ngram_max, recorded.ngram_max <= Analyzer.longestNgram else {
            throw fail("\(name) has n-gram range \(recorded.ngram_min)-\(recorded.ngram_max)")
        }
        var tokenizer = Tokenizer()
        var regexTokenizer = SparkRegexTokenizer()
        var sparkHashing: SparkHashing?
        if kind == .word {
            let rules: Tokenizer.Rules
            switch recorded.tokenizer {
            case ModelFile.tokenizerVersion?: rules = .news
            case ModelFile.plainTokenizerVersion?: rules = .plain
            default:
                throw fail("\(name) was made with tokenizer \"\(recorded.tokenizer ?? "none")\"; this textclf implements \"\(ModelFile.tokenizerVersion)\" and \"\(ModelFile.plainTokenizerVersion)\"")
            }
            guard recorded.stop_words == nil || recorded.stop_words == ModelFile.stopWordList else {
                throw fail("\(name) uses unknown stop words \"\(recorded.stop_words!)\"")
            }
            let minimumLength = recorded.min_token_length ?? 1
            guard (1 ... Tokenizer.longestMinimumLength).contains(minimumLength) else { throw fail("\(name) has minimum token length \(minimumLength)") }
            tokenizer = Tokenizer(rules: rules, removesStopWords: recorded.stop_words != nil, minimumLength: minimumLength)
        } else if kind == .sparkRegex {
            let spark = try sparkOptions(block, name: name)
            regexTokenizer = spark.tokenizer
            sparkHashing = spark.hashing
        } else if recorded.tokenizer != nil || recorded.stop_words != nil || recorded.min_token_length != nil {
            throw fail("\(name) is a character analyzer but records tokenizer options")
        }
        guard let norm = TFIDFVectorizer.Norm(rawValue: block.norm) else { throw fail("\(name) has unknown norm \"\(block.norm)\"") }
        var hashing: FeatureHashing?
        if let recordedHashing = block.hashing {
            guard recordedHashing.function == ModelFile.hashFunction else {
                throw fail("\(name) hashes with \"\(recordedHashing.function)\"; this textclf implements \"\(ModelFile.hashFunction)\"")
            }
            hashing = FeatureHashing(bits: recordedHashing.bits, alternateSign: recordedHashing.alternate_sign)
        }
        let options = TFIDFVectorizer(
            analyzer: Analyzer(kind: kind, ngramRange: recorded.ngram_min ... recorded.ngram_max, tokenizer: tokenizer,
                               regexTokenizer: regexTokenizer),
            minDF: try block.min_df.bound(path: path), maxDF: try block.max_df.bound(path: path),
            maxFeatures: block.max_features, sublinearTF: block.sublinear_tf, usesIDF: block.use_idf,
            smoothIDF: block.smooth_idf, norm: norm, hashing: hashing, sparkHashing: sparkHashing)
        do {
            try options.validate()
        } catch let error as InvalidParameter {
            throw fail("\(name): \(error)")
        }
        return options
    }

    /// The Spark tokenizer and hashing a `spark_regex` block records, each checked.
    private func sparkOptions(_ block: ModelFileHeader2.Block, name: String) throws -> (tokenizer: SparkRegexTokenizer, hashing: SparkHashing) {
        let recorded = block.analyzer
        guard recorded.tokenizer == ModelFile.sparkTokenizerVersion else {
            throw fail("\(name) was made with tokenizer \"\(recorded.tokenizer ?? "none")\"; this textclf implements \"\(ModelFile.sparkTokenizerVersion)\" for spark_regex")
        }
        guard recorded.stop_words == nil else { throw fail("\(name) is a Spark tokenizer but records stop words") }
        guard let pattern = recorded.pattern, let gaps = recorded.gaps, let minimumLength = recorded.min_token_length else {
            throw fail("\(name) is a Spark tokenizer but lacks pattern, gaps or min_token_length")
        }
        guard let recordedHashing = block.spark_hashing else { throw fail("\(name) is a Spark tokenizer but has no spark_hashing") }
        guard recordedHashing.function == ModelFile.sparkHashFunction else {
            throw fail("\(name) hashes with \"\(recordedHashing.function)\"; this textclf implements \"\(ModelFile.sparkHashFunction)\"")
        }
        do {
            return (try SparkRegexTokenizer(pattern: pattern, gaps: gaps, lowercases: recorded.lowercase, minimumLength: minimumLength),
                    try SparkHashing(featureCount: recordedHashing.num_features, binary: recordedHashing.binary))
        } catch let error as InvalidParameter {
            throw fail("\(name): \(error)")
        }
    }

    private func field(_ field: ModelFileHeader2.Field, featureCount: Int, payload: Payload) throws -> FieldClassifier {
        guard !field.name.isEmpty else { throw fail("a label field has no name") }
        let classCount = field.classes.count
        guard classCount >= 2, Set(field.classes).count == classCount, !field.classes.contains("") else {
            throw fail("field \"\(field.name)\" needs two or more distinct, non-empty classes")
        }
        let algorithm = try field.algorithm.algorithm(path: path)
        do {
            try algorithm.estimator.validate()
        } catch let error as InvalidParameter {
            throw fail("field \"\(field.name)\": \(error)")
        }
        let stride = PaddedMatrix<Double>.stride(forColumns: classCount)
        guard field.weights.stride == stride else {
            throw fail("field \"\(field.name)\" weights have stride \(field.weights.stride), not \(stride)")
        }
        let (count, overflow) = featureCount.multipliedReportingOverflow(by: stride)
        guard !overflow else { throw fail("field \"\(field.name)\" weights are too large") }
        let section = ModelFileHeader2.Section(offset: field.weights.offset, count: count)
        let weights: StoredWeights
        switch WeightPrecision(rawValue: field.weights.type) {
        case .float64?:
            let values: StoredArray<Double> = try payload.array(section, name: "field \"\(field.name)\" weights")
            try checkPaddedAndFinite(values, classes: classCount, stride: stride, field: field.name)
            weights = .double(PaddedMatrix(rowCount: featureCount, columnCount: classCount, paddedValues: values))
        case .float32?:
            let values: StoredArray<Float> = try payload.array(section, name: "field \"\(field.name)\" weights")
            try checkPaddedAndFinite(values, classes: classCount, stride: stride, field: field.name)
            weights = .single(PaddedMatrix(rowCount: featureCount, columnCount: classCount, paddedValues: values))
        case nil:
            throw fail("field \"\(field.name)\" has weights of unknown type \"\(field.weights.type)\"")
        }
        guard field.bias.count == classCount else { throw fail("field \"\(field.name)\" has \(field.bias.count) biases for \(classCount) classes") }
        let bias: StoredArray<Double> = try payload.array(field.bias, name: "field \"\(field.name)\" bias")
        guard bias.array.allSatisfy(\.isFinite) else { throw fail("field \"\(field.name)\" has a bias that is not finite") }
        let training = try field.training.map {
            guard let reason = StopReason(rawValue: $0.stop_reason) else {
                throw fail("field \"\(field.name)\" has an unknown stop reason \"\($0.stop_reason)\"")
            }
            return TrainingSummary(iterations: $0.iterations, gradientNorm: $0.gradient_norm, objective: $0.objective,
                                   converged: $0.converged, stopReason: reason)
        }
        return FieldClassifier(name: field.name, classes: field.classes,
                               model: LinearClassifier(checkedWeights: weights, bias: bias.array, algorithm: algorithm, training: training))
    }

    /// Every weight finite and every padding value zero (the kernels read the padding).
    private func checkPaddedAndFinite<Scalar: KernelScalar>(_ values: StoredArray<Scalar>, classes: Int, stride: Int, field: String) throws {
        let finite = values.withUnsafeBufferPointer { Scalar.allFinite($0) }
        guard finite else { throw fail("field \"\(field)\" has a weight that is not finite") }
        guard stride > classes else { return }
        let padded: Bool = values.withUnsafeBufferPointer { values in
            for row in Swift.stride(from: 0, to: values.count, by: stride) {
                for column in classes ..< stride where values[row + column] != 0 { return false }
            }
            return true
        }
        guard padded else { throw fail("field \"\(field)\" has non-zero weight padding") }
    }

    /// The first key of the header's JSON that the decoded header has no property for.
    private func unknownKey(in json: Any, decoded: Any, path: String) -> String? {
        let mirror = Mirror(reflecting: decoded)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return unknownKey(in: json, decoded: wrapped, path: path)
        }
        if let object = json as? [String: Any], mirror.displayStyle == .struct {
            let properties = Dictionary(mirror.children.compactMap { child in child.label.map { ($0, child.value) } }) { first, _ in first }
            for key in object.keys.sorted() {
                guard let property = properties[key] else { return "\"\(path).\(key)\"" }
                if let inner = unknownKey(in: object[key]!, decoded: property, path: "\(path).\(key)") { return inner }
            }
        } else if let array = json as? [Any], let values = decoded as? [Any] {
            for (index, (element, value)) in zip(array, values).enumerated() {
                if let inner = unknownKey(in: element, decoded: value, path: "\(path)[\(index)]") { return inner }
            }
        }
        return nil
    }
}

/// XXH64 of all but a file's last eight bytes, computed on another thread.
private final class ChecksumTask: @unchecked Sendable {
    private var hash: UInt64 = 0
    private let done = DispatchSemaphore(value: 0)

    init(_ shared: SharedBytes) {
        Thread.detachNewThread { [self] in
            hash = XXH64.hash(UnsafeRawBufferPointer(rebasing: shared.buffer[..<(shared.count - 8)]))
            done.signal()
        }
    }

    /// Waits for the hash; the semaphore orders the write before this read.
    func value() -> UInt64 {
        done.wait()
        return hash
    }
}

/// The payload's sections as views, each checked to lie inside the payload and start aligned.
private struct Payload {
    let shared: SharedBytes
    let start: Int
    let end: Int
    let path: String

    func array<Element>(_ section: ModelFileHeader2.Section, name: String) throws -> StoredArray<Element> {
        let size = MemoryLayout<Element>.stride
        // Compared without adding, so a crafted offset or count near Int.max cannot overflow.
        guard section.offset >= 0, section.count >= 0, section.offset % ModelFile.alignment == 0,
              section.offset <= end - start, section.count <= (end - start - section.offset) / size else {
            throw ModelFileError(path: path, problem: "\(name) lies outside the file or is misaligned")
        }
        return StoredArray(viewing: shared, offset: start + section.offset, count: section.count)
    }
}
