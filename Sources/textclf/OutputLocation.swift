import Foundation

/// Checks an output path before any work, so that a missing or read-only folder fails at once
/// rather than after minutes of training.
enum OutputLocation {
    static func check(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("\(path): folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else { throw CommandFailure("\(path): folder \(folder) is not writable") }
    }
}
