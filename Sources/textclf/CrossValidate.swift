import ArgumentParser
import TextClassification

/// `textclf cv`: stratified, seeded k-fold cross-validation.
struct CrossValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv",
        abstract: "Cross-validate model options: mean and spread of accuracy and macro-F1 per field.",
        discussion: """
            Folds are stratified by the first --label-field and fixed by --seed. With --group-field, \
            documents sharing that field's value (a source page or site) stay in one fold.
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var limits: ResourceOptions

    @OptionGroup var folding: FoldOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup var reporting: ProgressOptions

    func validate() throws {
        if model.labelFields.isEmpty { throw ValidationError("Give at least one --label-field.") }
    }

    func run() throws {
        try reportingErrors {
            let estimator = try model.estimator(fields: model.labelFields)
            try estimator.validate()
            let (dataset, groups) = try input.read(labelFields: model.labelFields, groupField: folding.groupField, limits: limits)
            var reporter = reporting.reporter()
            let report = try CrossValidation(folds: folding.folds, seed: folding.seed).evaluate(
                [try limits.limiting(estimator, for: dataset)], on: dataset, groups: groups
            ) { done, total in
                reporter.update("cv: folds", done: done, total: total)
            }[0]
            reporter.finish()
            if json {
                emit(JSON.object([
                    ("folds", .integer(folding.folds)), ("seed", .integer(Int(folding.seed))), ("documents", .integer(dataset.count)),
                    ("group_field", folding.groupField.map(JSON.string) ?? .null),
                    ("fields", .object(report.fieldNames.map { field in
                        let accuracy = report.accuracy(of: field), macroF1 = report.macroF1(of: field)
                        return (field, .object([
                            ("algorithm", .string(estimator.algorithm(for: field).shortName)),
                            ("accuracy", .object([("mean", .number(accuracy.mean)), ("std", .number(accuracy.standardDeviation))])),
                            ("macro_f1", .object([("mean", .number(macroF1.mean)), ("std", .number(macroF1.standardDeviation))])),
                            ("fold_accuracy", .array(report.folds.compactMap { $0.fields.first { $0.field == field } }.map { .number($0.accuracy) })),
                        ]))
                    })),
                ]).serialized)
                return
            }
            let grouping = folding.groupField.map { ", grouped by \($0)" } ?? ""
            emit("\(folding.folds)-fold cross-validation of \(dataset.count) documents from \(dataset.source) (seed \(folding.seed)\(grouping)):")
            for field in report.fieldNames {
                let accuracy = report.accuracy(of: field), macroF1 = report.macroF1(of: field)
                emit(String(format: "  %@ (%@): accuracy %.4f ± %.4f, macro-F1 %.4f ± %.4f", field,
                            estimator.algorithm(for: field).shortName, accuracy.mean, accuracy.standardDeviation,
                            macroF1.mean, macroF1.standardDeviation))
            }
        }
    }
}

/// How the data is split into folds (cv, tune).
struct FoldOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Number of folds.")
    var folds = CrossValidation().folds

    @Option(parsing: .unconditional, help: "Seed of the fold assignment.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Keep documents with the same value of this field in one fold (e.g. url or site).", valueName: "name"))
    var groupField: String?
}

extension DataOptions {
    /// The dataset, and with a group field each document's group (read like a label field, so a
    /// missing value is an error naming its line).
    func read(labelFields: [String], groupField: String?, limits: ResourceOptions) throws -> (Dataset, [String]?) {
        guard let groupField else {
            return (try limits.reader(self, labelFields: labelFields).read(contentsOf: data), nil)
        }
        if labelFields.contains(groupField) { throw CommandFailure.usage("--group-field \(groupField) is also a --label-field") }
        let read = try limits.reader(self, labelFields: labelFields + [groupField]).read(contentsOf: data)
        let dataset = Dataset(source: read.source, fieldNames: labelFields, texts: read.texts,
                              labels: read.labels.filter { $0.key != groupField }, lines: read.lines)
        return (dataset, try read.labels(of: groupField))
    }
}
