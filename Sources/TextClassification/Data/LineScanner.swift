import Foundation

/// The bytes of a whole file, read at once, with a fast scan for line ends.
///
/// `String.split` on newlines was measured 30× slower than `memchr` over bytes (platform notes),
/// and treats `\r\n` as one Character; this scans bytes and strips a trailing `\r` itself.
/// A UTF-8 byte-order mark at the start (spreadsheet programs write one) is skipped by every
/// parser alike, through ``start``, rather than copied away.
struct FileBytes {
    let path: String
    let bytes: [UInt8]
    /// Where the content starts: 3 after a byte-order mark, else 0.
    let start: Int
    /// The longest record (line, or CSV record) accepted.
    let maximumRecordBytes: Int
    /// The number of the first line, for messages: 1 for a whole file, more for a block of a
    /// file read in pieces (``DatasetStream``), so the parsers name the line of the file.
    var firstLine = 1

    /// Reads `path` whole; `-` reads standard input. A pipe or a device (which has no size to
    /// go by and may never end) is read in pieces and refused as soon as a line grows past
    /// `maximumRecordBytes`, so `/dev/zero` stops at the limit instead of exhausting memory.
    init(path: String, maximumRecordBytes: Int) throws {
        self.path = path
        self.maximumRecordBytes = maximumRecordBytes
        let descriptor = try Self.descriptor(opening: path)
        defer { if descriptor != 0 { close(descriptor) } }
        let name = path == "-" ? "<stdin>" : path
        bytes = try Self.contents(of: descriptor, name: name, maximumRecordBytes: maximumRecordBytes)
        start = Self.byteOrderMarkLength(bytes)
    }

    /// A descriptor open for reading `path`, 0 (standard input) for `-`; the caller closes it.
    static func descriptor(opening path: String) throws -> Int32 {
        guard path != "-" else { return 0 }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError(file: path, problem: "no such file")
        }
        guard !isDirectory.boolValue else { throw DataError(file: path, problem: "is a directory, not a file") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DataError(file: path, problem: "cannot be read: \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// Bytes already read; a byte-order mark can only open a file, so it is skipped only when
    /// `firstLine` is 1.
    init(path: String, bytes: [UInt8], maximumRecordBytes: Int, firstLine: Int = 1) {
        self.path = path
        self.bytes = bytes
        self.maximumRecordBytes = maximumRecordBytes
        self.firstLine = firstLine
        start = firstLine == 1 ? Self.byteOrderMarkLength(bytes) : 0
    }

    /// The same bytes under another name (for messages).
    func named(_ name: String) -> FileBytes {
        FileBytes(path: name, bytes: bytes, maximumRecordBytes: maximumRecordBytes, firstLine: firstLine)
    }

    /// The content after any byte-order mark.
    var content: ArraySlice<UInt8> { bytes[start...] }

    private static func byteOrderMarkLength(_ bytes: [UInt8]) -> Int {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The error for a record starting on `line` that is longer than `maximum`.
    static func recordTooLong(file: String, line: Int, maximum: Int) -> DataError {
        let size = maximum % (1 << 20) == 0 ? "\(maximum >> 20) MiB" : "\(maximum) bytes"
        return DataError(file: file, line: line, problem: "record longer than \(size)", parameter: "maximumRecordBytes")
    }

    /// The descriptor's bytes, read straight into one array (going through `Data` held the file
    /// twice). A regular file is read to the size `fstat` gives; anything else in pieces, with
    /// the length of the line being read watched.
    private static func contents(of descriptor: Int32, name: String, maximumRecordBytes: Int) throws -> [UInt8] {
        func failure() -> DataError {
            DataError(file: name, problem: "cannot be read: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure() }
        let isRegular = status.st_mode & S_IFMT == S_IFREG
        var bytes = [UInt8](repeating: 0, count: isRegular ? max(Int(status.st_size), 0) : 0)
        var filled = 0
        var spare = [UInt8](repeating: 0, count: 65536)
        var lineStart = 0
        while true {
            let read: Int
            if filled < bytes.count {
                read = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
                if read > 0 { filled += read }
            } else {
                // Past the size fstat reported (a growing file, a pipe, a device): read in pieces.
                read = spare.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
                if read > 0 {
                    bytes.append(contentsOf: spare[..<read])
                    filled += read
                    if let lastEnd = bytes[(filled - read)...].lastIndex(of: 0x0A) { lineStart = lastEnd + 1 }
                    // One byte of slack for the `\r` of a CRLF line; the parsers check exactly.
                    if filled - lineStart > maximumRecordBytes + 1 {
                        let line = bytes[..<lineStart].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                        throw recordTooLong(file: name, line: line, maximum: maximumRecordBytes)
                    }
                }
            }
            if read < 0 {
                if errno == EINTR { continue }
                throw failure()
            }
            if read == 0 { break }
        }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// Calls `body` with each line's 1-based number and byte range (without `\n` or `\r\n`).
    func forEachLine(_ body: (Int, Range<Int>) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = self.start
            var number = firstLine
            while start < buffer.count {
                let remaining = buffer.count - start
                let found = memchr(base + start, 0x0A, remaining)
                let end = found.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buffer.count
                var contentEnd = end
                if contentEnd > start && buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if contentEnd - start > maximumRecordBytes {
                    throw Self.recordTooLong(file: path, line: number, maximum: maximumRecordBytes)
                }
                try body(number, start ..< contentEnd)
                start = end + 1
                number += 1
            }
        }
    }

    /// The bytes in `range` as a string, or an error naming the line when they are not UTF-8.
    func string(_ range: Range<Int>, line: Int, field: String? = nil) throws -> String {
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw DataError(file: path, line: line, field: field, problem: "invalid UTF-8")
        }
        return text
    }

    /// Whether the bytes in `range` are only spaces and tabs.
    func isBlank(_ range: Range<Int>) -> Bool {
        bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
