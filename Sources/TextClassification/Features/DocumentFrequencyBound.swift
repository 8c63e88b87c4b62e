/// A bound on how many documents a term may appear in: `minDF` and `maxDF`.
///
/// As in scikit-learn, a bound is either an absolute count of documents or a fraction of them.
public enum DocumentFrequencyBound: Sendable, Hashable, CustomStringConvertible {
    /// At least / at most this many documents.
    case count(Int)
    /// At least / at most this fraction of the documents, in [0, 1].
    case fraction(Double)

    /// The bound as a number of documents out of `documentCount`.
    func documents(outOf documentCount: Int) -> Double {
        switch self {
        case .count(let count): Double(count)
        case .fraction(let fraction): fraction * Double(documentCount)
        }
    }

    func validate(name: String) throws {
        switch self {
        case .count(let count) where count < 0:
            throw InvalidParameter(name: name, value: "\(count)", requirement: "a count of at least 0")
        case .fraction(let fraction) where !(0 ... 1).contains(fraction):
            throw InvalidParameter(name: name, value: "\(fraction)", requirement: "a fraction in [0, 1]")
        default:
            break
        }
    }

    /// The bound as typed: `2` for a count, `0.5` for a fraction.
    public var description: String {
        switch self {
        case .count(let count): "\(count)"
        case .fraction(let fraction): "\(fraction)"
        }
    }
}
