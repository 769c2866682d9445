import Foundation
import StraitTestSupport
import StraitTokenizers
import Testing

@Suite("tokenizer.json")
struct TokenizerJSONTests {
  @Test("byte-level BPE fixture: kind, bytes, added tokens, side files")
  func byteLevelFixture() throws {
    let v = try Vocabulary.load(path: fixture("byte-level-bpe/tokenizer.json"))
    #expect(v.kind == .byteLevelBPE)
    #expect(v.count == 308)
    #expect(v.decoderStripsLeadingSpace == false)
    // config.json beside it says vocab_size 320: the logits are wider than the vocabulary.
    #expect(v.logitsWidth == 320)
    // Byte tokens come first in byte order.
    for b in 0..<256 { #expect(v.bytes(of: b) == [UInt8(b)]) }
    let trie = TokenTrie(vocabulary: v)
    #expect(trie.tokenIDs(forBytes: Array(" the".utf8)).count == 1)
    #expect(trie.tokenIDs(forBytes: Array(" caf\u{e9}".utf8)).count == 1)
    // "中" is not byte-level text: its UTF-8 is kept, so it has the same bytes as the
    // byte-level token "ä¸Ń" (E4 B8 AD, a prefix of "中文").
    #expect(trie.tokenIDs(forBytes: Array("中".utf8)).count == 2)
    let special = v.specialTokens.map(\.text)
    #expect(special == ["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    let im_end = try #require(v.specialTokens.first { $0.text == "<|im_end|>" }?.id)
    let endoftext = try #require(v.specialTokens.first { $0.text == "<|endoftext|>" }?.id)
    // tokenizer_config.json's eos_token first, then config.json's eos_token_id.
    #expect(v.eosTokenIDs == [im_end, endoftext])
    // Non-special added tokens are text, decoded like any token.
    let toolCall = trie.tokenIDs(forBytes: Array("<tool_call>".utf8))
    #expect(toolCall.count == 1)
    #expect(toolCall.allSatisfy { !v.isSpecial($0) })
    #expect(trie.tokenIDs(forBytes: Array(" spaced added".utf8)).count == 1)
  }

  @Test("options override the logits width and end-of-sequence ids; side files can be ignored")
  func overrides() throws {
    let path = fixture("byte-level-bpe/tokenizer.json")
    let v = try Vocabulary.load(path: path, options: .init(logitsWidth: 512, eosTokenIDs: [7]))
    #expect(v.logitsWidth == 512)
    #expect(v.eosTokenIDs == [7])
    #expect(v.isSpecial(7))
    let bare = try Vocabulary.load(path: path, options: .init(readSideFiles: false))
    #expect(bare.logitsWidth == bare.count)
    // Without side files: the added tokens named like end-of-sequence tokens, in a fixed order.
    #expect(bare.eosTokenIDs.map { bare.text(of: $0) } == ["<|im_end|>", "<|endoftext|>"])
    #expect(throws: TokenizerError.self) {
      try Vocabulary.load(path: path, options: .init(logitsWidth: 100))
    }
    #expect(throws: TokenizerError.self) {
      try Vocabulary.load(path: path, options: .init(eosTokenIDs: [100_000]))
    }
    let moved = try v.overriding(eosTokenIDs: [3], logitsWidth: 400)
    #expect(moved.eosTokenIDs == [3] && moved.logitsWidth == 400 && moved.isSpecial(3))
  }

  @Test("SentencePiece-style BPE fixture: ▁ is a space, <0xNN> is a byte, control pieces are special")
  func sentencePieceFixture() throws {
    let v = try Vocabulary.load(path: fixture("sentencepiece-bpe/tokenizer.json"))
    #expect(v.kind == .sentencePieceBPE)
    #expect(v.decoderStripsLeadingSpace)
    #expect(v.bytes(of: 3) == [0x00])
    #expect(v.bytes(of: 3 + 0x41) == [0x41])
    #expect(v.bytes(of: 258) == [0xFF])
    // <unk>, <s> and </s> are control tokens (</s> is a non-special added token in the file).
    #expect(v.isSpecial(0) && v.isSpecial(1) && v.isSpecial(2))
    #expect(v.bosTokenID == 1)
    #expect(v.eosTokenIDs.map { v.text(of: $0) } == ["<|endoftext|>"])
    let trie = TokenTrie(vocabulary: v)
    // " the" has one piece, "▁the"; "A" has the byte token <0x41> and no piece of its own.
    #expect(trie.tokenIDs(forBytes: Array(" the".utf8)).count == 1)
    #expect(trie.tokenIDs(forBytes: [0x41]) == [3 + 0x41])
    // A leading space is kept in the bytes: "▁▁▁▁" is four spaces.
    #expect(trie.tokenIDs(forBytes: Array("    ".utf8)).count == 1)
    // Pieces that merely look like byte tokens stay text.
    #expect(trie.tokenIDs(forBytes: Array("<0x4>".utf8)).count == 1)
    #expect(trie.tokenIDs(forBytes: Array("<0x41>x".utf8)).count == 1)
    // A non-special added token is text.
    #expect(trie.tokenIDs(forBytes: Array("<|placeholder|>".utf8)).count == 1)
  }

  @Test("Unigram fixture: pieces in list order, Metaspace decoder")
  func unigramFixture() throws {
    let v = try Vocabulary.load(path: fixture("unigram/tokenizer.json"))
    #expect(v.kind == .unigram)
    #expect(v.count == 18)
    #expect(v.decoderStripsLeadingSpace)
    #expect(v.isSpecial(0) && v.isSpecial(1) && v.isSpecial(2))
    #expect(v.bytes(of: 3) == [0x20])
    #expect(v.text(of: 4) == " the")
    #expect(v.text(of: 15) == " a b")  // every ▁ is a space
  }

  @Test("every self-made tokenizer.json matches its Hugging Face reference, id by id",
    arguments: ["byte-level-bpe", "sentencepiece-bpe", "unigram"])
  func fixtureReference(name: String) throws {
    let reference = try ReferenceFile.load("fixture-\(name).ref")
    let path = try #require(reference.sourceURL).path
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == reference.sourceSize)
    let v = try Vocabulary.load(path: path)
    #expect(expectMatches(v, reference, label: name) == 0)
  }
}
