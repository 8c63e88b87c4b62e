/// The objective of L2-penalised multinomial logistic regression and its gradient.
///
/// Parameters are one vector: the `features × classes` weights (feature-major), then one
/// intercept per class. The gradient `Xᵀ(P − Y)/n` is computed from the transposed matrix, row by
/// row, so each gradient entry has one writer and a fixed order of summation: the fit is the same
/// bit for bit on any number of threads.
struct SoftmaxLoss {
    let features: SparseMatrix
    let transposedFeatures: SparseMatrix
    let labels: [Int]
    let classCount: Int
    /// Coefficient of `‖W‖²/2` in the averaged objective: `1/(C·n)`.
    let penalty: Double
    let fitsIntercept: Bool
    let threads: Int

    init(features: SparseMatrix, labels: [Int], classCount: Int, penalty: Double, fitsIntercept: Bool, threads: Int) {
        self.features = features
        self.transposedFeatures = features.transposed()
        self.labels = labels
        self.classCount = classCount
        self.penalty = penalty
        self.fitsIntercept = fitsIntercept
        self.threads = threads
    }

    var weightCount: Int { features.columnCount * classCount }
    var parameterCount: Int { weightCount + classCount }

    /// The objective at `parameters`, writing its gradient into `gradient`.
    func evaluate(_ parameters: UnsafePointer<Double>, _ gradient: UnsafeMutablePointer<Double>) -> Double {
        let rows = features.rowCount, k = classCount
        let scale = 1 / Double(rows)
        let weights = DenseMatrix(rowCount: features.columnCount, columnCount: k,
                                  values: Array(UnsafeBufferPointer(start: parameters, count: weightCount)))
        // Scores, then residuals P − Y in place; per-row losses kept apart so the total is summed
        // in row order whatever the threads did.
        var residuals = features.product(with: weights, threads: threads)
        var rowLosses = [Double](repeating: 0, count: rows)
        let bias = parameters + weightCount
        residuals.values.withUnsafeMutableBufferPointer { buffer in
            rowLosses.withUnsafeMutableBufferPointer { losses in
                let buffer = UncheckedSendable(value: buffer), losses = UncheckedSendable(value: losses)
                Parallel.forEach(Parallel.ranges(splitting: rows, into: threads)) { range in
                    for row in range {
                        let scores = UnsafeMutableBufferPointer(rebasing: buffer.value[row * k ..< (row + 1) * k])
                        if fitsIntercept { for column in 0 ..< k { scores[column] += bias[column] } }
                        let trueScore = scores[labels[row]]
                        let logNormalizer = Softmax.normalize(scores)
                        losses.value[row] = logNormalizer - trueScore
                        scores[labels[row]] -= 1
                    }
                }
            }
        }
        var dataLoss = 0.0
        for loss in rowLosses { dataLoss += loss }

        // Weight gradient: Xᵀ·R/n + penalty·W.
        let weightGradient = transposedFeatures.product(with: residuals, threads: threads)
        weightGradient.values.withUnsafeBufferPointer { source in
            BLAS.copy(source.baseAddress!, to: gradient, count: weightCount)
        }
        BLAS.scale(gradient, by: scale, count: weightCount)
        BLAS.axpy(penalty, parameters, gradient, count: weightCount)
        let squaredNorm = BLAS.dot(parameters, parameters, count: weightCount)

        // Intercept gradient: Rᵀ·1/n.
        if fitsIntercept {
            let ones = [Double](repeating: scale, count: rows)
            BLAS.transposedMatrixVectorProduct(residuals.values, rows: rows, columns: k, ones, gradient + weightCount)
        } else {
            for column in 0 ..< k { gradient[weightCount + column] = 0 }
        }
        return dataLoss * scale + 0.5 * penalty * squaredNorm
    }
}
