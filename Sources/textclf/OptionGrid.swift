import Foundation
import TextClassification

/// `tune`'s search space: the model options with comma-separated lists expanded into every
/// combination. Expansion happens on the option text, before any option is interpreted, so a
/// combination is validated exactly as `train` would validate the same flags.
struct OptionGrid {
    /// One point of the grid: the options, and the flags that distinguish it from the others.
    struct Combination {
        let options: ModelOptions
        /// `(flag, value)` for every option that was given a list, in a fixed order.
        let choices: [(flag: String, value: String)]
    }

    let combinations: [Combination]

    /// - Parameter featureSets: `--feature-set` values, each blocks joined by `+`
    ///   (`word:1-2+char_wb:2-5`); empty keeps `options.features`.
    init(_ options: ModelOptions, featureSets: [String]) throws {
        var grid = [Combination(options: options, choices: [])]
        func expand(_ flag: String, _ alternatives: [String], _ apply: (inout ModelOptions, String) -> Void) {
            guard alternatives.count > 1 else { return }
            grid = grid.flatMap { point in
                alternatives.map { value in
                    var options = point.options
                    apply(&options, value)
                    return Combination(options: options, choices: point.choices + [(flag, value)])
                }
            }
        }
        /// A repeatable option whose entries may each be `VALUES` or `FIELD=VALUES`.
        func expandEntries(_ flag: String, _ path: WritableKeyPath<ModelOptions, [String]>) {
            for (position, entry) in options[keyPath: path].enumerated() {
                let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                let prefix = parts.count == 2 ? parts[0] + "=" : ""
                let values = Self.split(parts.last ?? "")
                expand(flag, values.map { prefix + $0 }) { $0[keyPath: path][position] = $1 }
            }
        }
        if !featureSets.isEmpty {
            if !options.features.isEmpty || options.ngramMax != nil {
                throw CommandFailure.usage("--feature-set replaces --features and --ngram-max; give one or the other")
            }
            let sets = featureSets.map { $0.split(separator: "+").map(String.init) }
            if let empty = featureSets.first(where: { $0.split(separator: "+").isEmpty }) {
                throw CommandFailure.usage("--feature-set must be blocks joined by +, e.g. word:1-2+char_wb:2-5; got \(empty)")
            }
            if sets.count == 1 {
                grid[0] = Combination(options: { var copy = options; copy.features = sets[0]; return copy }(), choices: [])
            } else {
                expand("--feature-set", featureSets) { $0.features = $1.split(separator: "+").map(String.init) }
            }
        }
        if let ngramMax = options.ngramMax { expand("--ngram-max", Self.split(ngramMax)) { $0.ngramMax = $1 } }
        expand("--min-df", Self.split(options.minDF)) { $0.minDF = $1 }
        expand("--max-df", Self.split(options.maxDF)) { $0.maxDF = $1 }
        expandEntries("--algorithm", \.algorithm)
        expandEntries("--c", \.inverseRegularization)
        expandEntries("--alpha", \.alpha)
        expandEntries("--class-weight", \.classWeight)
        combinations = grid
    }

    private static func split(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
