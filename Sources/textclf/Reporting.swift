import ArgumentParser
import Foundation
import TextClassification

/// Runs a command body, turning the library's errors into one line on standard error and exit
/// status 1 — never a stack trace. Usage errors stay with ArgumentParser (status 64).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InvalidParameter {
        fail("\(Flags.name(of: error.name)) must be \(error.requirement); got \(error.value)")
    } catch let error as DataError {
        fail(error.description)
    } catch let error as ModelFileError {
        fail(error.description)
    } catch let error as TrainingError {
        fail("cannot train: \(error.message)")
    } catch let error as CommandFailure {
        fail(error.message)
    }
}

/// A failure the command line itself finds (an unusable option value, a missing model).
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Writes `textclf: message` on standard error and exits with status 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("textclf: \(message)\n".utf8))
    exit(1)
}

/// Writes one line to standard output and flushes it, so a caller reading line by line gets
/// each answer as soon as it is ready.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Option names as typed on the command line, for the library's parameter names.
enum Flags {
    static func name(of parameter: String) -> String {
        switch parameter {
        case "minDF": "--min-df"
        case "maxDF": "--max-df"
        case "maxFeatures": "--max-features"
        case "ngramRange": "--ngram-max"
        case "alpha": "--alpha"
        case "c": "--c"
        case "tolerance": "--tolerance"
        case "maxIterations": "--max-iterations"
        case "folds": "--folds"
        case "algorithm": "--algorithm"
        default: parameter
        }
    }
}

/// Seconds elapsed while running `body`.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
