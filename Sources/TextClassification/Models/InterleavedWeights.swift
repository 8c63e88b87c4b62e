/// Several linear classifiers' weights over the same features, side by side in one padded
/// matrix: feature `j`'s weights for every class of every field in one contiguous run.
///
/// One document's scores for all fields then cost one fetch per stored entry instead of one per
/// entry and field. The fetch is what single-document prediction waits on: the weights are read
/// at the document's random columns, far outside the cache. With the shipped model's two fields
/// (4 + 3 classes) a run is 32 bytes, where two padded matrices cost two cache lines.
///
/// The scores are exactly the fields' own: each class's sum runs over the same entries in the
/// same order with the same arithmetic, whatever lane of the wider row it sits in.
struct InterleavedWeights: Sendable {
    /// Every field's weights, columns `offsets[f] ..< offsets[f] + classCounts[f]` for field `f`.
    let weights: StoredWeights
    /// Where each field's classes start in a row, and how many there are.
    let offsets: [Int]
    let classCounts: [Int]

    /// The interleaved copy of `classifiers`' weights, or nil when there is nothing to gain (a
    /// single classifier) or the weights are in different precisions (the kernel reads one).
    init?(_ classifiers: [LinearClassifier]) {
        guard classifiers.count > 1, let first = classifiers.first else { return nil }
        var offsets: [Int] = []
        var total = 0
        for classifier in classifiers {
            guard classifier.featureCount == first.featureCount else { return nil }
            offsets.append(total)
            total += classifier.classCount
        }
        switch first.storedWeights {
        case .double:
            let matrices = classifiers.compactMap { if case .double(let matrix) = $0.storedWeights { matrix } else { nil } }
            guard matrices.count == classifiers.count else { return nil }
            weights = .double(Self.interleaving(matrices, offsets: offsets, columnCount: total))
        case .single:
            let matrices = classifiers.compactMap { if case .single(let matrix) = $0.storedWeights { matrix } else { nil } }
            guard matrices.count == classifiers.count else { return nil }
            weights = .single(Self.interleaving(matrices, offsets: offsets, columnCount: total))
        }
        self.offsets = offsets
        self.classCounts = classifiers.map(\.classCount)
    }

    private static func interleaving<Scalar: KernelScalar>(_ matrices: [PaddedMatrix<Scalar>], offsets: [Int],
                                                           columnCount: Int) -> PaddedMatrix<Scalar> {
        var result = PaddedMatrix<Scalar>(rowCount: matrices[0].rowCount, columnCount: columnCount)
        let stride = result.stride
        result.values.withUnsafeMutableBufferPointer { target in
            for (matrix, offset) in zip(matrices, offsets) {
                let (columns, sourceStride) = (matrix.columnCount, matrix.stride)
                matrix.values.withUnsafeBufferPointer { source in
                    for row in 0 ..< matrix.rowCount {
                        for column in 0 ..< columns {
                            target[row * stride + offset + column] = source[row * sourceStride + column]
                        }
                    }
                }
            }
        }
        return result
    }

    /// Every field's products `x · weights` (before the bias), one array per field.
    func products(for features: SparseVector) -> [ArraySlice<Double>] {
        let sums: [Double]
        switch weights {
        case .double(let matrix): sums = features.product(with: matrix)
        case .single(let matrix): sums = features.product(with: matrix)
        }
        return zip(offsets, classCounts).map { offset, count in sums[offset ..< offset + count] }
    }
}
