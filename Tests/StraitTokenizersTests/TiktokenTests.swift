import Foundation
import StraitTestSupport
import StraitTokenizers
import Testing

@Suite("tiktoken")
struct TiktokenTests {
  @Test("fixture: every id matches the construction; specials from tokenizer_config.json")
  func fixtureFile() throws {
    let reference = try ReferenceFile.load("fixture-tiktoken.ref")
    let v = try Vocabulary.load(path: fixture("tiktoken/tiny.tiktoken"))
    #expect(v.kind == .tiktoken)
    #expect(expectMatches(v, reference, label: "tiny.tiktoken") == 0)
    let n = v.count - 5
    #expect(v.entryCount == v.count - 1)  // n + 3 is a hole
    #expect(!v.hasToken(n + 3) && v.bytes(of: n + 3) == nil)
    #expect(v.eosTokenIDs == [n + 2])
    #expect(v.bosTokenID == n)
    #expect(v.specialTokens.map(\.text) == ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|reserved_special_token_0|>"])
  }

  @Test("special tokens from the caller instead of a side file")
  func callerSpecials() throws {
    let path = fixture("tiktoken/tiny.tiktoken")
    let bare = try Vocabulary.load(path: path, options: .init(readSideFiles: false))
    #expect(bare.specialTokens.isEmpty && bare.eosTokenIDs.isEmpty)
    let n = bare.count
    let v = try Vocabulary.load(
      path: path,
      options: .init(eosTokenIDs: [n + 1], specialTokens: [(n, "<|start|>"), (n + 1, "<|stop|>")], readSideFiles: false))
    #expect(v.count == n + 2)
    #expect(v.text(of: n + 1) == "<|stop|>" && v.isSpecial(n) && v.isSpecial(n + 1))
    #expect(v.eosTokenIDs == [n + 1])
    // Names in the options pick the EOS id when none is given.
    let named = try Vocabulary.load(
      path: path, options: .init(specialTokens: [(n, "<|endoftext|>")], readSideFiles: false))
    #expect(named.eosTokenIDs == [n])
  }

  @Test("Llama 3.1 tokenizer.model and Qwen2.5 qwen.tiktoken equal the tokenizer.json references, id by id",
    arguments: [("llama-3.1", "tokenizers/llama-3.1/tokenizer.model"), ("qwen2.5", "tokenizers/qwen2.5/qwen.tiktoken")])
  func shared(name: String, file: String) throws {
    guard let url = TestPaths.shared(file) else { return }
    let reference = try ReferenceFile.load("\(name).ref.gz")
    let v = try Vocabulary.load(path: url.path)
    #expect(v.kind == .tiktoken)
    #expect(expectMatches(v, reference, label: file) == 0)
    if name == "llama-3.1" { #expect(v.eosTokenIDs == [128_009, 128_001, 128_008]) }
    if name == "qwen2.5" { #expect(v.eosTokenIDs == [151_645]) }
  }

  @Test("malformed rank files are errors naming the line")
  func badInput() throws {
    let folder = try TemporaryFolder()
    let cases: [(String, String)] = [
      ("IQ== 0\nIg 1\n", "line 2 (byte 7): invalid base64 token"),
      ("IQ== 0\nIg== \n", "line 2 (byte 7): missing rank"),
      ("IQ== 0\nIg==\n", "line 2 (byte 7): expected 'base64-token rank'"),
      ("IQ== 0\nIg== 0\n", "line 2 (byte 7): rank 0 appears twice (lines 1 and 2)"),
      ("IQ== 0\nIQ== 1\n", "line 2 (byte 7): duplicate token '!' (ranks 0 and 1)"),
      ("IQ== 0\nIg== 99999999\n", "line 2 (byte 7): rank out of range (0...16777215)"),
      ("IQ== 0\nIg== -1\n", "line 2 (byte 7): rank is not a non-negative integer"),
      ("IQ== 0\nI*== 1\n", "line 2 (byte 7): invalid base64 token"),
      ("IR== 0\n", "line 1 (byte 0): invalid base64 token"),  // non-zero padding bits
      ("\n\n", "no tokens"),
    ]
    for (k, (text, message)) in cases.enumerated() {
      let path = try folder.write("bad\(k).tiktoken", text)
      let error = #expect(throws: TokenizerError.self) { try Vocabulary.load(path: path, options: .init(format: .tiktoken)) }
      #expect(error?.message == message, "case \(k)")
      #expect(error?.path == path)
    }
    // An added token may not take a rank's id.
    let path = try folder.write("clash.tiktoken", "IQ== 0\nIg== 1\n")
    let error = #expect(throws: TokenizerError.self) {
      try Vocabulary.load(path: path, options: .init(specialTokens: [(1, "<|x|>")], readSideFiles: false))
    }
    #expect(error?.message.contains("has id 1, which is the rank of line 2") == true)
    // CRLF line ends and blank lines are accepted.
    let crlf = try folder.write("crlf.tiktoken", "IQ== 0\r\n\r\nIg== 1\r\n")
    #expect(try Vocabulary.load(path: crlf).bytes(of: 1) == [0x22])
  }
}
