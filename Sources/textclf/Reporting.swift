import ArgumentParser
import Foundation
import TextClassification

/// Runs a command body, turning the library's errors into one line on standard error — never a
/// stack trace. An option value the library refuses is a usage error (status 64, as ArgumentParser
/// gives for a malformed one); bad data, a bad model file or a failed fit give status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InvalidParameter {
        fail("\(Flags.name(of: error.name)) must be \(error.requirement); got \(error.value)", status: usageStatus)
    } catch let error as DataError {
        fail(error.description(namingParameter: Flags.name(of:)))
    } catch let error as ModelTooLarge {
        fail(modelTooLargeMessage(error))
    } catch let error as ModelFileError {
        fail(error.description)
    } catch let error as TrainingError {
        fail("cannot train: \(error.message)")
    } catch let error as InconsistentModel {
        fail("inconsistent model: \(error.message)")
    } catch let error as SparkImportError {
        fail("cannot import: \(error.description)")
    } catch let error as CommandFailure {
        fail(error.message, status: error.status)
    }
}

/// The refusal of a fit too large for `--max-model-bytes`, with its numbers and what to change.
func modelTooLargeMessage(_ error: ModelTooLarge) -> String {
    let classes = error.classCounts.map { "\($0.classes) classes in \($0.field)" }.joined(separator: ", ")
    let features = error.featureCount == 0 && error.featureCountIsLowerBound
        ? "" : "\(error.featureCountIsLowerBound ? "at least " : "")\(error.featureCount) features, "
    return "cannot train: the fit would need about \(byteCount(error.estimatedBytes)) for \(error.documents) documents, "
        + "\(features)\(classes), more than --max-model-bytes \(byteCount(error.maximumBytes)); fewer features "
        + "(--min-df, --max-features, --hash-bits) or fewer classes make it smaller, or raise --max-model-bytes"
}

/// A size in bytes for people: `2.0 GiB (2147483648 bytes)`.
func byteCount(_ bytes: Int) -> String {
    let units: [(String, Int)] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
    guard let (unit, size) = units.first(where: { bytes >= $0.1 }) else { return "\(bytes) bytes" }
    return String(format: "%.1f %@ (%ld bytes)", Double(bytes) / Double(size), unit, bytes)
}

/// A failure the command line itself finds (an unusable option value, a missing model).
struct CommandFailure: Error {
    let message: String
    /// 1, or `usageStatus` when the fault is in how the command was typed.
    let status: Int32
    init(_ message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }

    /// An option value or combination the command line refuses before reading any data.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message, status: usageStatus) }
}

/// The exit status of a usage error: EX_USAGE from sysexits.h, what ArgumentParser uses.
let usageStatus: Int32 = 64

/// Writes `textclf: message` on standard error and exits with `status` (1 unless a usage error).
func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("textclf: \(message)\n".utf8))
    exit(status)
}

/// Writes one line to standard output and flushes it, so a caller reading line by line gets
/// each answer as soon as it is ready.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Option names as typed on the command line, for the library's parameter names: the one table
/// every error message that names an option reads.
enum Flags {
    static let byParameter: [String: String] = [
        "minDF": "--min-df", "maxDF": "--max-df", "maxFeatures": "--max-features", "ngramRange": "--ngram-max",
        "minTokenLength": "--min-token-length", "alpha": "--alpha", "c": "--c", "tolerance": "--tolerance",
        "maxIterations": "--max-iterations", "folds": "--folds", "algorithm": "--algorithm", "threads": "--threads",
        "hashBits": "--hash-bits", "stratifyBy": "--stratify-by", "groups": "--group-field",
        "maximumRecordBytes": "--max-record-bytes", "maximumModelBytes": "--max-model-bytes",
        "passes": "--passes", "learningRate": "--learning-rate", "batchSize": "--batch-size", "classWeight": "--class-weight",
    ]

    static func name(of parameter: String) -> String { byParameter[parameter] ?? parameter }
}

/// Seconds elapsed while running `body`.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
