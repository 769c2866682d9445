import Foundation
import StraitTestSupport
import StraitTokenizers
import Testing

/// End-to-end tests of `strait tokenizer inspect` (they skip when the executable is not built).
@Suite("strait tokenizer inspect")
struct TokenizerCommandTests {
  static var built: Bool {
    let exists = FileManager.default.isExecutableFile(atPath: TestPaths.straitExecutable.path)
    if !exists { print("note: \(TestPaths.straitExecutable.path) is not built; skipping") }
    return exists
  }

  @Test("text output: kind, sizes, end-of-sequence ids, special tokens, token bytes")
  func text() throws {
    guard Self.built else { return }
    let path = fixture("byte-level-bpe/tokenizer.json")
    let result = try runStrait(["tokenizer", "inspect", path, "32", "305"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let out = result.stdout
    #expect(out.contains("kind: byteLevelBPE\n"))
    #expect(out.contains("vocabulary size: 308\n"))
    #expect(out.contains("logits width: 320\n"))
    #expect(out.contains("end-of-sequence ids: 305 \"<|im_end|>\", 303 \"<|endoftext|>\"\n"))
    #expect(out.contains("special tokens: 3\n  303 \"<|endoftext|>\"\n  304 \"<|im_start|>\"\n"))
    #expect(out.contains("  32 hex 20 text \" \"\n"))
    // The default subcommand is inspect.
    #expect(try runStrait(["tokenizer", path]).stdout == (try runStrait(["tokenizer", "inspect", path]).stdout))
  }

  @Test("--json is one JSON object")
  func json() throws {
    guard Self.built else { return }
    let result = try runStrait(["tokenizer", "inspect", fixture("sentencepiece-bpe/tokenizer.json"), "--json", "3", "2", "1"])
    #expect(result.exitCode == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["kind"] as? String == "sentencePieceBPE")
    #expect(object["vocabularySize"] as? Int == 310)
    #expect(object["decoderStripsLeadingSpace"] as? Bool == true)
    #expect(object["eosTokenIDs"] as? [Int] == [307])
    let tokens = try #require(object["tokens"] as? [[String: Any]])
    #expect(tokens.count == 3)
    #expect(tokens[2]["hex"] as? String == "3c733e" && tokens[2]["special"] as? Bool == true)
    #expect(tokens[0]["hex"] as? String == "00" && tokens[0]["special"] as? Bool == false)
    #expect(tokens[1]["hex"] as? String == "3c2f733e" && tokens[1]["special"] as? Bool == false)
  }

  @Test("--dump-bytes prints every id as one JSON line, equal to the library's bytes",
    arguments: ["byte-level-bpe/tokenizer.json", "tiktoken/tiny.tiktoken", "gguf/tiny-llama-v3.gguf"])
  func dump(file: String) throws {
    guard Self.built else { return }
    let path = fixture(file)
    let v = try Vocabulary.load(path: path)
    let result = try runStrait(["tokenizer", "inspect", path, "--dump-bytes"])
    #expect(result.exitCode == 0)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == v.count)
    for (id, line) in lines.enumerated() {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(object["id"] as? Int == id)
      #expect(object["special"] as? Bool == v.isSpecial(id))
      if let bytes = v.bytes(of: id) {
        #expect(object["hex"] as? String == bytes.map { String(format: "%02x", $0) }.joined(), "id \(id)")
      } else {
        #expect(object["hex"] is NSNull, "id \(id)")
      }
    }
  }

  @Test("exit codes: 1 for an id without a token, 2 for a bad file")
  func exitCodes() throws {
    guard Self.built else { return }
    let missing = try runStrait(["tokenizer", "inspect", fixture("unigram/tokenizer.json"), "4", "999"])
    #expect(missing.exitCode == 1)
    #expect(missing.stdout.contains("  999 no token (vocabulary size 18, logits width 18)"))
    let folder = try TemporaryFolder()
    let bad = try folder.write("tokenizer.json", #"{"model": {"type": "WordPiece", "vocab": {}}}"#)
    let failed = try runStrait(["tokenizer", "inspect", bad])
    #expect(failed.exitCode == 2)
    #expect(failed.stderr.hasPrefix("strait: "))
    #expect(failed.stderr.contains("\(bad): unsupported model type 'WordPiece' (supported: BPE, Unigram) (byte 19)\n"))
    #expect(try runStrait(["tokenizer", "inspect", fixture("unigram/tokenizer.json"), "--format", "xml"]).exitCode == 2)
  }

  @Test("--timing and overrides")
  func timing() throws {
    guard Self.built else { return }
    let result = try runStrait([
      "tokenizer", "inspect", fixture("gguf/tiny-gpt2-v2.gguf"), "--timing", "--runs", "3",
      "--logits-width", "512", "--eos", "5", "--eos", "6",
    ])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("timing (3 runs): load median"))
    #expect(result.stdout.contains("logits width: 512\n"))
    #expect(result.stdout.contains("end-of-sequence ids: 5 \"\\u0005\", 6 \"\\u0006\"\n"))
  }
}
