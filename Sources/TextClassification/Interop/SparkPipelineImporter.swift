import Foundation

/// Turns a Spark ML `PipelineModel` — `[StringIndexer] → RegexTokenizer | Tokenizer → [NGram] →
/// HashingTF → [IDF] → NaiveBayes | LogisticRegression`, read from the interchange file
/// that `scripts/spark/export.py` writes — into a ``TextClassifier`` that gives the same probabilities as Spark's
/// `transform`.
///
/// The features are Spark's term counts (``TFIDFVectorizer/spark(analyzer:hashing:)``); the idf
/// weights are multiplied into the classifier's weights, `W[f][c] = idf[f] · theta[c][f]`, which
/// scores identically (`Σ theta·(count·idf) = Σ (theta·idf)·count`) while keeping each feature an
/// exact small integer in textclf's single-precision sparse rows, so no rounding of tf-idf values
/// moves a probability. Stages and options textclf does not reproduce are refused by name: any
/// other stage class, a pattern outside ``SparkRegexTokenizer``'s subset, a `HashingTF` saved by
/// Spark 2 (another hash), Bernoulli or Gaussian naive Bayes, `thresholds`, a binomial `threshold`
/// other than 0.5, columns that do not chain from the tokenizer to the classifier.
public enum SparkPipelineImporter {
    /// The interchange file's name inside a saved PipelineModel's folder.
    public static let interchangeFileName = "textclf-interchange.json"

