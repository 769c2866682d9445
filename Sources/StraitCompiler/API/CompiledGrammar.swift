import StraitAutomata

/// A schema (or regex) compiled to a byte-level automaton: what the token-level runtime
/// consumes.
///
/// `root` is a regular term of `store` whose language is the set of accepted JSON texts;
/// `dfa` is a lazy DFA over it (states are built on first use and cached; safe to share
/// between threads). `report` lists how each schema keyword is handled.
public struct CompiledGrammar: Sendable {
  /// The store owning every term of the grammar.
  public let store: TermStore
  /// The language of accepted documents (full match: the whole text).
  public let root: Term
  /// The lazy DFA of `root`.
  public let dfa: LazyDFA
  /// How each keyword is handled, sorted by pointer then keyword.
  ///
  /// Sorted when read (a large schema has thousands of entries, and most compilations
  /// never read them).
  public var report: [KeywordReport] {
    reportEntries.sorted { ($0.pointer, $0.keyword) < ($1.pointer, $1.keyword) }
  }
  private let reportEntries: [KeywordReport]
  /// The subschemas that built the most terms, largest first (pointer, term count), to
  /// name the culprit when the state budget is exceeded.
  public let largestSubschemas: [(pointer: String, terms: Int)]
  /// Why intersections and complements were built, by construct (diagnostics).
  package var booleanSources: [String: Int] = [:]

  /// Creates a grammar from its parts.
  public init(
    store: TermStore, root: Term, dfa: LazyDFA, report: [KeywordReport],
    largestSubschemas: [(pointer: String, terms: Int)] = []
  ) {
    self.store = store
    self.root = root
    self.dfa = dfa
    self.reportEntries = report
    self.largestSubschemas = largestSubschemas
  }

  /// The outcome of running a text through the automaton.
  public struct MatchResult: Sendable, Hashable {
    /// Whether the whole text is accepted.
    public var accepted: Bool
    /// When rejected: the offset of the first byte after which the DFA is dead, or the
    /// text length when the text ended in a live, non-accepting state. Nil when accepted.
    public var rejectedAt: Int?
  }

  /// Runs `bytes` through the DFA from the start state (full match).
  ///
  /// - Parameter bytes: the exact document text.
  /// - Returns: acceptance and, when rejected, where.
  /// - Throws: ``CompileError`` of kind ``CompileError/Kind/limit`` when the state budget
  ///   is exhausted, naming the subschema that built the most terms.
  /// - Complexity: O(n) transitions for n bytes (each new state costs one derivative).
  public func match(_ bytes: some Collection<UInt8>) throws(CompileError) -> MatchResult {
    var s = dfa.start
    if dfa.isDead(s) { return MatchResult(accepted: false, rejectedAt: 0) }
    var offset = 0
    for b in bytes {
      do {
        s = try dfa.next(s, b)
      } catch {
        throw budgetError(error)
      }
      if dfa.isDead(s) { return MatchResult(accepted: false, rejectedAt: offset) }
      offset += 1
    }
    return dfa.isAccepting(s)
      ? MatchResult(accepted: true, rejectedAt: nil)
      : MatchResult(accepted: false, rejectedAt: offset)
  }

  /// Converts a DFA error into a ``CompileError`` naming the largest subschema.
  public func budgetError(_ error: DFAError) -> CompileError {
    var message = error.description
    if let top = largestSubschemas.first {
      let at = top.pointer.isEmpty ? "the schema root" : top.pointer
      message += "; the subschema that contributed most is \(at) (\(top.terms) terms)"
    }
    return CompileError(
      pointer: largestSubschemas.first?.pointer ?? "", keyword: nil, message: message, kind: .limit)
  }
}
