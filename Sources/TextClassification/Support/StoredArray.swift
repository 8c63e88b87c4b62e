/// An array of fixed-size values that is either owned (built in memory, mutable) or a view of
/// little-endian values inside ``SharedBytes`` (read in place from a mapped model file).
///
/// Hot loops reach the elements through ``withUnsafeBufferPointer(_:)`` either way. Mutating a
/// view first copies it into owned storage, so a view never writes to the file's pages.
struct StoredArray<Element: BitwiseCopyable & Equatable & Sendable>: Sendable {
    private var owned: [Element]
    private let shared: SharedBytes?
    private let offset: Int
    /// Number of elements.
    let count: Int

    /// Owned storage holding `elements`.
    init(_ elements: [Element]) {
        owned = elements
        shared = nil
        offset = 0
        count = elements.count
    }

    /// A view of `count` elements at byte `offset` of `bytes`.
    ///
    /// The loader checks bounds and alignment before it makes a view; here they are preconditions.
    init(viewing bytes: SharedBytes, offset: Int, count: Int) {
        precondition(offset >= 0 && count >= 0 && offset % MemoryLayout<Element>.alignment == 0, "misaligned view")
        precondition(count <= (bytes.count - offset) / MemoryLayout<Element>.stride, "view past the end")
        #if _endian(big)
        // Values are stored little-endian; a big-endian host reads a swapped copy instead.
        owned = (0 ..< count).map { index in
            var value = bytes.base.loadUnaligned(fromByteOffset: offset + index * MemoryLayout<Element>.stride, as: Element.self)
            withUnsafeMutableBytes(of: &value) { $0.reverse() }
            return value
        }
        shared = nil
        self.offset = 0
        #else
        owned = []
        shared = bytes
        self.offset = offset
        #endif
        self.count = count
    }

    /// Whether the elements are read in place from shared bytes.
    var isView: Bool { shared != nil }

    /// Runs `body` over the elements.
    @inline(__always)
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        if let shared {
            let start = (shared.base + offset).assumingMemoryBound(to: Element.self)
            return try body(UnsafeBufferPointer(start: start, count: count))
        }
        return try owned.withUnsafeBufferPointer(body)
    }

    /// Runs `body` over the elements, mutably; a view is copied into owned storage first.
    mutating func withUnsafeMutableBufferPointer<Result>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws -> Result) rethrows -> Result {
        if shared != nil { self = StoredArray(array) }
        return try owned.withUnsafeMutableBufferPointer(body)
    }

    /// The element at `index`.
    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "index out of range")
            return withUnsafeBufferPointer { $0[index] }
        }
        set {
            if shared != nil { self = StoredArray(array) }
            owned[index] = newValue
        }
    }

    /// The elements, copied into an array.
    var array: [Element] {
        shared == nil ? owned : withUnsafeBufferPointer { Array($0) }
    }
}

extension StoredArray: Equatable {
    static func == (left: StoredArray, right: StoredArray) -> Bool {
        left.count == right.count && left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in l.elementsEqual(r) } }
    }
}
