import Foundation

/// Spark ML's `IDF`: the weight of a column that `df` of `m` documents contain is
/// `ln((m + 1) / (df + 1))`, and 0 when `df < minDocFreq` — so a term in every document weighs 0,
/// unlike scikit-learn's smooth idf, which adds 1. Spark multiplies counts by these weights and
/// does not normalise rows.
public enum SparkIDF {
    /// The weights for document frequencies `documentFrequencies` over `documentCount` documents.
    ///
    /// - Throws: ``InvalidParameter`` when a frequency is negative or above `documentCount`, or
    ///   `minDocFreq` is negative.
    public static func weights(documentFrequencies: [Int], documentCount: Int, minDocFreq: Int) throws -> [Double] {
        guard documentCount >= 0 else {
            throw InvalidParameter(name: "numDocs", value: "\(documentCount)", requirement: "at least 0")
        }
        guard minDocFreq >= 0 else {
            throw InvalidParameter(name: "minDocFreq", value: "\(minDocFreq)", requirement: "at least 0")
        }
        if let bad = documentFrequencies.first(where: { $0 < 0 || $0 > documentCount }) {
            throw InvalidParameter(name: "docFreq", value: "\(bad)", requirement: "from 0 to the number of documents (\(documentCount))")
        }
        let documents = Double(documentCount)
        return documentFrequencies.map { frequency in
            frequency < minDocFreq ? 0 : Foundation.log((documents + 1) / (Double(frequency) + 1))
        }
    }
}
