import Foundation
import TextClassification

/// The confusion matrix of one field as an inline SVG heat map: one square per (true,
/// predicted) pair holding its count, shaded by the cell's share of its row, so every true class
/// reads the same way whatever its size. Right answers (the diagonal) are blue, mistakes red.
/// Axes are labelled "true" (rows) and "predicted" (columns).
enum ConfusionHeatMapSVG {
    private static let cell = 56.0
    /// Enough for one character of the 12 px labels in a sans-serif font, with some room.
    private static let characterWidth = 7.4
    private static let axisTitle = 24.0

    static func svg(for confusion: ConfusionMatrix, field: String) -> String {
        let labels = confusion.labels
        let size = Double(labels.count)
        let longest = Double(labels.map(\.count).max() ?? 1)
        let rowLabels = longest * characterWidth + 12
        // Column labels are turned 45°, so they need about 0.71 of their length in height.
        let columnLabels = longest * characterWidth * 0.71 + 14
        let left = axisTitle + rowLabels, top = axisTitle + columnLabels
        let width = left + size * cell + 12, height = top + size * cell + 8
        let shares = confusion.rowShares
        let e = HTMLText.escaped

        var svg = """
        <svg class="heatmap" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \(number(width)) \(number(height))" \
        width="\(number(width))" height="\(number(height))" style="min-width:\(number(min(width, left + size * 30)))px" \
        aria-labelledby="heatmap-\(e(field))-title">
        <title id="heatmap-\(e(field))-title">Confusion matrix of \(e(field)): rows are the true class, columns the predicted class</title>
        <text class="axis" x="\(number(left + size * cell / 2))" y="16" text-anchor="middle">predicted</text>
        <text class="axis" transform="translate(16 \(number(top + size * cell / 2))) rotate(-90)" text-anchor="middle">true</text>

        """
        for (index, label) in labels.enumerated() {
            let position = Double(index) * cell + cell / 2
            svg += """
            <text class="label" x="\(number(left - 8))" y="\(number(top + position + 4))" text-anchor="end">\(e(label))</text>
            <text class="label" transform="translate(\(number(left + position)) \(number(top - 8))) rotate(-45)">\(e(label))</text>

            """
        }
        for (row, counts) in confusion.counts.enumerated() {
            for (column, count) in counts.enumerated() {
                let x = left + Double(column) * cell, y = top + Double(row) * cell
                let share = shares[row][column]
                let kind = row == column ? "hit" : "miss"
                // Dark cells carry light text; the threshold is where dark text stops reading well.
                let ink = share > 0.55 ? " light" : ""
                svg += """
                <g class="cell \(kind)" data-true="\(e(labels[row]))" data-predicted="\(e(labels[column]))">\
                <title>true \(e(labels[row])), predicted \(e(labels[column])): \(count) (\(String(format: "%.1f", share * 100))% of \(e(labels[row])))</title>\
                <rect class="ground" x="\(number(x))" y="\(number(y))" width="\(number(cell))" height="\(number(cell))"/>\
                <rect class="shade" x="\(number(x))" y="\(number(y))" width="\(number(cell))" height="\(number(cell))" fill-opacity="\(String(format: "%.3f", share))"/>\
                <text class="count\(ink)" x="\(number(x + cell / 2))" y="\(number(y + cell / 2 + 5))" text-anchor="middle">\(count)</text></g>

                """
            }
        }
        return svg + "</svg>"
    }

    /// Coordinates with at most one decimal: enough for a picture, short in the file.
    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
