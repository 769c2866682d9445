// Load and trie-build time of real vocabularies (issue 6: load + trie < 100 ms for 128k).
//
// The tokenizers are read from ../shared/tokenizers (or $STRAIT_SHARED/tokenizers); when that
// folder is absent the benchmarks for it are not registered and a note is printed.
//
//   swift package benchmark --target TokenizerBenchmarks --no-progress
//
// Quick figures without this package: `strait tokenizer inspect PATH --timing`.
import Benchmark
import Foundation
import StraitTokenizers

/// `../shared` beside the repository root (this file is Benchmarks/Benchmarks/<target>/<file>).
private let sharedRoot: URL = {
  if let env = ProcessInfo.processInfo.environment["STRAIT_SHARED"] { return URL(fileURLWithPath: env) }
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { url.deleteLastPathComponent() }
  return url.deletingLastPathComponent().appendingPathComponent("shared")
}()

let benchmarks: @Sendable () -> Void = {
  let configuration = Benchmark.Configuration(
    metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
    timeUnits: .milliseconds,
    warmupIterations: 1,
    maxDuration: .seconds(5),
    maxIterations: 25
  )
  let files: [(label: String, path: String)] = [
    ("llama-3.1.tokenizer.json", "tokenizers/llama-3.1/tokenizer.json"),
    ("qwen2.5.tokenizer.json", "tokenizers/qwen2.5/tokenizer.json"),
    ("llama-3.1.tiktoken", "tokenizers/llama-3.1/tokenizer.model"),
    ("qwen2.5.tiktoken", "tokenizers/qwen2.5/qwen.tiktoken"),
    ("gpt2.tokenizer.json", "tokenizers/gpt2/tokenizer.json"),
    ("phi-3-mini.tokenizer.json", "tokenizers/phi-3-mini/tokenizer.json"),
  ]
  for (label, relative) in files {
    let path = sharedRoot.appendingPathComponent(relative).path
    guard FileManager.default.fileExists(atPath: path) else {
      print("note: \(path) is absent; TokenizerBenchmarks for \(label) are not registered")
      continue
    }

    Benchmark("Vocabulary.load.\(label)", configuration: configuration) { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(try Vocabulary.load(path: path))
      }
    }

    // The trie is built from a vocabulary loaded outside the measured region.
    Benchmark("TokenTrie.init.\(label)", configuration: configuration) { benchmark in
      let vocabulary = try Vocabulary.load(path: path)
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        blackHole(TokenTrie(vocabulary: vocabulary))
      }
      benchmark.stopMeasurement()
    }

    Benchmark("loadAndTrie.\(label)", configuration: configuration) { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(TokenTrie(vocabulary: try Vocabulary.load(path: path)))
      }
    }
  }
}
