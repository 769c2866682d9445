import Foundation
import StraitJSON

/// The regex corpus of the compile benchmark.
enum Corpus {
  /// Hand-written patterns, one or more per construct of the ECMA-262 dialect.
  static let handWritten: [String] = [
    #"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$"#,
    #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#,
    #"[0-9]+(\.[0-9]+)?"#,
    #"^(?:[01]?\d|2[0-3]):[0-5]\d$"#,
    #"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$"#,
    #"^\+?[1-9]\d{1,14}$"#,
    #"^(https?|ftp)://[^\s/$.?#].[^\s]*$"#,
    #"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#,
    #"^(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)$"#,
    #"\p{Lu}\p{Ll}+"#,
    #"^[\p{L}\p{N} _-]{1,64}$"#,
    #"^\S+$"#,
    #"^[^\x00-\x1F\x7F]*$"#,
    #"\u00e9|\u{1F600}"#,
    #"^(a|b)*?c{2,5}d+?$"#,
    #"^.{0,255}$"#,
    #"^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$"#,
    #"^[A-Za-z_][A-Za-z0-9_]{0,63}$"#,
    #"^(\w+\s?)*$"#,
    #"^\cJ\t\v\f\0$"#,
    #"^[\d\s\w\D\S\W]{3}$"#,
    #"^(a{1,10}){1,10}$"#,
    #"(x|xy|xyz)+z"#,
  ]

  /// Distinct patterns: the hand-written ones, then every `pattern` string of every
  /// MaskBench schema (when the shared data is found).
  static func load() -> [String] {
    var seen = Set<String>()
    var out: [String] = []
    func add(_ p: String) { if seen.insert(p).inserted { out.append(p) } }
    handWritten.forEach(add)
    guard let dir = sharedDirectory()?.appendingPathComponent("maskbench"),
      let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
    else {
      print("compile.corpus: MaskBench not found (set STRAIT_SHARED); hand-written patterns only")
      return out
    }
    for file in files.sorted() where file.hasSuffix(".json") {
      guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(file).path),
        let doc = try? JSONParser.parse(data), let schema = doc["schema"]
      else { continue }
      collectPatterns(schema, into: add)
    }
    return out
  }

  /// Every string value of a `pattern` member anywhere in `value` (iterative: schemas may
  /// nest deeply).
  static func collectPatterns(_ value: JSONValue, into add: (String) -> Void) {
    var stack = [value]
    while let v = stack.popLast() {
      switch v {
      case .object(let members):
        for (key, child) in members {
          if key == "pattern", case .string(let p) = child { add(p) }
          stack.append(child)
        }
      case .array(let items):
        stack.append(contentsOf: items)
      default:
        break
      }
    }
  }

  /// `$STRAIT_SHARED`, or `shared` beside the repository root.
  static func sharedDirectory() -> URL? {
    if let env = ProcessInfo.processInfo.environment["STRAIT_SHARED"] {
      return URL(fileURLWithPath: env)
    }
    // #filePath is <repo>/Benchmarks/Benchmarks/AutomataBenchmarks/Corpus.swift.
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let candidate = repo.deletingLastPathComponent().appendingPathComponent("shared")
    return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
  }
}
