import Foundation
import TextClassification

/// Finds the model to use when `--model` is not given.
enum ModelLocation {
    /// The shipped model's path inside the repository.
    static let shippedModel = "models/ukraine.textclf"

    /// Loads `path`, or the default model (see ``path(_:)``).
    static func load(_ path: String?) throws -> TextClassifier {
        try ModelFile.read(from: self.path(path))
    }

    /// The model file to use: `path`, or the default model: `$TEXTCLF_MODEL`, else
    /// `models/ukraine.textclf` in the current folder, else in the repository that holds this
    /// executable (it lives in `.build/<configuration>/`, so the repository is a few folders up).
    /// `serve` keeps the answer so that a reload reads the same file.
    static func path(_ path: String?) throws -> String {
        if let path { return path }
        if let path = ProcessInfo.processInfo.environment["TEXTCLF_MODEL"], !path.isEmpty { return path }
        if let found = candidates().first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
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
