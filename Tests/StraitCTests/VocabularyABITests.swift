import CStrait
import Foundation
import StraitTestSupport
import Testing

@Suite("C ABI: library and vocabulary")
struct VocabularyABITests {
  @Test func versionAndStatusNames() {
    #expect(strait_abi_version() >> 16 == UInt32(STRAIT_ABI_VERSION_MAJOR))
    #expect(strait_abi_version() & 0xFFFF == UInt32(STRAIT_ABI_VERSION_MINOR))
    #expect(String(cString: strait_version_string()).hasPrefix("strait "))
    #expect(String(cString: strait_status_name(STRAIT_OK)) == "STRAIT_OK")
    #expect(String(cString: strait_status_name(STRAIT_TOKEN_REJECTED)) == "STRAIT_TOKEN_REJECTED")
    #expect(String(cString: strait_status_name(STRAIT_INTERNAL_ERROR)) == "STRAIT_INTERNAL_ERROR")
    #expect(String(cString: strait_status_name(strait_status(rawValue: 999))) == "STRAIT_UNKNOWN_STATUS")
  }

  @Test func fromTokensRoundTrips() {
    let set = CABI.tokenSet()
    let (status, vocab) = CABI.makeVocab(set)
    #expect(status == STRAIT_OK, "\(CABI.lastError)")
    defer { _ = strait_vocab_free(vocab) }
    var n = 0
    #expect(strait_vocab_size(vocab, &n) == STRAIT_OK)
    #expect(n == set.tokens.count)
    #expect(strait_vocab_logits_width(vocab, &n) == STRAIT_OK)
    #expect(n == set.logitsWidth)
    var ids = [Int32](repeating: -1, count: 4)
    #expect(strait_vocab_eos_ids(vocab, &ids, ids.count, &n) == STRAIT_OK)
    #expect(n == 1 && ids[0] == set.eos)
    // The two-call idiom: capacity 0 tells the count.
    #expect(strait_vocab_eos_ids(vocab, nil, 0, &n) == STRAIT_BUFFER_TOO_SMALL)
    #expect(n == 1)
    for id in [0, 65, 300, Int(set.eos), set.tokens.count - 1] {
      var buffer = [UInt8](repeating: 0, count: 32)
      var length = 0
      #expect(strait_vocab_token_bytes(vocab, Int32(id), &buffer, buffer.count, &length) == STRAIT_OK)
      #expect(Array(buffer[..<length]) == set.tokens[id])
    }
    // A hole and a padding id have no bytes; an id past the width is out of range.
    var length = 99
    #expect(strait_vocab_token_bytes(vocab, Int32(set.tokens.count - 2), nil, 0, &length) == STRAIT_OK)
    #expect(length == 0)
    #expect(strait_vocab_token_bytes(vocab, Int32(set.logitsWidth - 1), nil, 0, &length) == STRAIT_OK)
    #expect(length == 0)
    #expect(strait_vocab_token_bytes(vocab, Int32(set.logitsWidth), nil, 0, &length) == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(strait_vocab_token_bytes(vocab, -1, nil, 0, &length) == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(CABI.lastError.contains("-1"))
    var small = [UInt8](repeating: 0, count: 2)
    #expect(strait_vocab_token_bytes(vocab, Int32(set.eos), &small, 2, &length) == STRAIT_BUFFER_TOO_SMALL)
    #expect(length == 7)
  }

