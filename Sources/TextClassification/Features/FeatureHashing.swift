/// The hashing trick: terms go to one of 2^bits columns by their hash, with no vocabulary kept,
/// so memory is fixed however many distinct terms the corpus has.
///
/// scikit-learn's `HashingVectorizer` semantics exactly: MurmurHash3 (x86, 32-bit, seed 0) of the
/// term's UTF-8 bytes, read as a signed 32-bit integer `h`; the column is `|h| mod 2^bits`
/// (with `|−2³¹|` taken as 2³¹); with `alternateSign`, the occurrence counts −1 when `h < 0`.
/// Counts are then weighted as by `TfidfTransformer` (the owning ``TFIDFVectorizer``'s options).
public struct FeatureHashing: Sendable, Hashable {
    /// The number of columns is 2^bits.
    public var bits: Int
    /// Count an occurrence as −1 when its hash is negative, so collisions cancel on average
    /// (scikit-learn's `alternate_sign=True`). Counts may then be negative: naive Bayes and
    /// sublinear tf refuse such features.
    public var alternateSign: Bool

    /// The largest `bits` accepted: 2^30 columns.
    public static let maximumBits = 30

    /// Creates the option; the default sign is scikit-learn's `alternate_sign=False`, which
    /// keeps counts non-negative.
    public init(bits: Int, alternateSign: Bool = false) {
        self.bits = bits
        self.alternateSign = alternateSign
    }

    /// Number of columns.
    public var featureCount: Int { 1 << bits }

    /// Checks the options.
    public func validate() throws {
        guard (1 ... Self.maximumBits).contains(bits) else {
            throw InvalidParameter(name: "hashBits", value: "\(bits)", requirement: "from 1 to \(Self.maximumBits)")
        }
    }

    /// The column and sign of a term given by its UTF-8 bytes.
    @inline(__always)
    func column(of bytes: UnsafeBufferPointer<UInt8>) -> (column: Int32, sign: Int32) {
        let signed = Int32(bitPattern: MurmurHash3.hash32(bytes, seed: 0))
        let magnitude = signed == .min ? UInt32(1) << 31 : signed.magnitude
        let column = Int32(truncatingIfNeeded: magnitude & UInt32(truncatingIfNeeded: featureCount - 1))
        return (column, alternateSign && signed < 0 ? -1 : 1)
    }
}
