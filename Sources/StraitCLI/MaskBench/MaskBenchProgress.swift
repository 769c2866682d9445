import Foundation

/// The progress report on stderr: on a terminal one line rewritten in place (`\r`) at
/// most ten times a second; otherwise (a log file, a pipe) a plain line every 10 s.
struct MaskBenchProgress {
  let total: Int
  let enabled: Bool
  private let terminal = isatty(2) != 0
  private let start = MaskBenchClock.wallNanoseconds()
  private var lastDraw: UInt64 = 0
  private var lastLength = 0

  init(total: Int, enabled: Bool) {
    self.total = total
    self.enabled = enabled
  }

  /// Redraws the line after `done` files (always when `force`).
  mutating func update(done: Int, summary: MaskBenchSummary, current: String, force: Bool = false) {
    guard enabled else { return }
    let now = MaskBenchClock.wallNanoseconds()
    let interval: UInt64 = terminal ? 100_000_000 : 10_000_000_000
    guard force || now &- lastDraw >= interval else { return }
    lastDraw = now
    let elapsed = Double(now &- start) / 1e9
    var line = String(format: "[%d/%d] %.1f s", done, total, elapsed)
    line += " pass \(summary.count(.pass)) cerr \(summary.count(.compileError))"
    line += " verr \(summary.count(.validationError)) inv \(summary.count(.invalidationError))"
    line += " timeout \(summary.count(.timeout)) crash \(summary.count(.crash))"
    if summary.count(.inputError) > 0 { line += " input \(summary.count(.inputError))" }
    if !current.isEmpty { line += " | " + String(current.prefix(40)) }
    guard terminal else {
      FileHandle.standardError.write(Data((line + "\n").utf8))
      return
    }
    let padding = String(repeating: " ", count: max(0, lastLength - line.count))
    lastLength = line.count
    FileHandle.standardError.write(Data(("\r" + line + padding).utf8))
  }

  /// Ends the progress line.
  func finish() {
    guard enabled, terminal, lastLength > 0 else { return }
    FileHandle.standardError.write(Data("\n".utf8))
  }
}
