import CStrait
import Foundation
import Strait
import StraitKernels
import StraitTestSupport
import StraitTokenizers
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The C ABI's per-step cost against the Swift API's, in one process, on a real vocabulary.
///
/// Not a timed test: it runs only when asked, prints figures, and checks only that both
/// paths produce the same masks.
///
///     STRAIT_CAPI_BENCH=1 STRAIT_BENCH_VOCAB=path/to/model.gguf \
///       swift test -c release --filter CABIBenchmark
///
/// Without STRAIT_BENCH_VOCAB it uses the Gemma 3 GGUF that scripts/python-host-setup.sh
/// and examples/python-host assemble in .venv-host/models.
@Suite("C ABI benchmark (STRAIT_CAPI_BENCH=1)", .serialized)
struct CABIBenchmark {
  static let enabled = ProcessInfo.processInfo.environment["STRAIT_CAPI_BENCH"] == "1"

  static var vocabularyPath: String? {
    if let path = ProcessInfo.processInfo.environment["STRAIT_BENCH_VOCAB"] { return path }
    let gemma = TestPaths.packageRoot.appendingPathComponent(".venv-host/models/gemma-3-270m-q4_k_m.gguf")
    return FileManager.default.fileExists(atPath: gemma.path) ? gemma.path : nil
  }

  static func nanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
  }

  struct Samples {
    var values: [Double] = []
    mutating func add(_ ns: UInt64) { values.append(Double(ns) / 1000) }
    var summary: String {
      let s = values.sorted()
      guard !s.isEmpty else { return "no samples" }
      let mean = s.reduce(0, +) / Double(s.count)
      func q(_ p: Double) -> Double { s[min(s.count - 1, Int(Double(s.count) * p))] }
      return String(
        format: "p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f  mean %7.2f us (n=%d)", q(0.5), q(0.9),
        q(0.99), s[s.count - 1], mean, s.count)
    }
    var median: Double { values.sorted()[values.count / 2] }
    var mean: Double { values.reduce(0, +) / Double(max(values.count, 1)) }
    /// The mean without the slowest 1% (preemption on a shared machine).
    var trimmedMean: Double {
      let s = values.sorted().dropLast(values.count / 100)
      return s.reduce(0, +) / Double(max(s.count, 1))
    }
  }

  @Test(.enabled(if: enabled), arguments: ["ticket-classification", "contact-extraction"])
  func fillAndApply(grammarName: String) throws {
    guard let path = Self.vocabularyPath else {
      print("note: no benchmark vocabulary (set STRAIT_BENCH_VOCAB or run scripts/python-host-setup.sh)")
      return
    }
    let regex = try String(
      contentsOf: TestPaths.packageRoot.appendingPathComponent("examples/c-host/grammars/\(grammarName).regex"),
      encoding: .utf8
    ).trimmingCharacters(in: .newlines)
    // Swift API objects.
    let vocabulary = try Vocabulary.load(path: path)
    let automaton = try TokenAutomaton.compile(regex: regex, vocabulary: vocabulary)
    var swiftMatcher = Matcher(automaton)
    // C ABI objects (their own vocabulary and grammar, as a C host would have).
    var vocab: OpaquePointer?
    #expect(strait_vocab_load(path, 0, &vocab) == STRAIT_OK)
    let grammar = try #require(CABI.compileRegex(vocab, regex).1)
    var cMatcher: OpaquePointer?
    #expect(strait_matcher_create(grammar, &cMatcher) == STRAIT_OK)
    defer {
      _ = strait_matcher_free(cMatcher)
      _ = strait_grammar_free(grammar)
      _ = strait_vocab_free(vocab)
    }
    let n = automaton.logitsWidth
    let words = automaton.bitmaskWordCount
    let logits = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
    let mask = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: words)
    let cMask = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: words)
    defer {
      logits.deallocate()
      mask.deallocate()
      cMask.deallocate()
    }
    var rng = SeededRandom(seed: 42)
    func randomLogits() {
      for i in 0..<n { logits[i] = Float(rng.next() >> 40) * (16 / 16_777_216) - 8 }
    }

    // Warm-up decode (Swift API): builds the masks both grammars will need, records tokens.
    var tokens: [Int] = []
    while !swiftMatcher.isTerminated, tokens.count < 2000 {
      randomLogits()
      try swiftMatcher.fillNextTokenBitmask(into: mask)
      let best = try #require(try MaskKernels.maskedArgmax(UnsafeBufferPointer(logits), mask: UnsafeBufferPointer(mask)))
      try swiftMatcher.accept(best)
      tokens.append(best)
    }
    // The C grammar has its own mask cache: visit the same states.
    for t in tokens {
      _ = strait_matcher_fill_next_token_bitmask(cMatcher, cMask.baseAddress, words)
      _ = strait_matcher_accept_token(cMatcher, Int32(t))
    }

    var swiftTimes = Samples()
    var cTimes = Samples()
    for round in 0..<40 {
      swiftMatcher.reset()
      _ = strait_matcher_reset(cMatcher)
      // Alternate which path goes first, so neither always runs on a warmer cache.
      for step in tokens.indices {
        let token = tokens[step]
        for path in (round % 2 == 0 ? [0, 1] : [1, 0]) {
          randomLogits()
          if path == 0 {
            let a = Self.nanoseconds()
            try swiftMatcher.fillNextTokenBitmask(into: mask)
            try MaskKernels.applyMask(UnsafeBufferPointer(mask), to: logits)
            let b = Self.nanoseconds()
            swiftTimes.add(b - a)
            try swiftMatcher.accept(token)
          } else {
            let a = Self.nanoseconds()
            let s1 = strait_matcher_fill_next_token_bitmask(cMatcher, cMask.baseAddress, words)
            let s2 = strait_apply_bitmask_f32(logits.baseAddress, n, cMask.baseAddress, words)
            let b = Self.nanoseconds()
            cTimes.add(b - a)
            #expect(s1 == STRAIT_OK && s2 == STRAIT_OK)
            _ = strait_matcher_accept_token(cMatcher, Int32(token))
          }
        }
        if round == 0 { #expect(Array(mask) == Array(cMask), "step \(step): masks differ") }
      }
    }
    print("fill+apply, \(grammarName), \(n) logits, \(tokens.count) steps x 40 rounds:")
    print("  Swift API: \(swiftTimes.summary)")
    print("  C ABI:     \(cTimes.summary)")
    print(
      String(
        format: "  C ABI / Swift API: p50 %.3f, mean %.3f, mean without the slowest 1%% %.3f",
        cTimes.median / swiftTimes.median, cTimes.mean / swiftTimes.mean,
        cTimes.trimmedMean / swiftTimes.trimmedMean))
  }
}
