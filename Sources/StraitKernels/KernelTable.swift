import CStraitKernels

/// The kernel functions of one ``KernelPath``, as C function pointers.
///
/// ``automatic`` is built once (first use) from ``KernelPath/best``; after that
/// a dispatched call is one load of a cached pointer and an indirect call.
struct KernelTable: @unchecked Sendable {
  // @unchecked: the fields are pointers to stateless functions.
  typealias ApplyF32 = @convention(c) (UnsafeMutablePointer<Float>, UnsafePointer<UInt32>, Int) -> Void
  typealias ApplyU16 = @convention(c) (
    UnsafeMutablePointer<UInt16>, UnsafePointer<UInt32>, Int, UInt16
  ) -> Void
  typealias ArgmaxF32 = @convention(c) (UnsafePointer<Float>, UnsafePointer<UInt32>, Int) -> Int
  /// The last argument is a ``HalfPrecisionFormat`` raw value.
  typealias ArgmaxU16 = @convention(c) (UnsafePointer<UInt16>, UnsafePointer<UInt32>, Int, UInt8) -> Int

  let path: KernelPath
  let applyF32: ApplyF32
  let applyU16: ApplyU16
  let argmaxF32: ArgmaxF32
  let argmaxU16: ArgmaxU16

  /// The table of the best available path, chosen on first use.
  static let automatic: KernelTable = KernelTable.concrete(KernelPath.best) ?? .portable

  /// The table for `path`, or nil when the CPU cannot run it.
  @inline(__always)
  static func table(for path: KernelPath) -> KernelTable? {
    path == .automatic ? automatic : concrete(path)
  }

  private static func concrete(_ path: KernelPath) -> KernelTable? {
    guard path.isAvailable else { return nil }
    switch path {
    case .automatic: return automatic
    case .portable: return .portable
    case .scalar: return .scalar
    case .avx2, .avx512:
      #if arch(x86_64)
        return path == .avx512 ? .avx512 : .avx2
      #else
        return nil
      #endif
    }
  }

  private static let portable = KernelTable(
    path: .portable,
    applyF32: { PortableKernels.applyMask($1, to: $0, vocabularySize: $2) },
    applyU16: { PortableKernels.applyMask($1, to: $0, vocabularySize: $2, fill: $3) },
    argmaxF32: { PortableKernels.maskedArgmax($0, mask: $1, vocabularySize: $2) },
    argmaxU16: portableArgmaxU16)

  private static let scalar = KernelTable(
    path: .scalar,
    applyF32: { ScalarReference.applyMask($1, to: $0, vocabularySize: $2) },
    applyU16: { ScalarReference.applyMask($1, to: $0, vocabularySize: $2, fill: $3) },
    argmaxF32: { ScalarReference.maskedArgmax($0, mask: $1, vocabularySize: $2) },
    argmaxU16: {
      ScalarReference.maskedArgmax(
        $0, mask: $1, vocabularySize: $2, format: HalfPrecisionFormat(rawValue: $3) ?? .float16)
    })

  private static let portableArgmaxU16: ArgmaxU16 = {
    PortableKernels.maskedArgmax(
      $0, mask: $1, vocabularySize: $2, format: HalfPrecisionFormat(rawValue: $3) ?? .float16)
  }

  #if arch(x86_64)
    private static let avx2 = KernelTable(
      path: .avx2,
      applyF32: { strait_kernels_mask_f32_avx2($0, $1, $2) },
      applyU16: { strait_kernels_mask_u16_avx2($0, $1, $2, $3) },
      argmaxF32: { Int(strait_kernels_argmax_f32_avx2($0, $1, $2)) },
      argmaxU16: portableArgmaxU16)

    private static let avx512 = KernelTable(
      path: .avx512,
      applyF32: { strait_kernels_mask_f32_avx512($0, $1, $2) },
      applyU16: { strait_kernels_mask_u16_avx512($0, $1, $2, $3) },
      argmaxF32: { Int(strait_kernels_argmax_f32_avx512($0, $1, $2)) },
      argmaxU16: portableArgmaxU16)
  #endif
}
