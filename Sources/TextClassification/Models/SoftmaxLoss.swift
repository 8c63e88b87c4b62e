/// The objective of L2-penalised multinomial logistic regression and its gradient.
///
/// Parameters are one vector: the `features × classes` weights (feature-major), then one
/// intercept per class. The gradient `Xᵀ(P − Y)/n` is computed from the transposed matrix, row by
/// row, so each gradient entry has one writer and a fixed order of summation: the fit is the same
/// bit for bit on any number of threads.
///
/// The kernels read weights and residuals as `Operand` — single precision for speed (see
/// `PaddedMatrix`), double when a tolerance below what single precision can resolve is asked
/// for — and always sum in double; the loss, the gradient's assembly and the optimiser work in
/// double precision.
///
/// A class rather than a struct because it owns scratch matrices reused by every evaluation
/// (weights, scores and gradient in the kernels' padded layout), which L-BFGS calls dozens of
/// times; it is never shared between threads.
final class SoftmaxLoss<Operand: KernelScalar> {
    let features: SparseMatrix
    let transposedFeatures: SparseMatrix
    let labels: [Int]
    /// Per-document weights of the loss (class balancing), or nil for all ones.
    let rowWeights: [Double]?
    let classCount: Int
    /// Coefficient of `‖W‖²/2` in the averaged objective: `1/(C·n)`.
    let penalty: Double
    let fitsIntercept: Bool
    let threads: Int
    private let vectors: BlockedVectors
    private var weights: PaddedMatrix<Operand>
    private var residuals: PaddedMatrix<Double>
    private var roundedResiduals: PaddedMatrix<Operand>
    private var weightGradient: PaddedMatrix<Double>?
    private var rowLosses: [Double]
    private let ones: [Double]

    init(features: SparseMatrix, labels: [Int], rowWeights: [Double]? = nil, classCount: Int, penalty: Double,
         fitsIntercept: Bool, threads: Int) {
        self.features = features
        self.transposedFeatures = features.transposed()
        self.labels = labels
        self.rowWeights = rowWeights
        self.classCount = classCount
        self.penalty = penalty
        self.fitsIntercept = fitsIntercept
        self.threads = threads
        vectors = BlockedVectors(count: features.columnCount * classCount, threads: threads)
        weights = PaddedMatrix(rowCount: features.columnCount, columnCount: classCount)
        residuals = PaddedMatrix(rowCount: features.rowCount, columnCount: classCount)
        roundedResiduals = PaddedMatrix(rowCount: features.rowCount, columnCount: classCount)
        rowLosses = [Double](repeating: 0, count: features.rowCount)
        ones = [Double](repeating: 1 / Double(features.rowCount), count: features.rowCount)
    }

    var weightCount: Int { features.columnCount * classCount }
    var parameterCount: Int { weightCount + classCount }

    /// The objective at `parameters`, writing its gradient into `gradient`.
    func evaluate(_ parameters: UnsafePointer<Double>, _ gradient: UnsafeMutablePointer<Double>) -> Double {
        let rows = features.rowCount, k = classCount, stride = residuals.stride
        let scale = 1 / Double(rows)
        weights.load(from: parameters, threads: threads)
        // Scores, then residuals P − Y in place; per-row losses kept apart so the total is summed
        // in row order whatever the threads did.
        features.product(with: weights, into: &residuals, threads: threads)
        let bias = parameters + weightCount
        let (labels, fitsIntercept, rowWeights) = (self.labels, self.fitsIntercept, self.rowWeights)
        residuals.values.withUnsafeMutableBufferPointer { buffer in
            rowLosses.withUnsafeMutableBufferPointer { losses in
                let buffer = UncheckedSendable(value: buffer), losses = UncheckedSendable(value: losses)
                let bias = UncheckedSendable(value: bias)
                Parallel.forEach(Parallel.ranges(splitting: rows, into: threads), threads: threads) { range in
                    for row in range {
                        let scores = UnsafeMutableBufferPointer(rebasing: buffer.value[row * stride ..< row * stride + k])
                        if fitsIntercept { for column in 0 ..< k { scores[column] += bias.value[column] } }
                        let trueScore = scores[labels[row]]
                        let logNormalizer = Softmax.normalize(scores)
                        losses.value[row] = logNormalizer - trueScore
                        scores[labels[row]] -= 1
                        if let rowWeights {
                            let weight = rowWeights[row]
                            losses.value[row] *= weight
                            for column in 0 ..< k { scores[column] *= weight }
                        }
                    }
                }
            }
        }
        var dataLoss = 0.0
        for loss in rowLosses { dataLoss += loss }

        // Weight gradient: Xᵀ·R/n + penalty·W.
        roundedResiduals.load(from: residuals)
        if residuals.stride == k {
            // Rows need no padding (k a multiple of four): write straight into the gradient.
            transposedFeatures.product(with: roundedResiduals, into: gradient, threads: threads)
        } else {
            if weightGradient == nil {
                weightGradient = PaddedMatrix(rowCount: features.columnCount, columnCount: classCount)
            }
            transposedFeatures.product(with: roundedResiduals, into: &weightGradient!, threads: threads)
            weightGradient!.copyUnpadded(into: gradient)
        }
        // One parallel pass instead of three single-threaded BLAS calls (dscal, daxpy, ddot):
        // f.post 0.26 s → 0.07 s of the fit on 20 Newsgroups, 2 threads, this 2-core machine.
        let squaredNorm = vectors.scaleAddingAndSquaredNorm(gradient, scale: scale, penalty, parameters)

        // Intercept gradient: Rᵀ·1/n (over the padded columns, of which the first k are kept).
        if fitsIntercept {
            var sums = [Double](repeating: 0, count: stride)
            residuals.values.withUnsafeBufferPointer { values in
                BLAS.transposedMatrixVectorProduct(values.baseAddress!, rows: rows, columns: stride, ones, &sums)
            }
            for column in 0 ..< k { gradient[weightCount + column] = sums[column] }
        } else {
            for column in 0 ..< k { gradient[weightCount + column] = 0 }
        }
        return dataLoss * scale + 0.5 * penalty * squaredNorm
    }
}
