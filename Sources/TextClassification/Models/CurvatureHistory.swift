/// L-BFGS's memory: the last few curvature pairs (step `s`, gradient change `y`) and every dot
/// product among them and the current gradient, so the search direction costs one pass over the
/// history instead of the two-loop recursion's twenty.
///
/// The two-loop recursion computes `−H·g` as a sequence of dot products and vector updates, each
/// a pass over a million-element vector: with ten pairs, 20 dot products and 20 updates per
/// iteration, memory-bound, a third of fitting logistic regression on 20 Newsgroups (perf). But
/// every vector it forms is a linear combination of the pairs and the gradient, so it can run on
/// the combination's coefficients instead, given the dot products of those vectors with one
/// another ("vector-free" L-BFGS, Chen et al., NIPS 2014). Those products are kept here, updated
/// by one pass per iteration (`record`: the new gradient's products with the stored vectors),
/// and the direction is formed by one more (`direction`). The result is the two-loop
/// recursion's, up to rounding.
///
/// Pairs are stored in single precision (halving the bytes streamed; the direction only steers
/// the search, and the iterate, gradient and convergence tests stay in double precision); every
/// product is accumulated in double precision. Vectors are cut into fixed blocks summed in block
/// order, so results are the same bits on any number of threads.
struct CurvatureHistory {
    /// Parameters (the length of every vector).
    let count: Int
    /// Most pairs kept.
    let capacity: Int
    let threads: Int
    private let blocks: [Range<Int>]

    /// The pairs' vectors: slot `a`'s step at `2·a·count`, its change right after. There are
    /// `capacity + 1` slots, one of them the spare a new pair is measured into before it is known
    /// to be kept; slots are added as first used, so a fit that converges in three iterations
    /// never touches the memory of the other eight. One array, so one pass reaches every vector
    /// through one pointer.
    private var storage: [Float] = []
    /// Slots holding pairs, oldest first.
    private(set) var slots: [Int] = []
    private var spare: Int
    /// `1 / (s·y)` per slot.
    private var inverseCurvature: [Double]
    /// `stepStep[a][b] = s_a·s_b`, `stepChange[a][b] = s_a·y_b`, `changeChange[a][b] = y_a·y_b`.
    private var stepStep: [[Double]]
    private var stepChange: [[Double]]
    private var changeChange: [[Double]]
    /// The current gradient's products with each slot's step and change.
    private var gradientStep: [Double]
    private var gradientChange: [Double]
    /// `s·y / y·y` of the newest pair: the initial inverse Hessian is this times the identity.
    private(set) var scaling = 1.0
    /// The last direction as a combination: per slot of its step and change, and of the gradient.
    private var lastStepCoefficient: [Double] = []
    private var lastChangeCoefficient: [Double] = []
    private var lastGradientCoefficient = -1.0

    /// Elements per block: a block of every vector one pass touches stays in the core's cache.
    static let blockSize = 4096

    init(count: Int, capacity: Int, threads: Int) {
        precondition(capacity >= 1, "an L-BFGS history holds at least one pair")
        self.count = count
        self.capacity = capacity
        self.threads = max(1, threads)
        blocks = stride(from: 0, to: count, by: Self.blockSize).map { $0 ..< min(count, $0 + Self.blockSize) }
        let slotCount = capacity + 1
        // Reserved, not written: pages are only touched as slots come into use.
        storage.reserveCapacity(2 * count * slotCount)
        spare = 0
        inverseCurvature = Array(repeating: 0, count: slotCount)
        let square = Array(repeating: [Double](repeating: 0, count: slotCount), count: slotCount)
        stepStep = square
        stepChange = square
        changeChange = square
        gradientStep = Array(repeating: 0, count: slotCount)
        gradientChange = Array(repeating: 0, count: slotCount)
    }

    var isEmpty: Bool { slots.isEmpty }

    /// Forgets every pair (after a direction that failed to descend).
    mutating func removeAll() {
        slots.removeAll()
        scaling = 1
    }

