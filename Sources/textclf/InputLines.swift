import Foundation

/// The lines of a file descriptor as bytes, read as they arrive, so that `classify` answers a
/// line as soon as it is written to its standard input. Unlike `readLine`, it neither replaces
/// invalid UTF-8 (the line is refused with its number instead) nor keeps a byte-order mark, and
/// it refuses a line longer than `maximumLineBytes` instead of growing without bound.
struct InputLines {
    /// The longest line read: far above any document, far below what would exhaust memory.
    static let maximumLineBytes = 64 << 20

    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var isFirst = true
    private(set) var lineNumber = 0

    init(descriptor: Int32 = 0, name: String = "<stdin>") {
        self.descriptor = descriptor
        self.name = name
    }

    /// The next line without its line feed, or `nil` at the end of the input.
    mutating func next() throws -> ArraySlice<UInt8>? {
        var scanned = 0 // bytes after `start` known to hold no line feed
        while true {
            if let end = buffer[(start + scanned)...].firstIndex(of: 0x0A) {
                return take(upTo: end, skipping: 1)
            }
            scanned = buffer.count - start
            if scanned > Self.maximumLineBytes {
                throw CommandFailure("\(name):\(lineNumber + 1): line longer than \(Self.maximumLineBytes >> 20) MiB")
            }
            if atEnd {
                return start < buffer.count ? take(upTo: buffer.count, skipping: 0) : nil
            }
            try fill()
        }
    }

    private mutating func take(upTo end: Int, skipping separator: Int) -> ArraySlice<UInt8> {
        lineNumber += 1
        var line = buffer[start ..< end]
        if isFirst {
            isFirst = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        }
        start = end + separator
        return line
    }

    /// Reads what is available, first moving the unread bytes to the front so the buffer holds
    /// at most one line and one read.
    private mutating func fill() throws {
        if start > 0 {
            buffer.removeSubrange(0 ..< start)
            start = 0
        }
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var failure: Int32 = 0
        let count = buffer.withUnsafeMutableBytes { raw in
            let count = read(descriptor, raw.baseAddress! + old, chunk)
            if count < 0 { failure = errno }
            return count
        }
        if count < 0 {
            buffer.removeSubrange(old...)
            if failure == EINTR { return }
            throw CommandFailure("\(name): cannot read: \(String(cString: strerror(failure)))")
        }
        buffer.removeSubrange((old + count)...)
        if count == 0 { atEnd = true }
    }
}
