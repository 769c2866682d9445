import ArgumentParser
import Foundation
import StraitJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `strait json FILE... [--stdin]`: checks that each input is one strict RFC 8259 JSON text.
///
/// Exit codes: 0 when every input parses; 1 when at least one is not JSON (each error on
/// stderr as `file:line:column (byte N): message`); 2 for usage or I/O errors (a path that
/// does not exist, a directory, an unreadable file), which take precedence over 1.
struct JSONCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "json",
    abstract: "Check that each input is strict RFC 8259 JSON.",
    discussion: """
      Every input is parsed completely. Errors are printed on stderr as
      `file:line:column (byte N): message` (columns count bytes, starting at 1).
      A UTF-8 byte order mark is rejected unless --allow-bom is given; repeated
      member names are reported as warnings (the last one wins) unless
      --reject-duplicate-keys makes them errors.

      Exit status: 0 all inputs are JSON, 1 some input is not, 2 usage or I/O error.
      """
  )

  @Argument(help: "Files to check ('-' reads standard input).")
  var files: [String] = []

  @Flag(help: "Also read one JSON text from standard input (named <stdin> in messages).")
  var stdin = false

  @Flag(help: "Skip a leading UTF-8 byte order mark instead of rejecting it.")
  var allowBom = false

  @Flag(help: "Treat a repeated member name in one object as an error.")
  var rejectDuplicateKeys = false

  @Option(help: "Maximum nesting of arrays and objects.")
  var maxDepth: Int = JSONParser.Options.default.maxDepth

  @Flag(name: .shortAndLong, help: "Print nothing on success and no warnings; errors only.")
  var quiet = false

  @Flag(help: ArgumentHelp("Measure parse throughput against JSONSerialization.", visibility: .hidden))
  var bench = false

  @Option(help: ArgumentHelp("Repetitions for --bench.", visibility: .hidden))
  var benchRuns: Int = 15

  @Option(help: ArgumentHelp("Measure only this one of parse, check, foundation.", visibility: .hidden))
  var benchOnly: String?

  func validate() throws {
    if files.isEmpty && !stdin {
      throw ValidationError("give at least one FILE, or --stdin")
    }
    if maxDepth < 1 {
      throw ValidationError("--max-depth must be at least 1")
    }
    if benchRuns < 1 {
      throw ValidationError("--bench-runs must be at least 1")
    }
  }

  var parserOptions: JSONParser.Options {
    var options = JSONParser.Options()
    options.allowByteOrderMark = allowBom
    options.duplicateKeys = rejectDuplicateKeys ? .reject : .lastWins
    options.maxDepth = maxDepth
    return options
  }

  func run() throws {
    var inputs = files
    if stdin { inputs.append("-") }
    if bench {
      try runBench(inputs)
      return
    }
    var ioFailed = false
    var invalid = false
    for path in inputs {
      let name = path == "-" ? "<stdin>" : path
      let input: InputBytes
      do {
        input = try path == "-" ? InputBytes.standardInput() : InputBytes(path: path)
      } catch {
        printError("strait: \(error)")
        ioFailed = true
        continue
      }
      let outcome = input.withBytes { bytes in
        Result { () throws(JSONParseError) -> [JSONDuplicateKey] in
          try JSONParser.check(bytes, options: parserOptions)
        }
      }
      switch outcome {
      case .success(let duplicates):
        if !quiet {
          for duplicate in duplicates {
            let position = input.withBytes { JSONParseError.position(of: duplicate.offset, in: $0) }
            printError(
              "\(name):\(position.line):\(position.column) (byte \(duplicate.offset)): "
                + "warning: duplicate member name \(JSONSerializer.quote(duplicate.key)) (the last one wins)")
          }
          print("\(name): ok")
        }
      case .failure(let error):
        printError("\(name):\(error)")
        invalid = true
      }
    }
    if ioFailed { throw ExitCode(2) }
    if invalid { throw ExitCode(1) }
  }

  private func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

// MARK: - Reading inputs

/// The bytes of one input: a read-only memory map for regular files (so a 100 MB file
/// costs address space, not a copy), or a buffer read to the end for pipes and terminals.
final class InputBytes {
  private var mapped: UnsafeRawBufferPointer?
  private var owned: [UInt8] = []

