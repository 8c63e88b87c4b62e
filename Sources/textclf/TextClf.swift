import ArgumentParser

/// The `textclf` command: train, classify, evaluate and cross-validate text classifiers.
/// The command line's entry: the allocator is configured before any command runs.
@main
enum Main {
    static func main() async {
        Allocator.configureForLargeBuffers()
        await TextClf.main()
    }
}

/// The `textclf` command and its subcommands.
struct TextClf: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textclf",
        abstract: "Fast TF-IDF text classification: naive Bayes, complement naive Bayes and logistic regression.",
        discussion: """
            Data files are JSON Lines, CSV/TSV with a header, or fastText (__label__X text).
            Without --model, classify uses $TEXTCLF_MODEL or the shipped models/ukraine.textclf.
            """,
        version: "textclf \(Version.current)",
        subcommands: [Train.self, Classify.self, Evaluate.self, CrossValidate.self, Tune.self, Inspect.self, ImportSpark.self, Serve.self]
    )
}
