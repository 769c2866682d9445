import CStrait
import Foundation
import StraitTestSupport
import StraitTokenizers

/// Helpers for calling the C ABI from Swift tests, through the declarations of
/// include/strait.h (the `CStrait` module).
enum CABI {
  /// The calling thread's last error message.
  static var lastError: String { String(cString: strait_last_error()) }

  /// A small vocabulary: the 256 single bytes, multi-byte strings over JSON-ish characters
  /// (including a two-byte UTF-8 letter), a special token, an end-of-sequence token, a
  /// hole, and a logits width that is not a multiple of 32.
  struct TokenSet {
    var tokens: [[UInt8]?]
    var eos: Int32
    var special: Int32
    var logitsWidth: Int
  }

  static func tokenSet(seed: UInt64 = 11) -> TokenSet {
    var rng = SeededRandom(seed: seed)
    var tokens: [[UInt8]?] = (0..<256).map { [UInt8($0)] }
    var seen = Set<[UInt8]>(tokens.compactMap { $0 })
    let alphabet = Array(#"{}[]":, abcxyz0123456789.-"#.utf8) + [0xC3, 0xA9]
    while tokens.count < 900 {
      let n = Int.random(in: 2...5, using: &rng)
      let t = (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
      if seen.insert(t).inserted { tokens.append(t) }
    }
    for literal in [#"{"a":"#, "true", "false", "null", #"":"#, "12", "345"] {
      let t = Array(literal.utf8)
      if seen.insert(t).inserted { tokens.append(t) }
    }
    let special = Int32(tokens.count)
    tokens.append(Array("<|special|>".utf8))
    let eos = Int32(tokens.count)
    tokens.append(Array("<|eos|>".utf8))
    tokens.append(nil)  // a hole
    tokens.append(Array("tail".utf8))
    return TokenSet(tokens: tokens, eos: eos, special: special, logitsWidth: tokens.count + 5)
  }

  /// Calls `strait_vocab_from_tokens` with `set`'s arrays.
  static func makeVocab(
    _ set: TokenSet, eos: [Int32]? = nil, special: [Int32]? = nil, logitsWidth: Int? = nil
  ) -> (strait_status, OpaquePointer?) {
    withTokenPointers(set.tokens) { pointers, lengths in
      let eosIDs = eos ?? [set.eos]
      let specialIDs = special ?? [set.special]
      var out: OpaquePointer?
      let status = eosIDs.withUnsafeBufferPointer { e in
        specialIDs.withUnsafeBufferPointer { s in
          strait_vocab_from_tokens(
            pointers, lengths, set.tokens.count, e.baseAddress, e.count, s.baseAddress, s.count,
            logitsWidth ?? set.logitsWidth, &out)
        }
      }
      return (status, out)
    }
  }

  /// The same vocabulary through the Swift API.
  static func swiftVocabulary(_ set: TokenSet) throws -> Vocabulary {
    try Vocabulary(
      tokenBytes: set.tokens, special: [Int(set.special)], eos: [Int(set.eos)],
      logitsWidth: set.logitsWidth)
  }

  /// Calls `body` with C arrays of token pointers (NULL for holes) and lengths.
  static func withTokenPointers<R>(
    _ tokens: [[UInt8]?],
    _ body: (UnsafePointer<UnsafePointer<UInt8>?>, UnsafePointer<Int>) -> R
  ) -> R {
    let storage = tokens.map { bytes -> UnsafeMutableBufferPointer<UInt8>? in
      guard let bytes else { return nil }
      let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
      _ = buffer.initialize(from: bytes)
      return buffer
    }
    defer { for buffer in storage { buffer?.deallocate() } }
    let pointers = storage.map { $0.map { UnsafePointer($0.baseAddress!) } }
    let lengths = tokens.map { $0?.count ?? 0 }
    return pointers.withUnsafeBufferPointer { p in
      lengths.withUnsafeBufferPointer { l in body(p.baseAddress!, l.baseAddress!) }
    }
  }

  /// Compiles `regex` for `vocab` with `options` (nil: defaults).
  static func compileRegex(
    _ vocab: OpaquePointer?, _ regex: String, options: strait_compile_options? = nil
  ) -> (strait_status, OpaquePointer?) {
    var out: OpaquePointer?
    let bytes = Array(regex.utf8)
    let status = bytes.withUnsafeBufferPointer { b in
      b.withMemoryRebound(to: CChar.self) { text in
        if var o = options {
          return strait_grammar_compile_regex(vocab, text.baseAddress, text.count, &o, &out)
        }
        return strait_grammar_compile_regex(vocab, text.baseAddress, text.count, nil, &out)
      }
    }
    return (status, out)
  }

  /// Compiles raw schema bytes (possibly invalid UTF-8).
  static func compileSchema(_ vocab: OpaquePointer?, bytes: [UInt8]) -> (strait_status, OpaquePointer?) {
    var out: OpaquePointer?
    let status = bytes.withUnsafeBufferPointer { b in
      b.withMemoryRebound(to: CChar.self) { text in
        strait_grammar_compile_schema(vocab, text.baseAddress, text.count, nil, &out)
      }
    }
    return (status, out)
  }

  /// The mask words of a matcher (C ABI).
  static func mask(_ matcher: OpaquePointer?, words: Int) -> (strait_status, [UInt32]) {
    var mask = [UInt32](repeating: 0xDEAD_BEEF, count: words)
    let status = mask.withUnsafeMutableBufferPointer {
      strait_matcher_fill_next_token_bitmask(matcher, $0.baseAddress, $0.count)
    }
    return (status, mask)
  }

  /// The ids whose bit is set.
  static func allowed(_ mask: [UInt32]) -> [Int] {
    var ids: [Int] = []
    for (w, word) in mask.enumerated() {
      var bits = word
      while bits != 0 {
        ids.append(w * 32 + bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
    return ids
  }

  static let numberRegex = #"-?(0|[1-9][0-9]*)(\.[0-9]+)?"#
  static let objectRegex = #"\{"a":(true|false|null|[0-9]{1,3})(,"b":"[a-zé]{0,6}")?\}"#
}

/// Where the built products and the C toolchain are.
enum BuildProducts {
  /// The folder holding the built `libStraitC.so`, searched from the test bundle upwards.
  static var libraryDirectory: URL? {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = runner.deletingLastPathComponent()
    while dir.path != "/" {
      if FileManager.default.fileExists(atPath: dir.appendingPathComponent(libraryName).path) {
        return dir
      }
      dir.deleteLastPathComponent()
    }
    return nil
  }

  #if os(macOS)
    static let libraryName = "libStraitC.dylib"
  #else
    static let libraryName = "libStraitC.so"
  #endif

  /// The first of `names` found on PATH.
  static func tool(_ names: [String]) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in names {
      for dir in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      }
    }
    return nil
  }

  static var cCompiler: URL? { tool(["cc", "gcc", "clang"]) }

  /// A fresh temporary folder.
  static func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("strait-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
