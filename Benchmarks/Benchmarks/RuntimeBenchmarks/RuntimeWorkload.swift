import Foundation
import Strait
import StraitJSON
import StraitTokenizers

/// A benchmark setup failure (the benchmark reports it instead of a figure).
struct RuntimeWorkloadError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The grammars and documents the runtime benchmarks run on.
struct RuntimeWorkload {
  /// One grammar with a document it accepts, split at the probe point.
  struct Grammar: Sendable {
    enum Source: Sendable {
      case regex(String)
      case schema(JSONValue)
    }

    var name: String
    var source: Source
    let vocabulary: Vocabulary
    let trie: TokenTrie
    /// Tokens of the whole document.
    var documentTokens: [Int]
    /// How many of them lead to the probe state (the state whose mask is measured).
    var probeIndex: Int

    /// Compiles the grammar; `cacheMasks: false` makes every fill recompute the mask.
    func compile(cacheMasks: Bool) throws -> TokenAutomaton {
      var options = GrammarOptions()
      if !cacheMasks { options.cache.maxCachedStates = 0 }
      switch source {
      case .regex(let regex):
        return try TokenAutomaton.compile(regex: regex, vocabulary: vocabulary, trie: trie, options: options)
      case .schema(let schema):
        return try TokenAutomaton.compile(schema: schema, vocabulary: vocabulary, trie: trie, options: options)
      }
    }

    /// Moves a fresh matcher to the probe state.
    func advanceToProbe(_ matcher: inout Matcher) throws {
      let prefix = documentTokens.prefix(probeIndex)
      guard try matcher.accept(tokens: prefix) == prefix.count else {
        throw RuntimeWorkloadError("\(name): the tokens before the probe are not accepted")
      }
    }
  }

  let grammars: [Grammar]

  init(vocabulary: Vocabulary) {
    let trie = TokenTrie(vocabulary: vocabulary)
    let tokenizer = GreedyTokenizer(vocabulary: vocabulary)
    var grammars: [Grammar] = []
    func add(_ name: String, _ source: Grammar.Source, prefix: String, rest: String) {
      guard let head = tokenizer.tokens(of: prefix), let tail = tokenizer.tokens(of: rest) else {
        print("note: RuntimeBenchmarks: cannot tokenize the document of \(name); skipped")
        return
      }
      grammars.append(
        Grammar(
          name: name, source: source, vocabulary: vocabulary, trie: trie, documentTokens: head + tail,
          probeIndex: head.count))
    }

    // A small JSON object as a regex; the probe is inside a string (a dense mask).
    add(
      "regex.object",
      .regex(#"\{"name": "[^"\\\x00-\x1f]{0,40}", "age": (0|[1-9][0-9]{0,2}), "tags": \[("[a-z]+"(, "[a-z]+"){0,5})?\]\}"#),
      prefix: #"{"name": ""#, rest: #"Ada Lovelace", "age": 36, "tags": ["math", "poetry"]}"#)
    // A number: the probe is after the integer part (digits, '.', 'e' or the end).
    add(
      "regex.number",
      .regex(#"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?"#),
      prefix: "-1234", rest: ".5e+10")

    // A MaskBench schema with its first valid instance, when the schema compiler is in
    // the build (the entry point throws "not available" before it lands).
    let file = "Github_medium---o2050.json"
    let path = maskBenchPath(file)
    if let data = FileManager.default.contents(atPath: path),
      let root = try? JSONParser.parse(data),
      let schema = root["schema"],
      let test = root["tests"]?.arrayValue?.first(where: { $0["valid"]?.boolValue == true }),
      let tokens = test["tokens"]?.arrayValue?.compactMap({ $0.numberValue?.int64.map { Int($0) } })
    {
      do {
        _ = try TokenAutomaton.compile(schema: schema, vocabulary: vocabulary, trie: trie)
        grammars.append(
          Grammar(
            name: "schema.maskbench-o2050", source: .schema(schema), vocabulary: vocabulary, trie: trie,
            documentTokens: tokens, probeIndex: tokens.count / 2))
      } catch {
        print("note: RuntimeBenchmarks: \(file) does not compile (\(error)); schema benchmarks skipped")
      }
    }
    self.grammars = grammars
  }
}

/// Path of a MaskBench file under the shared folder.
private func maskBenchPath(_ file: String) -> String {
  var url = URL(fileURLWithPath: #filePath)
  if let env = ProcessInfo.processInfo.environment["STRAIT_SHARED"] {
    url = URL(fileURLWithPath: env)
  } else {
    for _ in 0..<4 { url.deleteLastPathComponent() }
    url = url.deletingLastPathComponent().appendingPathComponent("shared")
  }
  return url.appendingPathComponent("maskbench").appendingPathComponent(file).path
}

/// Splits text into the longest vocabulary tokens, left to right. Not the tokenizer's BPE
/// split, but a valid spelling of the text, which is all accept() and masks need.
struct GreedyTokenizer {
  private var ids: [[UInt8]: Int] = [:]
  private let longest: Int

  init(vocabulary: Vocabulary) {
    var longest = 1
    for id in 0..<vocabulary.count where !vocabulary.isSpecial(id) {
      guard let bytes = vocabulary.bytes(of: id), !bytes.isEmpty else { continue }
      if ids[bytes] == nil { ids[bytes] = id }
      longest = max(longest, bytes.count)
    }
    self.longest = longest
  }

  /// The tokens of `text`, nil if some byte has no token.
  func tokens(of text: String) -> [Int]? {
    let bytes = Array(text.utf8)
    var out: [Int] = []
    var i = 0
    while i < bytes.count {
      var found: (id: Int, length: Int)? = nil
      for length in stride(from: min(longest, bytes.count - i), through: 1, by: -1) {
        if let id = ids[Array(bytes[i..<(i + length)])] {
          found = (id, length)
          break
        }
      }
      guard let found else { return nil }
      out.append(found.id)
      i += found.length
    }
    return out
  }
}
