import CPCRE2

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// One `pcre2_match_data` per thread, reused by every match on that thread.
//
// Creating and freeing match data on each call costs two heap operations, and PCRE2
// (10.30+) also keeps the interpreter's backtracking frames in the match data, so a
// fresh one re-grows them every time. A match only needs "matched or not", so one
// ovector pair is enough for any pattern: with fewer pairs than groups, pcre2_match
// returns 0 (still a match). The thread's match data is freed when the thread exits.

/// The pthread key of the per-thread match data.
private let matchDataKey: pthread_key_t = {
  var key = pthread_key_t()
  #if canImport(Darwin)
    let destructor: @convention(c) (UnsafeMutableRawPointer) -> Void = { raw in
      pcre2_match_data_free_8(OpaquePointer(raw))
    }
  #else
    let destructor: @convention(c) (UnsafeMutableRawPointer?) -> Void = { raw in
      if let raw { pcre2_match_data_free_8(OpaquePointer(raw)) }
    }
  #endif
  let rc = pthread_key_create(&key, destructor)
  precondition(rc == 0, "pthread_key_create failed (\(rc))")
  return key
}()

/// This thread's reusable match data (created on first use), or nil when PCRE2 cannot
/// allocate one.
@inline(__always)
func threadMatchData() -> OpaquePointer? {
  let key = matchDataKey
  if let raw = pthread_getspecific(key) { return OpaquePointer(raw) }
  guard let data = pcre2_match_data_create_8(1, nil) else { return nil }
  pthread_setspecific(key, UnsafeRawPointer(data))
  return data
}
