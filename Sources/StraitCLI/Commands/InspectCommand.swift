import ArgumentParser
import Foundation
import StraitAutomata
import StraitCompiler
import StraitJSON

/// `strait inspect SCHEMA [--json] [--explore N]`
///
/// Lists every keyword of the schema by JSON Pointer as enforced, approximated (an
/// under-approximation: some valid documents rejected, never an invalid one accepted),
/// unsupported (strict compilation fails on it; lenient mode drops it) or ignored
/// (annotations, unknown keywords), and the automaton's size: the DFA states reachable
/// from the start, explored breadth-first up to a budget (the output says when the
/// exploration stopped early).
///
/// The hidden `--timing-dir DIR` mode compiles every schema in DIR (MaskBench files or
/// plain schemas) and prints compile-time percentiles (schema JSON to first DFA state)
/// and the compile errors by keyword (`--timing-cpu`: thread CPU time instead of wall
/// clock, for a busy machine).
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "List which schema keywords the automaton enforces, and its size."
  )

  @Argument(help: "The JSON Schema file.")
  var schema: String?

  @Flag(name: .long, help: "Print one JSON object.")
  var json = false

  @Option(name: .long, help: "The most DFA states to explore (default 20000).")
  var explore: Int = 20_000

  @Option(name: .long, help: .hidden)
  var timingDir: String?

  @Option(name: .long, help: .hidden)
  var timingRepeat: Int = 3

  /// With `--timing-dir`: read the thread's CPU time instead of the wall clock.
  @Flag(name: .long, help: .hidden)
  var timingCPU = false

  /// With `--timing-dir`: also write one `milliseconds<TAB>file` line per compiled schema to this file.
  @Option(name: .long, help: .hidden)
  var timingList: String?

  @Option(name: .long, help: .hidden)
  var maskbench: String?

  @Option(name: .long, help: .hidden)
  var suite: String?

  @Option(name: .long, help: .hidden)
  var stride: Int = 1

  @Option(name: .long, help: .hidden)
  var offset: Int = 0

  @Option(name: .long, help: .hidden)
  var samples: Int = 20

  @Option(name: .long, help: .hidden)
  var failures: String?

  @Flag(name: .long, help: .hidden)
  var verbose = false

  @OptionGroup var grammarOptions: SchemaCompileOptions

  func run() throws {
    if let timingDir {
      try CompileTiming.run(directory: timingDir, options: try grammarOptions.compileOptions, repeats: timingRepeat, json: json, cpuTime: timingCPU, listPath: timingList)
      return
    }
    if let suite {
      var o = try grammarOptions.compileOptions
      o.defaultDialect = .draft2020_12
      // The suite's semantics: formats are annotations unless asked otherwise.
      o.assertFormat = false
      let r = try CompilerEvaluation.officialSuite(root: suite, draft: "draft2020-12", options: o)
      print(r.summary)
      for (k, v) in r.compileErrorsByKeyword.sorted(by: { $0.value > $1.value }) { print("  compile error (tests) \(v)\t\(k)") }
      for (f, c) in r.byFile.sorted(by: { $0.key < $1.key }) { print("  \(f): \(c.passed)/\(c.tests)") }
      if let failures {
        try r.failures.joined(separator: "\n").write(toFile: failures, atomically: true, encoding: .utf8)
      }
      return
    }
    if let maskbench {
      let verbose = self.verbose
      let r = CompilerEvaluation.maskbench(
        directory: maskbench, stride: stride, offset: offset, options: try grammarOptions.compileOptions,
        samplesPerSchema: samples,
        progress: { i, name in if verbose { FileHandle.standardError.write(Data("\(i) \(name)\n".utf8)) } })
      print(r.summary)
      for (k, v) in r.compileErrors.sorted(by: { $0.value > $1.value }) { print("  compile error \(v)\t\(k)") }
      if let failures {
        try r.failures.joined(separator: "\n").write(toFile: failures, atomically: true, encoding: .utf8)
      } else {
        for f in r.failures.prefix(50) { print("  " + f) }
      }
      return
    }
    guard let schema else { throw ValidationError("missing the SCHEMA argument") }
    let value = try grammarOptions.readSchema(schema)
    SchemaCompiler.debugTiming = ProcessInfo.processInfo.environment["STRAIT_DEBUG_TIMING"] != nil
    var strict = try grammarOptions.compileOptions
    let start = DispatchTime.now()
    var strictError: CompileError? = nil
    var grammar: CompiledGrammar? = nil
    do {
      grammar = try SchemaCompiler.compile(schema: value, options: strict)
    } catch {
      strictError = error
    }
    let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
    if grammar == nil && strict.strict, strictError?.kind == .unsupported {
      strict.strict = false
      grammar = try? SchemaCompiler.compile(schema: value, options: strict)
    }
    guard let grammar else {
      throw GrammarCommandError("\(schema): \(strictError.map { "\($0)" } ?? "does not compile")")
    }

    // Explore the DFA breadth-first.
    let dfa = grammar.dfa
    var seen: Set<DFAState> = [dfa.start]
    var queue = [dfa.start]
    var head = 0
    var complete = true
    var exploreError: String? = nil
    explore: while head < queue.count {
      let s = queue[head]
      head += 1
      for b in dfa.classRepresentatives {
        let t: DFAState
        do {
          t = try dfa.next(s, b)
        } catch {
          complete = false
          exploreError = grammar.budgetError(error).description
          break explore
        }
        if dfa.isDead(t) || !seen.insert(t).inserted { continue }
        queue.append(t)
        if seen.count >= explore {
          complete = false
          break explore
        }
      }
    }

    func statusName(_ r: KeywordReport) -> String {
      if case .ignored(let reason) = r.status, reason.hasPrefix("not enforced") { return "unsupported" }
      return r.status.name
    }
    var counts: [String: Int] = [:]
    for r in grammar.report { counts[statusName(r), default: 0] += 1 }
    if json {
      var keywords: [JSONValue] = []
      for r in grammar.report {
        var o: JSONObject = ["pointer": .string(r.pointer), "keyword": .string(r.keyword), "status": .string(statusName(r))]
        if let reason = r.status.reason { o["reason"] = .string(reason) }
        keywords.append(.object(o))
      }
      var o: JSONObject = [
        "schema": .string(schema),
        "compiles": .bool(strictError == nil),
        "compileMilliseconds": .number(JSONNumber((ms * 1000).rounded() / 1000) ?? JSONNumber(0)),
        "states": .number(JSONNumber(seen.count)),
        "explorationComplete": .bool(complete),
        "byteClasses": .number(JSONNumber(dfa.byteClassCount)),
        "terms": .number(JSONNumber(grammar.store.termCount)),
        "keywords": .array(keywords),
      ]
      if let strictError { o["error"] = .string(strictError.description) }
      if let exploreError { o["explorationError"] = .string(exploreError) }
      print(JSONSerializer.serialize(.object(o)))
    } else {
      if let strictError {
        print("\(schema): does not compile in strict mode: \(strictError)")
        print("(keywords below are from a lenient compilation)")
      } else {
        print("\(schema): compiled in \(String(format: "%.3f", ms)) ms")
      }
      let partial = complete ? "all reachable states" : "partial: exploration stopped at \(seen.count) states"
      print("automaton: \(seen.count) DFA states (\(partial)), \(dfa.byteClassCount) byte classes, \(grammar.store.termCount) terms")
      if let exploreError { print("exploration: \(exploreError)") }
      for r in grammar.report {
        let at = r.pointer.isEmpty ? "#" : r.pointer
        let reason = r.status.reason.map { ": \($0)" } ?? ""
        print("  \(statusName(r).padding(toLength: 12, withPad: " ", startingAt: 0)) \(at) \(r.keyword)\(reason)")
      }
      let summary = ["enforced", "approximated", "unsupported", "ignored"].map { "\(counts[$0, default: 0]) \($0)" }
      print("keywords: " + summary.joined(separator: ", "))
    }
    if strictError != nil { throw ExitCode(2) }
  }
}

