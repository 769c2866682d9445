import CStraitKernels

/// Which implementation of the mask kernels runs.
///
/// ``automatic`` is what hosts use: the fastest implementation this CPU
/// supports, chosen once per process (``best``). The other cases force one
/// implementation, so tests can compare every path with the scalar reference
/// and benchmarks can show what each costs.
///
/// | path | code | where |
/// |---|---|---|
/// | ``avx512`` | C, `target("avx512f,avx512bw")` clone | x86-64 with AVX-512 F+BW |
/// | ``avx2`` | C, `target("avx2")` clone | x86-64 with AVX2 |
/// | ``portable`` | Swift `SIMD16` (baseline ISA: SSE2 on x86-64, NEON on arm64) | everywhere |
/// | ``scalar`` | one element at a time; the test oracle | everywhere |
///
/// The 16-bit argmax has no C clone yet: ``avx512`` and ``avx2`` run the
/// ``portable`` kernel for it.
public enum KernelPath: String, Sendable, CaseIterable, CustomStringConvertible {
  /// The best available path (``best``), resolved once.
  case automatic
  /// The AVX-512 C clones.
  case avx512
  /// The AVX2 C clones.
  case avx2
  /// The portable Swift SIMD kernels.
  case portable
  /// The scalar reference (slow; for tests).
  case scalar

  /// Whether this path can run on the current CPU.
  public var isAvailable: Bool {
    switch self {
    case .automatic, .portable, .scalar: return true
    case .avx512: return CPUFeatures.current.contains(.avx512)
    case .avx2: return CPUFeatures.current.contains(.avx2)
    }
  }

  /// The concrete path that ``automatic`` runs on this CPU: ``avx512``, else
  /// ``avx2``, else ``portable``.
  public static let best: KernelPath = {
    if KernelPath.avx512.isAvailable { return .avx512 }
    if KernelPath.avx2.isAvailable { return .avx2 }
    return .portable
  }()

  /// The concrete path this case runs (``best`` for ``automatic``).
  public var resolved: KernelPath { self == .automatic ? KernelPath.best : self }

  public var description: String { rawValue }
}

/// The x86-64 features the kernel clones need, read once from cpuid.
struct CPUFeatures: OptionSet, Sendable {
  let rawValue: UInt32

  static let avx2 = CPUFeatures(rawValue: UInt32(STRAIT_CPU_AVX2))
  static let avx512 = CPUFeatures(rawValue: UInt32(STRAIT_CPU_AVX512))
  static let popcnt = CPUFeatures(rawValue: UInt32(STRAIT_CPU_POPCNT))
  static let avx512Popcount = CPUFeatures(rawValue: UInt32(STRAIT_CPU_AVX512_VPOPCNTDQ))

  /// The features of this CPU (empty on non-x86 targets).
  static let current = CPUFeatures(rawValue: strait_kernels_cpu_features())
}
