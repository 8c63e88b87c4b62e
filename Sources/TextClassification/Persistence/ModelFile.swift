import Foundation

/// Reading and writing model files: data only, versioned, checksummed, written atomically.
///
/// Format 2 (written; `docs/model-format.md`), all integers and floats little-endian:
/// ```
/// "TEXTCLF\n"                 8 bytes, magic
/// format version              UInt32 (2)
/// header length H             UInt32
/// header                      JSON (UTF-8), sorted keys: every option, section offsets
/// zero padding                to a multiple of 64 bytes: the payload starts there
/// payload                     sections, each starting at a multiple of 64 bytes
/// checksum                    UInt64, XXH64 (seed 0) of every byte before it
/// ```
/// The arrays are laid out as the library uses them (the term table, padded weight rows), so
/// ``read(from:)`` maps the file and reads them in place: loading validates, it does not parse.
/// Version-1 files are still read. Nothing in a file is executed or names a type to
/// instantiate; no timestamp is written, so the same data and options give the same bytes.
public enum ModelFile {
    /// The version this build writes.
    public static let formatVersion = 2
    /// The versions this build reads.
    public static let readableVersions = 1 ... 2
    /// The tokenizer rules this build implements; a model made with other rules is refused.
    static let tokenizerVersion = "textclf-words-1"
    static let plainTokenizerVersion = "textclf-plain-1"
    static let stopWordList = "textclf-english"
    static let hashFunction = "murmurhash3-x86-32-seed-0"
    static let sparkTokenizerVersion = "spark-regex-tokenizer-1"
    static let sparkHashFunction = "murmurhash3-x86-32-seed-42-nonnegative-mod"
    static let magic = Array("TEXTCLF\n".utf8)
    static let alignment = 64

    /// Writes `classifier` to `path` atomically: a temporary file in the same folder, synced,
    /// then renamed over `path`, and the folder synced, so a failure or a crash never leaves a
    /// partial model behind and a completed write survives a power cut.
    ///
    /// The temporary file is `.NAME.tmp-PID`. A writer killed before the rename cannot remove
    /// its own, so each write first removes those of `path` whose process no longer exists.
    ///
    /// - Throws: ``ModelFileError`` naming `path` when the folder is missing or a write, sync or
    ///   rename fails (a full disk, say); the file at `path`, if any, is then left as it was.
    public static func write(_ classifier: TextClassifier, to path: String) throws {
        let layout = try FileLayout(classifier)
        try write(to: path, writingChunk: { descriptor, chunk in Foundation.write(descriptor, chunk.baseAddress!, chunk.count) }) { emit in
            // Streamed from where the arrays live, hashed on the way: building the file in one
            // buffer first copied a 90 MB model three times (the payload as it grew, then joined
            // to the header), every copy into fresh pages (20NG bigram CNB: a third of the
            // `train` process's page faults).
            var checksum = XXH64.Stream()
            try layout.forEachChunk { chunk in
                checksum.update(chunk)
                try emit(chunk)
            }
            var sum = checksum.finalize().littleEndian
            try withUnsafeBytes(of: &sum) { try emit($0) }
        }
    }

    /// ``write(_:to:)`` for encoded bytes, with the system call that writes a chunk passed in so
    /// tests can make it fail as a full disk does (it returns what `write(2)` returns, with
    /// `errno` set on failure).
    package static func write(bytes: [UInt8], to path: String,
                              writingChunk: (Int32, UnsafeRawBufferPointer) -> Int) throws {
        try write(to: path, writingChunk: writingChunk) { emit in try bytes.withUnsafeBytes { try emit($0) } }
    }

    /// Why a chunk could not be written (`strerror`).
    private struct ChunkFailure: Error {
        let reason: String
    }

