import XCTest
@testable import TextClassification

final class CurvatureHistoryTests: XCTestCase {
    /// The textbook two-loop recursion over the same single-precision pairs, in double precision.
    private func twoLoopDirection(pairs: [(step: [Float], change: [Float])], gradient: [Double]) -> [Double] {
        var q = gradient.map { -$0 }
        var alphas = [Double](repeating: 0, count: pairs.count)
        func dot(_ a: [Float], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * $1.1 } }
        func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        for index in pairs.indices.reversed() {
            let rho = 1 / dot(pairs[index].step, pairs[index].change)
            alphas[index] = rho * dot(pairs[index].step, q)
            for i in q.indices { q[i] -= alphas[index] * Double(pairs[index].change[i]) }
        }
        if let newest = pairs.last {
            let gamma = dot(newest.step, newest.change) / dot(newest.change, newest.change)
            q = q.map { $0 * gamma }
        }
        for index in pairs.indices {
            let rho = 1 / dot(pairs[index].step, pairs[index].change)
            let beta = rho * dot(pairs[index].change, q)
            for i in q.indices { q[i] += (alphas[index] - beta) * Double(pairs[index].step[i]) }
        }
        return q
    }

    /// Steps along the history's own directions on a convex quadratic, checking each direction
    /// against the two-loop recursion, past the point where old pairs are evicted; a length that
    /// is not a multiple of the SIMD width or of the block size exercises every tail loop.
    func testDirectionMatchesTwoLoopRecursionThroughEvictions() {
        let n = CurvatureHistory.blockSize + 37
        var random = SeededGenerator(seed: 7)
        let curvature = (0 ..< n).map { _ in Double.random(in: 0.5 ... 4, using: &random) }
        let center = (0 ..< n).map { _ in Double.random(in: -1 ... 1, using: &random) }
        func gradient(at x: [Double]) -> [Double] { x.indices.map { curvature[$0] * (x[$0] - center[$0]) } }
        for threads in [1, 2] {
            var history = CurvatureHistory(count: n, capacity: 3, threads: threads)
            var pairs: [(step: [Float], change: [Float])] = []
            var x = [Double](repeating: 0, count: n)
            var g = gradient(at: x)
            var direction = [Float](repeating: 0, count: n)
            for iteration in 0 ..< 7 {
                let slope = history.direction(for: g, into: &direction)
                let expected = twoLoopDirection(pairs: pairs, gradient: g)
                let scale = expected.map(abs).max()!
                for i in 0 ..< n {
                    XCTAssertEqual(Double(direction[i]), expected[i], accuracy: 1e-5 * scale, "iteration \(iteration), element \(i)")
                }
                XCTAssertEqual(slope, zip(g, direction).reduce(0) { $0 + $1.0 * Double($1.1) }, accuracy: 1e-9 * abs(slope))
                XCTAssertLessThan(slope, 0, "a descent direction")
                let step = 0.5
                let candidate = x.indices.map { x[$0] + step * Double(direction[$0]) }
                let candidateGradient = gradient(at: candidate)
                history.record(step: step, x: x, candidate: candidate, gradient: g, candidateGradient: candidateGradient)
                pairs.append((x.indices.map { Float(candidate[$0] - x[$0]) }, x.indices.map { Float(candidateGradient[$0] - g[$0]) }))
                if pairs.count > 3 { pairs.removeFirst() }
                XCTAssertEqual(history.slots.count, pairs.count)
                (x, g) = (candidate, candidateGradient)
            }
        }
    }

    func testPairWithoutPositiveCurvatureIsNotKept() {
        var history = CurvatureHistory(count: 8, capacity: 2, threads: 1)
        let x = [Double](repeating: 0, count: 8), candidate = [Double](repeating: 1, count: 8)
        // The gradient falls along the step: s·y < 0, which no convex objective gives.
        let gradient = [Double](repeating: 1, count: 8), candidateGradient = [Double](repeating: 0, count: 8)
        var direction = [Float](repeating: 0, count: 8)
        _ = history.direction(for: gradient, into: &direction)
        history.record(step: 1, x: x, candidate: candidate, gradient: gradient, candidateGradient: candidateGradient)
        XCTAssertTrue(history.isEmpty)
        XCTAssertEqual(history.direction(for: candidateGradient, into: &direction), 0)
    }
}
