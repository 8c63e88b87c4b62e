import Foundation

/// A read-only run of bytes that several values read in place: a memory-mapped model file, or a
/// heap copy of bytes given in memory. A class because the bytes are shared state with one
/// owner that unmaps or frees them when the last value built over them goes away.
///
/// Mapping instead of reading is what makes a large model cheap to open: the 77 MB 20 Newsgroups
/// bigram model was copied twice (into `Data`, then into arrays) and parsed on every cold
/// `classify`; mapped, its pages are only touched when validated and used.
final class SharedBytes: @unchecked Sendable {
    /// The first byte; aligned to the page size when mapped, to 64 bytes when copied.
    let base: UnsafeRawPointer
    /// Number of bytes.
    let count: Int
    private let mapped: Bool

    /// A private, 64-byte aligned copy of `bytes`.
    init(copying bytes: [UInt8]) {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        bytes.withUnsafeBytes { source in
            if let address = source.baseAddress { storage.copyMemory(from: address, byteCount: source.count) }
        }
        base = UnsafeRawPointer(storage)
        count = bytes.count
        mapped = false
    }

    /// The file at `path` mapped read-only, or nil when it cannot be mapped (not a regular file,
    /// empty, or the system refuses); the caller then reads it instead. Throws when the file
    /// cannot be opened at all, with the system's reason.
    static func mapping(path: String) throws -> SharedBytes? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        return SharedBytes(mappedAt: UnsafeRawPointer(address), count: size)
    }

    private init(mappedAt base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
        mapped = true
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    /// The bytes as a buffer.
    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

/// A failed system call's reason.
struct SystemError: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) }
}
