import Foundation
import StraitJSON

/// Runs the official JSON-Schema-Test-Suite (github.com/json-schema-org/JSON-Schema-Test-Suite).
///
/// The suite's root holds `tests/<draft>/*.json` (required), `tests/<draft>/optional/**`
/// and `remotes/` (served as `http://localhost:1234/`). Each test group's schema is
/// compiled once; each test is checked with both ``JSONSchema/isValid(_:)`` and
/// ``JSONSchema/validate(_:)``, which must agree with each other and with the expected
/// result. Files under `optional/format/` run with format assertion on.
public enum JSONSchemaTestSuite {
  /// The outcome of one test case.
  public struct CaseResult: Sendable {
    /// The draft folder, e.g. `draft2020-12`.
    public var draft: String
    /// The file relative to the draft folder, e.g. `ref.json` or `optional/bignum.json`.
    public var file: String
    /// The group's and the test's descriptions.
    public var group: String
    public var test: String
    /// Whether the file is under `optional/`.
    public var isOptional: Bool
    public var passed: Bool
    /// Why it failed (expected vs got, or the schema error).
    public var detail: String

    /// `draft2020-12/ref.json: group / test`, the key of known-failure lists.
    public var id: String { "\(draft)/\(file): \(group) / \(test)" }
  }

  /// The draft folders this validator supports, with their dialects.
  public static let drafts: [(folder: String, dialect: SchemaDialect)] = [
    ("draft2020-12", .draft2020_12), ("draft2019-09", .draft2019_09), ("draft7", .draft7),
    ("draft6", .draft6), ("draft4", .draft4),
  ]

  /// Runs the suite.
  ///
  /// - Parameters:
  ///   - root: the suite's root folder.
  ///   - dialects: which drafts to run (default: all supported).
  ///   - includeOptional: whether to run `optional/` too.
  /// - Returns: one result per test case, in file order.
  /// - Throws: when a test file cannot be read or parsed.
  public static func run(root: String, dialects: [SchemaDialect]? = nil, includeOptional: Bool = true) throws
    -> [CaseResult]
  {
    var registry = SchemaRegistry()
    registry.mapDirectory((root as NSString).appendingPathComponent("remotes"), toPrefix: "http://localhost:1234/")
    var results: [CaseResult] = []
    for (folder, dialect) in drafts where dialects?.contains(dialect) ?? true {
      let dir = (root as NSString).appendingPathComponent("tests/" + folder)
      guard let enumerator = FileManager.default.enumerator(atPath: dir) else { continue }
      var files: [String] = []
      while let f = enumerator.nextObject() as? String {
        if f.hasSuffix(".json") { files.append(f) }
      }
      files.sort { a, b in
        // Required files first, then optional ones.
        let oa = a.hasPrefix("optional/"), ob = b.hasPrefix("optional/")
        return oa == ob ? a < b : !oa
      }
      for file in files {
        let optional = file.hasPrefix("optional/")
        if optional && !includeOptional { continue }
        let path = (dir as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
          throw SchemaError(pointer: "", documentURI: path, message: "cannot read \(path)")
        }
        let groups = try JSONParser.parse(data)
        for group in groups.arrayValue ?? [] {
          let groupName = group["description"]?.stringValue ?? "?"
          guard let schemaJSON = group["schema"], let tests = group["tests"]?.arrayValue else { continue }
          let options = JSONSchema.Options(
            dialect: dialect, assertFormat: file.hasPrefix("optional/format/"), registry: registry)
          let compiled: Result<JSONSchema, SchemaError> = Result { () throws(SchemaError) -> JSONSchema in
            try JSONSchema(json: schemaJSON, options: options)
          }
          for test in tests {
            let name = test["description"]?.stringValue ?? "?"
            let expected = test["valid"]?.boolValue ?? false
            var result = CaseResult(
              draft: folder, file: file, group: groupName, test: name, isOptional: optional, passed: false, detail: "")
            switch compiled {
            case .failure(let e):
              result.detail = "\(e)"
            case .success(let schema):
              let instance = test["data"] ?? .null
              let fast = schema.isValid(instance)
              let full = schema.validate(instance)
              if fast != full.isValid {
                result.detail = "isValid says \(fast) but validate says \(full.isValid)"
              } else if fast != expected {
                result.detail = "expected \(expected ? "valid" : "invalid"), got \(fast ? "valid" : "invalid")"
                if let e = full.errors.first { result.detail += " (\(e))" }
              } else {
                result.passed = true
              }
            }
            results.append(result)
          }
        }
      }
    }
    return results
  }
}
