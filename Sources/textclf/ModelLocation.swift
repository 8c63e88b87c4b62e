import Foundation
import TextClassification

/// Finds the model to use when `--model` is not given.
enum ModelLocation {
    /// The shipped model's path inside the repository.
    static let shippedModel = "models/ukraine.textclf"

    /// Loads `path`, or the default model: `$TEXTCLF_MODEL`, else `models/ukraine.textclf` in the
    /// current folder, else in the repository that holds this executable (it lives in
    /// `.build/<configuration>/`, so the repository is a few folders up).
    static func load(_ path: String?) throws -> TextClassifier {
        if let path { return try ModelFile.read(from: path) }
        if let path = ProcessInfo.processInfo.environment["TEXTCLF_MODEL"], !path.isEmpty {
            return try ModelFile.read(from: path)
        }
        for candidate in candidates() where FileManager.default.fileExists(atPath: candidate) {
            return try ModelFile.read(from: candidate)
        }
        throw CommandFailure("no model given and none found: pass --model FILE, set TEXTCLF_MODEL, or run from the textclf folder (\(shippedModel))")
    }

    private static func candidates() -> [String] {
        var result = [shippedModel]
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]).standardizedFileURL
        var folder = executable.deletingLastPathComponent()
        for _ in 0 ..< 6 {
            result.append(folder.appendingPathComponent(shippedModel).path)
            folder = folder.deletingLastPathComponent()
        }
        return result
    }
}
