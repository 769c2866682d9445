import Foundation
import StraitJSON

/// Collects a run's results: the summary's statistics and the `--out` JSONL lines.
final class MaskBenchRecorder {
  private(set) var summary: MaskBenchSummary
  private var output: FileHandle?

  /// - Parameters:
  ///   - timeLimitNanoseconds: the per-file limit (a timed-out compile's TTFM).
  ///   - outputPath: where to write one JSON line per file, or nil.
  /// - Throws: ``MaskBenchRunError`` when the output file cannot be created.
  init(timeLimitNanoseconds: UInt64, outputPath: String?) throws {
    summary = MaskBenchSummary(timeLimitNanoseconds: timeLimitNanoseconds)
    if let outputPath {
      guard FileManager.default.createFile(atPath: outputPath, contents: nil),
        let handle = FileHandle(forWritingAtPath: outputPath)
      else {
        throw MaskBenchRunError("cannot write \(outputPath)")
      }
      output = handle
    }
  }

  /// Adds TBM samples as they arrive.
  func addSamples(_ samples: [UInt64]) {
    summary.addSamples(samples)
  }

  /// Adds a finished file to the statistics and writes its JSONL line.
  func record(_ result: MaskBenchFileResult) {
    summary.add(result)
    if let output {
      var line = JSONSerializer.serializeBytes(result.json)
      line.append(UInt8(ascii: "\n"))
      output.write(Data(line))
    }
  }

  /// Closes the JSONL file.
  func close() throws {
    try output?.close()
    output = nil
  }
}
