import StraitAutomata
import StraitCompiler
import StraitJSON
import StraitTokenizers

/// Options for compiling a grammar (JSON Schema or regex) into a token automaton.
///
/// The defaults: any JSON whitespace where JSON allows it, strict (a keyword that
/// cannot be enforced is a compile error), recursive `$ref`s unrolled 3 levels, a
/// budget of 100,000 DFA states.
public struct GrammarOptions: Sendable {
  /// Where whitespace may appear in generated JSON.
  public enum Whitespace: Sendable, Equatable {
    /// Any JSON whitespace wherever JSON allows it (accepts `json.dumps` output).
    case any
    /// No whitespace at all.
    case compact
    /// Whitespace where JSON allows it, at most `maxRun` bytes in a row.
    case bounded(maxRun: Int)
  }

  /// Whitespace rule (default ``Whitespace/any``).
  public var whitespace: Whitespace = .any
  /// Strict (default): an unenforceable keyword is a compile error naming it.
  /// Lenient: it is reported as ignored.
  public var strict = true
  /// How deep recursive `$ref`s and schema-less nested values are unrolled (default 3).
  public var maxRecursionDepth = 3
  /// Most DFA states the grammar may create (default 100,000).
  public var stateBudget = 100_000
  /// Mask cache settings.
  public var cache = TokenAutomaton.Options()

  public init() {}
}

extension TokenAutomaton {
  /// Compiles an ECMA-262 regular expression (full match) for `vocabulary`.
  ///
  /// - Throws: ``StraitError/compile(_:)`` naming the construct and its offset.
  public static func compile(
    regex: String, vocabulary: Vocabulary, trie: TokenTrie? = nil, options: GrammarOptions = .init()
  ) throws(StraitError) -> TokenAutomaton {
    let store = TermStore()
    let root: Term
    do {
      root = try compileRegex(regex, mode: .fullMatch, store: store)
    } catch {
      throw .compile("regex: \(error)")
    }
    let dfa: LazyDFA
    do {
      dfa = try LazyDFA(store: store, root: root, stateBudget: options.stateBudget)
    } catch {
      throw StraitError(error)
    }
    if dfa.start == LazyDFA.dead { throw .compile("no string matches this regex") }
    return TokenAutomaton(dfa: LazyByteAutomaton(dfa), vocabulary: vocabulary, trie: trie, options: options.cache)
  }
}

extension TokenAutomaton {
  /// Compiles a JSON Schema given as text for `vocabulary`.
  ///
  /// - Throws: ``StraitError/compile(_:)`` for malformed JSON (with its byte offset) or an
  ///   unsupported or unsatisfiable schema (with the keyword's JSON Pointer).
  public static func compile(
    schema text: String, vocabulary: Vocabulary, trie: TokenTrie? = nil, options: GrammarOptions = .init()
  ) throws(StraitError) -> TokenAutomaton {
    let value: JSONValue
    do {
      value = try JSONParser.parse(text)
    } catch {
      throw .compile("schema is not valid JSON: \(error)")
    }
    return try compile(schema: value, vocabulary: vocabulary, trie: trie, options: options)
  }

  /// Compiles a parsed JSON Schema for `vocabulary`.
  ///
  /// - Throws: ``StraitError/compile(_:)`` naming the keyword and its JSON Pointer.
  public static func compile(
    schema: JSONValue, vocabulary: Vocabulary, trie: TokenTrie? = nil, options: GrammarOptions = .init()
  ) throws(StraitError) -> TokenAutomaton {
    var compileOptions = CompileOptions()
    switch options.whitespace {
    case .any: compileOptions.whitespace = .any
    case .compact: compileOptions.whitespace = .compact
    case .bounded(let n): compileOptions.whitespace = .bounded(maxRun: n)
    }
    compileOptions.strict = options.strict
    compileOptions.maxRecursionDepth = options.maxRecursionDepth
    compileOptions.stateBudget = options.stateBudget
    let grammar: CompiledGrammar
    do {
      grammar = try SchemaCompiler.compile(schema: schema, options: compileOptions)
    } catch {
      throw .compile(error.description)
    }
    return TokenAutomaton(dfa: LazyByteAutomaton(grammar.dfa), vocabulary: vocabulary, trie: trie, options: options.cache)
  }
}
