import Foundation
import StraitJSON

extension CompilerEvaluation {
  /// Counts from running the official JSON Schema suite through the automaton.
  public struct SuiteReport: Sendable {
    /// Test instances (one per `tests` entry).
    public var tests = 0
    /// Instances the automaton classifies as the suite expects.
    public var passed = 0
    /// Instances whose schema does not compile (strict mode).
    public var compileErrors = 0
    /// Instances counted as passed because the compiler proved that no document satisfies
    /// the schema, and every instance is expected invalid.
    public var unsatisfiableAsExpected = 0
    /// Invalid instances the automaton accepts (must be 0).
    public var falseAcceptances = 0
    /// Valid instances rejected only for the member-order / number-spelling rules.
    public var falseRejectionsByRule = 0
    /// Other valid instances rejected (depth limits, approximations).
    public var falseRejections = 0
    /// Per file: (tests, passed).
    public var byFile: [String: (tests: Int, passed: Int)] = [:]
    /// Compile errors by kind and keyword.
    public var compileErrorsByKeyword: [String: Int] = [:]
    public var failures: [String] = []

    public var summary: String {
      String(
        format: "suite: %d tests: passed %d (%.1f%%; %d of them as unsatisfiable schemas whose instances are all invalid), "
          + "compile errors %d, FALSE ACCEPTANCES %d, false rejections %d (+ %d by the member-order/number rules)",
        tests, passed, 100 * Double(passed) / Double(max(tests, 1)), unsatisfiableAsExpected, compileErrors,
        falseAcceptances, falseRejections, falseRejectionsByRule)
    }
  }

  /// Runs the required tests of one draft of the official suite.
  ///
  /// Each instance is serialized with ``JSONSerializer`` in `.python` style (`", "` and
  /// `": "`), run through the automaton (full match) and compared with the expected
  /// validity. Schemas that do not compile count their instances as compile errors.
  ///
  /// - Parameters:
  ///   - root: the suite's root folder (holding `tests/`).
  ///   - draft: the draft folder, e.g. `draft2020-12`.
  ///   - options: compile options; `defaultDialect` should match the draft.
  public static func officialSuite(root: String, draft: String, options: CompileOptions) throws -> SuiteReport {
    var r = SuiteReport()
    let dir = root + "/tests/" + draft
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
    for file in files {
      guard let data = FileManager.default.contents(atPath: dir + "/" + file) else { continue }
      let groups = try JSONParser.parse(Array(data))
      var fileTests = 0
      var filePassed = 0
      for group in groups.arrayValue ?? [] {
        guard let schema = group["schema"], let tests = group["tests"]?.arrayValue else { continue }
        let groupName = group["description"]?.stringValue ?? "?"
        let grammar: CompiledGrammar?
        do {
          grammar = try SchemaCompiler.compile(schema: schema, options: options)
        } catch {
          grammar = nil
          if error.kind == .unsatisfiable, tests.allSatisfy({ $0["valid"]?.boolValue == false }) {
            // No document satisfies the schema and none is expected to: the compiler says so
            // (an error instead of an empty automaton), which rejects every instance.
            r.tests += tests.count
            r.passed += tests.count
            r.unsatisfiableAsExpected += tests.count
            fileTests += tests.count
            filePassed += tests.count
            continue
          }
          r.compileErrorsByKeyword["\(error.kind) \(error.keyword ?? "-")", default: 0] += tests.count
          r.failures.append("\(file): \(groupName): compile error: \(error)")
        }
        for test in tests {
          guard let data = test["data"], let expected = test["valid"]?.boolValue else { continue }
          r.tests += 1
          fileTests += 1
          guard let grammar else {
            r.compileErrors += 1
            continue
          }
          let text = JSONSerializer.serializeBytes(data, style: .python)
          let accepted = (try? grammar.match(text))?.accepted ?? false
          if accepted == expected {
            r.passed += 1
            filePassed += 1
          } else if accepted {
            r.falseAcceptances += 1
            r.failures.append("\(file): \(groupName) / \(test["description"]?.stringValue ?? "?"): FALSE ACCEPTANCE of \(String(decoding: text, as: UTF8.self))")
          } else if let canon = try? SchemaCompiler.canonicalForm(of: data, schema: schema, options: options),
            (try? grammar.match(JSONSerializer.serializeBytes(canon, style: .python)))?.accepted == true
          {
            r.falseRejectionsByRule += 1
          } else {
            r.falseRejections += 1
            r.failures.append("\(file): \(groupName) / \(test["description"]?.stringValue ?? "?"): rejected \(String(decoding: text, as: UTF8.self))")
          }
        }
      }
      r.byFile[file] = (fileTests, filePassed)
    }
    return r
  }
}