  /// An I/O failure naming the path.
  struct Failure: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot read '\(path)': \(reason)" }
  }

  /// Opens and maps (or reads) `path`.
  ///
  /// - Throws: ``Failure`` when the path does not exist, is a directory, or cannot be read.
  init(path: String) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw Failure(path: path, reason: Self.errnoReason()) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw Failure(path: path, reason: Self.errnoReason()) }
    let kind = info.st_mode & S_IFMT
    if kind == S_IFDIR { throw Failure(path: path, reason: "is a directory") }
    if kind == S_IFREG {
      let size = Int(info.st_size)
      if size == 0 { return }
      guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
        throw Failure(path: path, reason: Self.errnoReason())
      }
      mapped = UnsafeRawBufferPointer(start: base, count: size)
      return
    }
    owned = try Self.readToEnd(fd, path: path)
  }

  private init(owned: [UInt8]) { self.owned = owned }

  /// Reads standard input to its end.
  static func standardInput() throws -> InputBytes {
    InputBytes(owned: try readToEnd(STDIN_FILENO, path: "<stdin>"))
  }

  deinit {
    if let mapped, let base = mapped.baseAddress {
      munmap(UnsafeMutableRawPointer(mutating: base), mapped.count)
    }
  }

  /// Calls `body` with the input's bytes.
  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let mapped {
      return try body(mapped.assumingMemoryBound(to: UInt8.self))
    }
    return try owned.withUnsafeBufferPointer(body)
  }

  private static func readToEnd(_ fd: Int32, path: String) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw Failure(path: path, reason: errnoReason())
      }
      if n == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<n])
    }
  }

  private static func errnoReason() -> String {
    let code = errno
    switch code {
    case ENOENT: return "no such file or directory"
    case EACCES: return "permission denied"
    case EISDIR: return "is a directory"
    default: return String(cString: strerror(code)).lowercased()
    }
  }
}

// MARK: - Hidden throughput measurement

extension JSONCommand {
  /// `--bench`: parses each input (a `.jsonl` file counts each line as one document)
  /// `benchRuns` times with StraitJSON and with Foundation's JSONSerialization, and prints
  /// the median and best throughput of each. Kept for profiling; the published figures come
  /// from the Benchmarks package.
  func runBench(_ paths: [String]) throws {
    let options = parserOptions
    for path in paths {
      let input = try path == "-" ? InputBytes.standardInput() : InputBytes(path: path)
      let documents: [Data] = input.withBytes { bytes in
        let whole = Data(bytes)
        guard path.hasSuffix(".jsonl") else { return [whole] }
        return whole.split(separator: UInt8(ascii: "\n")).map { Data($0) }
      }
      let total = documents.reduce(0) { $0 + $1.count }
      func measure(_ body: (Data) throws -> Void) rethrows -> [Double] {
        var rates: [Double] = []
        for _ in 0..<benchRuns {
          let start = DispatchTime.now().uptimeNanoseconds
          for document in documents { try body(document) }
          let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
          rates.append(Double(total) / seconds / 1e6)
        }
        return rates.sorted()
      }
      func wanted(_ name: String) -> Bool { benchOnly == nil || benchOnly == name }
      let parse = !wanted("parse") ? [1] : try measure { document in
        let value = try document.withUnsafeBytes { raw in
          try JSONParser.parse(raw.bindMemory(to: UInt8.self), options: options)
        }
        withExtendedLifetime(value) {}
      }
      let check = !wanted("check") ? [1] : try measure { document in
        let duplicates = try document.withUnsafeBytes { raw in
          try JSONParser.check(raw.bindMemory(to: UInt8.self), options: options)
        }
        withExtendedLifetime(duplicates) {}
      }
      let foundation = !wanted("foundation") ? [1] : try measure { document in
        let object = try JSONSerialization.jsonObject(with: document, options: [.fragmentsAllowed])
        withExtendedLifetime(object) {}
      }
      if wanted("split") {
        // Where the time of one parse goes: building the tree, then freeing it.
        var build: [Double] = [], free: [Double] = []
        for _ in 0..<benchRuns {
          let t0 = DispatchTime.now().uptimeNanoseconds
          var values: [JSONValue] = []
          values.reserveCapacity(documents.count)
          for document in documents {
            values.append(try document.withUnsafeBytes { raw in
              try JSONParser.parse(raw.bindMemory(to: UInt8.self), options: options)
            })
          }
          let t1 = DispatchTime.now().uptimeNanoseconds
          values = []
          let t2 = DispatchTime.now().uptimeNanoseconds
          build.append(Double(t1 - t0) / 1e6)
          free.append(Double(t2 - t1) / 1e6)
          withExtendedLifetime(values) {}
        }
        build.sort()
        free.sort()
        print("  split: build median \(String(format: "%.1f", build[build.count / 2])) ms, free median \(String(format: "%.1f", free[free.count / 2])) ms")
      }
      func row(_ name: String, _ rates: [Double]) -> String {
        let median = rates[rates.count / 2]
        return "  \(name): median \(String(format: "%.1f", median)) MB/s, best \(String(format: "%.1f", rates.last ?? 0)) MB/s"
      }
      print("\(path): \(documents.count) document(s), \(total) bytes, \(benchRuns) runs")
      print(row("StraitJSON parse     ", parse))
      print(row("StraitJSON check     ", check))
      print(row("JSONSerialization    ", foundation))
      let ratio = parse[parse.count / 2] / foundation[foundation.count / 2]
      print("  parse / JSONSerialization (medians): \(String(format: "%.2f", ratio))x")
    }
  }
}
