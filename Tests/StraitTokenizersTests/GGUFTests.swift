import Foundation
import StraitTestSupport
import StraitTokenizers
import Testing

@Suite("GGUF")
struct GGUFTests {
  @Test("fixtures (v3 llama, v2 gpt2): every id matches the construction",
    arguments: [("tiny-llama-v3.gguf", "fixture-gguf-llama.ref"), ("tiny-gpt2-v2.gguf", "fixture-gguf-gpt2.ref")])
  func fixtures(file: String, ref: String) throws {
    let reference = try ReferenceFile.load(ref)
    let v = try Vocabulary.load(path: fixture("gguf/" + file))
    #expect(expectMatches(v, reference, label: file) == 0)
    checkTrie(TokenTrie(vocabulary: v), v)
  }

  @Test("fixture metadata: kinds, ids, leading-space flag, overrides")
  func metadata() throws {
    let llama = try Vocabulary.load(path: fixture("gguf/tiny-llama-v3.gguf"))
    #expect(llama.kind == .ggufSentencePiece)
    #expect(llama.bosTokenID == 1)
    #expect(llama.eosTokenIDs.map { llama.text(of: $0) } == ["</s>", "<end_of_turn>"])
    #expect(llama.decoderStripsLeadingSpace)
    #expect(llama.isSpecial(0))  // unknown type
    #expect(llama.specialTokens.contains { $0.text == "<unused0>" })
    let gpt2 = try Vocabulary.load(path: fixture("gguf/tiny-gpt2-v2.gguf"))
    #expect(gpt2.kind == .ggufByteLevelBPE)
    #expect(!gpt2.decoderStripsLeadingSpace)
    #expect(gpt2.eosTokenIDs == [264] && gpt2.bosTokenID == 264)
    let wide = try Vocabulary.load(path: fixture("gguf/tiny-gpt2-v2.gguf"), options: .init(logitsWidth: 300, eosTokenIDs: [265]))
    #expect(wide.logitsWidth == 300 && wide.eosTokenIDs == [265])
  }

  @Test("real models: every id equals llama.cpp's token_to_piece",
    arguments: [("gguf-smollm2-135m.ref.gz", 49_152), ("gguf-gemma3-270m.ref.gz", 262_144)])
  func models(ref: String, size: Int) throws {
    let reference = try ReferenceFile.load(ref)
    guard let url = reference.sourceURL else { return }
    let v = try Vocabulary.load(path: url.path)
    #expect(v.count == size)
    #expect(expectMatches(v, reference, label: ref) == 0)
    if ref.contains("gemma") {
      #expect(v.kind == .ggufSentencePiece)
      #expect(v.eosTokenIDs == [1, 106, 212])  // <eos>, <end_of_turn>, </s>
    } else {
      #expect(v.kind == .ggufByteLevelBPE)
      #expect(v.eosTokenIDs == [2, 0])  // <|im_end|>, <|endoftext|>
    }
  }

  // MARK: Bad input

  private func loadError(_ bytes: [UInt8], _ folder: TemporaryFolder, name: String = "bad.gguf") throws -> TokenizerError? {
    let path = try folder.write(name, Data(bytes))
    return #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path) }
  }

