import Foundation
import StraitTestSupport
import StraitTokenizers
import Testing

@Suite("tokenizer.json bad input")
struct TokenizerJSONBadInputTests {
  /// A minimal tokenizer.json around a model and added tokens.
  static func file(
    model: String = #"{"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": [["a", "b"]]}"#,
    added: String = "[]", decoder: String = #"{"type": "ByteLevel"}"#
  ) -> String {
    #"{"version": "1.0", "added_tokens": \#(added), "normalizer": null, "pre_tokenizer": null, "decoder": \#(decoder), "model": \#(model)}"#
  }

  private func message(_ text: String, _ folder: TemporaryFolder) throws -> String? {
    let path = try folder.write("tokenizer.json", text)
    let error = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path, options: .init(format: .tokenizerJSON)) }
    #expect(error?.path == path)
    return error?.message
  }

  @Test("the minimal file loads")
  func minimal() throws {
    let folder = try TemporaryFolder()
    let v = try Vocabulary.load(path: folder.write("tokenizer.json", Self.file()))
    #expect(v.count == 3 && v.text(of: 2) == "ab")
    // Model before decoder: the vocabulary is read in a second pass with the same result.
    let reordered = #"{"model": {"vocab": {"Ġa": 0}, "type": "BPE", "merges": []}, "decoder": {"type": "ByteLevel"}}"#
    #expect(try Vocabulary.load(path: folder.write("tokenizer.json", reordered)).bytes(of: 0) == [0x20, 0x61])
    // Older files without a model type: told by their fields.
    let untagged = #"{"model": {"vocab": [["▁a", 0.0]]}, "decoder": {"type": "Metaspace"}}"#
    let unigram = try Vocabulary.load(path: folder.write("tokenizer.json", untagged))
    #expect(unigram.kind == .unigram && unigram.text(of: 0) == " a")
  }

  @Test("each problem is named, with the byte offset where there is one")
  func problems() throws {
    let folder = try TemporaryFolder()
    let cases: [(String, String)] = [
      (Self.file(model: #"{"type": "WordPiece", "vocab": {"a": 0}}"#), "unsupported model type 'WordPiece' (supported: BPE, Unigram) (byte 134)"),
      (Self.file(model: #"{"type": "BPE", "vocab": {"a": 5, "b": 1, "a": 9}, "merges": []}"#), "vocab: duplicate token 'a' (ids 5 and 9) (byte 167)"),
      (Self.file(model: #"{"type": "BPE", "vocab": {"a": 5, "b": 5}, "merges": []}"#), "vocab: id 5 is given to two tokens, 'a' and 'b' (byte 164)"),
      (Self.file(model: #"{"type": "BPE", "vocab": {"a": 70000000}, "merges": []}"#), "vocab: id 70000000 out of range (0...16777215) (byte 156)"),
      (Self.file(model: #"{"type": "BPE", "vocab": {"a": -1}, "merges": []}"#), "vocab: id -1 out of range (0...16777215) (byte 156)"),
      (Self.file(model: #"{"type": "BPE", "vocab": {"a": 1.5}, "merges": []}"#), "invalid JSON at byte 156: token id must be an integer"),
      (Self.file(model: #"{"type": "BPE", "vocab": ["a"], "merges": []}"#), "invalid JSON at byte 151: expected a [piece, score] pair, found '\"'"),
      (Self.file(model: #"{"type": "Unigram", "vocab": [["a", "x"]]}"#), "Unigram vocabulary entry 0: the score must be a number (byte 161)"),
      (Self.file(model: #"{"type": "BPE", "merges": []}"#), "'model' has no 'vocab'"),
      (Self.file(model: #"{"vocab": {"a": 0}}"#), "'model' has no 'type' and is neither BPE nor Unigram"),
      (Self.file(added: #"[{"id": 3, "content": "<x>", "special": true}, {"id": 4, "content": "<x>", "special": true}]"#), "added_tokens: duplicate token '<x>' (ids 3 and 4) (byte 35)"),
      (Self.file(added: #"[{"id": 3, "content": "<x>"}, {"id": 3, "content": "<y>"}]"#), "added_tokens: id 3 is given to two tokens, '<x>' and '<y>' (byte 35)"),
      (Self.file(added: #"[{"id": 99999999, "content": "<x>"}]"#), "added_tokens[0]: id 99999999 out of range (0...16777215) (byte 35)"),
      (Self.file(added: #"[{"id": 3}]"#), "added_tokens[0] (id 3): missing 'content' (byte 35)"),
      (Self.file(decoder: #"{"type": "WordPiece"}"#), "unsupported decoder 'WordPiece' (supported: ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace)"),
      (Self.file(decoder: #"{"type": "Replace", "pattern": {"Regex": "x"}, "content": ""}"#), "decoder: unsupported 'Replace' (only a non-empty String pattern is supported)"),
      (Self.file(decoder: #"{"type": "Sequence", "decoders": [{"type": "ByteLevel"}, {"type": "ByteFallback"}]}"#), "unsupported decoder: ByteLevel combined with Replace/ByteFallback/Metaspace"),
      (#"{"decoder": null}"#, "no 'model' section"),
      ("[1, 2]", "not a tokenizer.json: expected a JSON object, found '[' (byte 0)"),
      (Self.file() + "x", "invalid JSON at byte 201: unexpected 'x' after the top-level value"),
      (Self.file().replacingOccurrences(of: #""a": 0"#, with: #""a\q": 0"#), "invalid JSON at byte 153: invalid escape \\'q'"),
      (Self.file().replacingOccurrences(of: #""a": 0"#, with: "\"a\u{1}\": 0"), "invalid JSON at byte 153: control character 0x1 inside a string"),
      (Self.file().replacingOccurrences(of: #""a": 0"#, with: #""\ud800": 0"#), "invalid JSON at byte 152: lone surrogate escape"),
      (Self.file().replacingOccurrences(of: #""version": "1.0""#, with: #""version": [1, 2,]"#), "invalid JSON at byte 18: expected a value, found ']'"),
    ]
    for (k, (text, expected)) in cases.enumerated() {
      let got = try message(text, folder)
      #expect(got == expected, "case \(k): got \(got ?? "nil")")
    }
    #expect(try message("", folder) == "empty file")
  }

  @Test("format detection: byte order mark, protobuf files")
  func detection() throws {
    let folder = try TemporaryFolder()
    let bom = try folder.write("tokenizer.json", Data([0xEF, 0xBB, 0xBF] + Array(Self.file().utf8)))
    #expect(try Vocabulary.load(path: bom).kind == .byteLevelBPE)
    let proto = try folder.write("tokenizer.model", Data([0x0A, 0x0B, 0x0A, 0x05, 0x3C, 0x75, 0x6E, 0x6B, 0x3E]))
    let error = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: proto) }
    #expect(error?.message == "not a tokenizer.json, tiktoken rank file or GGUF model: first byte 0xA (a SentencePiece .model protobuf? convert it to tokenizer.json)")
    let missing = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: folder.url.appendingPathComponent("none.json").path) }
    #expect(missing?.message == "cannot open: No such file or directory")
    let directory = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: folder.url.path) }
    #expect(directory?.message == "not a regular file")
  }

  @Test("invalid UTF-8 and excessive nesting are errors")
  func bytesAndDepth() throws {
    let folder = try TemporaryFolder()
    var data = Data(Self.file().utf8)
    let at = try #require(data.firstIndex(of: UInt8(ascii: "b")))
    data[at] = 0xC3  // a lead byte followed by '"'
    let path = try folder.write("tokenizer.json", data)
    let error = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path) }
    #expect(error?.message.hasPrefix("invalid JSON at byte \(at): invalid UTF-8") == true)
    let deep = #"{"x": "# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
    #expect(try message(deep, folder) == "invalid JSON at byte 518: nesting deeper than 512")
  }

  @Test("eos_token in tokenizer_config.json must name a token")
  func sideFileEOS() throws {
    let folder = try TemporaryFolder()
    let path = try folder.write("tokenizer.json", Self.file())
    try folder.write("tokenizer_config.json", #"{"eos_token": "<|missing|>"}"#)
    let error = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path) }
    #expect(error?.message == "eos_token '<|missing|>' is not a token of \(path)")
    try folder.write("tokenizer_config.json", #"{"eos_token": {"content": "ab"}}"#)
    #expect(try Vocabulary.load(path: path).eosTokenIDs == [2])
    try folder.write("tokenizer_config.json", "{not json")
    let bad = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path) }
    #expect(bad?.path.hasSuffix("tokenizer_config.json") == true)
    #expect(bad?.message.hasPrefix("invalid JSON at byte 1") == true)
    try folder.write("tokenizer_config.json", "{}")
    try folder.write("generation_config.json", #"{"eos_token_id": [1, 70000]}"#)
    let range = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path) }
    #expect(range?.message == "end-of-sequence id 70000 out of range or without a token (vocabulary has 3 ids)")
  }

  @Test("every truncation of a tokenizer.json is an error, never a crash or a partial load")
  func truncation() throws {
    let folder = try TemporaryFolder()
    for name in ["byte-level-bpe", "sentencepiece-bpe", "unigram"] {
      let bytes = try readBytes(fixture("\(name)/tokenizer.json"))
      let lastContent = try #require(bytes.lastIndex { $0 != 0x0A && $0 != 0x20 })
      for cut in 0...lastContent {
        let path = try folder.write("tokenizer.json", Data(bytes[..<cut]))
        #expect(throws: TokenizerError.self, "\(name) cut at \(cut)") {
          try Vocabulary.load(path: path, options: .init(format: .tokenizerJSON, readSideFiles: false))
        }
      }
    }
  }

  @Test("random corruption loads or fails cleanly")
  func corruption() throws {
    let folder = try TemporaryFolder()
    let bytes = try readBytes(fixture("sentencepiece-bpe/tokenizer.json"))
    var rng = SeededRandom(seed: 0x4A53)
    for _ in 0..<800 {
      var copy = bytes
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        copy[Int.random(in: 0..<copy.count, using: &rng)] = [UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "]"), 0x5C, 0xFF, UInt8(ascii: "9")].randomElement(using: &rng) ?? 0
      }
      let path = try folder.write("tokenizer.json", Data(copy))
      if let v = try? Vocabulary.load(path: path, options: .init(readSideFiles: false)) {
        checkTrie(TokenTrie(vocabulary: v), v)
      }
    }
  }
}
