#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import StraitJSON

/// The worker side of `strait bench maskbench`: runs files named on stdin, one at a time.
///
/// Swift cannot stop a thread that is stuck in a compile, so the parent runs the
/// measured work in this child process and kills it when a file exceeds the time limit
/// (then starts a new one). The worker loads the tokenizer once and serves many files.
///
/// The line protocol (UTF-8, one message per line):
/// - worker → parent: `ready`, or `fatal <message>` when the tokenizer cannot be loaded;
///   per file: `compiled <ttfm ns> <ttfm CPU ns> <compile ns>` once it compiled,
///   `tbm <ns> <ns> ...` after each test, and finally `result <JSON object>`.
/// - parent → worker: the path of the next file; end of input ends the worker.
enum MaskBenchWorker {
  /// Deliberate failures for the harness's own tests (hidden options): the worker hangs,
  /// or crashes, when it reaches the file with this name.
  struct TestHooks {
    var hangOn: String?
    var crashOn: String?
  }

  /// Serves files until stdin ends.
  static func serve(runner: MaskBenchRunner, hooks: TestHooks) {
    send("ready")
    while let line = readLine(strippingNewline: true) {
      if line.isEmpty { continue }
      let name = (line as NSString).lastPathComponent
      if name == hooks.hangOn {
        while true { sleep(1000) }
      }
      if name == hooks.crashOn {
        // A real crash (no cleanup), as a segmentation fault in the engine would be.
        raise(SIGSEGV)
      }
      let result = runner.run(path: line) { event in
        switch event {
        case .compiled(let ttfm, let cpu, let compile):
          send("compiled \(ttfm) \(cpu) \(compile)")
        case .samples(let samples):
          var text = "tbm"
          text.reserveCapacity(4 + samples.count * 7)
          for s in samples {
            text += " "
            text += String(s)
          }
          send(text)
        }
      }
      send("result " + JSONSerializer.serialize(result.json))
    }
  }

  /// Reports a fatal setup error to the parent.
  static func fail(_ message: String) {
    send("fatal " + message.replacingOccurrences(of: "\n", with: " "))
  }

  /// Caps the worker's address space, so that a runaway grammar dies (and is recorded
  /// as a crash) instead of taking the machine's memory.
  static func limitMemory(megabytes: Int) {
    guard megabytes > 0 else { return }
    let bytes = rlim_t(megabytes) * 1024 * 1024
    var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
    #if canImport(Glibc)
    _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
    #else
    _ = setrlimit(RLIMIT_AS, &limit)
    #endif
  }

  /// Writes one line to stdout, unbuffered (the parent reads it at once).
  private static func send(_ line: String) {
    var bytes = Array(line.utf8)
    bytes.append(UInt8(ascii: "\n"))
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(1, raw.baseAddress.map { $0 + offset }, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          exit(3)  // the parent is gone
        }
        offset += n
      }
    }
  }
}
