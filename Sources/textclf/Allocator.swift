#if os(Linux)
import CMalloc
#endif

/// Process-wide allocator settings, chosen by the program that owns the process (the library
/// never changes them).
enum Allocator {
    /// Serves every allocation of 1 MiB or more with its own mapping, returned to the system when
    /// freed.
    ///
    /// glibc raises that threshold as large blocks are freed (up to 32 MiB), after which such
    /// blocks come from the heap instead, where growing arrays leave holes that stay resident:
    /// training complement NB on 20 Newsgroups with bigrams peaked at 444–554 MB with the default
    /// and at 317 MB with the threshold fixed at 1 MiB (`/usr/bin/time`, this 2-core machine).
    static func configureForLargeBuffers() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }
}