  @Test func fromTokensRejectsBadInput() {
    let set = CABI.tokenSet()
    var out: OpaquePointer?
    // NULL out / NULL arrays / zero tokens / sizes above SIZE_MAX/2.
    #expect(strait_vocab_from_tokens(nil, nil, 1, nil, 0, nil, 0, 0, nil) == STRAIT_NULL_POINTER)
    #expect(strait_vocab_from_tokens(nil, nil, 1, nil, 0, nil, 0, 0, &out) == STRAIT_NULL_POINTER)
    #expect(CABI.lastError.contains("tokens"))
    #expect(strait_vocab_from_tokens(nil, nil, 0, nil, 0, nil, 0, 0, &out) == STRAIT_INVALID_ARGUMENT)
    #expect(strait_vocab_from_tokens(nil, nil, -1, nil, 0, nil, 0, 0, &out) == STRAIT_INVALID_ARGUMENT)
    #expect(CABI.lastError.contains("too large"))
    CABI.withTokenPointers(set.tokens) { pointers, lengths in
      // n_eos > 0 with a NULL array.
      #expect(
        strait_vocab_from_tokens(pointers, lengths, set.tokens.count, nil, 2, nil, 0, 0, &out)
          == STRAIT_NULL_POINTER)
    }
    // Ids out of range, or naming a hole.
    #expect(CABI.makeVocab(set, eos: [Int32(set.tokens.count)]).0 == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(CABI.lastError.contains("eos_ids[0]"))
    #expect(CABI.makeVocab(set, eos: [-5]).0 == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(CABI.makeVocab(set, special: [Int32(set.tokens.count - 2)]).0 == STRAIT_TOKEN_OUT_OF_RANGE)
    #expect(CABI.lastError.contains("special_ids[0]"))
    // A logits width smaller than the vocabulary.
    #expect(CABI.makeVocab(set, logitsWidth: set.tokens.count - 1).0 == STRAIT_INVALID_ARGUMENT)
    #expect(CABI.lastError.contains("smaller than the vocabulary size"))
    // An absurd token length.
    var tokens = set.tokens
    tokens[3] = [1]
    CABI.withTokenPointers(tokens) { pointers, lengths in
      var bad = Array(UnsafeBufferPointer(start: lengths, count: tokens.count))
      bad[3] = Int.max
      #expect(
        strait_vocab_from_tokens(pointers, bad, tokens.count, nil, 0, nil, 0, 0, &out)
          == STRAIT_INVALID_ARGUMENT)
      #expect(CABI.lastError.contains("lengths[3]"))
    }
    #expect(out == nil)
  }

  @Test func loadsTokenizerFiles() throws {
    for file in [
      "tokenizers/byte-level-bpe/tokenizer.json", "tokenizers/gguf/tiny-llama-v3.gguf",
      "tokenizers/gguf/tiny-gpt2-v2.gguf", "tokenizers/tiktoken/tiny.tiktoken",
    ] {
      let path = TestPaths.fixtures.appendingPathComponent(file).path
      var vocab: OpaquePointer?
      #expect(strait_vocab_load(path, 0, &vocab) == STRAIT_OK, "\(file): \(CABI.lastError)")
      var n = 0
      #expect(strait_vocab_size(vocab, &n) == STRAIT_OK)
      #expect(n > 0)
      var width = 0
      _ = strait_vocab_logits_width(vocab, &width)
      #expect(strait_vocab_free(vocab) == STRAIT_OK)
      // A wider logits row is accepted, a narrower one is not.
      #expect(strait_vocab_load(path, width + 64, &vocab) == STRAIT_OK)
      var wider = 0
      _ = strait_vocab_logits_width(vocab, &wider)
      #expect(wider == width + 64)
      _ = strait_vocab_free(vocab)
      #expect(strait_vocab_load(path, n - 1, &vocab) == STRAIT_INVALID_ARGUMENT)
    }
  }

  @Test func loadReportsFileErrors() throws {
    var vocab: OpaquePointer?
    #expect(strait_vocab_load(nil, 0, &vocab) == STRAIT_NULL_POINTER)
    #expect(strait_vocab_load("/x", 0, nil) == STRAIT_NULL_POINTER)
    #expect(strait_vocab_load("/nonexistent/strait/tokenizer.json", 0, &vocab) == STRAIT_IO_ERROR)
    #expect(CABI.lastError.contains("/nonexistent/strait/tokenizer.json"))
    #expect(strait_vocab_load(TestPaths.fixtures.path, 0, &vocab) == STRAIT_IO_ERROR)
    #expect(CABI.lastError.contains("not a regular file"))
    let dir = try BuildProducts.temporaryDirectory("vocab")
    defer { try? FileManager.default.removeItem(at: dir) }
    let broken = dir.appendingPathComponent("tokenizer.json")
    try Data(#"{"model": {"type": "BPE", "vocab": {"a": 0, "#.utf8).write(to: broken)
    #expect(strait_vocab_load(broken.path, 0, &vocab) == STRAIT_VOCABULARY_ERROR)
    #expect(CABI.lastError.contains("tokenizer.json"))
    // A path that is not UTF-8.
    let badPath: [CChar] = [0x2F, 0x74, CChar(bitPattern: 0xFF), 0x00]
    #expect(strait_vocab_load(badPath, 0, &vocab) == STRAIT_INVALID_UTF8)
    #expect(CABI.lastError.contains("byte 2"))
    #expect(vocab == nil)
  }
}
