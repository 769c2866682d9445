// StraitAutomata speed (issue #4): regex compile time and DFA matching throughput,
// side by side with libpcre2 (JIT) in the same run, on the same inputs.
//
//   compile.corpus      one iteration compiles one pattern of the corpus (cycling through
//                       it): parse + lowering + LazyDFA creation + a full run over a
//                       sample string, in a fresh TermStore. The wallClock percentiles
//                       across iterations are the per-pattern compile-time distribution
//                       (read p50 and p99). The corpus is every `pattern` string found
//                       in the MaskBench schemas ($STRAIT_SHARED/maskbench, or ../shared
//                       beside the repository) that Strait accepts, plus the hand-written
//                       patterns in `Corpus.handWritten`; without the shared data only the
//                       hand-written ones run.
//   match.<p>.<engine>  one iteration matches every line of ~1 MB of generated lines
//                       (seeded; about half match) with JSON Schema `pattern` (search)
//                       semantics. Engines: StraitLazyDFA (warmed: states already built),
//                       StraitEagerDFA (explored and minimised; dense table), PCRE2JIT (libpcre2 with
//                       JIT, the pattern translated as the validator does). The custom
//                       metric `MB/s` is the line bytes matched per second of wall clock.
//
//   cd Benchmarks && swift package benchmark --target AutomataBenchmarks --no-progress
//
// Wall clock on a shared 2-core machine moves by up to 2x between runs: compare engines
// within one run.
import Benchmark
import Foundation
import StraitAutomata
import StraitPCRE2
import StraitSchema

/// Throughput of one iteration in decimal megabytes per second of wall-clock time.
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
  registerCompileBenchmark()
  for workload in MatchWorkload.Kind.allCases {
    registerMatchBenchmarks(workload)
  }
}

// MARK: Compile time

/// Compiles `pattern` the way the schema compiler would need it: parse, lower (search
/// semantics), create the lazy DFA, and run it over `sample` (building the states on
/// that path).
@inline(never)
func compileOnce(_ pattern: String, sample: [UInt8]) -> Bool? {
  let store = TermStore()
  guard let term = try? compileRegex(pattern, mode: .search, store: store),
    let dfa = try? LazyDFA(store: store, root: term)
  else { return nil }
  return try? dfa.matches(sample)
}

func registerCompileBenchmark() {
  let slot = Slot<[String]>()
  let sample = Array("user.name42@example.com 2024-05-01T12:30:00Z ABC_def-123 +1.5e3 Zürich €".utf8)
  Benchmark(
    "compile.corpus",
    configuration: .init(
      metrics: [.wallClock, .throughput],
      timeUnits: .microseconds,
      warmupIterations: 0,
      scalingFactor: .one,
      maxDuration: .seconds(60),
      maxIterations: 100_000,
      setup: {
        let corpus = Corpus.load()
        // Keep the patterns Strait compiles (non-regular ones, such as look-arounds, are
        // rejected by design and would only measure the parser's error path).
        slot.value = corpus.filter { compileOnce($0, sample: sample) != nil }
        print("compile.corpus: \(slot.value?.count ?? 0) of \(corpus.count) distinct patterns compile")
      },
      teardown: { slot.value = nil }
    )
  ) { benchmark in
    guard let patterns = slot.value, !patterns.isEmpty else { return }
    // One pattern per iteration, cycling: the percentiles are per-pattern compile times.
    let pattern = patterns[benchmark.currentIteration % patterns.count]
    benchmark.startMeasurement()
    blackHole(compileOnce(pattern, sample: sample))
    benchmark.stopMeasurement()
  }
}

// MARK: Matching throughput

/// The engines of one workload, built in setup.
struct MatchEngines {
  let workload: MatchWorkload
  let lazy: LazyDFA
  let eager: EagerDFA
  let pcre2: PCRE2Regex
}

func registerMatchBenchmarks(_ kind: MatchWorkload.Kind) {
  let slot = Slot<MatchEngines>()
  var configuration = Benchmark.Configuration(
    metrics: [.wallClock, megabytesPerSecond],
    timeUnits: .milliseconds,
    warmupIterations: 1,
    scalingFactor: .one,
    maxDuration: .seconds(4),
    maxIterations: 200
  )
  configuration.setup = {
    let workload = MatchWorkload(kind)
    do {
      let store = TermStore()
      let term = try compileRegex(workload.pattern, mode: .search, store: store)
      let lazy = try LazyDFA(store: store, root: term)
      let eager = try lazy.explore().minimized()
      let pcre2 = try ECMARegex.compile(workload.pattern)
      // Warm the lazy DFA (build every state these lines reach) and check that the three
      // engines agree on every line, so the figures compare equal work.
      var matched = 0
      try workload.withLines { line in
        let a = try lazy.matches(line)
        let b = eager.matches(line)
        let c = (try pcre2.firstMatch(in: line)) != nil
        guard a == b, b == c else {
          fatalError("engines disagree on \(String(decoding: line, as: UTF8.self)) for \(workload.pattern)")
        }
        if a { matched += 1 }
      }
      print(
        "match.\(kind): \(workload.lineCount) lines, \(workload.byteCount) bytes, \(matched) match; "
          + "lazy DFA \(lazy.stateCount) states, minimal DFA \(eager.stateCount) states")
      slot.value = MatchEngines(workload: workload, lazy: lazy, eager: eager, pcre2: pcre2)
    } catch {
      print("match.\(kind): setup failed: \(error)")
    }
  }
  configuration.teardown = { slot.value = nil }

  func register(_ engine: String, _ body: @escaping (MatchEngines) -> Int) {
    Benchmark("match.\(kind).\(engine)", configuration: configuration) { benchmark in
      guard let engines = slot.value else { return }
      let clock = ContinuousClock()
      let start = clock.now
      benchmark.startMeasurement()
      blackHole(body(engines))
      benchmark.stopMeasurement()
      let elapsed = start.duration(to: clock.now)
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      if seconds > 0 {
        benchmark.measurement(
          megabytesPerSecond, Int((Double(engines.workload.byteCount) / 1e6 / seconds).rounded()))
      }
    }
  }

  register("StraitLazyDFA") { e in
    var count = 0
    e.workload.withLines { line in
      if (try? e.lazy.matches(line)) == true { count += 1 }
    }
    return count
  }
  register("StraitEagerDFA") { e in
    var count = 0
    let dfa = e.eager
    e.workload.withLines { line in
      // The loop of EagerDFA.matches, written here over the @inlinable `next` so that it
      // is specialised for a buffer (EagerDFA.matches is generic and not inlinable).
      var s = dfa.start
      for b in line {
        s = dfa.next(s, b)
        if s == EagerDFA.dead { break }
      }
      if dfa.accepting[Int(s)] { count += 1 }
    }
    return count
  }
  register("PCRE2JIT") { e in
    var count = 0
    e.workload.withLines { line in
      if (try? e.pcre2.firstMatch(in: line)) != nil { count += 1 }
    }
    return count
  }
}

/// Holds a value between setup and teardown.
final class Slot<Value>: @unchecked Sendable {
  var value: Value?
}
