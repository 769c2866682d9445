import StraitAutomata
import StraitJSON

/// Compiles JSON Schemas (and ECMA-262 regexes) to byte-level automata whose language is
/// exactly the set of valid documents, up to documented rules.
///
/// The language of a compiled schema is the set of JSON texts valid against it, within
/// these rules:
/// - **Whitespace**: as ``CompileOptions/whitespace`` allows (default: any JSON
///   whitespace wherever JSON allows it).
/// - **Member order**: at each instance position, the member names mentioned by the
///   applicable subschemas come first, in the order they are first written (`properties`
///   names first, in a depth-first walk through `$ref`, `allOf`, `anyOf`, `oneOf`, `not`,
///   `if`/`then`/`else`; then names only listed in `required`, `dependentRequired`,
///   `dependencies` or object `enum`/`const` values), each at most once; optional members
///   may be skipped; additional and pattern properties follow in any order. A valid
///   document listing its members in another order is rejected.
/// - **Numbers**: plain decimals and normalised exponent notation
///   (`-?[1-9](\.[0-9]{1,16})?[eE][+-]?[0-9]+`, what `json.dumps` and JavaScript print);
///   other exponent spellings (`12e3`, `0.5e1`) are rejected. `1.0` and `1e2` are integers.
/// - **Depth**: free-form values (`{}`, `true`, absent `items`/`additionalProperties`) nest
///   at most ``CompileOptions/maxNestingDepth`` levels; a recursive `$ref` re-enters itself
///   at most ``CompileOptions/maxRecursionDepth`` times; complements (`not`, `oneOf`,
///   `if`/`else`) accept values nested at most `maxNestingDepth` levels below them.
/// - **Duplicate member names** are outside the contract (JSON Schema validates the
///   parsed object; a text with a repeated name may be accepted).
///
/// Nothing else is approximated silently: every keyword is listed in
/// ``CompiledGrammar/report`` as enforced, approximated (an under-approximation: some
/// valid documents rejected, never an invalid one accepted) or ignored (annotations,
/// unknown keywords, and in lenient mode dropped assertions).
///
/// ```swift
/// let schema = try JSONParser.parse(#"{"type": "integer", "minimum": 3}"#)
/// let grammar = try SchemaCompiler.compile(schema: schema)
/// try grammar.match(Array("42".utf8)).accepted   // true
/// ```
public enum SchemaCompiler {
  nonisolated(unsafe) public static var debugTiming = false

  /// Compiles a schema.
  ///
  /// - Parameters:
  ///   - schema: the schema (an object or a Boolean).
  ///   - options: whitespace, depth limits, budget, strictness.
  /// - Returns: the grammar: its term, a lazy DFA with the start state built, the report.
  /// - Throws: ``CompileError``: a keyword that cannot be enforced (strict mode), a
  ///   malformed schema, a remote `$ref`, a `$ref` cycle without a base case, a schema
  ///   that no document satisfies (`.unsatisfiable`: proved, or none with both depth
  ///   limits at 8), one whose documents are all nested deeper than the limits (`.limit`),
  ///   or a size limit.
  /// - Complexity: linear in the size of the schema for most keywords (`patternProperties`
  ///   splits keys into one region per set of patterns a key can match together, up to 16
  ///   for four patterns and 64 beyond; `multipleOf` builds a residue counter); the DFA is
  ///   built lazily.
  public static func compile(schema: JSONValue, options: CompileOptions = .default) throws(CompileError)
    -> CompiledGrammar
  {
    let lexicon = JSONLexicon.forCompilation(options: options)
    let store = lexicon.store
    let doc = SchemaDocument(root: schema, defaultDialect: options.defaultDialect)
    let lowerer = Lowerer(document: doc, lexicon: lexicon, options: options)
    let t0 = ContinuousClock.now
    let (root, fidelity) = try lowerer.lowerDocument()
    let t1 = ContinuousClock.now
    defer {
      if debugTiming {
        print("lowering: \(t1 - t0), terms \(store.termCount), dfa: \(ContinuousClock.now - t1)")
        print("terms by subschema: \(lowerer.largestSubschemas(8))")
      }
    }
    let largest = lowerer.largestSubschemas(5)
    let dfa = try makeDFA(store: store, root: root, options: options, largest: Array(largest), empty: nil)
    guard let dfa else {
      throw emptinessError(schema: schema, options: options, complete: fidelity.complete >= Fidelity.unbounded)
    }
    var g = CompiledGrammar(
      store: store, root: root, dfa: dfa, report: lowerer.report.all, largestSubschemas: Array(largest))
    g.booleanSources = lowerer.booleanSources
    return g
  }