    /// The classifier of the Spark pipeline at `path`: a saved PipelineModel folder holding
    /// ``interchangeFileName`` (checked against the folder's own metadata, so an export older than
    /// the model is refused), or an interchange file itself.
    ///
    /// - Throws: ``SparkImportError`` naming the file and the problem; a folder without an
    ///   interchange file is told how to write one.
    public static func classifier(at path: String, field: String? = nil) throws -> TextClassifier {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SparkImportError(path: path, problem: "no such file or folder")
        }
        guard isFolder.boolValue else { return try classifier(interchange: try contents(of: path), path: path, field: field) }
        let file = (path as NSString).appendingPathComponent(interchangeFileName)
        guard FileManager.default.fileExists(atPath: file) else {
            let hasMetadata = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("metadata"))
            throw SparkImportError(path: path, problem: hasMetadata
                ? "has no \(interchangeFileName); write it with `python3 scripts/spark/export.py \(path)` (pyarrow, no JVM), which scripts/spark/train.py runs after saving"
                : "is not a saved Spark PipelineModel (no metadata folder) and holds no \(interchangeFileName)")
        }
        let classifier = try classifier(interchange: try contents(of: file), path: file, field: field)
        try checkExportIsCurrent(folder: path, interchange: file)
        return classifier
    }

    private static func contents(of path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw SparkImportError(path: path, problem: "cannot be read") }
        return data
    }

    /// The folder's `metadata/part-00000*` must be the pipeline metadata the export copied.
    private static func checkExportIsCurrent(folder: String, interchange: String) throws {
        let metadataFolder = (folder as NSString).appendingPathComponent("metadata")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: metadataFolder),
              let part = names.sorted().first(where: { $0.hasPrefix("part-00000") }),
              let line = try? contents(of: (metadataFolder as NSString).appendingPathComponent(part)).split(separator: UInt8(ascii: "\n")).first,
              let saved = try? JSONDecoder().decode(SparkInterchange.Metadata.self, from: Data(line)) else {
            throw SparkImportError(path: folder, problem: "has no readable metadata/part-00000 (not a saved PipelineModel)")
        }
        guard let exported = try? JSONDecoder().decode(Exported.self, from: try contents(of: interchange)),
              exported.pipeline.uid == saved.uid, exported.pipeline.paramMap == saved.paramMap else {
            throw SparkImportError(path: interchange, problem: "was exported from another save of the model (pipeline \(saved.uid)); export it again")
        }
    }

    private struct Exported: Decodable { let pipeline: SparkInterchange.Metadata }

    /// The classifier of the pipeline in `interchange` (the bytes of the file at `path`, which
    /// messages name). Its one label field is `field`, else the `StringIndexer`'s input column,
    /// else the classifier's `labelCol`; class names come from the `StringIndexer`, else they
    /// are Spark's label values `0`, `1`, ….
    ///
    /// - Throws: ``SparkImportError`` naming what is unsupported or inconsistent.
    public static func classifier(interchange: Data, path: String, field: String? = nil) throws -> TextClassifier {
        let document: SparkInterchange
        do {
            document = try JSONDecoder().decode(SparkInterchange.self, from: interchange)
        } catch let error as DecodingError {
            throw SparkImportError(path: path, problem: "not a textclf interchange file: \(Self.describe(error))")
        } catch {
            throw SparkImportError(path: path, problem: "not a textclf interchange file: \(error)")
        }
        var reader = Reader(path: path)
        return try reader.classifier(document, field: field)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): return context.underlyingError.map { "\($0)" } ?? context.debugDescription
        case .keyNotFound(let key, let context):
            return "\"\(key.stringValue)\" is missing" + (context.codingPath.isEmpty ? "" : " in \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "the top level is not a JSON object" : "\(path) has the wrong type"
        @unknown default: return "\(error)"
        }
    }

    /// The stage classes textclf imports, for messages.
    static let supportedStages = "StringIndexer, RegexTokenizer, Tokenizer, NGram, HashingTF, IDF, NaiveBayes and LogisticRegression"

    private struct Reader {
        let path: String
        var stageName = "pipeline"

        init(path: String) { self.path = path }

        func fail(_ problem: String) -> SparkImportError { SparkImportError(path: path, problem: "\(stageName): \(problem)") }

        mutating func classifier(_ document: SparkInterchange, field: String?) throws -> TextClassifier {
            guard document.format == SparkInterchange.formatName, document.version == SparkInterchange.formatVersion else {
                throw SparkImportError(path: path, problem: "format \"\(document.format)\" version \(document.version); this textclf reads \"\(SparkInterchange.formatName)\" version \(SparkInterchange.formatVersion)")
            }
            guard document.pipeline.class == "org.apache.spark.ml.PipelineModel" else {
                throw SparkImportError(path: path, problem: "the model is a \(document.pipeline.class), not a PipelineModel")
            }
            if case .array(let uids)? = document.pipeline.parameter("stageUids") {
                guard uids == document.stages.map({ .string($0.metadata.uid) }) else {
                    throw SparkImportError(path: path, problem: "the stages do not match the pipeline's stageUids (a stale export?)")
                }
            }
            var labels: (input: String, output: String, names: [String])?
            var analyzer: Analyzer?
            var ngram: Int?
            var column: String?
            var hashing: SparkHashing?
            var idf: [Double]?
            var result: (classifier: LinearClassifier, labelColumn: String)?

            for (index, stage) in document.stages.enumerated() {
                let metadata = stage.metadata
                stageName = "stage \(index + 1) (\(metadata.shortClass) \(metadata.uid))"
                guard result == nil else { throw fail("comes after the classifier; textclf imports pipelines that end with it") }
                switch metadata.class {
                case "org.apache.spark.ml.feature.StringIndexerModel":
                    guard labels == nil else { throw fail("a second StringIndexer is not supported") }
                    labels = try stringIndexer(stage)
                case "org.apache.spark.ml.feature.RegexTokenizer", "org.apache.spark.ml.feature.Tokenizer":
                    guard analyzer == nil else { throw fail("a second tokenizer is not supported") }
                    let tokenizer = try self.tokenizer(stage)
                    analyzer = .spark(tokenizer)
                    column = try string(metadata, "outputCol")
                case "org.apache.spark.ml.feature.NGram":
                    guard analyzer != nil, ngram == nil, hashing == nil else { throw fail("NGram must follow the tokenizer, once, before HashingTF") }
                    try expectInput(metadata, column)
                    let n = try integer(metadata, "n")
                    guard (1 ... Analyzer.longestNgram).contains(n) else { throw fail("n is \(n); textclf supports 1 to \(Analyzer.longestNgram)") }
                    ngram = n
                    column = try string(metadata, "outputCol")
                case "org.apache.spark.ml.feature.HashingTF":
                    guard analyzer != nil, hashing == nil else { throw fail("HashingTF must follow the tokenizer (and NGram), once") }
                    try expectInput(metadata, column)
                    guard let major = Int(metadata.sparkVersion.split(separator: ".").first ?? ""), major >= 3 else {
                        throw fail("was saved by Spark \(metadata.sparkVersion), whose HashingTF used another hash function; retrain with Spark 3 or later")
                    }
                    do {
                        hashing = try SparkHashing(featureCount: try integer(metadata, "numFeatures"), binary: try bool(metadata, "binary"))
                    } catch let error as InvalidParameter {
                        throw fail("\(error)")
                    }
                    column = try string(metadata, "outputCol")
                case "org.apache.spark.ml.feature.IDFModel":
                    guard let hashing, idf == nil else { throw fail("IDF must follow HashingTF, once") }
                    try expectInput(metadata, column)
                    idf = try self.idf(stage, featureCount: hashing.featureCount)
                    column = try string(metadata, "outputCol")
                case "org.apache.spark.ml.classification.NaiveBayesModel", "org.apache.spark.ml.classification.LogisticRegressionModel":
                    guard let hashing else { throw fail("the classifier needs HashingTF features before it") }
                    let features = try string(metadata, "featuresCol")
                    guard features == column else { throw fail("reads features from \"\(features)\", but the last feature stage writes \"\(column ?? "")\"") }
                    let weights = idf ?? [Double](repeating: 1, count: hashing.featureCount)
                    let classifier = metadata.class.hasSuffix("NaiveBayesModel")
                        ? try naiveBayes(stage, idf: weights) : try logisticRegression(stage, idf: weights)
                    result = (classifier, try string(metadata, "labelCol"))
                default:
                    throw fail("unsupported stage \(metadata.shortClass) (\(metadata.class)); textclf imports \(SparkPipelineImporter.supportedStages)")
                }
            }
            stageName = "pipeline"
            guard let analyzer, let hashing, let result else {
                throw fail("needs a tokenizer, HashingTF and a NaiveBayes or LogisticRegression model")
            }
            let classCount = result.classifier.classCount
            var classes = (0 ..< classCount).map { "\($0)" }
            var fieldName = result.labelColumn
            if let labels {
                guard labels.output == result.labelColumn else {
                    throw fail("the StringIndexer writes \"\(labels.output)\" but the classifier was trained on \"\(result.labelColumn)\"")
                }
                guard labels.names.count == classCount else {
                    throw fail("the StringIndexer has \(labels.names.count) labels but the classifier scores \(classCount) classes")
                }
                classes = labels.names
                fieldName = labels.input
            }
            guard classCount >= 2, Set(classes).count == classCount, !classes.contains("") else {
                throw fail("needs two or more distinct, non-empty class names")
            }
            let spark = Analyzer.spark(analyzer.regexTokenizer, ngram: ngram ?? 1)
            do {
                let vectorizer = TFIDFVectorizer.spark(analyzer: spark, hashing: hashing)
                try vectorizer.validate()
                let model = try TFIDFModel(configuration: vectorizer, validatingSpace: .sparkHashed(hashing), idf: [])
                return try TextClassifier(vectorizer: model, fields: [FieldClassifier(name: field ?? fieldName, classes: classes, model: result.classifier)])
            } catch let error as InconsistentModel {
                throw fail(error.message)
            } catch let error as InvalidParameter {
                throw fail("\(error)")
            }
        }

        // MARK: Stages

        private func stringIndexer(_ stage: SparkInterchange.Stage) throws -> (input: String, output: String, names: [String]) {
            let metadata = stage.metadata
            if metadata.isSet("inputCols") || metadata.isSet("outputCols") { throw fail("indexing several columns is not supported") }
            let names: [JSONValue]
            switch (stage.data?["labelsArray"], stage.data?["labels"]) {
            case (.array(let arrays)?, _):
                guard arrays.count == 1, case .array(let first) = arrays[0] else { throw fail("labelsArray must hold one list of labels") }
                names = first
            case (nil, .array(let list)?): names = list
            default: throw fail("has no labels in its data")
            }
            let strings = try names.map { value -> String in
                guard case .string(let name) = value else { throw fail("a label is \(value.kind), not a string") }
                return name
            }
            return (try string(metadata, "inputCol"), try string(metadata, "outputCol"), strings)
        }

        private func tokenizer(_ stage: SparkInterchange.Stage) throws -> SparkRegexTokenizer {
            let metadata = stage.metadata
            do {
                if metadata.class.hasSuffix(".Tokenizer") {
                    // Spark's Tokenizer: lowercase, then split at every single whitespace
                    // character, keeping the empty tokens between two of them.
                    return try SparkRegexTokenizer(pattern: "\\s", gaps: true, lowercases: true, minimumLength: 0)
                }
                return try SparkRegexTokenizer(pattern: try string(metadata, "pattern"), gaps: try bool(metadata, "gaps"),
                                               lowercases: try bool(metadata, "toLowercase"),
                                               minimumLength: try integer(metadata, "minTokenLength"))
            } catch let error as InvalidParameter {
                throw fail("\(error)")
            }
        }

        private func idf(_ stage: SparkInterchange.Stage, featureCount: Int) throws -> [Double] {
            let weights = try vector(stage, "idf")
            guard weights.count == featureCount else {
                throw fail("has \(weights.count) idf weights for \(featureCount) HashingTF features")
            }
            guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw fail("has an idf weight that is negative or not finite") }
            // Spark 3 and later also save the document frequencies: the weights must be Spark's
            // formula of them, or the file is not what it claims.
            if case .array(let frequencies)? = stage.data?["docFreq"], case .number(let documents)? = stage.data?["numDocs"] {
                let counts = try frequencies.map { value -> Int in
                    guard case .number(let number) = value, let count = Int(exactly: number) else { throw fail("docFreq holds \(value.kind)") }
                    return count
                }
                guard counts.count == featureCount, let documentCount = Int(exactly: documents) else {
                    throw fail("docFreq has \(counts.count) entries for \(featureCount) features")
                }
                let expected: [Double]
                do {
                    expected = try SparkIDF.weights(documentFrequencies: counts, documentCount: documentCount,
                                                    minDocFreq: try integer(stage.metadata, "minDocFreq"))
                } catch let error as InvalidParameter {
                    throw fail("\(error)")
                }
                if let column = weights.indices.first(where: { abs(expected[$0] - weights[$0]) > 1e-12 * max(1, abs(expected[$0])) }) {
                    throw fail("idf of column \(column) is \(weights[column]), but Spark's formula gives \(expected[column]) for its document frequency")
                }
            }
            return weights
        }

        private func naiveBayes(_ stage: SparkInterchange.Stage, idf: [Double]) throws -> LinearClassifier {
            let metadata = stage.metadata
            let modelType = try string(metadata, "modelType")
            guard modelType == "multinomial" || modelType == "complement" else {
                throw fail("modelType \(modelType) is not supported (textclf imports multinomial and complement naive Bayes)")
            }
            if metadata.isSet("thresholds") { throw fail("thresholds are not supported (textclf predicts the most probable class)") }
            let pi = try vector(stage, "pi")
            let theta = try matrix(stage, "theta")
            guard theta.rows == pi.count, theta.columns == idf.count else {
                throw fail("theta is \(theta.rows)×\(theta.columns), but there are \(pi.count) classes and \(idf.count) features")
            }
            let complement = modelType == "complement"
            let estimator = SparkEstimator.naiveBayes(complement: complement, smoothing: try number(metadata, "smoothing"))
            return try linear(coefficients: theta, bias: complement ? [Double](repeating: 0, count: pi.count) : pi, idf: idf,
                              algorithm: estimator)
        }

        private func logisticRegression(_ stage: SparkInterchange.Stage, idf: [Double]) throws -> LinearClassifier {
            let metadata = stage.metadata
            if metadata.isSet("thresholds") { throw fail("thresholds are not supported (textclf predicts the most probable class)") }
            let coefficients = try matrix(stage, "coefficientMatrix")
            let intercepts = try vector(stage, "interceptVector")
            guard case .bool(let multinomial)? = stage.data?["isMultinomial"] else { throw fail("data lacks isMultinomial") }
            guard coefficients.columns == idf.count, coefficients.rows == intercepts.count else {
                throw fail("coefficientMatrix is \(coefficients.rows)×\(coefficients.columns), with \(intercepts.count) intercepts, for \(idf.count) features")
            }
            let estimator = SparkEstimator.logisticRegression(
                regParam: try number(metadata, "regParam"), elasticNetParam: try number(metadata, "elasticNetParam"),
                maxIterations: try integer(metadata, "maxIter"), tolerance: try number(metadata, "tol"),
                fitsIntercept: try bool(metadata, "fitIntercept"), family: multinomial ? "multinomial" : "binomial")
            if multinomial {
                return try linear(coefficients: coefficients, bias: intercepts, idf: idf, algorithm: estimator)
            }
            guard coefficients.rows == 1 else { throw fail("a binomial model has \(coefficients.rows) coefficient rows") }
            let threshold = try number(metadata, "threshold")
            guard threshold == 0.5 else {
                throw fail("threshold \(threshold) is not supported (textclf predicts the more probable class, Spark's threshold 0.5)")
            }
            // Spark's binomial probability of class 1 is sigmoid(m) = softmax([0, m])[1].
            let zeros = [Double](repeating: 0, count: coefficients.columns)
            return try linear(coefficients: (2, coefficients.columns, zeros + coefficients.values), bias: [0, intercepts[0]],
                              idf: idf, algorithm: estimator)
        }

        /// The classifier scoring `coefficients (classes × features) · (idf ⊙ counts) + bias`.
        private func linear(coefficients: (rows: Int, columns: Int, values: [Double]), bias: [Double], idf: [Double],
                            algorithm: SparkEstimator) throws -> LinearClassifier {
            do {
                try algorithm.validate()
            } catch let error as InvalidParameter {
                throw fail("\(error)")
            }
            let (classes, features) = (coefficients.rows, coefficients.columns)
            var weights = [Double](repeating: 0, count: classes * features)
            coefficients.values.withUnsafeBufferPointer { source in
                weights.withUnsafeMutableBufferPointer { target in
                    for feature in 0 ..< features {
                        let scale = idf[feature]
                        for type in 0 ..< classes { target[feature * classes + type] = source[type * features + feature] * scale }
                    }
                }
            }
            do {
                return try LinearClassifier(weights: try DenseMatrix(rowCount: features, columnCount: classes, values: weights),
                                            bias: bias, algorithm: .spark(algorithm))
            } catch let error as InvalidParameter {
                throw fail("\(error)")
            }
        }

        // MARK: Values

        private func expectInput(_ metadata: SparkInterchange.Metadata, _ column: String?) throws {
            let input = try string(metadata, "inputCol")
            guard input == column else { throw fail("reads \"\(input)\", but the stage before writes \"\(column ?? "")\"") }
        }

        private func parameter(_ metadata: SparkInterchange.Metadata, _ name: String) throws -> JSONValue {
            guard let value = metadata.parameter(name) else { throw fail("parameter \(name) is missing") }
            return value
        }

        private func string(_ metadata: SparkInterchange.Metadata, _ name: String) throws -> String {
            guard case .string(let value) = try parameter(metadata, name) else { throw fail("parameter \(name) is not a string") }
            return value
        }

        private func bool(_ metadata: SparkInterchange.Metadata, _ name: String) throws -> Bool {
            guard case .bool(let value) = try parameter(metadata, name) else { throw fail("parameter \(name) is not a boolean") }
            return value
        }

        private func number(_ metadata: SparkInterchange.Metadata, _ name: String) throws -> Double {
            guard case .number(let value) = try parameter(metadata, name), value.isFinite else { throw fail("parameter \(name) is not a number") }
            return value
        }

        private func integer(_ metadata: SparkInterchange.Metadata, _ name: String) throws -> Int {
            guard let value = Int(exactly: try number(metadata, name)) else { throw fail("parameter \(name) is not an integer") }
            return value
        }

        private func vector(_ stage: SparkInterchange.Stage, _ name: String) throws -> [Double] {
            guard case .array(let values)? = stage.data?[name] else { throw fail("data lacks the vector \(name)") }
            return try values.map { value in
                guard case .number(let number) = value, number.isFinite else { throw fail("\(name) holds \(value.kind), not a finite number") }
                return number
            }
        }

        private func matrix(_ stage: SparkInterchange.Stage, _ name: String) throws -> (rows: Int, columns: Int, values: [Double]) {
            guard case .object(let object)? = stage.data?[name], case .number(let rows)? = object["rows"],
                  case .number(let columns)? = object["columns"], case .array(let values)? = object["values"],
                  let rowCount = Int(exactly: rows), let columnCount = Int(exactly: columns), rowCount >= 0, columnCount >= 0,
                  rowCount.multipliedReportingOverflow(by: columnCount) == (values.count, false) else {
                throw fail("data lacks the matrix \(name) as {rows, columns, values}")
            }
            let numbers = try values.map { value in
                guard case .number(let number) = value, number.isFinite else { throw fail("\(name) holds \(value.kind), not a finite number") }
                return number
            }
            return (rowCount, columnCount, numbers)
        }
    }
}
