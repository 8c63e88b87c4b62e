/// Reads version-1 sections back, checking that each lies inside the payload and has the expected size.
struct PayloadReader {
    let bytes: ArraySlice<UInt8>
    let path: String

    func bytes(_ section: ModelFileHeader.Section) throws -> ArraySlice<UInt8> {
        // Compared without adding, so a crafted offset near Int.max cannot overflow.
        guard section.offset >= 0, section.count >= 0, section.offset <= bytes.count,
              section.count <= bytes.count - section.offset else {
            throw ModelFileError(path: path, problem: "a section lies outside the file")
        }
        let start = bytes.startIndex + section.offset
        return bytes[start ..< start + section.count]
    }

    func doubles(_ section: ModelFileHeader.Section, expected: Int, name: String) throws -> [Double] {
        guard section.count == expected else {
            throw ModelFileError(path: path, problem: "\(name) holds \(section.count) values where \(expected) are needed")
        }
        guard section.count <= bytes.count / 8 else {
            throw ModelFileError(path: path, problem: "a section lies outside the file")
        }
        let raw = try bytes(ModelFileHeader.Section(offset: section.offset, count: section.count * 8))
        var values = [Double](repeating: 0, count: expected)
        values.withUnsafeMutableBytes { destination in
            raw.withUnsafeBytes { source in destination.copyMemory(from: source) }
        }
        #if _endian(big)
        values = values.map { Double(bitPattern: UInt64(littleEndian: $0.bitPattern)) }
        #endif
        return values
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    func littleEndianUInt32(at offset: Int) -> UInt32 {
        (0 ..< 4).reduce(UInt32(0)) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
    }

    func littleEndianUInt64(at offset: Int) -> UInt64 {
        (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(self[offset + $1]) << (8 * $1) }
    }
}

extension ModelFileHeader.Bound {
    init(_ bound: DocumentFrequencyBound) {
        switch bound {
        case .count(let count): self.init(count: count, fraction: nil)
        case .fraction(let fraction): self.init(count: nil, fraction: fraction)
        }
    }

    func bound(path: String) throws -> DocumentFrequencyBound {
        switch (count, fraction) {
        case (let count?, nil): return .count(count)
        case (nil, let fraction?): return .fraction(fraction)
        default: throw ModelFileError(path: path, problem: "a document-frequency bound needs exactly one of count and fraction")
        }
    }
}

extension ModelFileHeader.Algorithm {
    init(_ algorithm: ClassifierAlgorithm) {
        switch algorithm {
        case .naiveBayes(let nb):
            self.init(name: algorithm.shortName, alpha: nb.alpha, fit_prior: nb.fitsPriors)
        case .complementNaiveBayes(let cnb):
            self.init(name: algorithm.shortName, alpha: cnb.alpha)
        case .logisticRegression(let lr):
            self.init(name: algorithm.shortName, c: lr.c, tolerance: lr.tolerance, max_iterations: lr.maxIterations, fit_intercept: lr.fitsIntercept,
                      class_weight: lr.balancesClasses ? "balanced" : nil)
        case .spark(let spark):
            self.init(name: algorithm.shortName, tolerance: spark.tolerance, max_iterations: spark.maxIterations,
                      fit_intercept: spark.fitsIntercept, smoothing: spark.smoothing, reg_param: spark.regParam,
                      elastic_net_param: spark.elasticNetParam, family: spark.family)
        }
    }

    /// The algorithm recorded; Spark's only where `allowsSpark` (format 2: version 1 predates them).
    func algorithm(path: String, allowsSpark: Bool = true) throws -> ClassifierAlgorithm {
        func missing(_ key: String) -> ModelFileError {
            ModelFileError(path: path, problem: "algorithm \"\(name)\" lacks \"\(key)\"")
        }
        if allowsSpark, let spark = SparkEstimator.Kind(rawValue: name) {
            guard alpha == nil, fit_prior == nil, c == nil, class_weight == nil else {
                throw ModelFileError(path: path, problem: "algorithm \"\(name)\" records options of textclf's own estimators")
            }
            return .spark(SparkEstimator(kind: spark, smoothing: smoothing, regParam: reg_param, elasticNetParam: elastic_net_param,
                                         maxIterations: max_iterations, tolerance: tolerance, fitsIntercept: fit_intercept, family: family))
        }
        guard let kind = ClassifierAlgorithm.Kind(rawValue: name) else {
            throw ModelFileError(path: path, problem: "unknown algorithm \"\(name)\"")
        }
        guard smoothing == nil, reg_param == nil, elastic_net_param == nil, family == nil else {
            throw ModelFileError(path: path, problem: "algorithm \"\(name)\" records options of Spark's estimators")
        }
        switch kind {
        case .naiveBayes:
            guard let alpha else { throw missing("alpha") }
            return .naiveBayes(MultinomialNaiveBayes(alpha: alpha, fitsPriors: fit_prior ?? true))
        case .complementNaiveBayes:
            guard let alpha else { throw missing("alpha") }
            return .complementNaiveBayes(ComplementNaiveBayes(alpha: alpha))
        case .logisticRegression:
            guard let c else { throw missing("c") }
            guard class_weight == nil || class_weight == "balanced" else {
                throw ModelFileError(path: path, problem: "unknown class weight \"\(class_weight!)\"")
            }
            return .logisticRegression(LogisticRegression(c: c, tolerance: tolerance ?? 1e-4, maxIterations: max_iterations ?? 100,
                                                          fitsIntercept: fit_intercept ?? true, balancesClasses: class_weight == "balanced"))
        }
    }
}

extension ModelFileHeader.Training {
    init(_ summary: TrainingSummary) {
        self.init(iterations: summary.iterations, gradient_norm: summary.gradientNorm, objective: summary.objective,
                  converged: summary.converged, stop_reason: summary.stopReason.rawValue)
    }
}