  /// Compiles a schema given as JSON text.
  ///
  /// - Throws: ``CompileError`` (kind `invalidSchema`) when the text is not JSON, or as
  ///   ``compile(schema:options:)``.
  public static func compile(schemaText: String, options: CompileOptions = .default) throws(CompileError)
    -> CompiledGrammar
  {
    let value: JSONValue
    do {
      value = try JSONParser.parse(schemaText)
    } catch {
      throw CompileError(pointer: "", keyword: nil, message: "the schema is not valid JSON: \(error)", kind: .invalidSchema)
    }
    return try compile(schema: value, options: options)
  }

  /// Compiles an ECMA-262 regex to a full-match grammar over UTF-8 text (not JSON).
  ///
  /// - Parameters:
  ///   - regex: the pattern; the whole output must match it (as if `^(?:...)$`).
  ///   - options: only ``CompileOptions/stateBudget`` applies.
  /// - Throws: ``CompileError`` for malformed or non-regular patterns, or an empty language.
  public static func compile(regex: String, options: CompileOptions = .default) throws(CompileError)
    -> CompiledGrammar
  {
    let store = TermStore()
    let root: Term
    do {
      root = try compileRegex(regex, mode: .fullMatch, store: store)
    } catch {
      throw CompileError(
        pointer: "", keyword: nil, message: "regex: \(error)",
        kind: error.kind == .syntax ? .invalidSchema : .unsupported)
    }
    // A regex's language is exact: empty means unsatisfiable.
    guard let dfa = try makeDFA(store: store, root: root, options: options, largest: [], empty: unsatisfiable)
    else { throw unsatisfiable }
    return CompiledGrammar(store: store, root: root, dfa: dfa, report: [])
  }

  /// The lazy DFA of `root`, with its start state built.
  ///
  /// - Parameter empty: the error when no document is accepted; nil to return nil then.
  static func makeDFA(
    store: TermStore, root: Term, options: CompileOptions, largest: [(pointer: String, terms: Int)],
    empty: CompileError?
  ) throws(CompileError) -> LazyDFA? {
    let dfa: LazyDFA
    do {
      dfa = try LazyDFA(store: store, root: root, stateBudget: max(options.stateBudget, 2))
    } catch {
      let g = CompiledGrammarStub(largest: largest)
      throw g.error(error)
    }
    if dfa.isDead(dfa.start) {
      if let empty { throw empty }
      return nil
    }
    return dfa
  }

  static let unsatisfiable = CompileError(
    pointer: "", keyword: nil, message: "no document satisfies this schema", kind: .unsatisfiable)

  /// The depth limits at which an empty language is taken to mean an unsatisfiable schema.
  static let emptinessProbeDepth = 8

  /// Why a schema whose compiled language is empty does not compile.
  ///
  /// An empty language complete at every depth proves the schema unsatisfiable (in lenient
  /// mode it is a superset of the schema's). One cut at a depth limit, or under a
  /// complement taken within one, may be empty only because the valid documents are
  /// deeper: the schema is compiled again with both limits at ``emptinessProbeDepth``; if
  /// that accepts documents, the error is a limit that says so, and otherwise the schema is
  /// reported unsatisfiable (no document exists within those depths).
  static func emptinessError(schema: JSONValue, options: CompileOptions, complete: Bool) -> CompileError {
    let depth = emptinessProbeDepth
    if complete || (options.maxNestingDepth >= depth && options.maxRecursionDepth >= depth) { return unsatisfiable }
    var deeper = options
    deeper.maxNestingDepth = max(options.maxNestingDepth, depth)
    deeper.maxRecursionDepth = max(options.maxRecursionDepth, depth)
    do {
      _ = try compile(schema: schema, options: deeper)
    } catch {
      if error.kind == .unsatisfiable { return unsatisfiable }
      return CompileError(
        pointer: "", keyword: nil,
        message: "no document is accepted within the depth limits (maxRecursionDepth \(options.maxRecursionDepth), "
          + "maxNestingDepth \(options.maxNestingDepth)); with both at \(depth) the compiler stops: \(error.message)",
        kind: .limit)
    }
    return CompileError(
      pointer: "", keyword: nil,
      message: "no document is accepted within the depth limits (maxRecursionDepth \(options.maxRecursionDepth), "
        + "maxNestingDepth \(options.maxNestingDepth)), but deeper documents satisfy this schema (it compiles "
        + "with both limits at \(depth))",
      kind: .limit)
  }

  /// Names the largest subschema in a budget error before a grammar exists.
  struct CompiledGrammarStub {
    var largest: [(pointer: String, terms: Int)]
    func error(_ e: DFAError) -> CompileError {
      var message = e.description
      if let top = largest.first {
        message += "; the subschema that contributed most is \(top.pointer.isEmpty ? "the schema root" : top.pointer) (\(top.terms) terms)"
      }
      return CompileError(pointer: largest.first?.pointer ?? "", keyword: nil, message: message, kind: .limit)
    }
  }
}
