import Foundation
import StraitJSON

/// The figures of a whole run: counts per status, TTFM and TBM distributions, memory.
///
/// Statistics follow `shared/maskbench/README.md`: TTFM over the files that compiled
/// (a timed-out compile counts as the time limit); TBM over every sample of every
/// compiled file; percentile `p` of the sorted list `a` is
/// `a[min(len(a) - 1, int(len(a) * p / 100))]`; everything in microseconds.
struct MaskBenchSummary {
  /// The percentiles of the published table, in its order ("avg" and "max" aside).
  static let percentiles: [(key: String, p: Double)] = [
    ("p25", 25), ("p50", 50), ("p75", 75), ("p90", 90), ("p95", 95), ("p99", 99), ("p99.9", 99.9),
  ]

  private(set) var counts: [MaskBenchStatus: Int] = [:]
  private(set) var schemas = 0
  /// Every TBM sample, nanoseconds.
  private(set) var tbm: [UInt64] = []
  /// TTFM per compiled file (wall, CPU) and compile-only time, nanoseconds.
  private(set) var ttfm: [UInt64] = []
  private(set) var ttfmCPU: [UInt64] = []
  private(set) var compile: [UInt64] = []
  /// Memory per compiled grammar after its tests.
  private(set) var maskBytes: [UInt64] = []
  private(set) var dfaStates: [UInt64] = []
  /// Sums of the measured work's wall and CPU time.
  private(set) var measuredWall: UInt64 = 0
  private(set) var measuredCPU: UInt64 = 0
  private(set) var testsRun = 0
  private(set) var testsFailed = 0

  /// The per-file time limit, used as the TTFM of a compile that timed out.
  let timeLimitNanoseconds: UInt64

  init(timeLimitNanoseconds: UInt64) {
    self.timeLimitNanoseconds = timeLimitNanoseconds
  }

  /// Adds TBM samples of a file (streamed while it runs).
  mutating func addSamples(_ samples: [UInt64]) {
    tbm.append(contentsOf: samples)
  }

  /// Adds a finished file (its samples were added with ``addSamples(_:)``).
  mutating func add(_ result: MaskBenchFileResult) {
    schemas += 1
    counts[result.status, default: 0] += 1
    testsRun += result.testCount
    testsFailed += result.testsFailed
    measuredWall &+= result.measuredWallNanoseconds
    measuredCPU &+= result.measuredCPUNanoseconds
    if let t = result.ttfmNanoseconds {
      ttfm.append(t)
      if let c = result.ttfmCPUNanoseconds { ttfmCPU.append(c) }
      if let c = result.compileNanoseconds { compile.append(c) }
    } else if result.status == .timeout {
      ttfm.append(timeLimitNanoseconds)
    }
    if let memory = result.memory {
      maskBytes.append(UInt64(memory.maskBytes))
      dfaStates.append(UInt64(memory.dfaStates))
    }
  }

  func count(_ status: MaskBenchStatus) -> Int { counts[status] ?? 0 }

  /// The distribution of `values` (nanoseconds) in microseconds: avg, percentiles, max;
  /// nil entries when `values` is empty.
  static func distribution(_ values: [UInt64]) -> [(key: String, value: Double?)] {
    guard !values.isEmpty else {
      return [("avg", nil)] + percentiles.map { ($0.key, nil) } + [("max", nil)]
    }
    let sorted = values.sorted()
    var sum = 0.0
    for v in sorted { sum += Double(v) }
    var out: [(key: String, value: Double?)] = [("avg", sum / Double(sorted.count) / 1000)]
    for (key, p) in percentiles {
      out.append((key, Double(sorted[percentileIndex(count: sorted.count, p: p)]) / 1000))
    }
    out.append(("max", Double(sorted[sorted.count - 1]) / 1000))
    return out
  }

  /// MaskBench's percentile index: `min(n - 1, int(n * p / 100))` (same double arithmetic
  /// as Python's `len(a) * p / 100`).
  static func percentileIndex(count n: Int, p: Double) -> Int {
    min(n - 1, Int((Double(n) * p / 100).rounded(.down)))
  }

