import ArgumentParser
import Foundation
import TextClassification

/// `textclf tune`: cross-validate every combination of the listed option values and rank them.
struct Tune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cross-validate every combination of option values and rank them by macro-F1.",
        discussion: """
            Give lists as comma-separated values: --algorithm lr,cnb --c 1,10,100 --alpha 0.1,0.3 \
            --ngram-max 1,2 --min-df 1,2 --class-weight none,balanced (per field too: \
            --c stance=1,10), and alternative feature sets as repeated --feature-set, each blocks \
            joined by +: --feature-set word:1-2 --feature-set word:1-2+char_wb:2-5. Every \
            combination is cross-validated on the same folds (stratified, seeded, grouped with \
            --group-field); combinations that differ only in their classifier share each fold's \
            features. Ranked by the mean over label fields of mean macro-F1.
            """)

    @OptionGroup var input: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var limits: ResourceOptions

    @Option(name: .customLong("feature-set"), help: ArgumentHelp(
        "One alternative set of feature blocks joined by + (repeat for several).", valueName: "blocks"))
    var featureSets: [String] = []

    @OptionGroup var folding: FoldOptions

    @Option(help: ArgumentHelp("Also train the best combination on all the data and write it here.", valueName: "file"))
    var output: String?

    @Flag(help: "Print one JSON object: the ranked combinations.")
    var json = false

    @OptionGroup var reporting: ProgressOptions

    func validate() throws {
        if model.labelFields.isEmpty { throw ValidationError("Give at least one --label-field.") }
    }

    func run() throws {
        try reportingErrors {
            let grid = try OptionGrid(model, featureSets: featureSets)
            let (combinations, estimators, skipped) = try Self.distinct(grid.combinations, fields: model.labelFields)
            if let output {
                // Found now, not after the whole search.
                do { try ModelFile.checkDestination(output) } catch let error as ModelFileError {
                    throw CommandFailure.usage("--output \(error.description)")
                }
            }
            let (dataset, groups) = try input.read(labelFields: model.labelFields, groupField: folding.groupField, limits: limits)
            let limited = try estimators.map { try limits.limiting($0, for: dataset) }
            var reporter = reporting.reporter()
            let reports = try CrossValidation(folds: folding.folds, seed: folding.seed).evaluate(limited, on: dataset, groups: groups) { done, total in
                reporter.update("tune: fold fits", done: done, total: total)
            }
            reporter.finish()
            let ranked = TuningResult.ranked(combinations, reports, fields: model.labelFields)
            let best = TuningResult.bestModel(ranked, estimators: limited, fields: model.labelFields)
            if let output {
                let classifier = try best.estimator.fitted(to: dataset).converted(to: model.weights)
                try ModelFile.write(classifier, to: output)
            }
            if json {
                emit(TuningResult.json(ranked, folds: folding.folds, seed: folding.seed, documents: dataset.count, groupField: folding.groupField,
                                       best: best, skipped: skipped, output: output).serialized)
            } else {
                TuningResult.lines(ranked, folds: folding.folds, seed: folding.seed, dataset: dataset, groupField: folding.groupField,
                                   best: best, skipped: skipped, output: output).forEach(emit)
            }
        }
    }
}

