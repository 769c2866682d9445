import Foundation
import StraitTestSupport
import StraitTokenizers
import Testing

/// A reference file written by scripts/tokenizer-reference.py or scripts/make-tokenizer-fixtures.py:
/// the exact bytes of every id of one tokenizer (see those scripts for the format).
struct ReferenceFile {
  var source: String
  var sourceSize: Int?
  var count: Int
  var special: Set<Int>
  /// Per id: the bytes, or nil for an id without a token (empty in hash mode).
  var tokens: [[UInt8]?]
  /// Hash mode (`# hash: fnv1a64-low16`): per id the low 16 bits of FNV-1a 64 of its bytes.
  var hashes: [UInt16?]? = nil
  /// Hash mode: FNV-1a 64 over every id's (length + 1 as u32 LE, 0 for none) and bytes.
  var digest: UInt64? = nil

  enum Problem: Error, CustomStringConvertible {
    case bad(String)
    var description: String {
      switch self { case .bad(let s): s }
    }
  }

  /// The reference folder in the repository.
  static var folder: URL { TestPaths.fixtures.appendingPathComponent("tokenizers/reference") }

  /// Reads `name` (`.ref` plain or `.ref.gz`, un-gzipped with the system's `gzip -dc`).
  static func load(_ name: String) throws -> ReferenceFile {
    let url = folder.appendingPathComponent(name)
    var data = try Data(contentsOf: url)
    if name.hasSuffix(".gz") {
      let gzip = ["/usr/bin/gzip", "/bin/gzip"].first { FileManager.default.isExecutableFile(atPath: $0) }
      guard let gzip else { throw Problem.bad("gzip is needed to read \(name)") }
      let result = try runProcess(URL(fileURLWithPath: gzip), ["-dc", url.path])
      guard result.exitCode == 0 else { throw Problem.bad("gzip -dc \(name) failed: \(result.stderr)") }
      data = Data(result.stdout.utf8)
    }
    return try parse(data, name: name)
  }

