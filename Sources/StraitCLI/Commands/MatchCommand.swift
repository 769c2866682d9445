import ArgumentParser
import Foundation
import StraitCompiler
import StraitJSON

/// Options shared by `match`, `sample` and `inspect`: how a schema is compiled.
struct SchemaCompileOptions: ParsableArguments {
  @Flag(name: .long, help: "Lenient mode: drop keywords that cannot be enforced (reported) instead of failing.")
  var lenient = false

  @Flag(name: .long, help: "Allow no whitespace between tokens.")
  var compact = false

  @Option(name: .long, help: "Allow at most N whitespace bytes at each place (instead of any run).")
  var maxWhitespace: Int?

  @Option(name: .long, help: "Times a recursive $ref may re-enter itself (default 3).")
  var maxRecursionDepth: Int?

  @Option(name: .long, help: "Nesting depth of free-form values and complements (default 3).")
  var maxNestingDepth: Int?

  @Option(name: .long, help: "The most DFA states (default 100000).")
  var stateBudget: Int?

  @Flag(name: .long, help: "Do not enforce 'format'.")
  var noAssertFormat = false

  @Option(name: .long, help: "Dialect for schemas without $schema: 2020-12 (default), 2019-09, 7, 6 or 4.")
  var draft: String?

  var compileOptions: CompileOptions {
    get throws {
      var o = CompileOptions()
      o.strict = !lenient
      if compact { o.whitespace = .compact }
      if let n = maxWhitespace { o.whitespace = .bounded(maxRun: n) }
      if let n = maxRecursionDepth { o.maxRecursionDepth = n }
      if let n = maxNestingDepth { o.maxNestingDepth = n }
      if let n = stateBudget { o.stateBudget = n }
      if noAssertFormat { o.assertFormat = false }
      if let draft {
        let names: [String: SchemaDialectName] = [
          "2020-12": .draft2020_12, "2019-09": .draft2019_09, "7": .draft7, "6": .draft6, "4": .draft4,
        ]
        let key = draft.lowercased().replacingOccurrences(of: "draft", with: "")
          .trimmingCharacters(in: CharacterSet(charactersIn: "-_ "))
        guard let d = names[key] ?? names[String(key.drop { $0 == "0" })] else {
          throw ValidationError("unknown draft '\(draft)' (use 2020-12, 2019-09, 7, 6 or 4)")
        }
        o.defaultDialect = d
      }
      return o
    }
  }

  /// Reads, parses and compiles the schema file; a failure is an error with the reason
  /// (exit 2).
  func compile(_ path: String) throws -> CompiledGrammar {
    let schema = try readSchema(path)
    do {
      return try SchemaCompiler.compile(schema: schema, options: try compileOptions)
    } catch let e as CompileError {
      throw GrammarCommandError("\(path): \(e)")
    }
  }

  func readSchema(_ path: String) throws -> JSONValue {
    guard let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path) else {
      throw GrammarCommandError("cannot read \(path)")
    }
    do {
      return try JSONParser.parse(Array(data))
    } catch {
      throw GrammarCommandError("\(path): not valid JSON: \(error)")
    }
  }
}

/// An error with a message, reported as `strait: <message>` with exit code 2.
struct GrammarCommandError: Error, CustomStringConvertible {
  var description: String
  init(_ message: String) { description = message }
}

/// `strait match SCHEMA [DOC...] [--jsonl FILE] [--output json] [--lenient] [--compact]`
///
/// Runs each document's exact bytes through the compiled automaton (not the validator):
/// accepted means the whole text is in the grammar's language. With `--output json`, one
/// line per document: `{"instance": "...", "accepted": true|false, "rejectedAt": N|null}`
/// where `rejectedAt` is the offset of the first byte after which the automaton is dead,
/// or the text length when it ended in a live, non-accepting state. `instance` is the file
/// name, `-` for stdin, or the 1-based line number for `--jsonl`. Exit codes: 0 all
/// accepted, 1 some rejected, 2 the schema does not compile (the message says why) or I/O.
struct MatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "match",
    abstract: "Run documents through the automaton compiled from a schema.",
    discussion: """
      Exit code 0: every document accepted; 1: some document rejected; 2: the schema does
      not compile (the message says why), or a usage or I/O error.
      """
  )

  enum OutputFormat: String, ExpressibleByArgument {
    case text, json
  }

  @Argument(help: "The JSON Schema file.")
  var schema: String

  @Argument(help: "Document files, matched byte for byte ('-' reads stdin).")
  var documents: [String] = []

  @Option(name: .long, help: "A file with one document per line.")
  var jsonl: String?

  @Option(name: .long, help: "Output format: text or json (one JSON object per document per line).")
  var output: OutputFormat = .text

  @OptionGroup var grammarOptions: SchemaCompileOptions

  func run() throws {
    let grammar = try grammarOptions.compile(schema)
    var inputs: [(name: String, bytes: [UInt8])] = []
    for path in documents {
      let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
      guard let data else { throw GrammarCommandError("cannot read \(path)") }
      inputs.append((path, Array(data)))
    }
    if let jsonl {
      guard let data = FileManager.default.contents(atPath: jsonl) else {
        throw GrammarCommandError("cannot read \(jsonl)")
      }
      var lineNumber = 0
      for line in Array(data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        lineNumber += 1
        let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
        if trimmed.isEmpty { continue }
        inputs.append((String(lineNumber), Array(trimmed)))
      }
    }
    var anyRejected = false
    var out = ""
    for (name, bytes) in inputs {
      let r: CompiledGrammar.MatchResult
      do {
        r = try grammar.match(bytes)
      } catch {
        throw GrammarCommandError("\(name): \(error)")
      }
      if !r.accepted { anyRejected = true }
      switch output {
      case .json:
        let line: JSONValue = [
          "instance": .string(name), "accepted": .bool(r.accepted),
          "rejectedAt": r.rejectedAt.map { .number(JSONNumber($0)) } ?? .null,
        ]
        out += JSONSerializer.serialize(line) + "\n"
      case .text:
        if r.accepted {
          out += "\(name): accepted\n"
        } else {
          out += "\(name): rejected at byte \(r.rejectedAt ?? 0)\n"
        }
      }
      if out.utf8.count > 1 << 16 {
        FileHandle.standardOutput.write(Data(out.utf8))
        out = ""
      }
    }
    FileHandle.standardOutput.write(Data(out.utf8))
    if anyRejected { throw ExitCode(1) }
  }
}
