/// A strict RFC 8259 JSON parser.
///
/// - Only the RFC 8259 grammar: no comments, no trailing commas, no single quotes, no
///   leading `+` or zeros, no NaN/Infinity, no control characters inside strings.
/// - Input must be UTF-8; invalid UTF-8 anywhere in a string is an error with its offset.
/// - Escapes are decoded; surrogate pairs are joined; a lone surrogate escape (`"\uD800"`)
///   is an error unless ``Options/loneSurrogates`` is `.replace` (U+FFFD).
/// - Nesting deeper than ``Options/maxDepth`` (default 512) is an error, never a stack
///   overflow: the parser is iterative.
/// - A UTF-8 byte order mark is rejected by default (RFC 8259 §8.1 forbids emitting one);
///   ``Options/allowByteOrderMark`` skips it.
/// - Duplicate member names: the last value wins (its position is the first
///   occurrence's); ``Options/duplicateKeys`` `.reject` makes them an error (the first
///   repeat in document order). Either way ``parseWithDiagnostics(_:options:)`` reports
///   each duplicate. Names are compared code point by code point (by their decoded UTF-8
///   bytes), as RFC 8259 and JSON Schema compare them, and as ``JSONObject`` keys its
///   members: two canonically equivalent names such as `"\u00e9"` and `"e\u0301"` are two
///   members, not a repeat (Swift's `String ==` would equate them).
/// - Numbers keep their exact literal (``JSONNumber``); nothing is rounded.
/// - ``check(_:options:)`` applies every rule without building the value (for validating
///   large or deep files with little memory).
///
/// Speed: plain runs of string bytes and number digits are scanned 8 at a time (a member
/// name of up to 7 ASCII bytes in one load); containers are built from one value stack
/// (one exact-size allocation per array); number literals of up to 20 bytes and strings
/// and member names of up to 15 are stored without allocating, and strings are copied
/// without validating their UTF-8 a second time (with the standard library's `UTF8Span`,
/// Swift 6.2); objects with the same member names in the same order share one names
/// array (a record listing allocates only its values), and a name is only made a `String`
/// for an object whose names were not just seen. The parser's stacks and caches are kept
/// for the next parse (one set process-wide; see `JSONParserBuffers`), so parsing many
/// small documents does not allocate them again.
///
/// ```swift
/// let value = try JSONParser.parse(#"{"a": [1, 2.50, "x"]}"#)
/// value["a"]?[1]?.numberValue?.text   // "2.50"
/// ```
public enum JSONParser {
  /// Parser options.
  public struct Options: Sendable {
    /// What to do with a repeated member name in one object.
    public enum DuplicateKeys: Sendable { case lastWins, reject }
    /// What to do with an escaped lone surrogate.
    public enum LoneSurrogates: Sendable { case reject, replace }

    /// Maximum nesting of arrays and objects (default 512); deeper input is an error.
    ///
    /// The parser itself is iterative, so any limit is safe while parsing, and
    /// ``JSONParser/check(_:options:)`` builds no value at all. But Swift destroys,
    /// compares and hashes a nested ``JSONValue`` recursively: a value tens of thousands
    /// of levels deep can overflow a thread's stack after it is parsed (secondary threads
    /// have as little as 512 KiB). The default is safe on any thread.
    public var maxDepth: Int = 512
    /// Duplicate member policy (default `.lastWins`).
    public var duplicateKeys: DuplicateKeys = .lastWins
    /// Lone surrogate policy (default `.reject`).
    public var loneSurrogates: LoneSurrogates = .reject
    /// Skip a leading UTF-8 byte order mark (default false: it is an error).
    public var allowByteOrderMark: Bool = false

    /// The defaults: depth 512, last duplicate wins, lone surrogates rejected, no BOM.
    public init() {}

    /// The defaults.
    public static let `default` = Options()
  }

  /// Parses a JSON text.
  ///
  /// - Parameters:
  ///   - text: the JSON text.
  ///   - options: parser options.
  /// - Returns: the value.
  /// - Throws: ``JSONParseError`` with byte offset, line and column.
  /// - Complexity: O(n) in the input size.
  public static func parse(_ text: String, options: Options = .default) throws(JSONParseError)
    -> JSONValue
  {
    var copy = text
    var result: Result<JSONValue, JSONParseError> = .success(.null)
    copy.withUTF8 { buffer in
      result = Result { () throws(JSONParseError) -> JSONValue in
        var diagnostics: [JSONDuplicateKey] = []
        return try parse(buffer, options: options, duplicates: &diagnostics)
      }
    }
    return try result.get()
  }

