import FuzzSupport
import Glibc
import TextClassification

// Model files from arbitrary bytes. Mutations almost never keep the XXH64 trailer right, so
// coverage would stop at the checksum; unless the `FUZZ_KEEP_CHECKSUM` environment variable is
// set, the trailer is recomputed first (docs/model-format.md: XXH64 of every byte before it), so
// the header parser, the section checks and the vocabulary and weight checks are what is fuzzed.
// A model that loads is then used, which must not trap either.
let repairsChecksum = getenv("FUZZ_KEEP_CHECKSUM") == nil

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if repairsChecksum && bytes.count >= 24 {
        let body = bytes.count - 8
        let sum = bytes.withUnsafeBytes { ModelFile.checksum(UnsafeRawBufferPointer(rebasing: $0[..<body])) }
        withUnsafeBytes(of: sum.littleEndian) { bytes.replaceSubrange(body..., with: $0) }
    }
    guard let classifier = try? ModelFile.decode(bytes, path: "fuzz") else { return 0 }
    for text in ["Kyiv will not cede Donetsk.", "", "été 2025 — 54% U.S."] {
        let prediction = classifier.prediction(for: text)
        for field in classifier.fieldNames {
            guard let answer = prediction[field] else { preconditionFailure("no prediction for \(field)") }
            precondition(answer.probabilities.allSatisfy { $0.probability.isFinite },
                         "a model that loads predicted non-finite probabilities for \(field)")
        }
    }
    _ = try? ModelFile.encode(classifier)
    return 0
}

/// libFuzzer's callback: one input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzOne(data, size) }
