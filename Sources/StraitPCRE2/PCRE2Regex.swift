import CPCRE2

/// A compiled libpcre2 (8-bit) regular expression.
///
/// This is the system regex engine: the validator runs JSON Schema `pattern` through
/// it (after ``ECMAScriptTranslation``-style rewriting done by the caller), and the
/// automata tests use it as an independent oracle for Strait's own regex-to-DFA
/// compiler.
///
/// A `PCRE2Regex` is immutable after creation and safe to share between threads:
/// matches use a per-thread match data block that is reused from call to call.
///
/// ```swift
/// let regex = try PCRE2Regex("^[a-z]+$", options: .utf)
/// regex.matches("hello")   // true
/// ```
public final class PCRE2Regex: @unchecked Sendable {
  /// Compile options (a subset of `PCRE2_*` compile flags).
  public struct Options: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `PCRE2_UTF`: the pattern and subjects are UTF-8.
    public static let utf = Options(rawValue: PCRE2_UTF)
    /// `PCRE2_UCP`: Unicode properties for `\d`, `\w`, `\s` (not ECMA-262 semantics).
    public static let ucp = Options(rawValue: PCRE2_UCP)
    /// `PCRE2_DOLLAR_ENDONLY`: `$` matches only at the very end (as in ECMA-262).
    public static let dollarEndOnly = Options(rawValue: PCRE2_DOLLAR_ENDONLY)
    /// `PCRE2_ALT_BSUX`: `\uXXXX` and `\xHH` as in ECMAScript.
    public static let altBSUX = Options(rawValue: PCRE2_ALT_BSUX)
    /// `PCRE2_ANCHORED`: the match must start at the first character.
    public static let anchored = Options(rawValue: PCRE2_ANCHORED)
    /// `PCRE2_DOTALL`: `.` also matches newlines.
    public static let dotAll = Options(rawValue: PCRE2_DOTALL)
    /// `PCRE2_MATCH_INVALID_UTF`: subjects may contain invalid UTF-8.
    public static let matchInvalidUTF = Options(rawValue: PCRE2_MATCH_INVALID_UTF)
  }

  /// A pattern that libpcre2 could not compile.
  public struct CompileError: Error, CustomStringConvertible, Sendable {
    /// The PCRE2 error code.
    public var code: Int32
    /// Byte offset in the pattern where PCRE2 stopped.
    public var offset: Int
    /// PCRE2's message.
    public var message: String
    public var description: String { "\(message) (at byte \(offset))" }
  }

  /// The pattern text as given.
  public let pattern: String
  private let code: OpaquePointer

  /// Compiles `pattern`.
  ///
  /// - Parameters:
  ///   - pattern: the regular expression (UTF-8).
  ///   - options: compile options.
  ///   - extraOptions: `PCRE2_EXTRA_*` flags set on a compile context (for example
  ///     `PCRE2_EXTRA_ALT_BSUX` for `\u{...}`).
  ///   - jit: also JIT-compile (for fast repeated matching) when available.
  /// - Throws: ``CompileError`` naming PCRE2's message and the byte offset.
  /// - Note: The corresponding C functions are `pcre2_compile_8` and `pcre2_jit_compile_8`.
  public init(_ pattern: String, options: Options = .utf, extraOptions: UInt32 = 0, jit: Bool = false)
    throws(CompileError)
  {
    self.pattern = pattern
    var errorCode: Int32 = 0
    var errorOffset = 0
    let context = extraOptions == 0 ? nil : pcre2CompileContextCreate()
    if let context { pcre2SetExtraOptions(context, extraOptions) }
    defer { if let context { pcre2CompileContextFree(context) } }
    var text = pattern
    let compiled = text.withUTF8 {
      pcre2Compile($0, options: options.rawValue, errorCode: &errorCode, errorOffset: &errorOffset,
        context: context)
    }
    guard let compiled else {
      throw CompileError(code: errorCode, offset: errorOffset, message: pcre2ErrorMessage(errorCode))
    }
    code = compiled
    if jit, pcre2JITAvailable() {
      _ = pcre2JITCompile(code, PCRE2_JIT_COMPLETE)
    }
  }

  deinit { pcre2CodeFree(code) }

  /// Whether the pattern matches somewhere in `subject` (search semantics).
  ///
  /// - Returns: true on a match; false on no match or on a matching error (for
  ///   example invalid UTF-8 in the subject when compiled with ``Options/utf``).
  /// - Note: The corresponding C function is `pcre2_match_8`.
  public func matches(_ subject: some Sequence<UInt8>) -> Bool {
    (try? firstMatch(in: Array(subject))) != nil
  }

  /// Whether the pattern matches somewhere in `subject`.
  public func matches(_ subject: String) -> Bool {
    var s = subject
    return s.withUTF8 { (try? firstMatch(in: $0)) != nil }
  }

  /// A match error other than "no match" (for example invalid UTF-8).
  public struct MatchError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var description: String { message }
  }

  /// Searches `subject`; returns whether there is a match, or throws on a PCRE2 error.
  ///
  /// - Note: The corresponding C function is `pcre2_match_8`.
  public func firstMatch(in subject: [UInt8]) throws(MatchError) -> Bool? {
    var result: Result<Bool?, MatchError> = .success(nil)
    subject.withUnsafeBufferPointer { buffer in
      result = Result { () throws(MatchError) -> Bool? in try firstMatch(in: buffer) }
    }
    return try result.get()
  }

  /// Searches `subject`; returns true on a match, nil on no match, throws on a PCRE2 error.
  public func firstMatch(in subject: UnsafeBufferPointer<UInt8>) throws(MatchError) -> Bool? {
    // The calling thread's match data is reused (no allocation per match).
    let rc: Int32
    if let data = threadMatchData() {
      rc = pcre2Match(code, subject, options: 0, data)
    } else {
      let data = pcre2MatchDataCreate(code)
      defer { pcre2MatchDataFree(data) }
      rc = pcre2Match(code, subject, options: 0, data)
    }
    if rc >= 0 { return true }
    if rc == PCRE2_ERROR_NOMATCH { return nil }
    throw MatchError(code: rc, message: pcre2ErrorMessage(rc))
  }

  /// The libpcre2 version string, for example "10.42 2022-12-11".
  public static var libraryVersion: String { pcre2VersionString() }

  /// Whether libpcre2 was built with JIT support.
  public static var jitAvailable: Bool { pcre2JITAvailable() }
}
