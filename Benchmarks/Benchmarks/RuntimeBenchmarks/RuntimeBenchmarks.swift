// Runtime benchmarks: the per-token work of constrained decoding for the Llama-3.1
// vocabulary (128,256 ids, 4,008 mask words): filling a mask from a state whose mask is
// cached, from a state whose mask must be computed (a trie walk), committing tokens, and
// time to first mask (compile + first fill).
//
// The vocabulary is read from ../shared/tokenizers (or $STRAIT_SHARED/tokenizers); when it
// is absent no benchmark is registered and a note says so. Grammars are regexes (always
// available) and, when the JSON Schema compiler is in the build, MaskBench schemas.
//
//   swift package benchmark --target RuntimeBenchmarks --no-progress
//
// The whole-protocol figures (TTFM/TBM over MaskBench files, side by side with the peers)
// come from `strait bench maskbench` and scripts/maskbench-peers.py.
import Benchmark
import Foundation
import Strait
import StraitJSON
import StraitTokenizers

/// `../shared` beside the repository root (this file is Benchmarks/Benchmarks/<target>/<file>).
private let sharedRoot: URL = {
  if let env = ProcessInfo.processInfo.environment["STRAIT_SHARED"] { return URL(fileURLWithPath: env) }
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { url.deleteLastPathComponent() }
  return url.deletingLastPathComponent().appendingPathComponent("shared")
}()

let benchmarks: @Sendable () -> Void = {
  let tokenizerPath = sharedRoot.appendingPathComponent("tokenizers/llama-3.1/tokenizer.json").path
  guard FileManager.default.fileExists(atPath: tokenizerPath) else {
    print("note: \(tokenizerPath) is absent; RuntimeBenchmarks are not registered")
    return
  }
  let vocabulary: Vocabulary
  do {
    vocabulary = try Vocabulary.load(path: tokenizerPath)
  } catch {
    print("note: cannot load \(tokenizerPath): \(error); RuntimeBenchmarks are not registered")
    return
  }
  let workload = RuntimeWorkload(vocabulary: vocabulary)

  let perToken = Benchmark.Configuration(
    metrics: [.wallClock, .mallocCountTotal, .throughput],
    timeUnits: .nanoseconds,
    warmupIterations: 10,
    scalingFactor: .kilo,
    maxDuration: .seconds(2),
    maxIterations: 200
  )
  let perCompile = Benchmark.Configuration(
    metrics: [.wallClock, .mallocCountTotal],
    timeUnits: .microseconds,
    warmupIterations: 2,
    maxDuration: .seconds(3),
    maxIterations: 200
  )

  for grammar in workload.grammars {
    // The mask of a state seen before: a copy out of the cache (the common case in decoding).
    Benchmark("fillMask.cached.\(grammar.name)", configuration: perToken) { benchmark in
      let automaton = try grammar.compile(cacheMasks: true)
      var matcher = Matcher(automaton)
      try grammar.advanceToProbe(&matcher)
      let mask = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: automaton.bitmaskWordCount)
      defer { mask.deallocate() }
      try matcher.fillNextTokenBitmask(into: mask)  // computes and caches it
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        try matcher.fillNextTokenBitmask(into: mask)
      }
      benchmark.stopMeasurement()
      blackHole(mask[0])
    }

    // The mask of a state seen for the first time: the trie walk (the cache is off, so
    // every fill recomputes it).
    Benchmark("fillMask.uncached.\(grammar.name)", configuration: perCompile) { benchmark in
      let automaton = try grammar.compile(cacheMasks: false)
      var matcher = Matcher(automaton)
      try grammar.advanceToProbe(&matcher)
      let mask = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: automaton.bitmaskWordCount)
      defer { mask.deallocate() }
      try matcher.fillNextTokenBitmask(into: mask)  // creates the DFA states on the way
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        try matcher.fillNextTokenBitmask(into: mask)
      }
      benchmark.stopMeasurement()
      blackHole(mask[0])
    }

    // Committing the document's tokens one by one (then a reset), per token.
    Benchmark("accept.\(grammar.name)", configuration: perToken) { benchmark in
      let automaton = try grammar.compile(cacheMasks: true)
      var matcher = Matcher(automaton)
      let tokens = grammar.documentTokens
      guard try matcher.accept(tokens: tokens) == tokens.count else {
        throw RuntimeWorkloadError("\(grammar.name): the document's tokens are not accepted")
      }
      matcher.reset()
      var index = 0
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        if index == tokens.count {
          matcher.reset()
          index = 0
        }
        blackHole(try matcher.accept(tokens[index]))
        index += 1
      }
      benchmark.stopMeasurement()
    }

    // MaskBench's TBM on one document: fill the full mask, check the bit, commit; the
    // masks are cached after the first pass (steady state of a long-running server).
    Benchmark("maskAndCommit.\(grammar.name)", configuration: perToken) { benchmark in
      // The closure runs once per sample: one pass over the document, not measured,
      // fills the cache of this sample's automaton first.
      let automaton = try grammar.compile(cacheMasks: true)
      var matcher = Matcher(automaton)
      let tokens = grammar.documentTokens
      let mask = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: automaton.bitmaskWordCount)
      defer { mask.deallocate() }
      for token in tokens {
        try matcher.fillNextTokenBitmask(into: mask)
        guard try matcher.accept(token) else {
          throw RuntimeWorkloadError("\(grammar.name): token \(token) of the document is not accepted")
        }
      }
      matcher.reset()
      var index = 0
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        if index == tokens.count {
          matcher.reset()
          index = 0
        }
        let token = tokens[index]
        try matcher.fillNextTokenBitmask(into: mask)
        if (mask[token >> 5] >> UInt32(token & 31)) & 1 != 0 { _ = try matcher.accept(token) }
        index += 1
      }
      benchmark.stopMeasurement()
    }

    // Time to first mask: compile (lazy) + matcher + first fill.
    Benchmark("timeToFirstMask.\(grammar.name)", configuration: perCompile) { benchmark in
      let mask = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: (vocabulary.logitsWidth + 31) / 32)
      defer { mask.deallocate() }
      for _ in benchmark.scaledIterations {
        let automaton = try grammar.compile(cacheMasks: true)
        try Matcher(automaton).fillNextTokenBitmask(into: mask)
      }
      blackHole(mask[0])
    }
  }
}
