import ArgumentParser
import Foundation
import Strait
import StraitTokenizers

/// `strait compile`: compiles a schema (or regex) for a tokenizer and reports what it costs.
struct CompileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile",
    abstract: "Compile a schema for a tokenizer and report time, states, masks and memory.",
    discussion: """
      Lazy by default: the report covers compiling plus the first mask, the work done
      before a host can sample its first token. --eager explores every DFA state and
      computes every mask (in parallel); --out saves that precompiled automaton, which
      loads back without compiling.
      """
  )

  @Argument(help: "The JSON Schema file (or, with --regex, the regular expression itself).")
  var schema: String

  @Option(help: "The tokenizer file (tokenizer.json, tiktoken or GGUF).")
  var tokenizer: String

  @Flag(help: "Treat SCHEMA as an ECMA-262 regular expression (full match).")
  var regex = false

  @Flag(help: "Explore every state and compute every mask now.")
  var eager = false

  @Option(help: "Save the precompiled automaton to this file (implies --eager).")
  var out: String?

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  @Flag(help: "Lenient: report unenforceable keywords as ignored instead of failing.")
  var lenient = false

  mutating func run() throws {
    let clock = ContinuousClock()
    let loadStart = clock.now
    let vocabulary = try Vocabulary.load(path: tokenizer)
    let trie = TokenTrie(vocabulary: vocabulary)
    let loadTime = clock.now - loadStart

    var options = GrammarOptions()
    options.strict = !lenient
    let compileStart = clock.now
    var automaton: TokenAutomaton
    if regex {
      automaton = try TokenAutomaton.compile(regex: schema, vocabulary: vocabulary, trie: trie, options: options)
    } else {
      let text = try String(contentsOfFile: schema, encoding: .utf8)
      automaton = try TokenAutomaton.compile(schema: text, vocabulary: vocabulary, trie: trie, options: options)
    }
    var mask = [UInt32](repeating: 0, count: automaton.bitmaskWordCount)
    try mask.withUnsafeMutableBufferPointer { try Matcher(automaton).fillNextTokenBitmask(into: $0) }
    let firstMaskTime = clock.now - compileStart

    var eagerTime: Duration? = nil
    if eager || out != nil {
      let start = clock.now
      automaton = try automaton.precompiled()
      eagerTime = clock.now - start
    }
    var savedBytes: Int? = nil
    if let out {
      let data = try automaton.save()
      try Data(data).write(to: URL(fileURLWithPath: out))
      savedBytes = data.count
    }
    let stats = automaton.statistics
    if json {
      var fields: [(String, String)] = [
        ("tokenizer_load_ms", ms(loadTime)),
        ("time_to_first_mask_ms", ms(firstMaskTime)),
        ("dfa_states", "\(stats.dfaStates)"),
        ("states_with_masks", "\(stats.statesWithMasks)"),
        ("distinct_masks", "\(stats.distinctMasks)"),
        ("mask_bytes", "\(stats.maskBytes)"),
        ("trie_bytes", "\(stats.trieBytes)"),
        ("precompiled", automaton.isPrecompiled ? "true" : "false"),
      ]
      if let eagerTime { fields.append(("precompile_ms", ms(eagerTime))) }
      if let savedBytes { fields.append(("saved_bytes", "\(savedBytes)")) }
      print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    } else {
      print("tokenizer:           \(tokenizer) (\(vocabulary.count) tokens; load + trie \(format(loadTime)))")
      print("time to first mask:  \(format(firstMaskTime)) (compile + first mask)")
      if let eagerTime { print("precompile:          \(format(eagerTime)) (every state, every mask)") }
      print("DFA states:          \(stats.dfaStates)\(automaton.isPrecompiled ? " (all reachable)" : " (so far; built lazily)")")
      print("masks:               \(stats.statesWithMasks) states with a mask, \(stats.distinctMasks) distinct stored")
      print("memory:              \(stats.maskBytes) bytes of masks; trie \(stats.trieBytes) bytes (shared per vocabulary)")
      if let savedBytes, let out { print("saved:               \(out) (\(savedBytes) bytes)") }
    }
  }

  private func ms(_ d: Duration) -> String {
    let (s, a) = d.components
    return String(format: "%.3f", Double(s) * 1e3 + Double(a) / 1e15)
  }
}
