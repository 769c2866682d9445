#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The parent's handle on one worker process (see ``MaskBenchWorker``).
///
/// Replies are read with a deadline (`poll`), so a worker stuck in a compile is noticed
/// and killed; a worker that dies is noticed as the end of its output.
final class MaskBenchWorkerProcess {
  /// What waiting for the next line gave.
  enum Reply {
    case line(String)
    /// The deadline passed first.
    case timedOut
    /// The worker's output ended: it exited or was killed.
    case ended
  }

  private let process = Process()
  private let stdinFD: Int32
  private let stdoutFD: Int32
  private let stdinPipe = Pipe()
  private let stdoutPipe = Pipe()
  private var buffer: [UInt8] = []
  private let stderrURL: URL

  /// Starts `executable arguments...` with piped stdin/stdout and stderr in a temporary file.
  ///
  /// - Throws: when the process cannot be started.
  init(executable: URL, arguments: [String]) throws {
    // Writing to a worker that just died must be an error, not a SIGPIPE that kills us.
    signal(SIGPIPE, SIG_IGN)
    stderrURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("strait-maskbench-worker-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log")
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.executableURL = executable
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    // A crash should end the worker at once; the parent records it.
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    process.standardInput = stdinPipe
    process.standardOutput = stdoutPipe
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    try process.run()
    stdinFD = stdinPipe.fileHandleForWriting.fileDescriptor
    stdoutFD = stdoutPipe.fileHandleForReading.fileDescriptor
  }

  deinit {
    try? FileManager.default.removeItem(at: stderrURL)
  }

  /// Sends a file path to the worker.
  ///
  /// - Returns: false when the worker is gone.
  func send(_ line: String) -> Bool {
    var bytes = Array(line.utf8)
    bytes.append(UInt8(ascii: "\n"))
    return bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(stdinFD, raw.baseAddress.map { $0 + offset }, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += n
      }
      return true
    }
  }

  /// The next line from the worker, waiting at most until `deadline`
  /// (``MaskBenchClock/wallNanoseconds()``; `UInt64.max` waits forever).
  func nextLine(deadline: UInt64) -> Reply {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = String(decoding: buffer[..<newline], as: UTF8.self)
        buffer.removeSubrange(...newline)
        return .line(line)
      }
      let now = MaskBenchClock.wallNanoseconds()
      if now >= deadline { return .timedOut }
      let remainingMs = deadline == UInt64.max ? -1 : Int32(clamping: (deadline - now + 999_999) / 1_000_000)
      var pfd = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)
      let ready = poll(&pfd, 1, remainingMs)
      if ready < 0 {
        if errno == EINTR { continue }
        return .ended
      }
      if ready == 0 { continue }  // re-check the deadline
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let n = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        return .ended
      }
      if n == 0 { return .ended }
      buffer.append(contentsOf: chunk[..<n])
    }
  }

  /// Kills the worker (SIGKILL) and waits for it.
  func kill() {
    if process.isRunning {
      sendSignal(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
  }

  /// Closes the worker's input (it exits when it has no more files) and waits for it.
  func finish() {
    close(stdinFD)
    process.waitUntilExit()
  }

  /// How the worker ended (after ``Reply/ended``): its signal or exit code, and the
  /// last lines it wrote to stderr.
  func exitDescription() -> String {
    process.waitUntilExit()
    var text: String
    switch process.terminationReason {
    case .uncaughtSignal:
      let signal = process.terminationStatus
      let name = strsignal(signal).map { String(cString: $0) } ?? "signal"
      text = "worker killed by signal \(signal) (\(name))"
    default:
      text = "worker exited with code \(process.terminationStatus)"
    }
    if let data = FileManager.default.contents(atPath: stderrURL.path), !data.isEmpty {
      let tail = String(decoding: data.suffix(600), as: UTF8.self)
        .split(separator: "\n").suffix(4).joined(separator: " | ")
      text += "; stderr: " + tail
    }
    return text
  }
}

/// `kill(2)`, named apart from ``MaskBenchWorkerProcess/kill()``.
private func sendSignal(_ pid: pid_t, _ signal: Int32) {
  #if canImport(Glibc)
  _ = Glibc.kill(pid, signal)
  #else
  _ = Darwin.kill(pid, signal)
  #endif
}
