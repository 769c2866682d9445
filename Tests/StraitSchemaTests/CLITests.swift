import Foundation
import StraitJSON
import StraitTestSupport
import Testing

/// End-to-end tests of `strait validate` (they need the built `strait` executable).
@Suite struct ValidateCLITests {
  let dir: URL

  init() throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("strait-validate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try write("schema.json", #"{"type": "object", "properties": {"a": {"$ref": "defs.json#/positive"}}, "required": ["a"]}"#)
    try write("defs.json", #"{"positive": {"type": "integer", "minimum": 1}}"#)
    try write("good.json", #"{"a": 3}"#)
    try write("bad.json", #"{"a": 0}"#)
    try write("lines.jsonl", "{\"a\": 1}\n\n{\"a\": -1}\n")
    try write("notschema.json", #"{"minLength": -1}"#)
  }

  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: dir.appendingPathComponent(name))
  }

  func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

  var available: Bool {
    if FileManager.default.isExecutableFile(atPath: TestPaths.straitExecutable.path) { return true }
    print("note: \(TestPaths.straitExecutable.path) is not built; skipping CLI tests")
    return false
  }

  @Test func exitCodes() throws {
    guard available else { return }
    #expect(try runStrait(["validate", path("schema.json"), path("good.json")]).exitCode == 0)
    let bad = try runStrait(["validate", path("schema.json"), path("good.json"), path("bad.json")])
    #expect(bad.exitCode == 1)
    #expect(bad.stdout.contains("bad.json: invalid"))
    #expect(bad.stdout.contains("good.json: valid"))
    let missing = try runStrait(["validate", path("schema.json"), path("missing.json")])
    #expect(missing.exitCode == 2)
    #expect(missing.stderr.contains("missing.json"))
    let notSchema = try runStrait(["validate", path("notschema.json"), path("good.json")])
    #expect(notSchema.exitCode == 2)
    #expect(notSchema.stderr.contains("/minLength"))
    #expect(try runStrait(["validate", path("schema.json"), "--output", "yaml"]).exitCode == 2)
  }

  /// A pattern whose backtracking hits PCRE2's match limit leaves the instance neither
  /// valid nor invalid: it is reported as undecided (with the reason) and the exit code is 2.
  @Test func undecidedInstanceExitsWithTwo() throws {
    guard available else { return }
    try write("redos.json", #"{"type": "string", "pattern": "^(a+)+$"}"#)
    try write("redos-subject.json", "\"" + String(repeating: "a", count: 40) + "!\"")
    try write("plain.json", #""aaa""#)
    let text = try runStrait(["validate", path("redos.json"), path("plain.json"), path("redos-subject.json")])
    #expect(text.exitCode == 2)
    #expect(text.stdout.contains("plain.json: valid"))
    #expect(text.stdout.contains("redos-subject.json: undecided"))
    #expect(text.stderr.contains("could not be decided"))
    let json = try runStrait(["validate", path("redos.json"), path("redos-subject.json"), "--output", "json"])
    #expect(json.exitCode == 2)
    let line = try JSONParser.parse(json.stdout.split(separator: "\n").map(String.init).first ?? "")
    #expect(line["valid"] == .bool(false))
    #expect(line["undecided"]?.stringValue?.isEmpty == false)
  }

  @Test func jsonOutputShapeAndOrder() throws {
    guard available else { return }
    let r = try runStrait([
      "validate", path("schema.json"), path("good.json"), path("bad.json"), "--output", "json",
    ])
    #expect(r.exitCode == 1)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    let first = try JSONParser.parse(lines[0])
    let second = try JSONParser.parse(lines[1])
    #expect(first["instance"] == .string(path("good.json")))
    #expect(first["valid"] == .bool(true))
    #expect(first["errors"] == .array([]))
    #expect(second["valid"] == .bool(false))
    let error = try #require(second["errors"]?[0])
    #expect(error["instanceLocation"] == "/a")
    #expect(error["keywordLocation"] == "/properties/a/$ref/minimum")
    #expect(error["message"]?.stringValue?.contains("minimum") == true)
  }

  @Test func stdinAndJSONL() throws {
    guard available else { return }
    let stdin = try runStrait(
      ["validate", path("schema.json"), "-", "--output", "json"], stdin: Data(#"{"a": 2}"#.utf8))
    #expect(stdin.exitCode == 0)
    #expect(try JSONParser.parse(stdin.stdout)["instance"] == "-")
    let lines = try runStrait(["validate", path("schema.json"), "--jsonl", path("lines.jsonl"), "--output", "json"])
    #expect(lines.exitCode == 1)
    let rows = try lines.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    #expect(rows.map { $0["instance"] } == ["1", "3"])
    #expect(rows.map { $0["valid"] } == [true, false])
    let notJSON = try runStrait(["validate", path("schema.json"), "-"], stdin: Data("{".utf8))
    #expect(notJSON.exitCode == 2)
  }

  @Test func conformanceCommand() throws {
    guard available, let root = TestPaths.shared("conformance/JSON-Schema-Test-Suite") else { return }
    let r = try runStrait(["conformance", "json-schema-test-suite", root.path, "--draft", "6"])
    #expect(r.exitCode == 0)
    #expect(r.stdout.contains("draft6: "))
    let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
    #expect(last.hasSuffix("passed, 0 failed"))
  }
}
