import CStrait
import Foundation
import StraitTestSupport
import Testing

@Suite("C ABI: grammar compilation and options")
struct GrammarABITests {
  let vocab: OpaquePointer?

  init() {
    vocab = CABI.makeVocab(CABI.tokenSet()).1
  }

  @Test func compilesARegexAndReportsWidths() {
    let (status, grammar) = CABI.compileRegex(vocab, CABI.objectRegex)
    #expect(status == STRAIT_OK, "\(CABI.lastError)")
    var words = 0
    var width = 0
    #expect(strait_grammar_bitmask_words(grammar, &words) == STRAIT_OK)
    #expect(strait_grammar_logits_width(grammar, &width) == STRAIT_OK)
    #expect(width == CABI.tokenSet().logitsWidth)
    #expect(words == (width + 31) / 32)
    var eager: OpaquePointer?
    #expect(strait_grammar_precompile(grammar, &eager) == STRAIT_OK, "\(CABI.lastError)")
    #expect(strait_grammar_free(eager) == STRAIT_OK)
    #expect(strait_grammar_free(grammar) == STRAIT_OK)
    _ = strait_vocab_free(vocab)
  }

  @Test func reportsCompileErrors() {
    defer { _ = strait_vocab_free(vocab) }
    #expect(CABI.compileRegex(vocab, "a(b").0 == STRAIT_COMPILE_ERROR)
    #expect(CABI.lastError.hasPrefix("strait_grammar_compile_regex: "))
    #expect(CABI.compileRegex(vocab, "[b-a]").0 == STRAIT_COMPILE_ERROR)
    // A regex that matches nothing.
    #expect(CABI.compileRegex(vocab, "[^\\s\\S]").0 == STRAIT_COMPILE_ERROR)
    // Malformed schema JSON names its offset.
    #expect(CABI.compileSchema(vocab, bytes: Array(#"{"type": }"#.utf8)).0 == STRAIT_COMPILE_ERROR)
    #expect(CABI.lastError.contains("JSON"))
    // NULL arguments.
    var out: OpaquePointer?
    #expect(strait_grammar_compile_regex(vocab, nil, 3, nil, &out) == STRAIT_NULL_POINTER)
    #expect(strait_grammar_compile_regex(vocab, nil, 0, nil, &out) == STRAIT_INVALID_ARGUMENT)
    #expect(strait_grammar_compile_regex(vocab, "a", 1, nil, nil) == STRAIT_NULL_POINTER)
    #expect(strait_grammar_compile_regex(nil, "a", 1, nil, &out) == STRAIT_NULL_POINTER)
    #expect(strait_grammar_compile_schema(vocab, "{}", -1, nil, &out) == STRAIT_INVALID_ARGUMENT)
    #expect(out == nil)
  }

