/// Spark ML's `HashingTF`: each term goes to column `nonNegativeMod(h, numFeatures)`, where `h`
/// is MurmurHash3 (x86, 32-bit, seed 42) of the term's UTF-8 bytes read as a signed 32-bit
/// integer, and `nonNegativeMod` adds `numFeatures` to a negative remainder. `numFeatures`
/// need not be a power of two (Spark's default is 2^18). With `binary`, a term present counts 1
/// however often it occurs.
///
/// This is the function of Spark 3.0 and later; `HashingTF` stages saved by Spark 2 hashed with
/// another, and the importer refuses them.
public struct SparkHashing: Sendable, Hashable {
    /// Spark's `numFeatures`: the number of columns.
    public let featureCount: Int
    /// Spark's `binary`.
    public let binary: Bool

    /// The most columns accepted: 2^30, as for scikit-learn-style hashing (Spark allows up to
    /// 2^31 − 1, but every class would then hold 16 GB of weights).
    public static let maximumFeatureCount = 1 << 30

    /// The seed Spark's `HashingTF` passes to MurmurHash3.
    static let seed: UInt32 = 42

    /// Spark's options.
    ///
    /// - Throws: ``InvalidParameter`` (`numFeatures`) unless `featureCount` is from 1 to
    ///   ``maximumFeatureCount``.
    public init(featureCount: Int, binary: Bool = false) throws {
        guard (1 ... Self.maximumFeatureCount).contains(featureCount) else {
            throw InvalidParameter(name: "numFeatures", value: "\(featureCount)", requirement: "from 1 to \(Self.maximumFeatureCount)")
        }
        self.featureCount = featureCount
        self.binary = binary
    }

    /// The column of `term`, as Spark's `HashingTF.indexOf` gives it.
    public func column(of term: String) -> Int {
        var term = term
        return term.withUTF8 { Int(column(of: $0)) }
    }

    /// The column of a term given by its UTF-8 bytes.
    @inline(__always)
    func column(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Int64(Int32(bitPattern: MurmurHash3.hash32(bytes, seed: Self.seed)))
        let remainder = hash % Int64(featureCount)
        return Int32(truncatingIfNeeded: remainder < 0 ? remainder + Int64(featureCount) : remainder)
    }
}