  static func parse(_ data: Data, name: String) throws -> ReferenceFile {
    let text = String(decoding: data, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    var header: [String: String] = [:]
    var body = lines[...]
    while let line = body.first, line.hasPrefix("# ") {
      let content = line.dropFirst(2)
      if let colon = content.firstIndex(of: ":") {
        header[String(content[..<colon])] = String(content[content.index(after: colon)...].drop(while: { $0 == " " }))
      }
      body = body.dropFirst()
    }
    guard let source = header["source"], let count = header["count"].flatMap(Int.init) else {
      throw Problem.bad("\(name): missing source or count header")
    }
    guard body.count == count else { throw Problem.bad("\(name): \(body.count) id lines, header says \(count)") }
    var special = Set<Int>()
    for part in (header["special"] ?? "").split(separator: ",") {
      let bounds = part.split(separator: "-").compactMap { Int($0) }
      if bounds.count == 1 { special.insert(bounds[0]) }
      if bounds.count == 2 { special.formUnion(bounds[0]...bounds[1]) }
    }
    var tokens: [[UInt8]?] = []
    if header["hash"] != nil {
      guard header["hash"] == "fnv1a64-low16", let digest = header["digest"].flatMap({ UInt64($0, radix: 16) }) else {
        throw Problem.bad("\(name): unknown hash header")
      }
      var hashes: [UInt16?] = []
      hashes.reserveCapacity(count)
      for line in body {
        if line == "-" {
          hashes.append(nil)
          continue
        }
        guard let h = UInt16(line, radix: 16) else { throw Problem.bad("\(name): bad hash line '\(line)'") }
        hashes.append(h)
      }
      return ReferenceFile(
        source: source, sourceSize: header["source-size"].flatMap(Int.init), count: count,
        special: special, tokens: [], hashes: hashes, digest: digest)
    }
    tokens.reserveCapacity(count)
    for line in body {
      if line == "-" {
        tokens.append(nil)
        continue
      }
      guard let bytes = hexBytes(line) else { throw Problem.bad("\(name): bad hex line '\(line)'") }
      tokens.append(bytes)
    }
    return ReferenceFile(
      source: source, sourceSize: header["source-size"].flatMap(Int.init), count: count,
      special: special, tokens: tokens)
  }

  /// The file the reference was made from, or nil (with a note) when `../shared` lacks it.
  var sourceURL: URL? {
    if source.hasPrefix("fixtures:") {
      return TestPaths.fixtures.appendingPathComponent(String(source.dropFirst("fixtures:".count)))
    }
    if source.hasPrefix("shared:") { return TestPaths.shared(String(source.dropFirst("shared:".count))) }
    if source.hasPrefix("models:") { return ggufModel(String(source.dropFirst("models:".count))) }
    return nil
  }
}

func hexBytes(_ s: Substring) -> [UInt8]? {
  var out: [UInt8] = []
  out.reserveCapacity(s.utf8.count / 2)
  var high: UInt8? = nil
  for c in s.utf8 {
    let v: UInt8
    switch c {
    case 0x30...0x39: v = c - 0x30
    case 0x61...0x66: v = c - 0x61 + 10
    default: return nil
    }
    if let h = high {
      out.append(h << 4 | v)
      high = nil
    } else {
      high = v
    }
  }
  return high == nil ? out : nil
}

/// Compares every id of `vocabulary` with `reference`; records one issue per differing id
/// (up to a limit) and returns the number of differing ids.
@discardableResult
func expectMatches(
  _ vocabulary: Vocabulary, _ reference: ReferenceFile, label: String,
  ids: Range<Int>? = nil, checkSpecial: Bool = true,
  sourceLocation: SourceLocation = #_sourceLocation
) -> Int {
  let range = ids ?? 0..<reference.count
  if ids == nil {
    #expect(vocabulary.count == reference.count, "\(label): vocabulary size", sourceLocation: sourceLocation)
  }
  var mismatches = 0
  if let hashes = reference.hashes, let digest = reference.digest {
    var total = FNV1a64()
    for id in range {
      let actual = vocabulary.bytes(of: id)
      total.add(lengthPlusOne: actual.map { $0.count + 1 } ?? 0)
      total.add(actual ?? [])
      let h = actual.map { UInt16(truncatingIfNeeded: FNV1a64.hash($0)) }
      if h != hashes[id] {
        mismatches += 1
        if mismatches <= 10 {
          Issue.record("\(label): id \(id): bytes \(actual.map(hex) ?? "no token") do not match the reference hash", sourceLocation: sourceLocation)
        }
      }
      if checkSpecial, reference.special.contains(id), !vocabulary.isSpecial(id) {
        mismatches += 1
        Issue.record("\(label): id \(id) is special in the reference but not in Strait", sourceLocation: sourceLocation)
      }
    }
    if ids == nil, total.value != digest {
      mismatches += 1
      Issue.record("\(label): the digest over every id differs from the reference", sourceLocation: sourceLocation)
    }
    return mismatches
  }
  for id in range {
    let expected = id < reference.tokens.count ? reference.tokens[id] : nil
    let actual = vocabulary.bytes(of: id)
    if actual != expected {
      mismatches += 1
      if mismatches <= 10 {
        Issue.record(
          "\(label): id \(id): expected \(expected.map(hex) ?? "no token"), got \(actual.map(hex) ?? "no token")",
          sourceLocation: sourceLocation)
      }
    }
    if checkSpecial, reference.special.contains(id), !vocabulary.isSpecial(id) {
      mismatches += 1
      Issue.record("\(label): id \(id) is special in the reference but not in Strait", sourceLocation: sourceLocation)
    }
  }
  if mismatches > 10 { Issue.record("\(label): \(mismatches) ids differ in all", sourceLocation: sourceLocation) }
  return mismatches
}

func hex(_ bytes: [UInt8]) -> String {
  bytes.isEmpty ? "(empty)" : bytes.map { String(format: "%02x", $0) }.joined()
}

/// A fixture file's path.
func fixture(_ relative: String) -> String {
  TestPaths.fixtures.appendingPathComponent("tokenizers/" + relative).path
}

/// FNV-1a 64, as scripts/tokenizer-reference.py computes it.
struct FNV1a64 {
  var value: UInt64 = 0xCBF2_9CE4_8422_2325

  mutating func add(_ bytes: [UInt8]) {
    for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01B3 }
  }

  mutating func add(lengthPlusOne n: Int) {
    let v = UInt32(n)
    add([UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)])
  }

  static func hash(_ bytes: [UInt8]) -> UInt64 {
    var h = FNV1a64()
    h.add(bytes)
    return h.value
  }
}

/// A real GGUF model installed by `scripts/tokenizer-reference.py --gguf` into .venv-tok/models
/// (or $STRAIT_GGUF_DIR), or nil with a note when it is absent.
func ggufModel(_ file: String) -> URL? {
  let dir = ProcessInfo.processInfo.environment["STRAIT_GGUF_DIR"].map { URL(fileURLWithPath: $0) }
    ?? TestPaths.packageRoot.appendingPathComponent(".venv-tok/models")
  let url = dir.appendingPathComponent(file)
  guard FileManager.default.fileExists(atPath: url.path) else {
    FileHandle.standardError.write(
      Data("note: \(url.path) is absent (run scripts/tokenizer-reference.py --gguf); skipping\n".utf8))
    return nil
  }
  return url
}
