// StraitJSON parse throughput, side by side with Foundation's JSONSerialization in the
// same run, on the same bytes:
//
//   records10MB  one ~10 MB document: an array of records with strings (some non-ASCII,
//                some with escapes), integers, doubles, booleans, nulls, nested objects
//                and arrays, written like Python's json.dumps (", " and ": ").
//   small10k     10,000 small documents (one record each, ~470 bytes), parsed one by one.
//
// Parsers: StraitJSON (JSONParser.parse, the JSONValue tree), StraitJSONDocument
// (JSONDocument.parse: the same reader and rules, into a tape of 16-byte nodes and one
// byte arena), JSONSerialization; check.* is JSONParser.check (no value kept).
//
// Each iteration parses the whole workload once and the parsed values are freed inside
// the iteration (so every parser pays for its allocations and its frees).
// Throughput is the custom metric `MB/s` (larger is better; the percentile columns then
// read from best to worst); wallClock is the time of one iteration.
//
//   swift package benchmark --target JSONBenchmarks --no-progress
//   swift package benchmark --target JSONBenchmarks --filter 'records10MB' --no-progress
//
// Wall clock on a shared 2-core machine moves by up to 2x between runs: compare the two
// libraries within one run. Instruction counts (valgrind --tool=callgrind) are the
// deterministic measure used while optimising.
//
// Why records10MB is slower per byte than small10k (measured on Linux/glibc): its value
// is a ~25 MB tree of ~190K heap objects, most under 128 bytes. Freed, they wait in
// glibc's fastbins until the free of the top-level array's storage (over 64 KB) makes
// malloc_consolidate walk them all, by then out of cache: about 28% of an iteration
// (perf: malloc_consolidate + unlink_chunk). small10k reuses its freed memory while it is
// still hot. The tree's size and object count follow from JSONValue's payloads (String,
// [JSONValue], JSONObject: at least 24 bytes a value, one object per container
// and per string over 15 bytes), so the parser cannot shrink them on its own.
// JSONDocument is the answer for large documents: its whole content is three allocations
// (the storage object, the tape, the arena), so freeing it costs next to nothing, and
// it parses records10MB about as fast per byte as small10k.
import Benchmark
import Foundation
import StraitJSON

/// Throughput of one iteration in decimal megabytes per second of wall-clock time.
let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Throughput of one iteration per second of the thread's CPU time: less disturbed than
/// wall clock when other jobs share the machine's cores (time spent descheduled is not
/// counted), though cache pollution from neighbours still is.
let megabytesPerCPUSecond = BenchmarkMetric.custom(
  "MB/s (CPU time)", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, megabytesPerSecond, megabytesPerCPUSecond, .mallocCountTotal],
    timeUnits: .milliseconds,
    warmupIterations: 2,
    scalingFactor: .one,
    maxDuration: .seconds(6),
    maxIterations: 60
  )
  for workload in [Workload.Kind.records10MB, .small10k] {
    register("parse.\(workload).StraitJSON", workload) { documents in
      for document in documents {
        let value = document.withUnsafeBufferPointer { bytes in try? JSONParser.parse(bytes, options: .default) }
        blackHole(value)
      }
    }
    register("parse.\(workload).StraitJSONDocument", workload) { documents in
      for document in documents {
        let parsed = document.withUnsafeBufferPointer { bytes in try? JSONDocument.parse(bytes, options: .default) }
        blackHole(parsed)
      }
    }
    register("parse.\(workload).JSONSerialization", workload) { documents in
      for document in documents {
        let object = document.withUnsafeBufferPointer { bytes -> Any? in
          guard let base = bytes.baseAddress else { return nil }
          // Wraps the same bytes without a copy, as StraitJSON reads them.
          let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none)
          return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        }
        blackHole(object)
      }
    }
    register("check.\(workload).StraitJSON", workload) { documents in
      for document in documents {
        let duplicates = document.withUnsafeBufferPointer { bytes in try? JSONParser.check(bytes) }
        blackHole(duplicates)
      }
    }
  }
}

/// Registers `name`: each iteration runs `body` over the workload's documents once and
/// records the iteration's throughput.
func register(_ name: String, _ kind: Workload.Kind, _ body: @escaping ([[UInt8]]) -> Void) {
  let slot = WorkloadSlot()
  var configuration = Benchmark.defaultConfiguration
  configuration.setup = { slot.workload = Workload(kind) }
  configuration.teardown = { slot.workload = nil }
  Benchmark(name, configuration: configuration) { benchmark in
    guard let workload = slot.workload else { return }
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    benchmark.startMeasurement()
    body(workload.documents)
    benchmark.stopMeasurement()
    let cpuSeconds = threadCPUSeconds() - cpuStart
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let megabytes = Double(workload.byteCount) / 1e6
    if seconds > 0 { benchmark.measurement(megabytesPerSecond, Int((megabytes / seconds).rounded())) }
    if cpuSeconds > 0 { benchmark.measurement(megabytesPerCPUSecond, Int((megabytes / cpuSeconds).rounded())) }
  }
}

/// The calling thread's CPU time in seconds.
func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Holds a workload between setup and teardown.
final class WorkloadSlot: @unchecked Sendable {
  var workload: Workload?
}
