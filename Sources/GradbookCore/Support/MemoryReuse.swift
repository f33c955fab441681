// Freed memory kept for the next large array, rather than handed back to the system each time.

#if os(Linux)
/// glibc's `mallopt` (malloc.h, which the Glibc module does not bring in).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
/// malloc.h's M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
private let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
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
    public static func configure() {
        #if os(Linux)
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 64 << 20)
        #endif
    }
}
