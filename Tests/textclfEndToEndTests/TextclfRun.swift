import Foundation
import XCTest

/// A finished run of the built `textclf` binary.
struct TextclfRun {
    let status: Int32
    /// False when a signal ended the process (an abort is 134 only as a shell reports it).
    let exitedNormally: Bool
    let stdout: String
    let stderr: String
    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    /// The binary next to the test bundle (on Linux the bundle URL is already the products folder,
    /// since the tests run as an executable).
    static func binary(for testCase: AnyClass) -> URL {
        let bundle = Bundle(for: testCase).bundleURL
        let products = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        return products.appendingPathComponent("textclf")
    }

    /// Runs `binary` in `folder` (or `workingDirectory`) without `$TEXTCLF_MODEL` unless
    /// `environment` sets it. Standard input comes from a file and the outputs go to files, so
    /// neither side can block on a full pipe, nor die writing to a child that stopped reading.
    static func run(_ binary: URL, _ arguments: [String], in folder: URL, stdin: [UInt8] = [],
                    environment: [String: String] = [:], workingDirectory: URL? = nil) throws -> TextclfRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["TEXTCLF_MODEL"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.currentDirectoryURL = workingDirectory ?? folder
        let id = UUID().uuidString
        let outURL = folder.appendingPathComponent(".out-\(id)"), errURL = folder.appendingPathComponent(".err-\(id)")
        let inURL = folder.appendingPathComponent(".in-\(id)")
        defer { for url in [outURL, errURL, inURL] { try? FileManager.default.removeItem(at: url) } }
        try Data(stdin).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close(); try input.close()
        return TextclfRun(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                          stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
