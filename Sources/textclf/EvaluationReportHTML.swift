import Foundation
import TextClassification

/// `evaluate --report`: one self-contained HTML page (styles inline, the heat maps inline SVG, no
/// scripts, no fonts, no links out), so it opens offline and can be mailed or archived as one
/// file. Per field: the headline metrics, a per-class table, the confusion heat map, the most
/// confused pairs and every misclassified document with the terms that drove its prediction.
/// The figures are printed as `evaluate` prints them (four decimals).
struct EvaluationReportHTML {
    /// One document a field got wrong.
    struct Mistake {
        let line: Int
        let id: String?
        let text: String
        let truth: String
        let prediction: FieldPrediction
        let explanation: FieldExplanation?
    }

    /// How many terms are shown for each misclassified document.
    static let termCount = 5

    let evaluation: Evaluation
    let modelPath: String
    let dataPath: String
    /// Per field, in the evaluation's order, the documents whose prediction differs from the truth.
    let mistakes: [String: [Mistake]]

    /// Gathers the misclassified documents of every field; each is explained once, however many
    /// fields it got wrong.
    init(evaluation: Evaluation, classifier: TextClassifier, dataset: Dataset, predictions: [Prediction],
         ids: [String?], modelPath: String, dataPath: String) throws {
        var explanations: [Int: Explanation] = [:]
        var mistakes: [String: [Mistake]] = [:]
        for field in classifier.fieldNames {
            let truth = try dataset.labels(of: field)
            mistakes[field] = truth.indices.compactMap { row -> Mistake? in
                guard let predicted = predictions[row][field], predicted.label != truth[row] else { return nil }
                if explanations[row] == nil { explanations[row] = classifier.explanation(for: dataset.texts[row]) }
                return Mistake(line: dataset.lines[row], id: ids.indices.contains(row) ? ids[row] : nil, text: dataset.texts[row],
                               truth: truth[row], prediction: predicted, explanation: explanations[row]?[field])
            }
        }
        self.evaluation = evaluation
        self.modelPath = modelPath
        self.dataPath = dataPath
        self.mistakes = mistakes
    }

