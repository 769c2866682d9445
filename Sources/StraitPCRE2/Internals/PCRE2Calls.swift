import CPCRE2

// Every libpcre2 function Strait calls is wrapped once, here.

/// Calls `pcre2_compile_8`.
func pcre2Compile(
  _ pattern: UnsafeBufferPointer<UInt8>, options: UInt32,
  errorCode: inout Int32, errorOffset: inout Int, context: OpaquePointer?
) -> OpaquePointer? {
  pcre2_compile_8(pattern.baseAddress, pattern.count, options, &errorCode, &errorOffset, context)
}

/// Calls `pcre2_compile_context_create_8`.
func pcre2CompileContextCreate() -> OpaquePointer? { pcre2_compile_context_create_8(nil) }

/// Calls `pcre2_compile_context_free_8`.
func pcre2CompileContextFree(_ context: OpaquePointer?) { pcre2_compile_context_free_8(context) }

/// Calls `pcre2_set_compile_extra_options_8`.
func pcre2SetExtraOptions(_ context: OpaquePointer?, _ options: UInt32) {
  _ = pcre2_set_compile_extra_options_8(context, options)
}

/// Calls `pcre2_jit_compile_8`.
func pcre2JITCompile(_ code: OpaquePointer?, _ options: UInt32) -> Int32 {
  pcre2_jit_compile_8(code, options)
}

/// Calls `pcre2_code_free_8`.
func pcre2CodeFree(_ code: OpaquePointer?) { pcre2_code_free_8(code) }

/// Calls `pcre2_match_data_create_from_pattern_8`.
func pcre2MatchDataCreate(_ code: OpaquePointer?) -> OpaquePointer? {
  pcre2_match_data_create_from_pattern_8(code, nil)
}

/// Calls `pcre2_match_data_free_8`.
func pcre2MatchDataFree(_ data: OpaquePointer?) { pcre2_match_data_free_8(data) }

/// Calls `pcre2_match_8`.
func pcre2Match(
  _ code: OpaquePointer?, _ subject: UnsafeBufferPointer<UInt8>, options: UInt32,
  _ data: OpaquePointer?
) -> Int32 {
  // An empty buffer may have a nil base address; PCRE2 needs a valid pointer.
  if subject.count == 0 {
    var zero: UInt8 = 0
    return pcre2_match_8(code, &zero, 0, 0, options, data, nil)
  }
  return pcre2_match_8(code, subject.baseAddress, subject.count, 0, options, data, nil)
}

/// Calls `pcre2_get_error_message_8`.
func pcre2ErrorMessage(_ code: Int32) -> String {
  var buffer = [UInt8](repeating: 0, count: 256)
  let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
  guard n > 0 else { return "PCRE2 error \(code)" }
  return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
}

/// Calls `pcre2_config_8` for the library version string.
func pcre2VersionString() -> String {
  var buffer = [UInt8](repeating: 0, count: 64)
  let n = pcre2_config_8(UInt32(PCRE2_CONFIG_VERSION), &buffer)
  guard n > 1 else { return "unknown" }
  return String(decoding: buffer[0..<Int(n - 1)], as: UTF8.self)
}

/// Calls `pcre2_config_8` to ask whether JIT is available.
func pcre2JITAvailable() -> Bool {
  var value: UInt32 = 0
  _ = pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &value)
  return value == 1
}
