// The C ABI of Strait: `include/strait.h`, implemented by the `@_cdecl` functions of this
// module and shipped as `libStraitC.so` (the `StraitC` product).
//
// Every exported function validates its arguments, resolves handles through the
// ``HandleTable`` and maps Swift errors onto `strait_status` codes with a per-thread
// message; no Swift error, trap or unwind crosses the boundary.

import CStrait

/// The library version reported by `strait_version_string()`.
let straitLibraryVersion = "0.1.0"

/// Static C strings returned by the version and status-name functions.
enum StaticStrings {
  nonisolated(unsafe) static let version: UnsafeMutablePointer<CChar> = staticCString(
    "strait \(straitLibraryVersion) (abi \(STRAIT_ABI_VERSION_MAJOR).\(STRAIT_ABI_VERSION_MINOR))")

  /// Names of the status codes, indexed by raw value.
  nonisolated(unsafe) static let statusNames: [UnsafeMutablePointer<CChar>] = [
    "STRAIT_OK", "STRAIT_INVALID_ARGUMENT", "STRAIT_NULL_POINTER", "STRAIT_BUFFER_TOO_SMALL",
    "STRAIT_TOKEN_OUT_OF_RANGE", "STRAIT_TERMINATED", "STRAIT_COMPILE_ERROR", "STRAIT_IO_ERROR",
    "STRAIT_INVALID_HANDLE", "STRAIT_INVALID_UTF8", "STRAIT_TOKEN_REJECTED",
    "STRAIT_VOCABULARY_ERROR", "STRAIT_STATE_BUDGET_EXCEEDED", "STRAIT_ROLLBACK_BEYOND_HISTORY",
    "STRAIT_UNSUPPORTED_VERSION", "STRAIT_INTERNAL_ERROR",
  ].map(staticCString)

  nonisolated(unsafe) static let unknownStatus: UnsafeMutablePointer<CChar> = staticCString(
    "STRAIT_UNKNOWN_STATUS")
}

/// `strait_abi_version` of the C ABI; documented in include/strait.h.
@_cdecl("strait_abi_version")
public func strait_abi_version() -> UInt32 {
  UInt32(STRAIT_ABI_VERSION_MAJOR) << 16 | UInt32(STRAIT_ABI_VERSION_MINOR)
}

/// `strait_version_string` of the C ABI; documented in include/strait.h.
@_cdecl("strait_version_string")
public func strait_version_string() -> UnsafePointer<CChar> {
  UnsafePointer(StaticStrings.version)
}

/// `strait_status_name` of the C ABI; documented in include/strait.h.
@_cdecl("strait_status_name")
public func strait_status_name(_ status: strait_status) -> UnsafePointer<CChar> {
  let raw = Int(status.rawValue)
  guard raw >= 0, raw < StaticStrings.statusNames.count else {
    return UnsafePointer(StaticStrings.unknownStatus)
  }
  return UnsafePointer(StaticStrings.statusNames[raw])
}
