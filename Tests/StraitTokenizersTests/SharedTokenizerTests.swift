import Foundation
import StraitTestSupport
import StraitTokenizers
import Testing

/// The real tokenizers in ../shared/tokenizers, compared id by id with the references that
/// scripts/tokenizer-reference.py recorded from Hugging Face `tokenizers`. Each test skips (with
/// a note) when ../shared is absent.
@Suite("shared tokenizers")
struct SharedTokenizerTests {
  static let names = ["llama-3.1", "qwen2.5", "gpt2", "phi-3-mini"]

  /// The reference and the vocabulary loaded from its source, or nil when ../shared lacks it.
  static func load(_ name: String, options: VocabularyLoadOptions = .init()) throws -> (ReferenceFile, Vocabulary)? {
    let reference = try ReferenceFile.load("\(name).ref.gz")
    guard let url = reference.sourceURL else { return nil }
    let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
    #expect(size == reference.sourceSize, "\(url.path) is not the file the reference was made from")
    return (reference, try Vocabulary.load(path: url.path, options: options))
  }

  @Test("tokenizer.json: every id's bytes equal the Hugging Face reference", arguments: names)
  func everyID(name: String) throws {
    guard let (reference, v) = try Self.load(name) else { return }
    #expect(expectMatches(v, reference, label: name) == 0)
    // Strait may add special ids (EOS, BOS, control pieces) but never drops one.
    let extra = Set(v.specialTokens.map(\.id)).subtracting(reference.special)
    #expect(extra.count <= 2, "\(name): extra special ids \(extra.sorted())")
  }

  @Test("tokenizer.json: kinds, end-of-sequence ids, logits width")
  func metadata() throws {
    if let (_, v) = try Self.load("llama-3.1") {
      #expect(v.kind == .byteLevelBPE)
      #expect(v.count == 128_256 && v.logitsWidth == 128_256)
      // tokenizer_config.json's eos_token, then config.json's eos_token_id list.
      #expect(v.eosTokenIDs == [128_009, 128_001, 128_008])
      #expect(v.bosTokenID == 128_000)
      #expect(v.specialTokens.count == 256)
      #expect(v.text(of: 128_009) == "<|eot_id|>")
    }
    if let (_, v) = try Self.load("qwen2.5") {
      #expect(v.kind == .byteLevelBPE)
      #expect(v.count == 151_665)
      #expect(v.eosTokenIDs == [151_645])
      // <tool_call> (151657) is a non-special added token: text.
      #expect(v.text(of: 151_657) == "<tool_call>" && !v.isSpecial(151_657))
    }
    if let (_, v) = try Self.load("phi-3-mini") {
      #expect(v.kind == .sentencePieceBPE)
      #expect(v.decoderStripsLeadingSpace)
      #expect(v.eosTokenIDs == [32_000])
      #expect(v.isSpecial(2))  // </s>
      #expect(v.bytes(of: 29_871) == [0x20])  // "▁"
    }
    if let (_, v) = try Self.load("gpt2") {
      #expect(v.eosTokenIDs == [50_256])
    }
  }

  @Test("tries of the real vocabularies: invariants and a pruning walk", arguments: names)
  func tries(name: String) throws {
    guard let (_, v) = try Self.load(name) else { return }
    let trie = TokenTrie(vocabulary: v)
    checkTrie(trie, v)
    let digits = Set(Array("0123456789".utf8))
    let brute = Set((0..<v.count).filter { id in
      guard let b = v.bytes(of: id), !b.isEmpty, !v.isSpecial(id) else { return false }
      return b.allSatisfy(digits.contains)
    })
    #expect(walkAllowed(trie, allowed: digits) == brute)
    #expect(!brute.isEmpty)
  }
}