  /// The median and maximum of raw values (memory), nil when empty.
  private static func medianMax(_ values: [UInt64]) -> (median: UInt64, max: UInt64)? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    return (sorted[percentileIndex(count: sorted.count, p: 50)], sorted[sorted.count - 1])
  }

  // MARK: JSON

  /// The summary as one JSON object (`--summary-json`).
  ///
  /// Keys: `tbm_us`, `ttfm_us` (objects keyed avg, p25 … p99.9, max), `tokens`, `schemas`,
  /// `passing`, `compile_error`, `validation_error`, `invalidation_error`, `timeout`; and
  /// extras: `crash`, `input_error`, `ttfm_cpu_us`, `compile_us`, `mask_bytes` and
  /// `dfa_states` (median and max per grammar), `tests`, `tests_failed`,
  /// `measured_wall_s`, `measured_cpu_s`, `time_limit_s`, plus whatever `extra` adds.
  func json(extra: JSONObject = [:]) -> JSONValue {
    func dist(_ values: [UInt64]) -> JSONValue {
      var object: JSONObject = [:]
      for (key, value) in Self.distribution(values) {
        object[key] = value.map { .number(Self.number($0, decimals: 3)) } ?? .null
      }
      return .object(object)
    }
    func medianMaxJSON(_ values: [UInt64]) -> JSONValue {
      guard let m = Self.medianMax(values) else { return .object(["median": .null, "max": .null]) }
      return .object(["median": .number(JSONNumber(Int(m.median))), "max": .number(JSONNumber(Int(m.max)))])
    }
    var object: JSONObject = [
      "tbm_us": dist(tbm),
      "ttfm_us": dist(ttfm),
      "tokens": .number(JSONNumber(tbm.count)),
      "schemas": .number(JSONNumber(schemas)),
      "passing": .number(JSONNumber(count(.pass))),
    ]
    for status in MaskBenchStatus.allCases where status != .pass {
      object[status.rawValue] = .number(JSONNumber(count(status)))
    }
    object["ttfm_cpu_us"] = dist(ttfmCPU)
    object["compile_us"] = dist(compile)
    object["mask_bytes"] = medianMaxJSON(maskBytes)
    object["dfa_states"] = medianMaxJSON(dfaStates)
    object["tests"] = .number(JSONNumber(testsRun))
    object["tests_failed"] = .number(JSONNumber(testsFailed))
    object["measured_wall_s"] = .number(Self.number(Double(measuredWall) / 1e9, decimals: 3))
    object["measured_cpu_s"] = .number(Self.number(Double(measuredCPU) / 1e9, decimals: 3))
    object["time_limit_s"] = .number(Self.number(Double(timeLimitNanoseconds) / 1e9, decimals: 3))
    for (key, value) in extra { object[key] = value }
    return .object(object)
  }

  private static func number(_ value: Double, decimals: Int) -> JSONNumber {
    JSONNumber(text: String(format: "%.\(decimals)f", value)) ?? JSONNumber(0)
  }

  // MARK: Table

  /// The summary as the published Markdown table (times in µs), one column `name`.
  func table(name: String) -> String {
    var rows: [(String, String)] = []
    for (key, value) in Self.distribution(tbm) { rows.append(("TBM \(key)", Self.format(us: value))) }
    for (key, value) in Self.distribution(ttfm) { rows.append(("TTFM \(key)", Self.format(us: value))) }
    rows.append(("tokens", Self.grouped(tbm.count)))
    rows.append(("schemas", Self.grouped(schemas)))
    for status in [MaskBenchStatus.pass, .compileError, .crash, .timeout, .validationError, .invalidationError, .inputError] {
      rows.append((status.label, Self.grouped(count(status))))
    }
    let width = max(name.count, rows.map(\.1.count).max() ?? 0, 10)
    let labelWidth = 18
    func pad(_ s: String, _ n: Int, left: Bool) -> String {
      let fill = String(repeating: " ", count: max(0, n - s.count))
      return left ? fill + s : s + fill
    }
    var out = "| \(pad("metric", labelWidth, left: false)) | \(pad(name, width, left: true)) |\n"
    out += "|:\(String(repeating: "-", count: labelWidth + 1))|\(String(repeating: "-", count: width + 1)):|\n"
    for (label, value) in rows {
      out += "| \(pad(label, labelWidth, left: false)) | \(pad(value, width, left: true)) |\n"
    }
    return out
  }

  /// Lines printed under the table: CPU vs wall time, memory per grammar, tests.
  func notes() -> String {
    var out = ""
    let wall = Double(measuredWall) / 1e9
    let cpu = Double(measuredCPU) / 1e9
    out += String(format: "measured work: %.2f s wall, %.2f s process CPU", wall, cpu)
    if wall > 0 { out += String(format: " (CPU/wall %.2f)", cpu / wall) }
    out += "\n"
    if let m = Self.medianMax(maskBytes), let s = Self.medianMax(dfaStates) {
      out += "memory per grammar after its tests: masks median \(Self.grouped(Int(m.median))) B, "
      out += "max \(Self.grouped(Int(m.max))) B; DFA states median \(s.median), max \(s.max)\n"
    }
    let cpuDist = Self.distribution(ttfmCPU)
    if let p50 = cpuDist.first(where: { $0.key == "p50" })?.value,
      let p99 = cpuDist.first(where: { $0.key == "p99" })?.value
    {
      out += "TTFM process CPU: p50 \(Self.format(us: p50)) µs, p99 \(Self.format(us: p99)) µs\n"
    }
    out += "tests: \(Self.grouped(testsRun)) run, \(Self.grouped(testsFailed)) not correct\n"
    return out
  }

  /// Microseconds as the table shows them: one decimal below 100 µs, grouped integers above.
  static func format(us value: Double?) -> String {
    guard let value else { return "-" }
    if value < 100 { return String(format: "%.1f", value) }
    return grouped(Int(value.rounded()))
  }

  /// An integer with thousands separators (1,234,567).
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return n < 0 ? "-" + out : out
  }
}
