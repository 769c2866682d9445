import Foundation
import StraitJSON
import StraitTestSupport
import Testing

/// Helpers for the `strait bench maskbench` tests: run the CLI into a temporary folder
/// and read back its summary JSON and per-file JSONL.
struct MaskBenchRun {
  var process: ProcessResult
  var summary: JSONValue
  /// Per-file results by file name.
  var files: [String: JSONValue]
  /// File names in the order the JSONL lists them.
  var order: [String]

  /// The tiny byte-level BPE fixture (ids 0-255 are single bytes; width 320).
  static var fixtureTokenizer: String {
    TestPaths.fixtures.appendingPathComponent("tokenizers/byte-level-bpe/tokenizer.json").path
  }

  static func fixtureFolder(_ name: String) -> String {
    TestPaths.fixtures.appendingPathComponent("maskbench/\(name)").path
  }

  /// Runs `strait bench maskbench DIR --tokenizer TOKENIZER ARGS --quiet` with
  /// `--out` and `--summary-json` in a fresh temporary folder.
  static func run(_ directory: String, tokenizer: String = fixtureTokenizer, _ arguments: [String] = [])
    throws -> MaskBenchRun
  {
    let temp = FileManager.default.temporaryDirectory
      .appendingPathComponent("strait-maskbench-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: temp) }
    let summaryPath = temp.appendingPathComponent("summary.json").path
    let outPath = temp.appendingPathComponent("results.jsonl").path
    let process = try runStrait(
      ["bench", "maskbench", directory, "--tokenizer", tokenizer, "--quiet", "--out", outPath,
       "--summary-json", summaryPath] + arguments)
    try #require(process.exitCode == 0, "exit \(process.exitCode): \(process.stderr)")
    let summaryData = try #require(FileManager.default.contents(atPath: summaryPath), "no summary written")
    let summary = try JSONParser.parse(summaryData)
    var files: [String: JSONValue] = [:]
    var order: [String] = []
    let lines = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
    for line in lines.split(separator: "\n") {
      let value = try JSONParser.parse(String(line))
      let name = try #require(value["file"]?.stringValue, "a JSONL line without \"file\": \(line)")
      files[name] = value
      order.append(name)
    }
    return MaskBenchRun(process: process, summary: summary, files: files, order: order)
  }

  /// An integer member of the summary.
  func count(_ key: String) -> Int? {
    summary[key]?.numberValue?.int64.map { Int($0) }
  }

  func status(_ file: String) -> String? {
    files[file]?["status"]?.stringValue
  }

  func int(_ file: String, _ key: String) -> Int? {
    files[file]?[key]?.numberValue?.int64.map { Int($0) }
  }
}

/// The statistic keys of `tbm_us` and `ttfm_us`, in order (each ≥ the one before, but avg).
let maskBenchDistributionKeys = ["p25", "p50", "p75", "p90", "p95", "p99", "p99.9", "max"]