    /// Measures the pair of an accepted step of length `step` along the last ``direction(for:into:)``
    /// from `x` to `candidate` (with gradients `gradient` and `candidateGradient`), keeps it when
    /// its curvature is positive enough, and records the new gradient's products with the pairs
    /// kept. One pass over the history, two products per stored vector: the new pair's products
    /// with the old ones follow from those (`s = step·d`, where `d` is a known combination of the
    /// old vectors, and `y` is the difference of two gradients whose products are known).
    mutating func record(step: Double, x: [Double], candidate: [Double], gradient: [Double], candidateGradient: [Double]) {
        let new = spare
        if storage.count < 2 * count * (new + 1) {
            storage.append(contentsOf: repeatElement(0, count: 2 * count * (new + 1) - storage.count))
        }
        let old = slots
        let count = count
        // Per old slot: g·s_a, g·y_a with the new gradient; then the new pair's own five
        // products (s·s, s·y, y·y, g·s, g·y, rounded as stored) and the unrounded s·y and y·y
        // that decide whether it is kept.
        let own = 2 * old.count
        let width = own + 7
        let partials: [[Double]] = x.withUnsafeBufferPointer { x in
            candidate.withUnsafeBufferPointer { candidate in
                gradient.withUnsafeBufferPointer { gradient in
                    candidateGradient.withUnsafeBufferPointer { candidateGradient in
                        storage.withUnsafeMutableBufferPointer { storage in
                            let base = storage.baseAddress!
                            let pointers = UncheckedSendable(value: (x.baseAddress!, candidate.baseAddress!, gradient.baseAddress!,
                                                                     candidateGradient.baseAddress!, base))
                            return Parallel.map(blocks, threads: threads) { block in
                                let (x, candidate, gradient, candidateGradient, base) = pointers.value
                                let newStep = base + 2 * count * new
                                var sums = [Double](repeating: 0, count: width)
                                Self.measurePair(block, x: x, candidate: candidate, gradient: gradient, candidateGradient: candidateGradient,
                                                 step: newStep, change: newStep + count, into: &sums, at: own)
                                for (index, slot) in old.enumerated() {
                                    let oldStep = UnsafePointer(base + 2 * count * slot)
                                    Self.accumulateProducts(block, gradient: candidateGradient, with: oldStep, oldStep + count,
                                                            into: &sums, at: 2 * index)
                                }
                                return sums
                            }
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: width)
        for partial in partials { for index in 0 ..< width { sums[index] += partial[index] } }

        let (stepDotChange, changeDotChange) = (sums[own + 5], sums[own + 6])
        let keeps = stepDotChange > 1e-10 * changeDotChange
        if keeps {
            for (index, slot) in old.enumerated() {
                // d·s_a and d·y_a from the last direction's coefficients.
                var directionStep = lastGradientCoefficient * gradientStep[slot]
                var directionChange = lastGradientCoefficient * gradientChange[slot]
                for b in old {
                    directionStep += lastStepCoefficient[b] * stepStep[b][slot] + lastChangeCoefficient[b] * stepChange[slot][b]
                    directionChange += lastStepCoefficient[b] * stepChange[b][slot] + lastChangeCoefficient[b] * changeChange[b][slot]
                }
                let newStepStep = step * directionStep, newStepChange = step * directionChange
                let newChangeStep = sums[2 * index] - gradientStep[slot]
                let newChangeChange = sums[2 * index + 1] - gradientChange[slot]
                stepStep[new][slot] = newStepStep
                stepStep[slot][new] = newStepStep
                stepChange[new][slot] = newStepChange
                stepChange[slot][new] = newChangeStep
                changeChange[new][slot] = newChangeChange
                changeChange[slot][new] = newChangeChange
            }
        }
        for (index, slot) in old.enumerated() {
            gradientStep[slot] = sums[2 * index]
            gradientChange[slot] = sums[2 * index + 1]
        }
        guard keeps else { return }
        stepStep[new][new] = sums[own]
        stepChange[new][new] = sums[own + 1]
        changeChange[new][new] = sums[own + 2]
        gradientStep[new] = sums[own + 3]
        gradientChange[new] = sums[own + 4]
        inverseCurvature[new] = 1 / stepDotChange
        scaling = stepDotChange / changeDotChange
        if slots.count == capacity {
            spare = slots.removeFirst()
        } else {
            spare = (0 ... capacity).first { !slots.contains($0) && $0 != new }!
        }
        slots.append(new)
    }

    /// Writes the L-BFGS direction `−H·gradient` into `direction` (rounded to single precision)
    /// and returns `gradient·direction`. `gradient` must be the one last given to ``record``
    /// (or any gradient while the history is empty). The direction's coefficients are kept for
    /// the next ``record``.
    mutating func direction(for gradient: [Double], into direction: inout [Float]) -> Double {
        // The two-loop recursion on coefficients: the vector q is Σ coefficient·basis vector
        // over the basis (s_a, y_a for every slot a, then the gradient).
        var stepCoefficient = [Double](repeating: 0, count: capacity + 1)
        var changeCoefficient = [Double](repeating: 0, count: capacity + 1)
        var gradientCoefficient = -1.0
        // s_i·q and y_i·q from the coefficients and the stored products.
        func stepProduct(_ i: Int) -> Double {
            var sum = gradientCoefficient * gradientStep[i]
            for a in slots { sum += stepCoefficient[a] * stepStep[i][a] + changeCoefficient[a] * stepChange[i][a] }
            return sum
        }
        func changeProduct(_ i: Int) -> Double {
            var sum = gradientCoefficient * gradientChange[i]
            for a in slots { sum += stepCoefficient[a] * stepChange[a][i] + changeCoefficient[a] * changeChange[i][a] }
            return sum
        }
        var alpha = [Double](repeating: 0, count: capacity + 1)
        for slot in slots.reversed() {
            alpha[slot] = inverseCurvature[slot] * stepProduct(slot)
            changeCoefficient[slot] -= alpha[slot]
        }
        if !slots.isEmpty {
            gradientCoefficient *= scaling
            for slot in slots {
                stepCoefficient[slot] *= scaling
                changeCoefficient[slot] *= scaling
            }
        }
        for slot in slots {
            let beta = inverseCurvature[slot] * changeProduct(slot)
            stepCoefficient[slot] += alpha[slot] - beta
        }

        lastStepCoefficient = stepCoefficient
        lastChangeCoefficient = changeCoefficient
        lastGradientCoefficient = gradientCoefficient

        // One pass: direction = Σ coefficient·vector, and its product with the gradient.
        let terms = slots.map { slot in (stepCoefficient[slot], changeCoefficient[slot], 2 * count * slot) }
        let coefficient = gradientCoefficient
        let partials: [Double] = gradient.withUnsafeBufferPointer { gradient in
            direction.withUnsafeMutableBufferPointer { direction in
                storage.withUnsafeBufferPointer { storage in
                    let pointers = UncheckedSendable(value: (gradient.baseAddress!, direction.baseAddress!, storage.baseAddress))
                    return Parallel.map(blocks, threads: threads) { block in
                        Self.combine(block, gradient: pointers.value.0, coefficient: coefficient, terms: terms, length: count,
                                     vectors: pointers.value.2, into: pointers.value.1)
                    }
                }
            }
        }
        return partials.reduce(0, +)
    }

    // MARK: Kernels on one block

    /// s = candidate − x and y = candidateGradient − gradient over `block`, stored rounded, with
    /// the products of the rounded pair and the new gradient at `sums[offset...]` (five), then
    /// the unrounded s·y and y·y.
    private static func measurePair(_ block: Range<Int>, x: UnsafePointer<Double>, candidate: UnsafePointer<Double>,
                                    gradient: UnsafePointer<Double>, candidateGradient: UnsafePointer<Double>,
                                    step: UnsafeMutablePointer<Float>, change: UnsafeMutablePointer<Float>,
                                    into sums: inout [Double], at offset: Int) {
        var ss = SIMD4<Double>(), sy = SIMD4<Double>(), yy = SIMD4<Double>(), gs = SIMD4<Double>(), gy = SIMD4<Double>()
        var exactSY = SIMD4<Double>(), exactYY = SIMD4<Double>()
        var index = block.lowerBound
        while index + 4 <= block.upperBound {
            let s = load(candidate + index) - load(x + index)
            let y = load(candidateGradient + index) - load(gradient + index)
            let g = load(candidateGradient + index)
            let roundedS = SIMD4<Float>(s), roundedY = SIMD4<Float>(y)
            UnsafeMutableRawPointer(step + index).storeBytes(of: roundedS, as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(change + index).storeBytes(of: roundedY, as: SIMD4<Float>.self)
            let (ws, wy) = (SIMD4<Double>(roundedS), SIMD4<Double>(roundedY))
            ss += ws * ws; sy += ws * wy; yy += wy * wy; gs += g * ws; gy += g * wy
            exactSY += s * y; exactYY += y * y
            index += 4
        }
        var tail = (ss: 0.0, sy: 0.0, yy: 0.0, gs: 0.0, gy: 0.0, exactSY: 0.0, exactYY: 0.0)
        while index < block.upperBound {
            let s = candidate[index] - x[index], y = candidateGradient[index] - gradient[index], g = candidateGradient[index]
            let (roundedS, roundedY) = (Float(s), Float(y))
            step[index] = roundedS
            change[index] = roundedY
            let (ws, wy) = (Double(roundedS), Double(roundedY))
            tail.ss += ws * ws; tail.sy += ws * wy; tail.yy += wy * wy; tail.gs += g * ws; tail.gy += g * wy
            tail.exactSY += s * y; tail.exactYY += y * y
            index += 1
        }
        sums[offset] += ss.sum() + tail.ss
        sums[offset + 1] += sy.sum() + tail.sy
        sums[offset + 2] += yy.sum() + tail.yy
        sums[offset + 3] += gs.sum() + tail.gs
        sums[offset + 4] += gy.sum() + tail.gy
        sums[offset + 5] += exactSY.sum() + tail.exactSY
        sums[offset + 6] += exactYY.sum() + tail.exactYY
    }

    /// Over `block`: g·s_a and g·y_a at `sums[offset...]`.
    private static func accumulateProducts(_ block: Range<Int>, gradient: UnsafePointer<Double>, with oldStep: UnsafePointer<Float>,
                                           _ oldChange: UnsafePointer<Float>, into sums: inout [Double], at offset: Int) {
        var stepSum = SIMD4<Double>(), changeSum = SIMD4<Double>()
        var index = block.lowerBound
        while index + 4 <= block.upperBound {
            let g = load(gradient + index)
            stepSum += g * widen(oldStep + index)
            changeSum += g * widen(oldChange + index)
            index += 4
        }
        var (stepTail, changeTail) = (0.0, 0.0)
        while index < block.upperBound {
            stepTail += gradient[index] * Double(oldStep[index])
            changeTail += gradient[index] * Double(oldChange[index])
            index += 1
        }
        sums[offset] += stepSum.sum() + stepTail
        sums[offset + 1] += changeSum.sum() + changeTail
    }

    /// direction = coefficient·gradient + Σ (stepWeight·s + changeWeight·y) over the slots whose
    /// step is at `offset` in `vectors` (change `count` further), over `block`; returns
    /// gradient·direction there.
    private static func combine(_ block: Range<Int>, gradient: UnsafePointer<Double>, coefficient: Double,
                                terms: [(stepWeight: Double, changeWeight: Double, offset: Int)], length count: Int, vectors: UnsafePointer<Float>?,
                                into direction: UnsafeMutablePointer<Float>) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: block.count) { buffer in
            let base = buffer.baseAddress!
            let start = block.lowerBound
            for index in block { base[index - start] = coefficient * gradient[index] }
            for (stepWeight, changeWeight, offset) in terms {
                let step = vectors! + offset + start, change = step + count
                for index in 0 ..< block.count {
                    base[index] += stepWeight * Double(step[index]) + changeWeight * Double(change[index])
                }
            }
            var slope = SIMD4<Double>(), tail = 0.0
            var index = 0
            while index + 4 <= block.count {
                let rounded = SIMD4<Float>(load(UnsafePointer(base) + index))
                UnsafeMutableRawPointer(direction + start + index).storeBytes(of: rounded, as: SIMD4<Float>.self)
                slope += load(gradient + start + index) * SIMD4<Double>(rounded)
                index += 4
            }
            while index < block.count {
                let rounded = Float(base[index])
                direction[start + index] = rounded
                tail += gradient[start + index] * Double(rounded)
                index += 1
            }
            return slope.sum() + tail
        }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    private static func widen(_ pointer: UnsafePointer<Float>) -> SIMD4<Double> {
        SIMD4<Double>(UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self))
    }
}
