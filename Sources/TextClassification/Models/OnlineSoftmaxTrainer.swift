import Foundation

/// The state of an ``OnlineLogisticRegression`` fit between batches: the weights, AdaGrad's
/// sums of squared gradients, and what the current pass has seen. Fed one feature matrix at a
/// time (a batch of a stream), it never holds more than one.
///
/// Classes may appear at any time (a stream finds them as it reads): a new class gets a column
/// of zero weights. ``classifier(order:)`` puts the columns in the model's class order at the
/// end; the softmax does not care about the order, so that is exact.
///
/// Per mini-batch, the documents are scored in parallel (each alone, from weights no one writes
/// meanwhile), then the touched weights are stepped in parallel by feature (each feature's
/// classes by one task, summing its documents in document order): nothing depends on how the
/// work was split, so the weights are the same bits for any number of threads.
struct OnlineSoftmaxTrainer {
    let featureCount: Int
    let regression: LogisticRegression
    let options: OnlineLogisticRegression
    let threads: Int
    private(set) var classCount = 0
    /// `featureCount × classCount`, feature-major.
    private var weights: [Double] = []
    /// AdaGrad's sums of squared gradients, laid out as `weights`.
    private var squares: [Float] = []
    private var bias: [Double] = []
    private var biasSquares: [Double] = []
    /// Passes completed.
    private(set) var passes = 0
    /// The documents of a pass, once one has been completed (the `n` of the penalty).
    private var documentsPerPass: Int?
    private var passDocuments = 0
    private var passLoss = 0.0
    private var lastGradientMaximum = 0.0

    init(featureCount: Int, regression: LogisticRegression, options: OnlineLogisticRegression, threads: Int) {
        self.featureCount = featureCount
        self.regression = regression
        self.options = options
        self.threads = max(1, threads)
    }

    /// Makes room for classes `0 ..< count` (new ones start at zero weight).
    mutating func addClasses(upTo count: Int) {
        guard count > classCount else { return }
        let old = classCount
        var wider = [Double](repeating: 0, count: featureCount * count)
        var widerSquares = [Float](repeating: 0, count: featureCount * count)
        if old > 0 {
            for feature in 0 ..< featureCount {
                for column in 0 ..< old {
                    wider[feature * count + column] = weights[feature * old + column]
                    widerSquares[feature * count + column] = squares[feature * old + column]
                }
            }
        }
        weights = wider
        squares = widerSquares
        bias += [Double](repeating: 0, count: count - old)
        biasSquares += [Double](repeating: 0, count: count - old)
        classCount = count
    }

    /// Documents seen since the current pass began.
    var documentsThisPass: Int { passDocuments }

    /// Ends a pass: the next one knows how many documents a pass holds.
    mutating func finishPass() -> (documents: Int, meanLoss: Double) {
        let result = (passDocuments, passLoss / Double(max(passDocuments, 1)))
        documentsPerPass = passDocuments
        passes += 1
        passDocuments = 0
        passLoss = 0
        return result
    }

    /// Mean cross-entropy of the current pass so far, each document scored before its own step.
    var meanLossThisPass: Double { passLoss / Double(max(passDocuments, 1)) }

    /// Takes the AdaGrad steps of `features`' rows, in mini-batches, row `r` of class `labels[r]`.
    mutating func train(on features: SparseMatrix, labels: [Int]) {
        precondition(features.columnCount == featureCount && labels.count == features.rowCount, "one label per row")
        if let largest = labels.max() { addClasses(upTo: largest + 1) }
        var start = 0
        while start < features.rowCount {
            let end = min(start + options.batchSize, features.rowCount)
            step(features, rows: start ..< end, labels: labels)
            start = end
        }
    }

