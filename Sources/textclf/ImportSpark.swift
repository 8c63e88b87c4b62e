import ArgumentParser
import Foundation
import TextClassification

/// `textclf import-spark`: a Spark ML PipelineModel becomes a textclf model file.
struct ImportSpark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-spark",
        abstract: "Turn a saved Spark ML PipelineModel into a textclf model that scores exactly as Spark does.",
        discussion: """
            Imports StringIndexer → RegexTokenizer (or Tokenizer) → [NGram] → HashingTF → [IDF] → \
            NaiveBayes (multinomial, complement) or LogisticRegression (multinomial, binomial), as \
            scripts/spark/train.py trains it. DIR must hold textclf-interchange.json, which \
            `python3 scripts/spark/export.py DIR` writes from Spark's metadata and Parquet data \
            (train.py runs it); an interchange file may be given instead of DIR. Other stages and \
            options are refused by name. The model then works with classify, evaluate, inspect \
            and serve.
            Example:
              python3 scripts/spark/train.py --data news.jsonl
                --label-field topic --output spark-topic
              textclf import-spark spark-topic --output topic.textclf
            """)

    @Argument(help: ArgumentHelp("The saved PipelineModel folder, or an interchange file.", valueName: "dir"))
    var source: String

    @Option(help: ArgumentHelp("Where to write the model (written atomically).", valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("The label field's name (default: the StringIndexer's input column).", valueName: "name"))
    var field: String?

    func run() throws {
        try reportingErrors {
            // Found before a large interchange file is parsed.
            try ModelFile.checkDestination(output)
            let classifier = try SparkPipelineImporter.classifier(at: source, field: field)
            try ModelFile.write(classifier, to: output)
            for field in classifier.fields {
                emit("imported \(field.model.algorithm.shortName) from \(source): field \(field.name), \(field.classes.count) classes (\(field.classes.joined(separator: ", "))), \(classifier.vectorizer.featureCount) hashed features → \(output)")
            }
        }
    }
}