  /// Parses JSON bytes (`[UInt8]`, `Data`, a slice...).
  ///
  /// - Parameters:
  ///   - bytes: the UTF-8 JSON text; contiguous collections are read in place.
  ///   - options: parser options.
  /// - Returns: the value.
  /// - Throws: ``JSONParseError``.
  /// - Complexity: O(n) in the input size.
  public static func parse(_ bytes: some Collection<UInt8>, options: Options = .default)
    throws(JSONParseError) -> JSONValue
  {
    try parseWithDiagnostics(bytes, options: options).value
  }

  /// Parses JSON bytes and also returns the duplicate member names it met.
  ///
  /// - Parameters:
  ///   - bytes: the UTF-8 JSON text.
  ///   - options: parser options.
  /// - Returns: the value and the repeated member names, in document order.
  /// - Throws: ``JSONParseError``.
  /// - Complexity: O(n) in the input size.
  public static func parseWithDiagnostics(_ bytes: some Collection<UInt8>, options: Options = .default)
    throws(JSONParseError) -> (value: JSONValue, duplicateKeys: [JSONDuplicateKey])
  {
    var diagnostics: [JSONDuplicateKey] = []
    // The value is moved, never copied, on its way out (each copy of a container would
    // retain and release it: measurable on small documents).
    let result =
      bytes.withContiguousStorageIfAvailable { buffer in
        Result { () throws(JSONParseError) -> JSONValue in
          try parse(buffer, options: options, duplicates: &diagnostics)
        }
      }
      ?? Array(bytes).withUnsafeBufferPointer { buffer in
        Result { () throws(JSONParseError) -> JSONValue in
          try parse(buffer, options: options, duplicates: &diagnostics)
        }
      }
    switch consume result {
    case .success(let value): return (value, diagnostics)
    case .failure(let error): throw error
    }
  }

  /// Parses a buffer of UTF-8 bytes.
  ///
  /// - Parameters:
  ///   - buffer: the whole JSON text.
  ///   - options: parser options.
  ///   - duplicates: set to the repeated member names met, in document order.
  /// - Returns: the value.
  /// - Throws: ``JSONParseError``.
  /// - Complexity: O(n) in the input size.
  public static func parse(
    _ buffer: UnsafeBufferPointer<UInt8>, options: Options, duplicates: inout [JSONDuplicateKey]
  ) throws(JSONParseError) -> JSONValue {
    var buffers = JSONParserBuffers.take()
    var reader = JSONReader(
      buffer: buffer, options: options,
      sink: JSONValueBuilder(rejectsDuplicates: options.duplicateKeys == .reject, buffers: buffers),
      buffers: buffers)
    defer {
      reader.store(into: &buffers)
      JSONParserBuffers.recycle(&buffers)
    }
    try reader.parseDocument()
    duplicates = sortedByOffset(reader.sink.duplicates)
    return reader.sink.takeResult()
  }

  /// Checks that `buffer` is one JSON text without building its value.
  ///
  /// Applies every rule of ``parse(_:options:duplicates:)`` (grammar, UTF-8, depth, the
  /// duplicate-key policy) with memory proportional to the nesting depth and the member
  /// names of the open objects, not to the document.
  ///
  /// - Parameters:
  ///   - buffer: the whole JSON text.
  ///   - options: parser options.
  /// - Returns: the repeated member names met (empty when there are none), in document order.
  /// - Throws: ``JSONParseError``, exactly as ``parse(_:options:duplicates:)`` would.
  /// - Complexity: O(n) in the input size.
  public static func check(_ buffer: UnsafeBufferPointer<UInt8>, options: Options = .default)
    throws(JSONParseError) -> [JSONDuplicateKey]
  {
    var buffers = JSONParserBuffers.take()
    var reader = JSONReader(
      buffer: buffer, options: options,
      sink: JSONChecker(rejectsDuplicates: options.duplicateKeys == .reject, buffers: buffers),
      buffers: buffers)
    defer {
      reader.store(into: &buffers)
      JSONParserBuffers.recycle(&buffers)
    }
    try reader.parseDocument()
    return sortedByOffset(reader.sink.duplicates)
  }

  /// `duplicates` in document order (objects close inner first, so they are recorded out
  /// of order); no copy in the usual case of none.
  @inline(__always)
  static func sortedByOffset(_ duplicates: [JSONDuplicateKey]) -> [JSONDuplicateKey] {
    if duplicates.isEmpty { return [] }
    return duplicates.count == 1 ? duplicates : duplicates.sorted { $0.offset < $1.offset }
  }
}

extension JSONParseError {
  /// The 1-based line and byte column of `offset` in `bytes`.
  ///
  /// Lines end at LF (`\n`); a CR before it counts as a byte of the line.
  public static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    var i = 0
    let end = Swift.min(offset, bytes.count)
    while i < end {
      if bytes[i] == UInt8(ascii: "\n") {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    return (line, offset - lineStart + 1)
  }
}
