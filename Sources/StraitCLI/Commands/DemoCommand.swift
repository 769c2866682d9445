import ArgumentParser
import Foundation
import Strait
import StraitJSON
import StraitKernels
import StraitSchema
import StraitTokenizers

/// `strait demo`: constrained generation with a seeded random "model".
///
/// Each step draws random logits, asks the matcher for the mask, applies it with the
/// SIMD kernel, takes the argmax and accepts it — the loop an inference host runs.
/// Every finished document is re-validated with the JSON Schema validator.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Constrained generation demo: a random model whose output always validates.",
    discussion: """
      Without options it uses schemas/ticket-classification.json and the byte-level BPE
      fixture in fixtures/tokenizers/. Any schema and tokenizer file work (tokenizer.json,
      tiktoken, GGUF).
      """
  )

  @Option(help: "The JSON Schema to generate for.")
  var schema: String = "schemas/ticket-classification.json"

  @Option(help: "The tokenizer file (tokenizer.json, tiktoken or GGUF).")
  var tokenizer: String = "fixtures/tokenizers/byte-level-bpe/tokenizer.json"

  @Option(help: "How many documents to generate.")
  var count: Int = 3

  @Option(help: "Random seed of the model.")
  var seed: UInt64 = 1

  @Option(help: "Stop a document after this many tokens.")
  var maxTokens: Int = 400

  @Option(help: "Whitespace rule: any, compact, or a number (the longest run).")
  var whitespace: String = "compact"

  mutating func run() throws {
    let schemaURL = locate(schema)
    let tokenizerURL = locate(tokenizer)
    let schemaText = try String(contentsOf: schemaURL, encoding: .utf8)
    let vocabulary = try Vocabulary.load(path: tokenizerURL.path)
    var options = GrammarOptions()
    switch whitespace {
    case "any": options.whitespace = .any
    case "compact": options.whitespace = .compact
    default:
      guard let n = Int(whitespace), n >= 0 else {
        throw ValidationError("--whitespace must be any, compact or a number")
      }
      options.whitespace = .bounded(maxRun: n)
    }
    let clock = ContinuousClock()
    let compileStart = clock.now
    let automaton = try TokenAutomaton.compile(schema: schemaText, vocabulary: vocabulary, options: options)
    let compileTime = clock.now - compileStart
    let validator = try JSONSchema(text: schemaText)
    print("schema:    \(schemaURL.path)")
    print("tokenizer: \(tokenizerURL.path) (\(vocabulary.count) tokens, logits width \(vocabulary.logitsWidth))")
    print("compiled in \(format(compileTime))\n")

    var rng = DemoRandom(seed: seed)
    var mask = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
    var logits = [Float](repeating: 0, count: vocabulary.logitsWidth)
    var stepTimes: [Duration] = []
    var forcedSteps = 0
    var allValid = true
    for n in 1...max(count, 1) {
      var matcher = Matcher(automaton)
      var text: [UInt8] = []
      var steps = 0
      while !matcher.isTerminated && steps < maxTokens {
        for i in logits.indices { logits[i] = Float(rng.next() >> 40) / Float(1 << 24) }
        // A finished document ends soon: favour end-of-sequence once it is allowed.
        for eos in vocabulary.eosTokenIDs where eos < logits.count { logits[eos] += 0.5 }
        let start = clock.now
        try mask.withUnsafeMutableBufferPointer { try matcher.fillNextTokenBitmask(into: $0) }
        let token = try mask.withUnsafeBufferPointer { m in
          try logits.withUnsafeMutableBufferPointer { l in
            try MaskKernels.applyMask(m, to: l)
            return try MaskKernels.maskedArgmax(UnsafeBufferPointer(l), mask: m)
          }
        }
        stepTimes.append(clock.now - start)
        guard let token else { break }
        if try matcher.forcedToken() != nil { forcedSteps += 1 }
        guard try matcher.accept(token) else {
          throw ValidationError("token \(token) was masked in but not accepted (a bug)")
        }
        if !automaton.isEndOfSequence(token), let bytes = vocabulary.bytes(of: token) {
          text.append(contentsOf: bytes)
        }
        steps += 1
      }
      let document = String(decoding: text, as: UTF8.self)
      let verdict: String
      if !matcher.isTerminated {
        verdict = "unfinished after \(maxTokens) tokens (raise --max-tokens)"
      } else if let value = try? JSONParser.parse(text), validator.isValid(value) {
        verdict = "valid"
      } else {
        verdict = "INVALID"
        allValid = false
      }
      print("[\(n)] \(steps) tokens, \(verdict)")
      print("    \(document)")
    }
    stepTimes.sort()
    if !stepTimes.isEmpty {
      let p50 = stepTimes[stepTimes.count / 2]
      let p99 = stepTimes[min(stepTimes.count - 1, stepTimes.count * 99 / 100)]
      print("\nper step (mask fill + apply + argmax): p50 \(format(p50)), p99 \(format(p99)); forced steps \(forcedSteps)/\(stepTimes.count)")
      let stats = automaton.statistics
      print("automaton: \(stats.dfaStates) DFA states, \(stats.statesWithMasks) masks cached (\(stats.distinctMasks) distinct, \(stats.maskBytes) bytes)")
    }
    if !allValid { throw ExitCode(1) }
  }

  /// Finds a path relative to the working directory, else to the repository of this binary.
  private func locate(_ path: String) -> URL {
    if FileManager.default.fileExists(atPath: path) { return URL(fileURLWithPath: path) }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent(path)
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
      dir.deleteLastPathComponent()
    }
    return URL(fileURLWithPath: path)
  }
}

/// Formats a duration in µs or ms.
func format(_ d: Duration) -> String {
  let (seconds, attoseconds) = d.components
  let us = Double(seconds) * 1e6 + Double(attoseconds) / 1e12
  return us >= 1000 ? String(format: "%.2f ms", us / 1000) : String(format: "%.1f µs", us)
}

/// The demo model's seeded generator (SplitMix64).
private struct DemoRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }
}