/// Compile-time measurement over a folder of schemas (`inspect --timing-dir`).
enum CompileTiming {
  /// The clock compile times are read from: wall clock, or the calling thread's CPU time
  /// (not advanced while the thread waits for a core, so figures taken on a busy
  /// machine stay comparable).
  struct TimingClock {
    var cpuTime: Bool
    func now() -> UInt64 {
      guard cpuTime else { return DispatchTime.now().uptimeNanoseconds }
      var ts = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
      return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
  }

  static func run(
    directory: String, options: CompileOptions, repeats: Int, json: Bool, cpuTime: Bool = false, listPath: String? = nil
  ) throws {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: directory) else {
      throw GrammarCommandError("cannot read \(directory)")
    }
    var times: [Double] = []
    var booleans: [String: Int] = [:]
    var slow: [(String, Double)] = []
    var errors: [String: Int] = [:]
    var total = 0
    let clock = TimingClock(cpuTime: cpuTime)
    for name in names.sorted() where name.hasSuffix(".json") {
      guard let data = fm.contents(atPath: directory + "/" + name), let value = try? JSONParser.parse(Array(data))
      else { continue }
      let schema = value["schema"] ?? value
      total += 1
      var best = Double.infinity
      var failure: CompileError? = nil
      for _ in 0..<max(repeats, 1) {
        let t0 = clock.now()
        do {
          let g = try SchemaCompiler.compile(schema: schema, options: options)
          for k in g.booleanSources.keys { booleans[k, default: 0] += 1 }
          if g.booleanSources.isEmpty { booleans["(none)", default: 0] += 1 }
        } catch {
          failure = error
        }
        let dt = Double(clock.now() - t0) / 1e6
        best = min(best, dt)
        if failure != nil { break }
      }
      if let failure {
        let key = "\(failure.kind) \(failure.keyword ?? "-")"
        errors[key, default: 0] += 1
      } else {
        times.append(best)
        slow.append((name, best))
      }
    }
    times.sort()
    if let listPath {
      let lines = slow.sorted(by: { $0.1 > $1.1 }).map { String(format: "%.3f\t%@", $0.1, $0.0) }
      try (lines.joined(separator: "\n") + "\n").write(toFile: listPath, atomically: true, encoding: .utf8)
    }
    func pct(_ p: Double) -> Double {
      times.isEmpty ? 0 : times[min(times.count - 1, Int(Double(times.count) * p / 100))]
    }
    let mean = times.isEmpty ? 0 : times.reduce(0, +) / Double(times.count)
    if json {
      let o: JSONValue = [
        "schemas": .number(JSONNumber(total)), "compiled": .number(JSONNumber(times.count)),
        "p50": .string(String(format: "%.3f", pct(50))), "p90": .string(String(format: "%.3f", pct(90))),
        "p99": .string(String(format: "%.3f", pct(99))), "max": .string(String(format: "%.3f", times.last ?? 0)),
        "mean": .string(String(format: "%.3f", mean)),
      ]
      print(JSONSerializer.serialize(o))
    } else {
      print("schemas: \(total), compiled (strict): \(times.count) (\(String(format: "%.1f", 100 * Double(times.count) / Double(max(total, 1))))%)")
      print(String(
        format: "compile time (ms of \(cpuTime ? "CPU time" : "wall clock"), best of %d): mean %.3f  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f",
        repeats, mean, pct(50), pct(90), pct(99), times.last ?? 0))
      for (k, v) in errors.sorted(by: { $0.value > $1.value }) { print("  \(v)\t\(k)") }
      print("schemas with intersections/complements, by construct (a schema may count in several):")
      for (k, v) in booleans.sorted(by: { $0.value > $1.value }) { print("  \(v)\t\(k)") }
      print("slowest:")
      for (n, t) in slow.sorted(by: { $0.1 > $1.1 }).prefix(15) { print(String(format: "  %9.3f ms  %@", t, n)) }
    }
  }
}