extension Tune {
    /// The combinations worth fitting: those a flag does not apply to (`--class-weight balanced`
    /// with naive Bayes) are skipped with the reason, and those that describe the same estimator
    /// (`--c` values for naive Bayes) are fitted once, shown without the flags that had no effect.
    /// A grid in which nothing can be fitted fails with the first combination's error.
    static func distinct(_ combinations: [OptionGrid.Combination], fields: [String]) throws
        -> (combinations: [OptionGrid.Combination], estimators: [TextClassifierEstimator], skipped: [(flags: String, reason: String)])
    {
        var kept: [OptionGrid.Combination] = [], estimators: [TextClassifierEstimator] = []
        var skipped: [(flags: String, reason: String)] = []
        var seen = Set<TextClassifierEstimator>()
        var firstError: (any Error)?
        for combination in combinations {
            let estimator: TextClassifierEstimator
            do {
                estimator = try combination.options.estimator(fields: fields)
                try estimator.validate()
            } catch let failure as CommandFailure {
                firstError = firstError ?? failure
                skipped.append((combination.choices.map { "\($0.flag) \($0.value)" }.joined(separator: " "), failure.message))
                continue
            } catch let failure as InvalidParameter {
                firstError = firstError ?? failure
                skipped.append((combination.choices.map { "\($0.flag) \($0.value)" }.joined(separator: " "), failure.description))
                continue
            }
            guard seen.insert(estimator).inserted else { continue }
            let kinds = Set(fields.map { estimator.algorithm(for: $0).kind })
            let usesRegression = kinds.contains(.logisticRegression), usesBayes = kinds.contains { $0 != .logisticRegression }
            let relevant = combination.choices.filter { choice in
                switch choice.flag {
                case "--c", "--class-weight": usesRegression
                case "--alpha": usesBayes
                default: true
                }
            }
            kept.append(OptionGrid.Combination(options: combination.options, choices: relevant))
            estimators.append(estimator)
        }
        if kept.isEmpty, let firstError { throw firstError }
        return (kept, estimators, skipped)
    }
}

/// One ranked combination of `tune`, and how the results print.
struct TuningResult {
    /// The combination's position in the grid.
    let index: Int
    let choices: [(flag: String, value: String)]
    let report: CrossValidationReport
    /// Mean over fields of the mean macro-F1: what the ranking sorts by.
    let score: Double

    static func ranked(_ combinations: [OptionGrid.Combination], _ reports: [CrossValidationReport], fields: [String]) -> [TuningResult] {
        let results = zip(combinations, reports).enumerated().map { index, pair in
            TuningResult(index: index, choices: pair.0.choices, report: pair.1,
                         score: fields.map { pair.1.macroF1(of: $0).mean }.reduce(0, +) / Double(fields.count))
        }
        // Stable: equal scores keep the grid's order, so the ranking is reproducible.
        return results.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
    }

    var flags: String {
        choices.isEmpty ? "(the given options)" : choices.map { "\($0.flag) \($0.value)" }.joined(separator: " ")
    }

    /// The model `--output` trains. Fields share the features but not the classifier, so for
    /// each feature setting each field takes its own best classifier, and the setting whose
    /// fields' best macro-F1s have the highest mean wins. With one field this is the top row.
    static func bestModel(_ ranked: [TuningResult], estimators: [TextClassifierEstimator], fields: [String])
        -> (estimator: TextClassifierEstimator, byField: [(field: String, result: TuningResult)], score: Double)
    {
        var settings: [FeatureUnion] = []
        for result in ranked where !settings.contains(estimators[result.index].vectorizer) {
            settings.append(estimators[result.index].vectorizer)
        }
        var best: (estimator: TextClassifierEstimator, byField: [(field: String, result: TuningResult)], score: Double)?
        for setting in settings {
            let members = ranked.filter { estimators[$0.index].vectorizer == setting }
            let byField = fields.map { field in
                // `ranked` is sorted, so among equal macro-F1s the first is the higher-ranked one.
                (field, members.max { $0.report.macroF1(of: field).mean < $1.report.macroF1(of: field).mean
                    || ($0.report.macroF1(of: field).mean == $1.report.macroF1(of: field).mean && $0.index > $1.index) }!)
            }
            let score = byField.map { $0.1.report.macroF1(of: $0.0).mean }.reduce(0, +) / Double(fields.count)
            if best == nil || score > best!.score {
                var estimator = estimators[byField[0].1.index]
                estimator.algorithmsByField = Dictionary(uniqueKeysWithValues: byField.map { field, result in
                    (field, estimators[result.index].algorithm(for: field))
                })
                best = (estimator, byField.map { (field: $0.0, result: $0.1) }, score)
            }
        }
        return best!
    }

