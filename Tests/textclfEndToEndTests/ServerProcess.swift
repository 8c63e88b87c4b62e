import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// A running `textclf serve`, started as a user would start it, on a port the system picks
/// (`--port 0`; the port is read from the line it logs), with its standard error in a file the
/// test can read.
final class ServerProcess {
    let process = Process()
    let port: Int
    private let logURL: URL

    /// The repository, for the shipped model and the OpenAPI document.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shippedModel = repository.appendingPathComponent("models/ukraine.textclf").path

    /// The folder of the built products (on Linux the test bundle's URL is that folder).
    static var binary: URL {
        let bundle = Bundle(for: ServerProcess.self).bundleURL
        return (bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle).appendingPathComponent("textclf")
    }

    /// Starts `textclf serve --port 0 ARGUMENTS` and waits until it says where it listens.
    init(_ arguments: [String], logFolder: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        logURL = logFolder.appendingPathComponent("serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.standardError = log
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        var found: Int?
        let deadline = Date().addingTimeInterval(60)
        while found == nil, process.isRunning, Date() < deadline {
            if let match = Self.read(logURL).firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/) { found = Int(match.1) }
            else { usleep(20_000) }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            XCTFail("the server did not start; it logged: \(Self.read(logURL))", file: file, line: line)
            throw CocoaError(.fileReadUnknown)
        }
        port = found
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Everything the server has logged so far.
    func logText() -> String { Self.read(logURL) }

    private static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// The log's lines.
    var logLines: [String] { logText().split(separator: "\n").map(String.init) }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits up to `seconds` for the process to exit; its status, or `nil` if it is still running.
    func exitStatus(within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    // MARK: HTTP through URLSession

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object.
        func object(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
        }

        /// The error message of a `{"error": "…"}` body; fails unless the body is exactly that.
        func errorMessage(file: StaticString = #filePath, line: UInt = #line) throws -> String {
            XCTAssertEqual(headers["content-type"], "application/json", file: file, line: line)
            let object = try object(file: file, line: line)
            XCTAssertEqual(Array(object.keys), ["error"], text, file: file, line: line)
            return try XCTUnwrap(object["error"] as? String, file: file, line: line)
        }
    }

    func request(_ method: String, _ path: String, body: Data? = nil, contentType: String? = "application/json") async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }

    func get(_ path: String) async throws -> Reply { try await request("GET", path) }

    func post(_ path: String, json: String) async throws -> Reply { try await request("POST", path, body: Data(json.utf8)) }

    /// A JSON body for `object`.
    static func json(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

/// A plain TCP connection, for what an HTTP client library will not do on purpose: send a
/// request without a Content-Type, or send a body in two parts with a pause between them.
final class RawConnection {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
        }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if result <= 0 { return }
            sent += result
        }
    }

    /// Reads one response (head and a Content-Length body); its status line, headers and body.
    func readResponse() -> (statusLine: String, body: String)? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let length = lines.dropFirst().compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    return parts.count == 2 && parts[0].lowercased() == "content-length"
                        ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
                }.first ?? 0
                if received.count - end.upperBound >= length {
                    return (lines[0], String(decoding: received[end.upperBound ..< end.upperBound + length], as: UTF8.self))
                }
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            received.append(contentsOf: buffer[..<count])
        }
    }
}
