import ArgumentParser
import Foundation
import StraitSchema

/// `strait conformance ...`: runs official conformance suites.
struct ConformanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conformance",
    abstract: "Run official conformance suites.",
    subcommands: [JSONSchemaTestSuiteCommand.self]
  )
}

/// `strait conformance json-schema-test-suite DIR [--draft D] [--optional]`.
///
/// Prints, per draft, a pass/fail line per file and each failing case, then the
/// optional tests' pass rate (with `--optional`), and ends with `N passed, M failed`
/// for the required tests. Exit code 0 when every required test passes, 1 otherwise.
struct JSONSchemaTestSuiteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "json-schema-test-suite",
    abstract: "Run the official JSON Schema Test Suite (DIR holds tests/ and remotes/)."
  )

  @Argument(help: "The suite's root folder (holding tests/ and remotes/).")
  var directory: String

  @Option(name: .long, help: "Only this draft: 2020-12, 2019-09, 7, 6 or 4.")
  var draft: String?

  @Flag(name: .long, help: "Also run the optional tests and report their pass rate.")
  var optional = false

  @Flag(name: .long, help: "Also list failing optional cases.")
  var listOptionalFailures = false

  func run() throws {
    var dialects: [SchemaDialect]? = nil
    if let draft {
      guard let d = SchemaDialect(name: draft) else {
        throw ValidationError("unknown draft '\(draft)' (use 2020-12, 2019-09, 7, 6 or 4)")
      }
      dialects = [d]
    }
    guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("tests")) else {
      throw ValidationError("\(directory) has no tests/ folder (expected the JSON-Schema-Test-Suite root)")
    }
    let results = try JSONSchemaTestSuite.run(root: directory, dialects: dialects, includeOptional: optional)
    var requiredPassed = 0
    var requiredFailed = 0
    var out = ""
    for (folder, _) in JSONSchemaTestSuite.drafts {
      let draftResults = results.filter { $0.draft == folder }
      if draftResults.isEmpty { continue }
      let required = draftResults.filter { !$0.isOptional }
      let passed = required.filter(\.passed).count
      requiredPassed += passed
      requiredFailed += required.count - passed
      out += "\(folder): \(passed) passed, \(required.count - passed) failed (required)\n"
      var files: [String] = []
      for r in draftResults where files.last != r.file { files.append(r.file) }
      for file in files {
        let cases = draftResults.filter { $0.file == file }
        let ok = cases.filter(\.passed).count
        let optionalFile = cases.first?.isOptional ?? false
        out += "  \(ok == cases.count ? "PASS" : "FAIL") \(file) (\(ok)/\(cases.count))\n"
        if !optionalFile || listOptionalFailures {
          for c in cases where !c.passed { out += "    failing: \(c.group) / \(c.test): \(c.detail)\n" }
        }
      }
      let optionalResults = draftResults.filter(\.isOptional)
      if !optionalResults.isEmpty {
        let ok = optionalResults.filter(\.passed).count
        let rate = Double(ok) * 100 / Double(optionalResults.count)
        out += "\(folder) optional: \(ok)/\(optionalResults.count) passed (\(String(format: "%.1f", rate))%)\n"
      }
    }
    out += "\(requiredPassed) passed, \(requiredFailed) failed\n"
    FileHandle.standardOutput.write(Data(out.utf8))
    if requiredFailed > 0 { throw ExitCode(1) }
  }
}