    private mutating func step(_ features: SparseMatrix, rows: Range<Int>, labels: [Int]) {
        let k = classCount, count = rows.count
        let firstEntry = features.rowStarts[rows.lowerBound], lastEntry = features.rowStarts[rows.upperBound]
        // The penalty's n: the documents of a pass once known, else those seen so far.
        let documents = Double(documentsPerPass ?? (passDocuments + count))
        let c = k == 2 ? regression.c / 2 : regression.c
        let penalty = 1 / (c * documents)
        let scale = 1 / Double(count)
        let rate = options.learningRate
        var residuals = [Double](repeating: 0, count: count * k)
        var losses = [Double](repeating: 0, count: count)
        // 1. Scores, probabilities and residuals P − Y, document by document.
        weights.withUnsafeBufferPointer { weights in
            residuals.withUnsafeMutableBufferPointer { residuals in
                losses.withUnsafeMutableBufferPointer { losses in
                    let shared = UncheckedSendable(value: (weights, residuals, losses))
                    let bias = self.bias, fitsIntercept = regression.fitsIntercept
                    Parallel.forEach(Parallel.ranges(splitting: count, into: threads), threads: threads) { part in
                        let (weights, residuals, losses) = shared.value
                        for local in part {
                            let row = rows.lowerBound + local
                            let scores = UnsafeMutableBufferPointer(rebasing: residuals[local * k ..< local * k + k])
                            for column in 0 ..< k { scores[column] = fitsIntercept ? bias[column] : 0 }
                            for entry in features.rowStarts[row] ..< features.rowStarts[row + 1] {
                                let value = Double(features.values[entry])
                                let offset = Int(features.columns[entry]) * k
                                for column in 0 ..< k { scores[column] += value * weights[offset + column] }
                            }
                            let label = labels[row]
                            let trueScore = scores[label]
                            losses[local] = Softmax.normalize(scores) - trueScore
                            scores[label] -= 1
                        }
                    }
                }
            }
        }
        for loss in losses { passLoss += loss }
        passDocuments += count

        // 2. The batch's entries grouped by feature (document order kept within a feature).
        let entryCount = lastEntry - firstEntry
        guard entryCount > 0 || regression.fitsIntercept else { return }
        var keys = [UInt64](repeating: 0, count: entryCount)
        var rowOfEntry = [Int32](repeating: 0, count: entryCount)
        for local in 0 ..< count {
            let row = rows.lowerBound + local
            for entry in features.rowStarts[row] ..< features.rowStarts[row + 1] {
                keys[entry - firstEntry] = UInt64(UInt32(features.columns[entry])) << 32 | UInt64(entry - firstEntry)
                rowOfEntry[entry - firstEntry] = Int32(local)
            }
        }
        var scratch = [UInt64](repeating: 0, count: entryCount)
        keys.withUnsafeMutableBufferPointer { keys in
            scratch.withUnsafeMutableBufferPointer { sortByColumn(keys, scratch: $0) }
        }
        // Parts that start where a feature starts, so each feature's weights have one writer.
        var bounds = Parallel.ranges(splitting: entryCount, into: threads).map(\.lowerBound) + [entryCount]
        for index in 1 ..< bounds.count - 1 {
            var bound = max(bounds[index], bounds[index - 1])
            while bound < entryCount && bound > 0 && keys[bound] >> 32 == keys[bound - 1] >> 32 { bound += 1 }
            bounds[index] = bound
        }
        let parts = (0 ..< bounds.count - 1).map { bounds[$0] ..< bounds[$0 + 1] }.filter { !$0.isEmpty }

        // 3. AdaGrad steps of the touched weights: mean gradient plus the penalty's share.
        let maxima = weights.withUnsafeMutableBufferPointer { weights in
            squares.withUnsafeMutableBufferPointer { squares in
                residuals.withUnsafeBufferPointer { residuals in
                    let shared = UncheckedSendable(value: (weights, squares, residuals))
                    return Parallel.map(parts, threads: threads) { part -> Double in
                        let (weights, squares, residuals) = shared.value
                        var gradient = [Double](repeating: 0, count: k)
                        var largest = 0.0
                        var position = part.lowerBound
                        while position < part.upperBound {
                            let feature = Int(keys[position] >> 32)
                            for column in 0 ..< k { gradient[column] = 0 }
                            while position < part.upperBound && Int(keys[position] >> 32) == feature {
                                let entry = Int(keys[position] & 0xFFFF_FFFF)
                                let value = Double(features.values[firstEntry + entry])
                                let offset = Int(rowOfEntry[entry]) * k
                                for column in 0 ..< k { gradient[column] += value * residuals[offset + column] }
                                position += 1
                            }
                            let offset = feature * k
                            for column in 0 ..< k {
                                let g = gradient[column] * scale + penalty * weights[offset + column]
                                largest = max(largest, abs(g))
                                let sum = Double(squares[offset + column]) + g * g
                                squares[offset + column] = Float(sum)
                                if sum > 0 { weights[offset + column] -= rate * g / sum.squareRoot() }
                            }
                        }
                        return largest
                    }
                }
            }
        }
        var largest = maxima.max() ?? 0
        if regression.fitsIntercept {
            for column in 0 ..< k {
                var g = 0.0
                for local in 0 ..< count { g += residuals[local * k + column] }
                g *= scale
                largest = max(largest, abs(g))
                biasSquares[column] += g * g
                if biasSquares[column] > 0 { bias[column] -= rate * g / biasSquares[column].squareRoot() }
            }
        }
        lastGradientMaximum = largest
    }

    /// The fitted classifier with class `order[i]` as class `i`; `meanLoss` is the last pass's.
    /// Ends the fit: AdaGrad's sums are freed first, as the model's copy of the weights is made.
    mutating func classifier(order: [Int], meanLoss: Double) -> LinearClassifier {
        precondition(order.sorted() == Array(0 ..< classCount), "a permutation of the classes")
        squares = []
        let k = classCount
        var reordered = [Double](repeating: 0, count: featureCount * k)
        var squaredNorm = 0.0
        for feature in 0 ..< featureCount {
            for (column, source) in order.enumerated() {
                let weight = weights[feature * k + source]
                reordered[feature * k + column] = weight
                squaredNorm += weight * weight
            }
        }
        let c = k == 2 ? regression.c / 2 : regression.c
        let penalty = 1 / (c * Double(max(documentsPerPass ?? passDocuments, 1)))
        let summary = TrainingSummary(iterations: passes, gradientNorm: lastGradientMaximum,
                                      objective: meanLoss + 0.5 * penalty * squaredNorm, converged: false,
                                      stopReason: .passesCompleted)
        return LinearClassifier(fittedWeights: DenseMatrix(uncheckedRowCount: featureCount, columnCount: k, values: reordered),
                                bias: order.map { regression.fitsIntercept ? bias[$0] : 0 },
                                algorithm: .logisticRegression(regression), training: summary)
    }
}
