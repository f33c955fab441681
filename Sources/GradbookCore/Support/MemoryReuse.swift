// Freed memory kept for the next large array, rather than handed back to the system each time.

#if os(Linux)
import Glibc

/// glibc's `mallopt` (malloc.h, which the Glibc module does not bring in).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
/// glibc's `malloc_usable_size` (malloc.h too).
@_silgen_name("malloc_usable_size")
private func malloc_usable_size(_ pointer: UnsafeMutableRawPointer?) -> Int
/// malloc.h's M_TRIM_THRESHOLD, M_TOP_PAD and M_MMAP_THRESHOLD.
private let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3
#endif

/// Called once at the start of the `gradbook` executable and of `gradbook-bench`, so the benchmark measures the
/// memory behaviour users get.
public enum MemoryReuse {
    /// glibc serves each array of 128 KB or more with fresh pages from the system, and gives freed memory at
    /// the top of its heap back once over 128 KB. A numeric gradient over a 140×140 matrix copies 150 KB
    /// arrays 120,000 times, and spent 18 of its 25 seconds in the kernel handing out and zeroing pages. Arrays
    /// up to 32 MB now come from the heap, and up to 64 MB of freed memory is kept for the next one:
    /// `numdiff(sum(tanh(W*x)^2), W)` for that matrix takes 5 s. (Setting either turns off glibc's own
    /// adjustment of the other, so both are set.)
    ///
    /// A graph is many small nodes, each on memory the process has not touched before, and the kernel hands it out
    /// a 4 KB page at a time: a 20,000-step loop and its gradient took 2,800 page faults, a quarter of the time.
    /// The heap therefore grows 32 MB at a time, and the part grown now is marked for 2 MB pages (where the system
    /// has them on request, `madvise`, as Debian's default is), which took it to 1,000.
    public static func configure() {
        #if os(Linux)
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 64 << 20)
        _ = mallopt(topPad, 32 << 20)
        adviseLargePages()
        #endif
    }

    #if os(Linux)
    /// Grows the heap now (by the pad) and asks for 2 MB pages over the whole pages of what it grew by.
    private static func adviseLargePages() {
        let largePage = UInt(2 << 20)
        let before = UInt(bitPattern: sbrk(0))
        guard let block = malloc(1 << 20) else { return }
        // (Asked of malloc, so the compiler cannot drop the allocation as unused.)
        guard malloc_usable_size(block) > 0 else { free(block); return }
        let after = UInt(bitPattern: sbrk(0))
        free(block)
        let start = (before + largePage - 1) & ~(largePage - 1), end = after & ~(largePage - 1)
        guard before != UInt.max, end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(address, Int(end - start), 14)  // MADV_HUGEPAGE
    }
    #endif
}