    /// The atomic write: `contents` passes the file's bytes, in order, to the closure it is given.
    private static func write(to path: String, writingChunk: (Int32, UnsafeRawBufferPointer) -> Int,
                              contents: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        try checkDestination(path)
        let prefix = "." + url.lastPathComponent + ".tmp-"
        removeAbandonedTemporaryFiles(in: folder, prefix: prefix)
        let temporary = folder + "/" + prefix + "\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ModelFileError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
        }
        var failure: String?
        do {
            try withoutActuallyEscaping(writingChunk) { writingChunk in try contents { raw in
                var written = 0
                while written < raw.count {
                    let result = writingChunk(descriptor, UnsafeRawBufferPointer(rebasing: raw[written...]))
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw ChunkFailure(reason: String(cString: strerror(errno)))
                    }
                    written += result
                }
            } }
            if fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        } catch {
            failure = (error as? ChunkFailure)?.reason ?? "\(error)"
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw ModelFileError(path: path, problem: "cannot write: \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ModelFileError(path: path, problem: "cannot replace: \(reason)")
        }
        // The rename is an entry in the folder: until the folder is synced, a power cut can
        // bring back the old entry (or none) although the new file's bytes are on disk.
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            // EINVAL: a file system that cannot sync folders; nothing more can be done there.
            let synced = fsync(folderDescriptor) == 0 || errno == EINVAL
            let reason = String(cString: strerror(errno))
            close(folderDescriptor)
            if !synced { throw ModelFileError(path: path, problem: "written, but its folder could not be synced: \(reason)") }
        }
    }

    /// Checks that a model can be written at `path` — its folder exists and may be written to,
    /// and `path` is not a folder — so that a long training can be refused before it starts
    /// rather than fail at the end.
    ///
    /// - Throws: ``ModelFileError`` naming `path` and the reason.
    public static func checkDestination(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelFileError(path: path, problem: "folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ModelFileError(path: path, problem: "is a folder")
        }
        guard access(folder, W_OK) == 0 else {
            throw ModelFileError(path: path, problem: "folder \(folder) cannot be written to: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the files `prefix` + PID in `folder` whose process is gone: what writers killed
    /// between creating their temporary file and renaming it left. A file of a live process
    /// (another writer at work) is kept, and so is one whose owner cannot be told.
    static func removeAbandonedTemporaryFiles(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }

    /// Reads and validates the model at `path`, mapping the file when it can.
    public static func read(from path: String) throws -> TextClassifier {
        try decode(try mappedOrRead(path), path: path)
    }

    /// The file's bytes, mapped when it can be, else read.
    static func mappedOrRead(_ path: String) throws -> SharedBytes {
        let shared: SharedBytes
        do {
            if let mapped = try SharedBytes.mapping(path: path) {
                shared = mapped
            } else {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ModelFileError(path: path, problem: "cannot be read")
                }
                shared = SharedBytes(copying: Array(data))
            }
        } catch let error as SystemError {
            throw ModelFileError(path: path, problem: error.code == ENOENT ? "no such file" : "cannot be read: \(error)")
        }
        return shared
    }

    /// The file's bytes for `classifier`, in format 2.
    public static func encode(_ classifier: TextClassifier) throws -> [UInt8] {
        let layout = try FileLayout(classifier)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(layout.byteCount + 8)
        try layout.forEachChunk { bytes.append(contentsOf: $0) }
        let sum = bytes.withUnsafeBytes { checksum($0) }
        bytes.appendLittleEndian(sum)
        return bytes
    }

    /// A format-2 file's bytes before its checksum, as the pieces they are written from: the
    /// head (magic, version, header, padding), then the payload's sections where they already
    /// are (weights, term tables), not copied into one buffer.
    struct FileLayout {
        let head: [UInt8]
        let payload: SectionWriter

        init(_ classifier: TextClassifier) throws {
            var payload = SectionWriter()
            let blocks = classifier.vectorizer.blocks.map { model -> ModelFileHeader2.Block in
                var block = headerBlock(model.configuration, featureCount: model.featureCount)
                if case .vocabulary(let vocabulary) = model.space {
                    block.terms = payload.append(vocabulary.termBytes)
                    block.term_ends = payload.append(vocabulary.termEnds)
                    block.table_keys = payload.append(vocabulary.table.keys)
                    block.table_values = payload.append(vocabulary.table.values)
                }
                if model.configuration.usesIDF { block.idf = payload.append(StoredArray(model.idf)) }
                return block
            }
            let fields = classifier.fields.map { field -> ModelFileHeader2.Field in
                let weights: ModelFileHeader2.Weights
                switch field.model.storedWeights {
                case .double(let matrix):
                    weights = .init(offset: payload.append(matrix.values).offset, type: WeightPrecision.float64.rawValue, stride: matrix.stride)
                case .single(let matrix):
                    weights = .init(offset: payload.append(matrix.values).offset, type: WeightPrecision.float32.rawValue, stride: matrix.stride)
                }
                return ModelFileHeader2.Field(
                    name: field.name, classes: field.classes, algorithm: .init(field.model.algorithm),
                    training: field.model.training.map(ModelFileHeader.Training.init), weights: weights,
                    bias: payload.append(StoredArray(field.model.bias)))
            }
            let header = ModelFileHeader2(format: "textclf-model", format_version: formatVersion, created_by: "textclf",
                                          features: blocks, fields: fields)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let headerBytes = Array(try encoder.encode(header))
            var head = magic
            head.appendLittleEndian(UInt32(formatVersion))
            head.appendLittleEndian(UInt32(headerBytes.count))
            head.append(contentsOf: headerBytes)
            while head.count % alignment != 0 { head.append(0) }
            self.head = head
            self.payload = payload
        }

        /// Bytes before the checksum.
        var byteCount: Int { head.count + payload.byteCount }

        /// Passes the bytes to `body` in order, in pieces.
        func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
            try head.withUnsafeBytes(body)
            try payload.forEachChunk(body)
        }
    }

    /// The checksum format 2 stores after `bytes`: XXH64 with seed 0.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        XXH64.hash(bytes)
    }

    /// The classifier in `bytes`; `path` is for messages.
    public static func decode(_ bytes: [UInt8], path: String) throws -> TextClassifier {
        try decode(SharedBytes(copying: bytes), path: path)
    }

    static func decode(_ shared: SharedBytes, path: String) throws -> TextClassifier {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: path, problem: problem) }
        let raw = shared.buffer
        guard raw.count >= 24, raw.prefix(8).elementsEqual(magic) else { throw fail("not a textclf model file") }
        let version = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
        switch version {
        case 1:
            return try ModelFileVersion1.decode(Array(raw), path: path)
        case formatVersion:
            return try ModelFileVersion2Reader(shared: shared, path: path).classifier()
        default:
            throw fail("model format version \(version) is not supported (this textclf reads versions \(readableVersions.lowerBound)–\(readableVersions.upperBound)); retrain the model")
        }
    }

    private static func headerBlock(_ options: TFIDFVectorizer, featureCount: Int) -> ModelFileHeader2.Block {
        let analyzer = options.analyzer
        let isWord = analyzer.kind == .word
        var recorded = ModelFileHeader2.Analyzer(
            kind: analyzer.kind.rawValue, ngram_min: analyzer.ngramRange.lowerBound,
            ngram_max: analyzer.ngramRange.upperBound, lowercase: true,
            tokenizer: isWord ? (analyzer.tokenizer.rules == .plain ? plainTokenizerVersion : tokenizerVersion) : nil,
            stop_words: isWord && analyzer.tokenizer.removesStopWords ? stopWordList : nil,
            min_token_length: isWord ? analyzer.tokenizer.minimumLength : nil)
        if analyzer.kind == .sparkRegex {
            let spark = analyzer.regexTokenizer
            recorded.lowercase = spark.lowercases
            recorded.tokenizer = sparkTokenizerVersion
            recorded.min_token_length = spark.minimumLength
            recorded.pattern = spark.pattern
            recorded.gaps = spark.gaps
        }
        return ModelFileHeader2.Block(
            analyzer: recorded,
            min_df: .init(options.minDF), max_df: .init(options.maxDF), max_features: options.maxFeatures,
            sublinear_tf: options.sublinearTF, use_idf: options.usesIDF, smooth_idf: options.smoothIDF,
            norm: options.norm.rawValue,
            hashing: options.hashing.map { .init(bits: $0.bits, alternate_sign: $0.alternateSign, function: hashFunction) },
            spark_hashing: options.sparkHashing.map { .init(num_features: $0.featureCount, binary: $0.binary, function: sparkHashFunction) },
            feature_count: featureCount)
    }
}

