#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clocks behind MaskBench's figures.
///
/// Wall time comes from `CLOCK_MONOTONIC`, a vDSO call of about 20 ns on Linux, cheap
/// enough to bracket every mask. Process CPU time (`CLOCK_PROCESS_CPUTIME_ID`) is a
/// system call, so it only brackets whole compiles and whole token loops: on a shared
/// machine it tells whether the wall-time figures include waiting for a core.
enum MaskBenchClock {
  /// Monotonic wall time in nanoseconds.
  @inline(__always)
  static func wallNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
  }

  /// CPU time used so far by every thread of this process, in nanoseconds.
  static func processCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
  }
}
