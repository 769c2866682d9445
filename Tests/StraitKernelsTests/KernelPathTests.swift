import StraitKernels
import Testing

@Suite struct KernelPathTests {
  @Test func automaticResolvesToTheBestAvailablePath() {
    #expect(KernelPath.automatic.resolved == KernelPath.best)
    #expect(KernelPath.best != .automatic && KernelPath.best != .scalar)
    #expect(KernelPath.best.isAvailable)
    #expect(KernelPath.portable.isAvailable && KernelPath.scalar.isAvailable)
    if KernelPath.avx512.isAvailable {
      #expect(KernelPath.best == .avx512)
    } else if KernelPath.avx2.isAvailable {
      #expect(KernelPath.best == .avx2)
    } else {
      #expect(KernelPath.best == .portable)
    }
    #if arch(x86_64)
      // Every x86-64 machine this project runs on has had AVX2; a silent
      // fallback to the portable path would cost ~2× on every token.
      print("note: best kernel path on this CPU: \(KernelPath.best)")
    #endif
  }
}
