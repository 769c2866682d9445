import ArgumentParser
import Foundation
import StraitJSON
import StraitSchema

/// `strait validate SCHEMA [INSTANCE...] [--jsonl FILE] [--output text|json] [--draft D]
/// [--assert-format] [--registry URI_PREFIX=DIR]...`
///
/// Exit codes: 0 all instances valid, 1 some instance invalid, 2 schema, usage or I/O
/// error (including an instance that is not JSON) or an instance whose validation could
/// not be decided (a `pattern` whose backtracking hit PCRE2's match limit; every
/// instance is still reported). `-` reads one instance from stdin.
/// With `--output json` each instance gives one line
/// `{"instance": "...", "valid": true|false, "errors": [{"instanceLocation": "...", "keywordLocation": "...", "message": "..."}]}`
/// in input order (`instance` is the file name, `-` for stdin, or the 1-based line
/// number for `--jsonl`); an undecided instance has `"valid": false` and an extra
/// `"undecided": "<reason>"`.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Validate JSON instances against a JSON Schema.",
    discussion: """
      The schema's own folder is served for relative $refs (as its file:// URI); more
      documents can be mapped with --registry URI_PREFIX=DIR. Nothing is fetched from the
      network. Exit code 0: all valid; 1: some instance invalid; 2: schema, usage or I/O
      error, or an instance that could not be decided (a pattern hit PCRE2's match limit).
      """
  )

  enum OutputFormat: String, ExpressibleByArgument {
    case text, json
  }

  @Argument(help: "The JSON Schema file.")
  var schema: String?

  @Argument(help: "Instance files ('-' reads one instance from stdin).")
  var instances: [String] = []

  @Option(name: .long, help: "A file with one JSON instance per line.")
  var jsonl: String?

  @Option(name: .long, help: "Output format: text or json (one JSON object per instance per line).")
  var output: OutputFormat = .text

  @Option(name: .long, help: "Dialect for schemas without $schema: 2020-12 (default), 2019-09, 7, 6 or 4.")
  var draft: String?

  @Flag(name: .long, help: "Treat 'format' as an assertion (it is an annotation by default).")
  var assertFormat = false

  @Option(name: .long, parsing: .singleValue, help: "Serve DIR for URIs starting with URI_PREFIX (repeatable).")
  var registry: [String] = []

  @Option(name: .long, help: .hidden)
  var benchMaskbench: String?

  @Option(name: .long, help: .hidden)
  var benchSeconds: Double = 3

  func run() throws {
    var options = JSONSchema.Options(assertFormat: assertFormat)
    if let draft {
      guard let d = SchemaDialect(name: draft) else {
        throw ValidationError("unknown draft '\(draft)' (use 2020-12, 2019-09, 7, 6 or 4)")
      }
      options.dialect = d
    }
    for mapping in registry {
      guard let eq = mapping.firstIndex(of: "=") else {
        throw ValidationError("--registry expects URI_PREFIX=DIR, got '\(mapping)'")
      }
      options.registry.mapDirectory(String(mapping[mapping.index(after: eq)...]), toPrefix: String(mapping[..<eq]))
    }
    if let dir = benchMaskbench {
      try ValidatorBench.run(directory: dir, options: options, seconds: benchSeconds)
      return
    }

    guard let schema else { throw ValidationError("missing the SCHEMA argument") }
    // The schema: its folder serves relative $refs.
    let schemaURL = URL(fileURLWithPath: schema).standardizedFileURL
    let schemaJSON = try readJSON(schema, what: "schema")
    options.baseURI = schemaURL.absoluteString
    options.registry.mapDirectory(
      schemaURL.deletingLastPathComponent().path, toPrefix: schemaURL.deletingLastPathComponent().absoluteString)
    let compiled: JSONSchema
    do {
      compiled = try JSONSchema(json: schemaJSON, options: options)
    } catch {
      throw ValidateCommandError("\(schema): \(error)")
    }

    // Read every instance first: an unreadable or non-JSON input is an error (exit 2).
    var inputs: [(name: String, value: JSONValue)] = []
    for path in instances { inputs.append((path, try readJSON(path, what: "instance"))) }
    if let jsonl {
      guard let data = FileManager.default.contents(atPath: jsonl) else {
        throw ValidateCommandError("cannot read \(jsonl)")
      }
      var lineNumber = 0
      for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        lineNumber += 1
        let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
        if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        do {
          inputs.append((String(lineNumber), try JSONParser.parse(Array(trimmed))))
        } catch {
          throw ValidateCommandError("\(jsonl):\(lineNumber): not valid JSON: \(error)")
        }
      }
    }
    if inputs.isEmpty {
      if output == .text { print("\(schema): schema compiled (\(compiled.dialect.rawValue)); no instances given") }
      return
    }

    var anyInvalid = false
    var undecided: [String] = []
    var out = ""
    for (name, value) in inputs {
      let result = compiled.validate(value)
      if !result.isValid { anyInvalid = true }
      if result.undecided != nil { undecided.append(name) }
      switch output {
      case .json:
        var errors: [JSONValue] = []
        for e in result.errors {
          errors.append([
            "instanceLocation": .string(e.instanceLocation), "keywordLocation": .string(e.keywordLocation),
            "message": .string(e.message),
          ])
        }
        var line: JSONObject = ["instance": .string(name), "valid": .bool(result.isValid), "errors": .array(errors)]
        if let reason = result.undecided { line["undecided"] = .string(reason.description) }
        out += JSONSerializer.serialize(.object(line)) + "\n"
      case .text:
        out += "\(name): \(result.undecided != nil ? "undecided" : result.isValid ? "valid" : "invalid")\n"
        for e in result.errors {
          let at = e.instanceLocation.isEmpty ? "(root)" : e.instanceLocation
          out += "  \(at): \(e.message) [\(e.keywordLocation.isEmpty ? "#" : e.keywordLocation)]\n"
        }
      }
      if out.utf8.count > 1 << 16 {
        FileHandle.standardOutput.write(Data(out.utf8))
        out = ""
      }
    }
    FileHandle.standardOutput.write(Data(out.utf8))
    if let first = undecided.first {
      throw ValidateCommandError(
        "\(undecided.count) instance(s) could not be decided (first: \(first)): a regular expression hit PCRE2's match limit")
    }
    if anyInvalid { throw ExitCode(1) }
  }

  /// Reads and parses a JSON file (`-` is stdin).
  func readJSON(_ path: String, what: String) throws -> JSONValue {
    let data: Data
    if path == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let d = FileManager.default.contents(atPath: path) else {
        throw ValidateCommandError("cannot read \(what) file \(path)")
      }
      data = d
    }
    do {
      return try JSONParser.parse(data)
    } catch {
      throw ValidateCommandError("\(path == "-" ? "stdin" : path): the \(what) is not valid JSON: \(error)")
    }
  }
}

