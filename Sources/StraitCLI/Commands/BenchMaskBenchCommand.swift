import ArgumentParser
import Foundation
import Strait
import StraitJSON
import StraitTokenizers

/// `strait bench maskbench DIR --tokenizer PATH [...]`: the MaskBench protocol.
///
/// The measured work runs in a worker process (this executable with `--worker`), on one
/// thread; the parent gives it one file at a time and kills it when the file exceeds
/// the time limit or when it hangs, then starts a new worker for the next file.
struct BenchMaskBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "maskbench",
    abstract: "Run the MaskBench protocol on a folder of pre-tokenized MaskBench files.",
    discussion: """
      Per file: compile the schema; then for each test, from a reset matcher, for each
      token: fill the full mask, check the token's bit, commit the token when it is set.
      A file is pass, compile error, validation error (a valid instance rejected, or an
      engine exception), invalidation error (an invalid instance accepted) or timeout;
      the last failing test decides. Files that are not MaskBench JSON are input errors.

      TTFM (time to first mask) = compile + creating the matcher + filling the first
      mask. TBM (time between masks) = one fill + bit check + commit. Both are wall time
      in µs; process CPU time of the same work is reported next to it. Statistics follow
      shared/maskbench/README.md: percentile p of sorted a is a[min(n-1, int(n*p/100))];
      a compile that timed out counts as the time limit in TTFM.

      --files takes a file listing names (one per line, '#' comments) or comma-separated
      names; names are relative to DIR. Without it every *.json file in DIR runs, sorted
      by name. --limit keeps the first N.

      --regex treats each file's "schema" as a JSON string holding an ECMA-262 regex
      (full match), to test the harness without the schema compiler.
      """
  )

  @Argument(help: "The MaskBench data folder (one JSON file per schema).")
  var directory: String?

  @Option(help: "The tokenizer file the tokens were made with (tokenizer.json, tiktoken or GGUF).")
  var tokenizer: String

  @Option(help: "Files to run: a file with one name per line, or comma-separated names.")
  var files: String?

  @Option(help: "Run only the first N files.")
  var limit: Int?

  @Option(help: "Seconds allowed per file (compile and tests); 0 = no limit.")
  var timeLimit: Double = 30

  @Option(help: "Write one JSON line per file here.")
  var out: String?

  @Option(help: "Write the summary as one JSON object here.")
  var summaryJSON: String?

  @Flag(help: "Each file's \"schema\" is a JSON string holding a regex (full match).")
  var regex = false

  @Flag(help: "Lenient compile: unenforceable keywords are ignored instead of failing.")
  var lenient = false

  @Option(help: "DFA state budget per grammar (default: the library's).")
  var stateBudget: Int?

  @Option(help: "Address-space limit of the worker process in MiB (0 = none).")
  var memoryLimitMB = 8192

  @Flag(help: "Run in this process: no time limit, a crash ends the run (for profiling).")
  var inProcess = false

  @Option(help: "Column name in the printed table.")
  var name = "Strait"

  @Flag(help: "No progress line on stderr.")
  var quiet = false

  @Flag(help: .hidden)
  var worker = false

  @Option(help: .hidden)
  var testHangOn: String?

  @Option(help: .hidden)
  var testCrashOn: String?

  func validate() throws {
    if !worker && directory == nil { throw ValidationError("missing the MaskBench folder (DIR)") }
    if let limit, limit < 0 { throw ValidationError("--limit must be at least 0") }
    if !(timeLimit >= 0) { throw ValidationError("--time-limit must be at least 0") }
    if let stateBudget, stateBudget < 1 { throw ValidationError("--state-budget must be at least 1") }
  }

  private var grammarOptions: Strait.GrammarOptions {
    var options = Strait.GrammarOptions()
    options.strict = !lenient
    if let stateBudget { options.stateBudget = stateBudget }
    return options
  }

  private func makeRunner() throws -> MaskBenchRunner {
    let vocabulary = try Vocabulary.load(path: tokenizer)
    let trie = TokenTrie(vocabulary: vocabulary)
    return MaskBenchRunner(
      vocabulary: vocabulary, trie: trie, options: grammarOptions, kind: regex ? .regex : .jsonSchema)
  }

  func run() throws {
    if worker {
      MaskBenchWorker.limitMemory(megabytes: memoryLimitMB)
      let runner: MaskBenchRunner
      do {
        runner = try makeRunner()
      } catch {
        MaskBenchWorker.fail("\(error)")
        throw ExitCode(2)
      }
      MaskBenchWorker.serve(runner: runner, hooks: .init(hangOn: testHangOn, crashOn: testCrashOn))
      return
    }
    guard let directory else { throw ValidationError("missing the MaskBench folder (DIR)") }
    let paths = try listFiles(in: directory)
    let limitNanoseconds = UInt64((timeLimit * 1e9).rounded())
    let recorder = try MaskBenchRecorder(timeLimitNanoseconds: limitNanoseconds, outputPath: out)
    var progress = MaskBenchProgress(total: paths.count, enabled: !quiet)
    if inProcess {
      let runner = try makeRunner()
      for (index, path) in paths.enumerated() {
        progress.update(done: index, summary: recorder.summary, current: (path as NSString).lastPathComponent)
        let start = MaskBenchClock.wallNanoseconds()
        var result = runner.run(path: path) { event in
          if case .samples(let samples) = event { recorder.addSamples(samples) }
        }
        result.fileNanoseconds = MaskBenchClock.wallNanoseconds() &- start
        recorder.record(result)
      }
    } else {
      do {
        try runInWorkers(paths, limitNanoseconds: limitNanoseconds, recorder: recorder, progress: &progress)
      } catch {
        progress.finish()
        throw error
      }
    }
    progress.update(done: paths.count, summary: recorder.summary, current: "", force: true)
    progress.finish()
    try recorder.close()
    let summary = recorder.summary

    print(summary.table(name: name), terminator: "")
    print(summary.notes(), terminator: "")
    if let summaryJSON {
      let extra: JSONObject = [
        "engine": "strait",
        "version": .string(StraitCommand.version),
        "tokenizer": .string(tokenizer),
        "grammar": .string(regex ? "regex" : "json-schema"),
        "strict": .bool(!lenient),
        "ttfm_definition": "compile + matcher + first mask",
        "isolation": .string(inProcess ? "in-process" : "worker process"),
      ]
      var bytes = JSONSerializer.serializeBytes(summary.json(extra: extra), style: .pretty)
      bytes.append(UInt8(ascii: "\n"))
      do {
        try Data(bytes).write(to: URL(fileURLWithPath: summaryJSON))
      } catch {
        throw MaskBenchRunError("cannot write \(summaryJSON): \(error.localizedDescription)")
      }
    }
  }

  // MARK: Worker processes

  private func runInWorkers(
    _ paths: [String], limitNanoseconds: UInt64, recorder: MaskBenchRecorder,
    progress: inout MaskBenchProgress
  ) throws {
    var worker: MaskBenchWorkerProcess? = nil
    defer { worker?.kill() }
    for (index, path) in paths.enumerated() {
      let name = (path as NSString).lastPathComponent
      if worker == nil { worker = try startWorker() }
      progress.update(done: index, summary: recorder.summary, current: name)
      guard let current = worker else { break }
      let start = MaskBenchClock.wallNanoseconds()
      let deadline = limitNanoseconds == 0 ? UInt64.max : start &+ limitNanoseconds
      var compiled: (ttfm: UInt64, cpu: UInt64, compile: UInt64)? = nil
      var streamed = MaskBenchFileResult(file: name, status: .timeout)
      var result: MaskBenchFileResult
      if path.contains("\n") {
        recorder.record(MaskBenchFileResult(file: name, status: .inputError, error: "the file name contains a line break"))
        continue
      }
      if !current.send(path) {
        result = MaskBenchFileResult(file: name, status: .crash, error: current.exitDescription())
        worker = nil
      } else {
        reading: while true {
          switch current.nextLine(deadline: deadline) {
          case .line(let line):
            if line.hasPrefix("tbm") {
              let samples = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
              streamed.addSamples(samples)
              recorder.addSamples(samples)
            } else if line.hasPrefix("compiled ") {
              let f = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
              if f.count == 3 { compiled = (f[0], f[1], f[2]) }
            } else if line.hasPrefix("result "),
              let json = try? JSONParser.parse(String(line.dropFirst(7))),
              let parsed = MaskBenchFileResult(json: json)
            {
              result = parsed
              break reading
            } else {
              current.kill()
              worker = nil
              result = MaskBenchFileResult(
                file: name, status: .crash, error: "worker protocol error: \(line.prefix(200))")
              break reading
            }
          case .timedOut:
            current.kill()
            worker = nil
            let limit = String(format: "%g s", timeLimit)
            if let compiled {
              result = MaskBenchFileResult(
                file: name, status: .timeout,
                error: "the file exceeded the time limit of \(limit) (compiled in \(compiled.ttfm / 1000) µs)")
            } else {
              result = MaskBenchFileResult(
                file: name, status: .timeout, error: "compiling exceeded the time limit of \(limit)")
            }
            break reading
          case .ended:
            result = MaskBenchFileResult(file: name, status: .crash, error: current.exitDescription())
            worker = nil
            break reading
          }
        }
      }
      if result.status == .timeout || result.status == .crash {
        result.tokens = streamed.tokens
        result.tbmTotalNanoseconds = streamed.tbmTotalNanoseconds
        result.tbmMaxNanoseconds = streamed.tbmMaxNanoseconds
        result.ttfmNanoseconds = compiled?.ttfm
        result.ttfmCPUNanoseconds = compiled?.cpu
        result.compileNanoseconds = compiled?.compile
      }
      result.fileNanoseconds = MaskBenchClock.wallNanoseconds() &- start
      recorder.record(result)
    }
    worker?.finish()
    worker = nil
  }

  private func startWorker() throws -> MaskBenchWorkerProcess {
    var arguments = ["bench", "maskbench", "--worker", "--tokenizer", tokenizer]
    arguments += ["--memory-limit-mb", String(memoryLimitMB)]
    if regex { arguments.append("--regex") }
    if lenient { arguments.append("--lenient") }
    if let stateBudget { arguments += ["--state-budget", String(stateBudget)] }
    if let testHangOn { arguments += ["--test-hang-on", testHangOn] }
    if let testCrashOn { arguments += ["--test-crash-on", testCrashOn] }
    let process = try MaskBenchWorkerProcess(executable: Self.executableURL, arguments: arguments)
    // Loading a tokenizer takes well under a second; a minute means something is wrong.
    let deadline = MaskBenchClock.wallNanoseconds() &+ 60_000_000_000
    switch process.nextLine(deadline: deadline) {
    case .line("ready"):
      return process
    case .line(let line) where line.hasPrefix("fatal "):
      process.finish()
      throw MaskBenchRunError(String(line.dropFirst(6)))
    case .line(let line):
      process.kill()
      throw MaskBenchRunError("the worker process did not start: \(line.prefix(200))")
    case .timedOut:
      process.kill()
      throw MaskBenchRunError("the worker process did not start within 60 s")
    case .ended:
      throw MaskBenchRunError("the worker process did not start: \(process.exitDescription())")
    }
  }

  /// This executable (the worker is the same binary).
  private static var executableURL: URL {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return URL(fileURLWithPath: path)
    }
    return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
  }

  // MARK: Files

  /// The files to run, in order: `--files`, or every `*.json` in `directory` sorted by name.
  private func listFiles(in directory: String) throws -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw MaskBenchRunError("\(directory) is not a folder")
    }
    var names: [String]
    if let files {
      var isListDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: files, isDirectory: &isListDirectory), !isListDirectory.boolValue {
        guard let data = FileManager.default.contents(atPath: files) else {
          throw MaskBenchRunError("cannot read the file list \(files)")
        }
        names = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
          .map { $0.trimmingCharacters(in: .whitespaces) }
          .filter { !$0.isEmpty && !$0.hasPrefix("#") }
      } else {
        names = files.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      }
    } else {
      let entries: [String]
      do {
        entries = try FileManager.default.contentsOfDirectory(atPath: directory)
      } catch {
        throw MaskBenchRunError("cannot list \(directory): \(error.localizedDescription)")
      }
      names = entries.filter { $0.hasSuffix(".json") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      let skipped = entries.count - names.count
      if skipped > 0 && !quiet {
        FileHandle.standardError.write(Data("note: skipped \(skipped) entries of \(directory) that are not *.json\n".utf8))
      }
    }
    if let limit { names = Array(names.prefix(limit)) }
    return names.map { $0.hasPrefix("/") ? $0 : (directory as NSString).appendingPathComponent($0) }
  }
}

/// A run-level failure of `strait bench maskbench` (exit code 2 with this message).
struct MaskBenchRunError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
