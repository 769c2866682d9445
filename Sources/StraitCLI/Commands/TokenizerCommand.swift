import ArgumentParser
import Foundation
import StraitTokenizers

/// `strait tokenizer`: load tokenizer files and look at their vocabularies.
struct TokenizerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokenizer",
    abstract: "Load a tokenizer file (tokenizer.json, tiktoken, GGUF) and inspect its vocabulary.",
    subcommands: [TokenizerInspectCommand.self],
    defaultSubcommand: TokenizerInspectCommand.self
  )
}

/// `strait tokenizer inspect PATH [--json] [--dump-bytes] [--timing] [ID...]`.
struct TokenizerInspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show a tokenizer's kind, sizes, special tokens, end-of-sequence ids and token bytes.",
    discussion: """
      PATH is a Hugging Face tokenizer.json, a tiktoken rank file (.tiktoken, Meta's
      tokenizer.model) or a GGUF model; the format is detected. tokenizer_config.json,
      generation_config.json and config.json beside it are read for end-of-sequence ids,
      special tokens and the logits width.

      Token bytes are exact decoder output: SentencePiece '▁' is a space and is never
      stripped ("decoder strips leading space" tells whether the decoder removes one space
      at the start of the text).

      --dump-bytes prints one JSON line per id: {"id": N, "hex": "..", "special": true|false}
      ("hex" is null for an id without a token).
      --timing loads the file and builds the byte trie several times and prints medians.
      """
  )

  @Argument(help: "The tokenizer file.")
  var path: String

  @Argument(help: "Token ids whose bytes to print.")
  var ids: [Int] = []

  @Flag(help: "Print a JSON object instead of text.")
  var json = false

  @Flag(help: "Print every id as one JSON line {\"id\", \"hex\", \"special\"}.")
  var dumpBytes = false

  @Flag(help: "Measure load and trie build time (median of --runs runs) and the trie's memory.")
  var timing = false

  @Option(help: "Runs for --timing.")
  var runs = 9

  @Option(help: "Force the format: tokenizerJSON, tiktoken or gguf.")
  var format: String?

  @Option(help: "Override the logits width.")
  var logitsWidth: Int?

  @Option(name: .customLong("eos"), help: "Override the end-of-sequence ids (repeat the option).")
  var eos: [Int] = []

  @Flag(help: "Do not read tokenizer_config.json, generation_config.json or config.json.")
  var noSideFiles = false

  func validate() throws {
    if let format, VocabularyLoadOptions.Format(rawValue: format) == nil {
      throw ValidationError("unknown format '\(format)' (tokenizerJSON, tiktoken, gguf)")
    }
    if runs < 1 { throw ValidationError("--runs must be at least 1") }
  }

  var options: VocabularyLoadOptions {
    VocabularyLoadOptions(
      format: format.flatMap(VocabularyLoadOptions.Format.init(rawValue:)),
      logitsWidth: logitsWidth, eosTokenIDs: eos.isEmpty ? nil : eos,
      readSideFiles: !noSideFiles)
  }

  func run() throws {
    let vocabulary = try Vocabulary.load(path: path, options: options)
    var out = OutputBuffer()
    if dumpBytes {
      dump(vocabulary, to: &out)
      out.flush()
      return
    }
    let timings = timing ? measure() : nil
    let trie = TokenTrie(vocabulary: vocabulary)
    var missing = false
    if json {
      missing = printJSON(vocabulary, trie, timings, to: &out)
    } else {
      missing = printText(vocabulary, trie, timings, to: &out)
    }
    out.flush()
    if missing { throw ExitCode(1) }
  }

  // MARK: Output

  private func dump(_ vocabulary: Vocabulary, to out: inout OutputBuffer) {
    for id in 0..<vocabulary.count {
      out.write("{\"id\": \(id), \"hex\": ")
      if let hex = vocabulary.withBytes(of: id, hexString) {
        out.write("\"" + hex + "\"")
      } else {
        out.write("null")
      }
      out.write(vocabulary.isSpecial(id) ? ", \"special\": true}\n" : ", \"special\": false}\n")
    }
  }

  private func printText(
    _ v: Vocabulary, _ trie: TokenTrie, _ timings: Timings?, to out: inout OutputBuffer
  ) -> Bool {
    out.write("file: \(path)\n")
    out.write("kind: \(v.kind.rawValue)\n")
    out.write("vocabulary size: \(v.count)")
    if v.entryCount != v.count { out.write(" (\(v.entryCount) ids have a token)") }
    out.write("\nlogits width: \(v.logitsWidth)\n")
    out.write("end-of-sequence ids: " + v.eosTokenIDs.map { "\($0) \(quoted(v.text(of: $0) ?? ""))" }.joined(separator: ", ") + "\n")
    if let bos = v.bosTokenID { out.write("beginning-of-sequence id: \(bos) \(quoted(v.text(of: bos) ?? ""))\n") }
    out.write("decoder strips leading space: \(v.decoderStripsLeadingSpace ? "yes" : "no")\n")
    out.write("trie: \(trie.nodeCount) nodes, \(trie.tokenCount) tokens, longest \(trie.maxDepth) bytes, \(trie.memoryBytes) bytes of memory\n")
    out.write("special tokens: \(v.specialTokens.count)\n")
    for (id, text) in v.specialTokens { out.write("  \(id) \(quoted(text))\n") }
    var missing = false
    if !ids.isEmpty { out.write("tokens:\n") }
    for id in ids {
      if let hex = v.withBytes(of: id, hexString) {
        out.write("  \(id) hex \(hex) text \(quoted(v.text(of: id) ?? ""))\(v.isSpecial(id) ? " special" : "")\n")
      } else {
        out.write("  \(id) no token (vocabulary size \(v.count), logits width \(v.logitsWidth))\n")
        missing = true
      }
    }
    if let timings { out.write(timings.text) }
    return missing
  }

  private func printJSON(
    _ v: Vocabulary, _ trie: TokenTrie, _ timings: Timings?, to out: inout OutputBuffer
  ) -> Bool {
    var fields: [String] = []
    fields.append("\"path\": \(quoted(path))")
    fields.append("\"kind\": \"\(v.kind.rawValue)\"")
    fields.append("\"vocabularySize\": \(v.count)")
    fields.append("\"entryCount\": \(v.entryCount)")
    fields.append("\"logitsWidth\": \(v.logitsWidth)")
    fields.append("\"eosTokenIDs\": [\(v.eosTokenIDs.map(String.init).joined(separator: ", "))]")
    fields.append("\"bosTokenID\": \(v.bosTokenID.map(String.init) ?? "null")")
    fields.append("\"decoderStripsLeadingSpace\": \(v.decoderStripsLeadingSpace)")
    fields.append("\"trie\": {\"nodes\": \(trie.nodeCount), \"tokens\": \(trie.tokenCount), \"maxDepth\": \(trie.maxDepth), \"memoryBytes\": \(trie.memoryBytes)}")
    let specials = v.specialTokens.map { "{\"id\": \($0.id), \"text\": \(quoted($0.text))}" }
    fields.append("\"specialTokens\": [\(specials.joined(separator: ", "))]")
    var missing = false
    var tokens: [String] = []
    for id in ids {
      if let hex = v.withBytes(of: id, hexString) {
        tokens.append("{\"id\": \(id), \"hex\": \"\(hex)\", \"text\": \(quoted(v.text(of: id) ?? "")), \"special\": \(v.isSpecial(id))}")
      } else {
        tokens.append("{\"id\": \(id), \"hex\": null, \"special\": false}")
        missing = true
      }
    }
    fields.append("\"tokens\": [\(tokens.joined(separator: ", "))]")
    if let timings { fields.append("\"timing\": \(timings.json)") }
    out.write("{\n  " + fields.joined(separator: ",\n  ") + "\n}\n")
    return missing
  }

  // MARK: Timing

  struct Timings {
    var loadMedian: Double
    var loadMin: Double
    var trieMedian: Double
    var trieMin: Double
    var totalMedian: Double
    var runs: Int
    var trieMemory: Int
    var vocabularyMemory: Int

    var text: String {
      func ms(_ x: Double) -> String { String(format: "%.2f ms", x * 1000) }
      return """
        timing (\(runs) runs): load median \(ms(loadMedian)) (min \(ms(loadMin))), \
        trie build median \(ms(trieMedian)) (min \(ms(trieMin))), load + trie median \(ms(totalMedian))
        memory: vocabulary \(vocabularyMemory) bytes, trie \(trieMemory) bytes

        """
    }

    var json: String {
      "{\"runs\": \(runs), \"loadMedianMs\": \(loadMedian * 1000), \"loadMinMs\": \(loadMin * 1000), "
        + "\"trieMedianMs\": \(trieMedian * 1000), \"trieMinMs\": \(trieMin * 1000), "
        + "\"totalMedianMs\": \(totalMedian * 1000), \"trieMemoryBytes\": \(trieMemory), "
        + "\"vocabularyMemoryBytes\": \(vocabularyMemory)}"
    }
  }

  private func measure() -> Timings? {
    var loads: [Double] = []
    var tries: [Double] = []
    var totals: [Double] = []
    var trieMemory = 0
    var vocabularyMemory = 0
    let clock = ContinuousClock()
    for _ in 0..<runs {
      let t0 = clock.now
      guard let v = try? Vocabulary.load(path: path, options: options) else { return nil }
      let t1 = clock.now
      let trie = TokenTrie(vocabulary: v)
      let t2 = clock.now
      loads.append(seconds(t1 - t0))
      tries.append(seconds(t2 - t1))
      totals.append(seconds(t2 - t0))
      trieMemory = trie.memoryBytes
      vocabularyMemory = v.memoryBytes
    }
    func median(_ xs: [Double]) -> Double {
      let s = xs.sorted()
      return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    return Timings(
      loadMedian: median(loads), loadMin: loads.min() ?? 0, trieMedian: median(tries),
      trieMin: tries.min() ?? 0, totalMedian: median(totals), runs: runs,
      trieMemory: trieMemory, vocabularyMemory: vocabularyMemory)
  }

  private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}

/// Lower-case hex of bytes.
private func hexString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
  let digits: [UInt8] = Array("0123456789abcdef".utf8)
  var out = [UInt8]()
  out.reserveCapacity(bytes.count * 2)
  for b in bytes {
    out.append(digits[Int(b >> 4)])
    out.append(digits[Int(b & 0xF)])
  }
  return String(decoding: out, as: UTF8.self)
}

/// A JSON string literal (also used for display in text mode).
private func quoted(_ s: String) -> String {
  var out = "\""
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += String(format: "\\u%04x", scalar.value)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}

/// Collects output and writes it to stdout in large chunks.
private struct OutputBuffer {
  private var bytes: [UInt8] = []

  mutating func write(_ s: String) {
    bytes.append(contentsOf: s.utf8)
    if bytes.count >= 1 << 16 { flush() }
  }

  mutating func flush() {
    guard !bytes.isEmpty else { return }
    FileHandle.standardOutput.write(Data(bytes))
    bytes.removeAll(keepingCapacity: true)
  }
}
