import Foundation

/// A file a command writes besides its standard output (`evaluate --report`, `--predictions`):
/// its folder is checked before any work starts, and it is written atomically, so a failure
/// never leaves a partial file where a reader might take it for a finished one.
struct OutputFile {
    let path: String

    /// Refuses a path whose folder does not exist, or that names a folder, so that the command
    /// fails at once instead of after reading and predicting the whole data set.
    init(checking path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("\(path): folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure("\(path): is a directory, not a file")
        }
        self.path = path
    }

    /// Writes `bytes` to a temporary file in the same folder (so the rename cannot cross file
    /// systems), then renames it over the path.
    func write(_ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw CommandFailure("\(path): cannot write: \(String(cString: strerror(errno)))") }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { raw -> String? in
            while written < raw.count {
                let result = Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 { return String(cString: strerror(errno)) }
                written += result
            }
            return nil
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw CommandFailure("\(path): cannot write: \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CommandFailure("\(path): cannot replace: \(reason)")
        }
    }
}