/// Appends format-2 sections, each starting at a multiple of 64 bytes from the payload's start.
/// The payload of a format-2 file: sections at multiples of ``ModelFile/alignment`` bytes,
/// recorded where their arrays already are and passed on in order by ``forEachChunk(_:)``.
struct SectionWriter {
    /// One piece of the payload: zero padding, or an array's bytes.
    private enum Piece {
        case padding(Int)
        case bytes(((UnsafeRawBufferPointer) throws -> Void) throws -> Void)
    }

    private var pieces: [Piece] = []
    /// The payload's length so far.
    private(set) var byteCount = 0
    private static let zeros = [UInt8](repeating: 0, count: ModelFile.alignment)

    mutating func append<Element>(_ array: StoredArray<Element>) -> ModelFileHeader2.Section {
        let padding = (ModelFile.alignment - byteCount % ModelFile.alignment) % ModelFile.alignment
        if padding > 0 { pieces.append(.padding(padding)) }
        byteCount += padding
        let section = ModelFileHeader2.Section(offset: byteCount, count: array.count)
        let count = array.count * MemoryLayout<Element>.stride
        #if _endian(big)
        var swapped: [UInt8] = []
        array.withUnsafeBufferPointer { elements in
            for element in elements {
                var value = element
                withUnsafeMutableBytes(of: &value) { $0.reverse() }
                withUnsafeBytes(of: value) { swapped.append(contentsOf: $0) }
            }
        }
        pieces.append(.bytes { body in try swapped.withUnsafeBytes(body) })
        #else
        // The closure keeps the array (and a mapped file under it) alive until written.
        pieces.append(.bytes { body in try array.withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) } })
        #endif
        byteCount += count
        return section
    }

    /// Passes the payload to `body` in order, in pieces.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        for piece in pieces {
            switch piece {
            case .padding(let count): try Self.zeros.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            case .bytes(let withBytes): try withBytes(body)
            }
        }
    }
}

/// A model file that cannot be read or written.
public struct ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What is wrong.
    public let problem: String

    /// Creates the error.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `path: problem`, one line.
    public var description: String { "\(path): \(problem)" }
}