/// An error whose description is the whole message (becomes "strait: <message>", exit 2).
struct ValidateCommandError: Error, CustomStringConvertible {
  var description: String
  init(_ message: String) { description = message }
}

/// The validator throughput measurement behind the hidden `--bench-maskbench DIR`
/// option (used by scripts/validator-peers.py).
///
/// For every MaskBench file in DIR: compile its schema once (files whose schema does not
/// compile are counted and skipped), then validate every test instance (`data`, valid
/// and invalid ones) with ``JSONSchema/isValid(_:)`` in passes over the whole set until
/// `seconds` have elapsed. Prints a text summary and, last, one JSON line with the figures.
enum ValidatorBench {
  static func run(directory: String, options: JSONSchema.Options, seconds: Double) throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
    var work: [(JSONSchema, [JSONValue])] = []
    var failed = 0
    var instanceCount = 0
    var disagreements = 0
    let compileStart = DispatchTime.now().uptimeNanoseconds
    for file in files {
      guard let data = FileManager.default.contents(atPath: directory + "/" + file),
        let doc = try? JSONParser.parse(data), let schemaJSON = doc["schema"]
      else { continue }
      let tests = doc["tests"]?.arrayValue ?? []
      guard let schema = try? JSONSchema(json: schemaJSON, options: options) else {
        failed += 1
        continue
      }
      let instances = tests.compactMap { $0["data"] }
      for t in tests where t["data"] != nil {
        if let expected = t["valid"]?.boolValue, let data = t["data"], schema.isValid(data) != expected {
          disagreements += 1
        }
      }
      instanceCount += instances.count
      if !instances.isEmpty { work.append((schema, instances)) }
    }
    let compileSeconds = Double(DispatchTime.now().uptimeNanoseconds - compileStart) / 1e9
    // Timed passes.
    var validated = 0
    var valid = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    repeat {
      for (schema, instances) in work {
        for instance in instances where schema.isValid(instance) { valid += 1 }
        validated += instances.count
      }
      elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds
    let rate = Double(validated) / elapsed
    print("schemas compiled: \(work.count) with instances (\(failed) failed to compile); load+compile \(String(format: "%.2f", compileSeconds)) s")
    print("instances: \(instanceCount); validations: \(validated) in \(String(format: "%.2f", elapsed)) s")
    print("result differs from MaskBench's 'valid' flag: \(disagreements)")
    print("throughput: \(String(format: "%.0f", rate)) instances/s")
    let summary: JSONValue = [
      "validator": "strait", "schemas": .number(JSONNumber(work.count)), "schemas_failed": .number(JSONNumber(failed)),
      "instances": .number(JSONNumber(instanceCount)), "disagreements": .number(JSONNumber(disagreements)),
      "instances_per_second": .number(JSONNumber(rate.rounded()) ?? JSONNumber(0)),
    ]
    print(JSONSerializer.serialize(summary))
  }
}
