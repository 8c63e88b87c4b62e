/// Limited-memory BFGS for smooth unconstrained minimisation, with a backtracking Armijo line
/// search (quadratic interpolation, halving at worst).
///
/// Stops when the largest absolute gradient component is at most `tolerance` (scipy's `pgtol`,
/// which scikit-learn sets to its `tol`), when the objective's relative decrease falls below
/// `functionTolerance` (scikit-learn uses 64·ε), or after `maxIterations`.
///
/// The search direction comes from a ``CurvatureHistory``: single-precision pairs, and the
/// two-loop recursion run on the dot products among them rather than on the vectors (two passes
/// over the history per iteration instead of forty). The iterate, gradient, objective and every
/// convergence test stay in double precision, so the optimum is unchanged.
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

    func minimize(start: [Double], objective: Objective) -> (parameters: [Double], summary: TrainingSummary) {
        let n = start.count
        let vectors = BlockedVectors(count: n, threads: threads)
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        var history = CurvatureHistory(count: n, capacity: historySize, threads: threads)
        // The search direction, in single precision like the history it is computed from.
        var direction = [Float](repeating: 0, count: n)
        var candidate = [Double](repeating: 0, count: n)
        var candidateGradient = [Double](repeating: 0, count: n)

        func largestComponent(_ vector: [Double]) -> Double {
            // Blocks in parallel (a maximum does not depend on the order): 0.09 s → 0.05 s of the
            // fit on 20 Newsgroups with 2 threads, this 2-core machine, against `cblas_idamax`.
            vector.withUnsafeBufferPointer { vectors.largestMagnitude($0.baseAddress!) }
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
            if history.isEmpty { initialStep = min(1, 1 / BLAS.norm(gradient, count: n)) }
            var slope = history.direction(for: gradient, into: &direction)
            if slope >= 0 {
                // Not a descent direction (stale curvature): restart from steepest descent.
                history.removeAll()
                slope = history.direction(for: gradient, into: &direction)
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
            history.record(step: step, x: x, candidate: candidate, gradient: gradient, candidateGradient: candidateGradient)
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
}