    static func lines(_ ranked: [TuningResult], folds: Int, seed: UInt64, dataset: Dataset, groupField: String?,
                      best: (estimator: TextClassifierEstimator, byField: [(field: String, result: TuningResult)], score: Double),
                      skipped: [(flags: String, reason: String)], output: String?) -> [String] {
        let fields = ranked.first?.report.fieldNames ?? []
        let grouping = groupField.map { ", grouped by \($0)" } ?? ""
        var lines = ["\(ranked.count) combination\(ranked.count == 1 ? "" : "s"), \(folds)-fold cross-validation of \(dataset.count) documents from \(dataset.source) (seed \(seed)\(grouping)), ranked by mean macro-F1:"]
        let header = fields.map { $0.padding(toLength: 34, withPad: " ", startingAt: 0) }.joined()
        lines.append("rank  " + header + "options")
        lines.append("      " + fields.map { _ in "macro-F1         accuracy         " }.joined())
        for (position, result) in ranked.enumerated() {
            let columns = fields.map { field -> String in
                let f1 = result.report.macroF1(of: field), accuracy = result.report.accuracy(of: field)
                return String(format: "%.4f ± %.4f  %.4f ± %.4f  ", f1.mean, f1.standardDeviation, accuracy.mean, accuracy.standardDeviation)
            }.joined()
            lines.append(String(format: "%4d  ", position + 1) + columns + result.flags)
        }
        for skip in skipped { lines.append("skipped \(skip.flags): \(skip.reason)") }
        if fields.count > 1 {
            lines.append("Best model (each field's best classifier on the best feature setting, mean macro-F1 \(String(format: "%.4f", best.score))):")
            for (field, result) in best.byField {
                lines.append(String(format: "  %@: %@ (macro-F1 %.4f)", field, result.flags, result.report.macroF1(of: field).mean))
            }
        }
        if let output { lines.append("Trained the best model on all \(dataset.count) documents: wrote \(output).") }
        return lines
    }

    static func json(_ ranked: [TuningResult], folds: Int, seed: UInt64, documents: Int, groupField: String?,
                     best: (estimator: TextClassifierEstimator, byField: [(field: String, result: TuningResult)], score: Double),
                     skipped: [(flags: String, reason: String)], output: String?) -> JSON {
        var members: [(String, JSON)] = [
            ("folds", .integer(folds)), ("seed", .integer(Int(seed))), ("documents", .integer(documents)),
            ("group_field", groupField.map(JSON.string) ?? .null),
        ]
        var results: [JSON] = []
        for (position, result) in ranked.enumerated() {
            var options: [(String, JSON)] = []
            for choice in result.choices {
                options.append((String(choice.flag.dropFirst(2)), JSON.string(choice.value)))
            }
            var byField: [(String, JSON)] = []
            for field in result.report.fieldNames {
                let f1 = result.report.macroF1(of: field), accuracy = result.report.accuracy(of: field)
                let spread: (CrossValidationReport.Spread) -> JSON = {
                    JSON.object([("mean", JSON.number($0.mean)), ("std", JSON.number($0.standardDeviation))])
                }
                byField.append((field, JSON.object([("accuracy", spread(accuracy)), ("macro_f1", spread(f1))])))
            }
            let flags: [JSON] = result.choices.flatMap { [JSON.string($0.flag), JSON.string($0.value)] }
            results.append(JSON.object([
                ("rank", JSON.integer(position + 1)), ("options", JSON.object(options)), ("flags", JSON.array(flags)),
                ("score", JSON.number(result.score)), ("fields", JSON.object(byField)),
            ]))
        }
        members.append(("results", .array(results)))
        var bestFields: [(String, JSON)] = []
        for (field, result) in best.byField {
            bestFields.append((field, JSON.object([
                ("rank", JSON.integer(ranked.firstIndex { $0.index == result.index }! + 1)),
                ("flags", JSON.array(result.choices.flatMap { [JSON.string($0.flag), JSON.string($0.value)] })),
                ("macro_f1", JSON.number(result.report.macroF1(of: field).mean)),
            ])))
        }
        members.append(("best", JSON.object([("score", JSON.number(best.score)), ("fields", JSON.object(bestFields))])))
        var skips: [JSON] = []
        for skip in skipped { skips.append(JSON.object([("flags", JSON.string(skip.flags)), ("reason", JSON.string(skip.reason))])) }
        members.append(("skipped", JSON.array(skips)))
        if let output { members.append(("output", .string(output))) }
        return .object(members)
    }
}
