/// Limited-memory BFGS for smooth unconstrained minimisation, with a backtracking Armijo line
/// search (quadratic interpolation, halving at worst). All vector algebra goes through BLAS.
///
/// Stops when the largest absolute gradient component is at most `tolerance` (scipy's `pgtol`,
/// which scikit-learn sets to its `tol`), when the objective's relative decrease falls below
/// `functionTolerance` (scikit-learn uses 64·ε), or after `maxIterations`.
struct LBFGS {
    var tolerance: Double
    var maxIterations: Int
    var historySize = 10
    var functionTolerance = 64 * Double.ulpOfOne
    var maxLineSearchSteps = 50

    typealias Objective = (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Double

    func minimize(start: [Double], objective: Objective) -> (parameters: [Double], summary: TrainingSummary) {
        let n = start.count
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        var steps: [[Double]] = [], changes: [[Double]] = [], inverseCurvatures: [Double] = []
        var direction = [Double](repeating: 0, count: n)
        var candidate = [Double](repeating: 0, count: n)
        var candidateGradient = [Double](repeating: 0, count: n)
        var coefficients = [Double](repeating: 0, count: historySize)

        func largestComponent(_ vector: [Double]) -> Double {
            vector.withUnsafeBufferPointer { abs($0[BLAS.indexOfMaximumMagnitude($0.baseAddress!, count: n)]) }
        }
        func summary(_ iterations: Int, converged: Bool, _ reason: String) -> TrainingSummary {
            TrainingSummary(iterations: iterations, gradientNorm: largestComponent(gradient), objective: value,
                            converged: converged, stopReason: reason)
        }

        if largestComponent(gradient) <= tolerance {
            return (x, summary(0, converged: true, "gradient below tolerance"))
        }
        for iteration in 1 ... maxIterations {
            // Two-loop recursion: direction = −H·gradient.
            BLAS.copy(gradient, to: &direction, count: n)
            for index in stride(from: steps.count - 1, through: 0, by: -1) {
                coefficients[index] = inverseCurvatures[index] * BLAS.dot(steps[index], direction, count: n)
                BLAS.axpy(-coefficients[index], changes[index], &direction, count: n)
            }
            var initialStep = 1.0
            if let lastStep = steps.last, let lastChange = changes.last {
                BLAS.scale(&direction, by: BLAS.dot(lastStep, lastChange, count: n) / BLAS.dot(lastChange, lastChange, count: n), count: n)
            } else {
                initialStep = min(1, 1 / BLAS.norm(gradient, count: n))
            }
            for index in steps.indices {
                let correction = inverseCurvatures[index] * BLAS.dot(changes[index], direction, count: n)
                BLAS.axpy(coefficients[index] - correction, steps[index], &direction, count: n)
            }
            BLAS.scale(&direction, by: -1, count: n)
            var slope = BLAS.dot(gradient, direction, count: n)
            if slope >= 0 {
                // Not a descent direction (curvature information gone stale): restart from steepest descent.
                steps.removeAll(); changes.removeAll(); inverseCurvatures.removeAll()
                BLAS.copy(gradient, to: &direction, count: n)
                BLAS.scale(&direction, by: -1, count: n)
                slope = BLAS.dot(gradient, direction, count: n)
                initialStep = min(1, 1 / BLAS.norm(gradient, count: n))
            }

            // Backtracking line search on the Armijo condition.
            var step = initialStep
            var candidateValue = 0.0
            var accepted = false
            for _ in 0 ..< maxLineSearchSteps {
                BLAS.copy(x, to: &candidate, count: n)
                BLAS.axpy(step, direction, &candidate, count: n)
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
                return (x, summary(iteration - 1, converged: false, "line search found no decrease"))
            }

            // Curvature pair s = Δx, y = Δg.
            var displacement = candidate, change = candidateGradient
            BLAS.axpy(-1, x, &displacement, count: n)
            BLAS.axpy(-1, gradient, &change, count: n)
            let curvature = BLAS.dot(displacement, change, count: n)
            if curvature > 1e-10 * BLAS.dot(change, change, count: n) {
                if steps.count == historySize {
                    steps.removeFirst(); changes.removeFirst(); inverseCurvatures.removeFirst()
                }
                steps.append(displacement)
                changes.append(change)
                inverseCurvatures.append(1 / curvature)
            }
            let previous = value
            swap(&x, &candidate)
            swap(&gradient, &candidateGradient)
            value = candidateValue

            if largestComponent(gradient) <= tolerance {
                return (x, summary(iteration, converged: true, "gradient below tolerance"))
            }
            if (previous - value) <= functionTolerance * max(abs(previous), abs(value), 1) {
                return (x, summary(iteration, converged: true, "objective stopped decreasing"))
            }
        }
        return (x, summary(maxIterations, converged: false, "iteration limit reached"))
    }
}
