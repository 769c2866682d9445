import CStrait

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The per-thread "last error" message behind `strait_last_error()`.
///
/// Each thread owns one `malloc`ed C string, kept in a pthread key whose destructor frees
/// it when the thread exits. Setting a message (error paths only) allocates; reading it
/// does not.
enum LastError {
  /// The key of the calling thread's message; created once per process.
  static let key: pthread_key_t = {
    var key = pthread_key_t()
    let result = pthread_key_create(&key) { message in free(message) }
    // Without a key (PTHREAD_KEYS_MAX exhausted) messages are dropped; codes still work.
    return result == 0 ? key : pthread_key_t()
  }()

  /// An immortal empty C string for "no error".
  nonisolated(unsafe) static let empty: UnsafeMutablePointer<CChar> = staticCString("")

  /// Replaces the calling thread's message.
  static func set(_ message: String) {
    let copy = strdup(message)
    let old = pthread_getspecific(key)
    if pthread_setspecific(key, copy) != 0 {
      free(copy)
      return
    }
    free(old)
  }

  /// The calling thread's message, or "".
  static var current: UnsafePointer<CChar> {
    guard let message = pthread_getspecific(key) else { return UnsafePointer(empty) }
    return UnsafePointer(message.assumingMemoryBound(to: CChar.self))
  }

  /// Clears the calling thread's message.
  static func clear() {
    let old = pthread_getspecific(key)
    _ = pthread_setspecific(key, nil)
    free(old)
  }
}

/// A C string that lives as long as the process (for static names returned to C).
func staticCString(_ text: String) -> UnsafeMutablePointer<CChar> {
  // strdup only fails when memory is exhausted; fall back to a one-byte empty string.
  if let copy = strdup(text) { return copy }
  let byte = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
  byte.initialize(to: 0)
  return byte
}

/// Records `message` as the calling thread's last error and returns `status`.
///
/// Kept out of line so the hot paths that call it on failure stay small.
@inline(never)
func fail(_ status: strait_status, _ message: String) -> strait_status {
  LastError.set(message)
  return status
}

/// `strait_last_error` of the C ABI; documented in include/strait.h.
@_cdecl("strait_last_error")
public func strait_last_error() -> UnsafePointer<CChar> {
  LastError.current
}

/// `strait_clear_last_error` of the C ABI; documented in include/strait.h.
@_cdecl("strait_clear_last_error")
public func strait_clear_last_error() {
  LastError.clear()
}
