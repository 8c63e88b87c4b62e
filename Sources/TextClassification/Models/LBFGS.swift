/// Limited-memory BFGS for smooth unconstrained minimisation, with a backtracking Armijo line
/// search (quadratic interpolation, halving at worst). Vector algebra between vectors of one
/// precision goes through BLAS (`BlockedVectors`); the few mixed-precision steps are plain loops.
///
/// Stops when the largest absolute gradient component is at most `tolerance` (scipy's `pgtol`,
/// which scikit-learn sets to its `tol`), when the objective's relative decrease falls below
/// `functionTolerance` (scikit-learn uses 64·ε), or after `maxIterations`.
///
/// The curvature pairs are stored in single precision: with a million parameters and ten pairs,
/// the two-loop recursion streams 20 vectors through memory twice per iteration, and profiling
/// on 20 Newsgroups showed it memory-bound (30% of training). Halving the bytes halves that and
/// the history's memory. Only the search direction is computed from them (dot products
/// accumulate in double precision); the iterate, gradient, objective and every convergence test
/// stay in double precision, so the optimum is unchanged.
struct LBFGS {
    var tolerance: Double
    var maxIterations: Int
    /// Threads for the vector algebra; results do not depend on it (see `BlockedVectors`).
    var threads = 1
    var historySize = 10
    var functionTolerance = 64 * Double.ulpOfOne
    var maxLineSearchSteps = 50

    typealias Objective = (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Double

    /// Told after each iteration: its number, the objective and the largest gradient component.
    var observer: ((_ iteration: Int, _ objective: Double, _ gradientNorm: Double) -> Void)?

    /// One stored curvature pair: the step `s`, the gradient change `y`, and `1/(s·y)`.
    private struct Pair {
        var step: [Float]
        var change: [Float]
        var inverseCurvature: Double
    }

    func minimize(start: [Double], objective: Objective) -> (parameters: [Double], summary: TrainingSummary) {
        let n = start.count
        let vectors = BlockedVectors(count: n, threads: threads)
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        var pairs: [Pair] = []
        var scaling = 1.0 // s·y / y·y of the newest pair: the initial inverse Hessian γ·I
        // The search direction, in single precision like the history it is computed from.
        var direction = [Float](repeating: 0, count: n)
        var candidate = [Double](repeating: 0, count: n)
        var candidateGradient = [Double](repeating: 0, count: n)
        var coefficients = [Double](repeating: 0, count: historySize)

        func largestComponent(_ vector: [Double]) -> Double {
            vector.withUnsafeBufferPointer { abs($0[BLAS.indexOfMaximumMagnitude($0.baseAddress!, count: n)]) }
        }
        func summary(_ iterations: Int, converged: Bool, _ reason: StopReason) -> TrainingSummary {
            TrainingSummary(iterations: iterations, gradientNorm: largestComponent(gradient), objective: value,
                            converged: converged, stopReason: reason)
        }

        if largestComponent(gradient) <= tolerance {
            return (x, summary(0, converged: true, .gradientBelowTolerance))
        }
        for iteration in 1 ... maxIterations {
            var initialStep = 1.0
            // Two-loop recursion on the single-precision history: direction = −H·gradient.
            negate(gradient, into: &direction, vectors)
            if pairs.isEmpty {
                initialStep = min(1, 1 / BLAS.norm(gradient, count: n))
            } else {
                for index in stride(from: pairs.count - 1, through: 0, by: -1) {
                    coefficients[index] = pairs[index].inverseCurvature * vectors.dot(pairs[index].step, direction)
                    vectors.axpy(Float(-coefficients[index]), pairs[index].change, &direction)
                }
                vectors.scale(&direction, by: Float(scaling))
                for index in pairs.indices {
                    let correction = pairs[index].inverseCurvature * vectors.dot(pairs[index].change, direction)
                    vectors.axpy(Float(coefficients[index] - correction), pairs[index].step, &direction)
                }
            }
            var slope = vectors.dot(gradient, direction)
            if slope >= 0 {
                // Not a descent direction (stale curvature): restart from steepest descent.
                pairs.removeAll()
                negate(gradient, into: &direction, vectors)
                slope = vectors.dot(gradient, direction)
                initialStep = min(1, 1 / BLAS.norm(gradient, count: n))
            }

            // Backtracking line search on the Armijo condition.
            var step = initialStep
            var candidateValue = 0.0
            var accepted = false
            for _ in 0 ..< maxLineSearchSteps {
                // x + step·direction, mixed precision (no BLAS routine mixes the two).
                x.withUnsafeBufferPointer { x in
                    candidate.withUnsafeMutableBufferPointer { candidate in
                        direction.withUnsafeBufferPointer { direction in
                            let (x, candidate, direction) = (UncheckedSendable(value: x), UncheckedSendable(value: candidate),
                                                             UncheckedSendable(value: direction))
                            vectors.forEachIndex { candidate.value[$0] = x.value[$0] + step * Double(direction.value[$0]) }
                        }
                    }
                }
                candidateValue = objective(candidate, &candidateGradient)
                if candidateValue <= value + 1e-4 * step * slope {
                    accepted = true
                    break
                }
                let curvature = candidateValue - value - slope * step
                let interpolated = curvature > 0 ? -slope * step * step / (2 * curvature) : 0.5 * step
                step = min(max(interpolated, 0.1 * step), 0.5 * step)
            }
            guard accepted else {
                return (x, summary(iteration - 1, converged: false, .lineSearchFoundNoDecrease))
            }

            // Curvature pair s = Δx, y = Δg, measured in double precision, stored in single.
            var stepDotChange = 0.0, changeDotChange = 0.0
            for index in 0 ..< n {
                let s = candidate[index] - x[index], y = candidateGradient[index] - gradient[index]
                stepDotChange += s * y
                changeDotChange += y * y
            }
            if stepDotChange > 1e-10 * changeDotChange {
                var pair = pairs.count == historySize ? pairs.removeFirst()
                    : Pair(step: [Float](repeating: 0, count: n), change: [Float](repeating: 0, count: n), inverseCurvature: 0)
                for index in 0 ..< n {
                    pair.step[index] = Float(candidate[index] - x[index])
                    pair.change[index] = Float(candidateGradient[index] - gradient[index])
                }
                pair.inverseCurvature = 1 / stepDotChange
                pairs.append(pair)
                scaling = stepDotChange / changeDotChange
            }
            let previous = value
            swap(&x, &candidate)
            swap(&gradient, &candidateGradient)
            value = candidateValue

            let norm = largestComponent(gradient)
            observer?(iteration, value, norm)
            if norm <= tolerance {
                return (x, summary(iteration, converged: true, .gradientBelowTolerance))
            }
            if (previous - value) <= functionTolerance * max(abs(previous), abs(value), 1) {
                return (x, summary(iteration, converged: true, .objectiveStoppedDecreasing))
            }
        }
        return (x, summary(maxIterations, converged: false, .iterationLimitReached))
    }

    /// `direction ← −gradient`, rounded to single precision.
    private func negate(_ gradient: [Double], into direction: inout [Float], _ vectors: BlockedVectors) {
        gradient.withUnsafeBufferPointer { gradient in
            direction.withUnsafeMutableBufferPointer { direction in
                let (gradient, direction) = (UncheckedSendable(value: gradient), UncheckedSendable(value: direction))
                vectors.forEachIndex { direction.value[$0] = Float(-gradient.value[$0]) }
            }
        }
    }
}
