/// SplitMix64: a small, fast, seedable random number generator. Shuffles that must be the same
/// on every machine and every run (folds, splits) use it instead of the system generator.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return TermHash.finalize(state)
    }
}