  @Test("wrong magic and versions")
  func magicAndVersion() throws {
    let folder = try TemporaryFolder()
    let good = GGUFWriter.llama().encode()
    #expect(try Vocabulary.load(path: folder.write("ok.gguf", Data(good))).count == 6)
    var bytes = good
    bytes[3] = 0x58  // "GGUX": not detected as GGUF, so force the format
    let path = try folder.write("magic.gguf", Data(bytes))
    let magic = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path, options: .init(format: .gguf)) }
    #expect(magic?.message == "not a GGUF file: magic is 'GGUX', expected 'GGUF'")
    for (version, text) in [(1, "unsupported GGUF version 1 (GGUF v1 is obsolete); supported: 2, 3"),
                            (4, "unsupported GGUF version 4; supported: 2, 3"),
                            (0x0300_0000, "unsupported GGUF version 50331648 (a big-endian GGUF file?); supported: 2, 3")] {
      var w = GGUFWriter.llama()
      w.version = UInt32(version)
      #expect(try loadError(w.encode(), folder)?.message == text)
    }
  }

  @Test("every truncation of a GGUF file is a clear error, never a crash")
  func truncation() throws {
    let folder = try TemporaryFolder()
    for file in ["gguf/tiny-llama-v3.gguf", "gguf/tiny-gpt2-v2.gguf"] {
      let bytes = try readBytes(fixture(file))
      for cut in 0..<bytes.count {
        let path = try folder.write("cut.gguf", Data(bytes[..<cut]))
        do {
          _ = try Vocabulary.load(path: path, options: .init(format: .gguf))
          Issue.record("\(file) cut at \(cut) bytes loaded")
        } catch {
          let ok = error.message.hasPrefix("truncated GGUF metadata at byte") || error.message.contains("more than the")
            || error.message == "empty file"
          if !ok { Issue.record("\(file) cut at \(cut): unexpected message '\(error.message)'") }
        }
      }
    }
  }

  @Test("random corruption loads or fails cleanly")
  func corruption() throws {
    let folder = try TemporaryFolder()
    let bytes = try readBytes(fixture("gguf/tiny-llama-v3.gguf"))
    var rng = SeededRandom(seed: 0x6606)
    var failures = 0
    for _ in 0..<1500 {
      var copy = bytes
      for _ in 0..<Int.random(in: 1...4, using: &rng) {
        // Mostly the header and key area, where lengths and types live.
        let at = Int.random(in: 0..<min(copy.count, Bool.random(using: &rng) ? 600 : copy.count), using: &rng)
        copy[at] = UInt8.random(in: 0...255, using: &rng)
      }
      let path = try folder.write("corrupt.gguf", Data(copy))
      do {
        let v = try Vocabulary.load(path: path, options: .init(format: .gguf))
        _ = TokenTrie(vocabulary: v)
      } catch {
        failures += 1
        #expect(!error.message.isEmpty)
      }
    }
    #expect(failures > 0)
  }

  @Test("corrupt metadata: each problem named")
  func badMetadata() throws {
    let folder = try TemporaryFolder()
    func message(_ w: GGUFWriter) throws -> String? { try loadError(w.encode(), folder)?.message }

    var noModel = GGUFWriter.llama()
    noModel.pairs.removeAll { $0.0 == "tokenizer.ggml.model" }
    #expect(try message(noModel) == "GGUF file has no tokenizer ('tokenizer.ggml.model' is missing)")

    var bert = GGUFWriter.llama()
    bert.pairs[1] = ("tokenizer.ggml.model", .string("bert"))
    #expect(try message(bert) == "unsupported GGUF tokenizer model 'bert' (supported: llama, gpt2, t5)")

    var noTokens = GGUFWriter.llama()
    noTokens.pairs.removeAll { $0.0 == "tokenizer.ggml.tokens" }
    #expect(try message(noTokens) == "GGUF file has no 'tokenizer.ggml.tokens'")

    var intTokens = GGUFWriter.llama()
    intTokens.pairs[2] = ("tokenizer.ggml.tokens", .i32s([1, 2]))
    #expect(try message(intTokens) == "'tokenizer.ggml.tokens' is an array of int32, expected strings")

    #expect(try message(GGUFWriter.llama(types: [1, 1])) == "'tokenizer.ggml.token_type' has 2 entries but there are 6 tokens")

    let badByte = GGUFWriter.llama(tokens: ["<unk>", "<s>", "</s>", "<0xZZ>", "▁a", "b"])
    #expect(try message(badByte)?.hasPrefix("byte token 3 is '<0xZZ>', expected <0xNN>") == true)

    var eos = GGUFWriter.llama()
    eos.pairs[5] = ("tokenizer.ggml.eos_token_id", .u32(70_000))
    #expect(try message(eos) == "'tokenizer.ggml.eos_token_id' 70000 out of range (the vocabulary has 6 tokens)")

    var eosType = GGUFWriter.llama()
    eosType.pairs[5] = ("tokenizer.ggml.eos_token_id", .string("2"))
    #expect(try message(eosType)?.hasPrefix("GGUF metadata 'tokenizer.ggml.eos_token_id' at byte") == true)

    var unknownType = GGUFWriter.llama()
    unknownType.pairs.insert(("general.weird", .raw(type: 13, bytes: [0])), at: 0)
    #expect(try message(unknownType)?.hasPrefix("GGUF metadata 'general.weird' has unknown value type 13") == true)

    // A length that claims more bytes than the file has: an error, no allocation.
    var huge = GGUFWriter.llama()
    huge.pairs.insert(("general.big", .raw(type: 8, bytes: GGUFWriter.le(UInt64.max))), at: 0)
    #expect(try message(huge)?.contains("claims 18446744073709551615 bytes, more than the") == true)
    var hugeArray = GGUFWriter.llama()
    hugeArray.pairs.insert(("general.big", .raw(type: 9, bytes: GGUFWriter.le(UInt32(4)) + GGUFWriter.le(UInt64(1) << 62))), at: 0)
    #expect(try message(hugeArray)?.contains("claims 4611686018427387904 items") == true)

    // Nested arrays deeper than the limit.
    var nested: [UInt8] = []
    for _ in 0..<20 { nested += GGUFWriter.le(UInt32(9)) + GGUFWriter.le(UInt64(1)) }
    var deep = GGUFWriter.llama()
    deep.pairs.insert(("general.deep", .raw(type: 9, bytes: nested + GGUFWriter.le(UInt32(0)) + GGUFWriter.le(UInt64(0)))), at: 0)
    #expect(try message(deep)?.contains("nests arrays deeper than 8") == true)

    let invalidUTF8 = GGUFWriter.llama(tokens: ["<unk>", "<s>", "</s>", "<0x41>", "▁a", "b\u{FFFD}"])
    var raw = invalidUTF8.encode()
    // Turn the U+FFFD (EF BF BD) into an invalid sequence.
    if let at = raw.firstIndex(of: 0xEF) { raw[at + 1] = 0x41 }
    #expect(try loadError(raw, folder)?.message.hasPrefix("token 5 at byte") == true)
  }
}
