/// The interchange file `scripts/spark/export.py` writes from a saved Spark ML `PipelineModel`
/// (`DIR/textclf-interchange.json`; documented in `docs/scale.md`):
///
/// ```
/// {"format": "textclf-spark-interchange", "version": 1,
///  "pipeline": <DIR/metadata/part-00000, as Spark wrote it>,
///  "stages": [{"metadata": <the stage's metadata, as Spark wrote it>,
///              "data": <its one Parquet row, vectors as arrays, matrices as
///                       {"rows", "columns", "values" row-major}; null when it has none>}, …]}
/// ```
///
/// The exporter copies and decodes; it decides nothing. Every check is made here and in
/// ``SparkPipelineImporter``, so the rules live in one place and are tested without a JVM.
struct SparkInterchange: Decodable {
    /// Spark's metadata of the pipeline or of one stage (`DefaultParamsWriter`'s JSON).
    struct Metadata: Decodable {
        let `class`: String
        let uid: String
        let sparkVersion: String
        let paramMap: [String: JSONValue]
        let defaultParamMap: [String: JSONValue]?

        /// A parameter as Spark resolves it: set explicitly, else its default.
        func parameter(_ name: String) -> JSONValue? { paramMap[name] ?? defaultParamMap?[name] }

        /// Whether `name` was set explicitly (not just a default).
        func isSet(_ name: String) -> Bool { paramMap[name] != nil }

        /// The class name without its package: `RegexTokenizer`.
        var shortClass: String { String(`class`.split(separator: ".").last ?? Substring(`class`)) }
    }

    struct Stage: Decodable {
        let metadata: Metadata
        let data: [String: JSONValue]?
    }

    static let formatName = "textclf-spark-interchange"
    static let formatVersion = 1

    let format: String
    let version: Int
    let pipeline: Metadata
    let stages: [Stage]
}