    var html: String {
        let e = HTMLText.escaped
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
        <title>textclf evaluation: \(e(modelPath)) on \(e(dataPath))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header>
        <h1>Evaluation report</h1>
        <p>Model <code>\(e(modelPath))</code> on <code>\(e(dataPath))</code>: \(evaluation.documentCount) documents.</p>
        <nav><ul>\(evaluation.fields.map { "<li><a href=\"#field-\(e($0.field))\">\(e($0.field))</a></li>" }.joined())</ul></nav>
        </header>
        <main>

        """
        for report in evaluation.fields { page += section(for: report) }
        page += """
        </main>
        <footer>Written by textclf \(Version.current) (<code>textclf evaluate --report</code>).</footer>
        </body>
        </html>

        """
        return page
    }

    private func section(for report: ClassificationReport) -> String {
        let e = HTMLText.escaped
        let field = e(report.field)
        var html = """
        <section id="field-\(field)">
        <h2>\(field)</h2>
        <dl class="metrics">
        <div><dt>Accuracy</dt><dd data-metric="accuracy">\(Self.figure(report.accuracy))</dd></div>
        <div><dt>Macro-F1</dt><dd data-metric="macro_f1">\(Self.figure(report.macroF1))</dd></div>
        <div><dt>Weighted F1</dt><dd data-metric="weighted_f1">\(Self.figure(report.weightedF1))</dd></div>
        <div><dt>Documents</dt><dd data-metric="documents">\(evaluation.documentCount)</dd></div>
        </dl>
        <h3>Per class</h3>
        <div class="scroll"><table class="classes">
        <thead><tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">F1</th><th scope="col">support</th></tr></thead>
        <tbody>

        """
        for metrics in report.classes {
            html += "<tr><th scope=\"row\">\(e(metrics.label))</th><td>\(Self.figure(metrics.precision))</td>"
                + "<td>\(Self.figure(metrics.recall))</td><td>\(Self.figure(metrics.f1))</td><td>\(metrics.support)</td></tr>\n"
        }
        html += """
        </tbody>
        </table></div>
        <h3>Confusion matrix</h3>
        <figure>
        <div class="scroll">\(ConfusionHeatMapSVG.svg(for: report.confusion, field: report.field))</div>
        <figcaption>Rows: true class; columns: predicted class. Each cell holds its count of documents and is shaded by its share of the row: the diagonal (blue) is each class's recall, the red cells its errors.</figcaption>
        </figure>
        <h3>Most confused pairs</h3>

        """
        let pairs = report.confusion.mostConfusedPairs(limit: 10)
        if pairs.isEmpty {
            html += "<p>No document was misclassified.</p>\n"
        } else {
            html += "<ol class=\"pairs\">\n"
            for pair in pairs {
                html += "<li><span class=\"label\">\(e(pair.truth))</span> → <span class=\"label\">\(e(pair.predicted))</span>: "
                    + "<span class=\"count\">\(pair.count)</span> \(pair.count == 1 ? "document" : "documents")</li>\n"
            }
            html += "</ol>\n"
        }
        let mistakes = self.mistakes[report.field] ?? []
        html += "<h3>Misclassified documents (\(mistakes.count) of \(evaluation.documentCount))</h3>\n"
        if !mistakes.isEmpty { html += mistakeTable(mistakes) }
        return html + "</section>\n"
    }

    private func mistakeTable(_ mistakes: [Mistake]) -> String {
        let e = HTMLText.escaped
        var html = """
        <div class="scroll"><table class="mistakes">
        <thead><tr><th scope="col">line</th><th scope="col">document</th><th scope="col">true</th><th scope="col">predicted</th>\
        <th scope="col">confidence</th><th scope="col">terms toward the prediction (over the runner-up)</th></tr></thead>
        <tbody>

        """
        for mistake in mistakes {
            let where_ = mistake.id.map { "\(mistake.line)<br><span class=\"id\">\(e(Self.displayed(id: $0)))</span>" } ?? "\(mistake.line)"
            var terms = "—"
            if let explanation = mistake.explanation {
                let toward = explanation.toward(Self.termCount)
                var items: [String] = []
                for contribution in toward {
                    let term: String = FeatureText.display(contribution.feature)
                    let weight = String(format: "%+.3f", contribution.contribution)
                    items.append("<li><span class=\"term\">\(e(term))</span> <span class=\"weight\">\(weight)</span></li>")
                }
                terms = "<span class=\"versus\">over \(e(explanation.runnerUp))</span>"
                    + (items.isEmpty ? " (no term; the intercept decides)" : "<ol class=\"terms\">\(items.joined())</ol>")
            }
            // data-label names each cell where a narrow window stacks a row into a card.
            html += "<tr><td class=\"line\" data-label=\"line\">\(where_)</td><td class=\"text\">\(e(mistake.text))</td>"
                + "<td class=\"truth\" data-label=\"true\">\(e(mistake.truth))</td>"
                + "<td class=\"predicted\" data-label=\"predicted\">\(e(mistake.prediction.label))</td>"
                + "<td class=\"confidence\" data-label=\"confidence\">\(String(format: "%.3f", mistake.prediction.confidence))</td>"
                + "<td class=\"why\" data-label=\"terms\">\(terms)</td></tr>\n"
        }
        return html + "</tbody>\n</table></div>\n"
    }

    /// The page may load nothing and run nothing; only its own inline styles apply. The browser
    /// then enforces what the page promises (self-contained, no scripts), even if a bug let markup
    /// from a document through, and it reports any attempt on its console, which
    /// `scripts/check-report.sh` watches.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'"

    /// A metric as the tables of `evaluate` print it.
    static func figure(_ value: Double) -> String { String(format: "%.4f", value) }

    /// An id as a reader wants it: a JSON string without its quotes, anything else as written.
    private static func displayed(id json: String) -> String {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String) ?? json
    }

    private static let style = """

    :root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --hit: #2166ac; --miss: #c0392b; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 76rem; padding: 1rem 1.25rem 3rem; color: var(--ink); background: #fff;
           font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    h1 { font-size: 1.6rem; margin: 0.5rem 0; }
    h2 { font-size: 1.35rem; border-bottom: 2px solid var(--rule); padding-bottom: 0.2rem; margin-top: 2.2rem; }
    h3 { font-size: 1.05rem; margin: 1.6rem 0 0.5rem; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; overflow-wrap: anywhere; }
    nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
    nav a { color: var(--hit); }
    .metrics { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.75rem; margin: 1rem 0; }
    .metrics div { border: 1px solid var(--rule); border-radius: 6px; padding: 0.6rem 0.8rem; }
    .metrics dt { color: var(--muted); font-size: 0.85rem; }
    .metrics dd { margin: 0; font-size: 1.5rem; font-variant-numeric: tabular-nums; }
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.6rem; text-align: right; vertical-align: top; }
    th[scope="row"], .mistakes td, .mistakes th { text-align: left; }
    thead th { border-bottom: 2px solid var(--rule); white-space: nowrap; }
    .mistakes { width: 100%; min-width: 44rem; font-size: 0.9rem; }
    .mistakes .text { min-width: 18rem; max-width: 36rem; overflow-wrap: anywhere; }
    .mistakes .truth { color: var(--hit); font-weight: 600; }
    .mistakes .predicted { color: var(--miss); font-weight: 600; }
    .id, .versus { color: var(--muted); font-size: 0.85em; }
    .mistakes .line, .mistakes .confidence { white-space: nowrap; }
    .terms { margin: 0.2rem 0 0; padding-left: 1.2rem; }
    .term { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
    .weight { color: var(--muted); font-variant-numeric: tabular-nums; }
    figure { margin: 0; }
    figcaption { color: var(--muted); font-size: 0.85rem; max-width: 44rem; }
    svg.heatmap { display: block; max-width: 100%; height: auto; }
    svg.heatmap text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
    svg.heatmap .axis { font-weight: 600; font-size: 13px; }
    svg.heatmap .count { font-size: 14px; font-variant-numeric: tabular-nums; }
    svg.heatmap .count.light { fill: #fff; }
    svg.heatmap .ground { fill: #fff; stroke: var(--rule); }
    svg.heatmap .hit .shade { fill: var(--hit); }
    svg.heatmap .miss .shade { fill: var(--miss); }
    .pairs .label { font-weight: 600; }
    footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
    @media (max-width: 40rem) {
      body { font-size: 14px; padding: 0.75rem; }
      .metrics dd { font-size: 1.25rem; }
      th, td { padding: 0.3rem 0.4rem; }
      .classes { font-size: 0.9rem; }
      /* Six columns do not fit a phone: each misclassified document becomes a card. */
      .mistakes, .mistakes tbody, .mistakes tr, .mistakes td { display: block; min-width: 0; width: auto; max-width: none; }
      .mistakes thead { display: none; }
      .mistakes tr { border-bottom: 2px solid var(--rule); padding: 0.5rem 0; }
      .mistakes td { border: 0; padding: 0.1rem 0; }
      .mistakes td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-weight: 400; }
      .mistakes .line .id::before { content: " · "; }
      .mistakes .line br { display: none; }
    }
    @media print {
      body { max-width: none; padding: 0; font-size: 10pt; }
      nav { display: none; }
      section { break-before: page; }
      section:first-of-type { break-before: auto; }
      .scroll { overflow: visible; }
      tr, .metrics div, figure { break-inside: avoid; }
      .mistakes { min-width: 0; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
