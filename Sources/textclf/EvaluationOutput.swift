import Foundation
import TextClassification

/// What `evaluate` prints: per field, accuracy and macro-F1, a per-class table and the
/// confusion matrix; or the same as one JSON object.
struct EvaluationOutput {
    let evaluation: Evaluation
    let readSeconds: Double
    let predictSeconds: Double

    var json: JSON {
        .object([
            ("documents", .integer(evaluation.documentCount)),
            ("fields", .object(evaluation.fields.map { report in
                (report.field, .object([
                    ("accuracy", .number(report.accuracy)),
                    ("macro_f1", .number(report.macroF1)),
                    ("weighted_f1", .number(report.weightedF1)),
                    ("classes", .object(report.classes.map { metrics in
                        (metrics.label, .object([
                            ("precision", .number(metrics.precision)), ("recall", .number(metrics.recall)),
                            ("f1", .number(metrics.f1)), ("support", .integer(metrics.support)),
                        ]))
                    })),
                    ("confusion", .object([
                        ("labels", .array(report.confusion.labels.map(JSON.string))),
                        ("matrix", .array(report.confusion.counts.map { .array($0.map(JSON.integer)) })),
                    ])),
                ]))
            })),
            ("seconds", .object([("read", .number(readSeconds)), ("predict", .number(predictSeconds))])),
        ])
    }

    var lines: [String] {
        var lines: [String] = []
        for report in evaluation.fields {
            if !lines.isEmpty { lines.append("") }
            lines.append(String(format: "%@: accuracy %.4f, macro-F1 %.4f (%d documents)",
                                report.field, report.accuracy, report.macroF1, evaluation.documentCount))
            let width = max(5, report.classes.map(\.label.count).max() ?? 0)
            lines.append("  " + "class".padded(width) + "  precision  recall      f1  support")
            for metrics in report.classes {
                lines.append("  " + metrics.label.padded(width) + String(format: "  %9.4f  %6.4f  %6.4f  %7d",
                                                                      metrics.precision, metrics.recall, metrics.f1, metrics.support))
            }
            lines.append("  confusion (rows: true, columns: predicted)")
            let cell = max(6, report.confusion.labels.map(\.count).max() ?? 0)
            lines.append("  " + "".padded(width) + report.confusion.labels.map { " " + $0.leftPadded(cell) }.joined())
            for (label, row) in zip(report.confusion.labels, report.confusion.counts) {
                lines.append("  " + label.padded(width) + row.map { " " + String($0).leftPadded(cell) }.joined())
            }
        }
        return lines
    }
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