  @Test func rejectsInvalidUTF8WithItsOffset() {
    defer { _ = strait_vocab_free(vocab) }
    // An overlong encoding, a lone continuation byte, a surrogate, a truncated sequence.
    for (bytes, offset) in [
      (Array(#"{"const": "#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8), 10),
      ([0x7B, 0x80, 0x7D], 1),
      (Array("{\"a\":\"".utf8) + [0xED, 0xA0, 0x80, 0x22, 0x7D], 6),
      (Array("{}".utf8) + [0xE2, 0x82], 2),
    ] {
      #expect(CABI.compileSchema(vocab, bytes: bytes).0 == STRAIT_INVALID_UTF8)
      #expect(CABI.lastError.contains("at byte \(offset)"), "\(CABI.lastError)")
    }
    var out: OpaquePointer?
    let regex: [CChar] = [0x61, CChar(bitPattern: 0xF5), 0x62]
    #expect(strait_grammar_compile_regex(vocab, regex, 3, nil, &out) == STRAIT_INVALID_UTF8)
    // Valid multi-byte text passes the check (and compiles: é is a two-byte character).
    #expect(CABI.compileRegex(vocab, "é+").0 == STRAIT_OK)
  }

  @Test func defaultOptions() {
    let o = strait_compile_options_default()
    #expect(o.struct_size == MemoryLayout<strait_compile_options>.size)
    #expect(o.whitespace == Int32(STRAIT_WHITESPACE_ANY))
    #expect(o.strict == 1)
    #expect(o.max_recursion_depth == 3)
    #expect(o.state_budget == 100_000)
    #expect(CABI.compileRegex(vocab, CABI.numberRegex, options: o).0 == STRAIT_OK)
    _ = strait_vocab_free(vocab)
  }

  @Test func rejectsBadOptionValues() {
    defer { _ = strait_vocab_free(vocab) }
    var o = strait_compile_options_default()
    o.whitespace = 7
    #expect(CABI.compileRegex(vocab, "a", options: o).0 == STRAIT_INVALID_ARGUMENT)
    #expect(CABI.lastError.contains("whitespace = 7"))
    o = strait_compile_options_default()
    o.whitespace = Int32(STRAIT_WHITESPACE_BOUNDED)
    #expect(CABI.compileRegex(vocab, "a", options: o).0 == STRAIT_INVALID_ARGUMENT)
    #expect(CABI.lastError.contains("max_whitespace_run"))
    o.max_whitespace_run = 2
    #expect(CABI.compileRegex(vocab, "a", options: o).0 == STRAIT_OK)
    o = strait_compile_options_default()
    o.strict = 2
    #expect(CABI.compileRegex(vocab, "a", options: o).0 == STRAIT_INVALID_ARGUMENT)
    o = strait_compile_options_default()
    o.max_recursion_depth = -1
    #expect(CABI.compileRegex(vocab, "a", options: o).0 == STRAIT_INVALID_ARGUMENT)
    o = strait_compile_options_default()
    o.state_budget = 0
    #expect(CABI.compileRegex(vocab, "a", options: o).0 == STRAIT_INVALID_ARGUMENT)
    o.state_budget = -1  // SIZE_MAX
    #expect(CABI.compileRegex(vocab, "a", options: o).0 == STRAIT_INVALID_ARGUMENT)
  }

  @Test func stateBudgetIsEnforced() {
    defer { _ = strait_vocab_free(vocab) }
    var o = strait_compile_options_default()
    o.state_budget = 3
    // Either the compile or the first mask (lazy exploration) hits the budget.
    let (status, grammar) = CABI.compileRegex(vocab, "[a-z]{20}", options: o)
    if status == STRAIT_OK {
      var matcher: OpaquePointer?
      #expect(strait_matcher_create(grammar, &matcher) == STRAIT_OK)
      var words = 0
      _ = strait_grammar_bitmask_words(grammar, &words)
      var budgetHit = false
      for _ in 0..<25 {
        let (s, mask) = CABI.mask(matcher, words: words)
        if s == STRAIT_STATE_BUDGET_EXCEEDED {
          budgetHit = true
          break
        }
        guard let first = CABI.allowed(mask).first else { break }
        _ = strait_matcher_accept_token(matcher, Int32(first))
      }
      #expect(budgetHit, "a 20-state DFA never exceeded a budget of 3")
      _ = strait_matcher_free(matcher)
      _ = strait_grammar_free(grammar)
    } else {
      #expect(status == STRAIT_STATE_BUDGET_EXCEEDED || status == STRAIT_COMPILE_ERROR)
    }
  }

  /// The struct_size versioning rules, with raw buffers standing in for other headers.
  @Test func structSizeVersioning() {
    defer { _ = strait_vocab_free(vocab) }
    let known = MemoryLayout<strait_compile_options>.size
    let depthOffset = MemoryLayout<strait_compile_options>.offset(of: \.max_recursion_depth) ?? 0

    func compile(with buffer: UnsafeMutableRawBufferPointer) -> strait_status {
      var out: OpaquePointer?
      let options = buffer.baseAddress!.assumingMemoryBound(to: strait_compile_options.self)
      let status = strait_grammar_compile_regex(vocab, "ab?", 3, options, &out)
      _ = strait_grammar_free(out)
      return status
    }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: known + 64, alignment: 16)
    defer { buffer.deallocate() }

    // An older header: the struct ends before max_recursion_depth; the bytes after it are
    // garbage that would be invalid if read (state_budget 0, depth -1).
    buffer.initializeMemory(as: UInt8.self, repeating: 0xFF)
    var o = strait_compile_options_default()
    o.struct_size = depthOffset
    o.max_recursion_depth = -1
    o.state_budget = 0
    buffer.storeBytes(of: o, as: strait_compile_options.self)
    for offset in depthOffset..<(known + 64) { buffer[offset] = 0xFF }
    #expect(compile(with: buffer) == STRAIT_OK, "\(CABI.lastError)")

    // A newer header whose extra fields are zero: accepted.
    buffer.initializeMemory(as: UInt8.self, repeating: 0)
    o = strait_compile_options_default()
    o.struct_size = known + 16
    buffer.storeBytes(of: o, as: strait_compile_options.self)
    #expect(compile(with: buffer) == STRAIT_OK, "\(CABI.lastError)")

    // A newer header that sets a field this library does not know: refused.
    buffer[known + 8] = 1
    #expect(compile(with: buffer) == STRAIT_UNSUPPORTED_VERSION)
    #expect(CABI.lastError.contains("byte \(known + 8)"))

    // Sizes that cannot be right.
    o.struct_size = 0
    buffer.storeBytes(of: o, as: strait_compile_options.self)
    #expect(compile(with: buffer) == STRAIT_INVALID_ARGUMENT)
    o.struct_size = 1 << 40
    buffer.storeBytes(of: o, as: strait_compile_options.self)
    #expect(compile(with: buffer) == STRAIT_UNSUPPORTED_VERSION)
  }
}
