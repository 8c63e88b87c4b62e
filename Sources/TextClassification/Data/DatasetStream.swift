import Foundation

/// Labelled documents read from a file or standard input in batches of bounded size, so that a
/// file of any length can be trained on or evaluated with memory that does not grow with it.
///
/// The data is read in blocks of about ``blockBytes``, each cut after its last complete record
/// (a line; for CSV, a line end outside quotes), and every block goes through the same parsers
/// as ``DatasetReader/read(contentsOf:)`` with the number of its first line, so a bad record is
/// reported exactly as the whole-file reader reports it: one ``DataError`` naming the file, line
/// and field. A CSV or TSV header is read from the first block and parsed again with each later
/// one. Each block becomes one ``Dataset`` batch whose ``Dataset/lines`` are lines of the file.
public struct DatasetStream: Sendable {
    /// How records are parsed: format, text and label fields, record limit.
    public var reader: DatasetReader
    /// The file, or `-` for standard input.
    public var path: String
    /// The size of a block. A record longer than a block makes that block longer, up to the
    /// reader's ``DatasetReader/maximumRecordBytes``.
    public var blockBytes: Int
    /// Blocks parsed at once, on as many threads (at most this many blocks are held).
    public var threads: Int

    /// The default ``blockBytes``: 8 MiB, large enough that the per-block work (a batch
    /// vectorized over the threads) dwarfs the cost of starting it, small enough to be a rounding
    /// error in memory.
    public static let defaultBlockBytes = 8 << 20

    /// Creates a stream of `path` (`-` for standard input).
    public init(reader: DatasetReader, path: String, blockBytes: Int = DatasetStream.defaultBlockBytes, threads: Int = 1) {
        self.reader = reader
        self.path = path
        self.blockBytes = blockBytes
        self.threads = max(1, threads)
    }

    /// The name messages use: the path, or `<stdin>`.
    public var source: String { path == "-" ? "<stdin>" : path }

    /// Whether the data can be read more than once (a file can; standard input cannot).
    public var isRereadable: Bool { path != "-" }

    /// What one reading of the stream saw.
    public struct Totals: Sendable, Equatable {
        /// Documents read.
        public var documents: Int
        /// Bytes read, line ends and blank lines included.
        public var bytes: Int
    }

    /// Reads the stream once from the start, calling `body` with each batch of documents (never
    /// an empty one) in file order.
    ///
    /// - Throws: ``InvalidParameter`` for a reader or block size out of range, ``DataError`` for
    ///   data that cannot be read or is not valid (and for a stream with no documents), and
    ///   whatever `body` throws; reading stops at the first error.
    /// - Returns: The documents and bytes read.
    @discardableResult
    public func forEachBatch(_ body: (Dataset) throws -> Void) throws -> Totals {
        try reader.validate()
        guard blockBytes >= 1 else {
            throw InvalidParameter(name: "blockBytes", value: "\(blockBytes)", requirement: "at least 1 byte")
        }
        let descriptor = try FileBytes.descriptor(opening: path)
        defer { if descriptor != 0 { close(descriptor) } }
        let name = source
        var pending: [UInt8] = []
        var pendingLine = 1
        var atEnd = false
        var format: DataFormat?
        var header: (bytes: [UInt8], lines: Int)?
        var totals = Totals(documents: 0, bytes: 0)
        var spare = [UInt8](repeating: 0, count: 1 << 20)
        var wanted = blockBytes
        var waiting: [FileBytes] = []
        while !(atEnd && pending.isEmpty) {
            while !atEnd && pending.count < wanted {
                let read = spare.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, min($0.count, wanted - pending.count)) }
                if read < 0 {
                    if errno == EINTR { continue }
                    throw DataError(file: name, problem: "cannot be read: \(String(cString: strerror(errno)))")
                }
                if read == 0 { atEnd = true } else { pending.append(contentsOf: spare[..<read]) }
            }
            let resolved = format ?? reader.format.resolved(path: name, prefix: pending.prefix(1 << 16))
            format = resolved
            let quoting = resolved == .csv
            guard let cut = atEnd ? pending.count : Self.lastRecordEnd(in: pending, quoting: quoting).map({ $0 + 1 }) else {
                // No record ends in the block: read on, up to the longest record allowed.
                if pending.count > reader.maximumRecordBytes + 1 {
                    throw FileBytes.recordTooLong(file: name, line: pendingLine, maximum: reader.maximumRecordBytes)
                }
                wanted = min(pending.count * 2, reader.maximumRecordBytes + 2)
                continue
            }
            wanted = blockBytes
            let block = Array(pending[..<cut])
            pending.removeSubrange(..<cut)
            let blockLines = Self.lineEnds(in: block)
            defer { pendingLine += blockLines }
            totals.bytes += block.count
            let file: FileBytes
            if let header {
                file = FileBytes(path: name, bytes: header.bytes + block, maximumRecordBytes: reader.maximumRecordBytes,
                                 firstLine: pendingLine - header.lines)
            } else {
                file = FileBytes(path: name, bytes: block, maximumRecordBytes: reader.maximumRecordBytes, firstLine: pendingLine)
                if resolved == .csv || resolved == .tsv {
                    header = Self.header(of: file, quoting: quoting)
                }
            }
            waiting.append(file)
            if waiting.count >= threads || (atEnd && pending.isEmpty) {
                // Blocks parse independently, so `threads` of them are parsed at once; they are
                // handed on in file order, and the first error in file order is the one thrown.
                let parsed = Parallel.map(waiting.indices.map { $0 ..< $0 + 1 }, threads: threads) { part in
                    Result { try reader.documents(in: waiting[part.lowerBound], format: resolved) }
                }
                waiting.removeAll()
                for result in parsed {
                    let batch = try result.get()
                    if batch.count > 0 {
                        totals.documents += batch.count
                        try body(batch)
                    }
                }
            }
        }
        guard totals.documents > 0 else { throw DataError(file: name, problem: "holds no documents") }
        return totals
    }

    /// The index of the last line end in `bytes` that ends a record: for CSV (`quoting`), one
    /// outside quotes — every block starts at a record's start, outside quotes, and a doubled
    /// quote toggles twice, so the count of quotes before a line end tells.
    static func lastRecordEnd(in bytes: [UInt8], quoting: Bool) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
            if !quoting {
                var index = buffer.count - 1
                while index >= 0 && base[index] != 0x0A { index -= 1 }
                return index >= 0 ? index : nil
            }
            var inQuotes = false
            var last: Int?
            for index in 0 ..< buffer.count {
                let byte = buffer[index]
                if byte == 0x22 { inQuotes.toggle() } else if byte == 0x0A && !inQuotes { last = index }
            }
            return last
        }
    }

    /// Number of line ends in `bytes`.
    static func lineEnds(in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            for byte in buffer where byte == 0x0A { count += 1 }
            return count
        }
    }

    /// The first block's bytes up to and including the header record (blank lines before it
    /// too, a byte-order mark not), and the lines they take; nil when the block has none.
    static func header(of file: FileBytes, quoting: Bool) -> (bytes: [UInt8], lines: Int)? {
        let content = Array(file.content)
        var start = 0
        while start < content.count {
            var end = start
            var inQuotes = false
            while end < content.count && (content[end] != 0x0A || inQuotes) {
                if quoting && content[end] == 0x22 { inQuotes.toggle() }
                end += 1
            }
            let isBlank = content[start ..< end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if !isBlank {
                let bytes = Array(content[..<min(end + 1, content.count)])
                return (bytes, lineEnds(in: bytes))
            }
            start = end + 1
        }
        return nil
    }
}
