import StraitAutomata
import Synchronization

/// The fixed pieces of the JSON grammar: whitespace, punctuation, strings, numbers,
/// literals and free-form values.
///
/// They are the same for every schema, so ``forCompilation(options:)`` builds them once
/// per option set in a template store and starts each compilation on a copy of it.
final class JSONLexicon {
  let store: TermStore
  let strings: JSONStringEncoder
  let numbers: NumberLanguages
  /// Whitespace allowed between tokens (ε in compact mode).
  let ws: Term
  private var anyValueMemo: [Int: TypedTerms] = [:]

  init(store: TermStore, whitespace: CompileOptions.Whitespace) {
    self.store = store
    strings = JSONStringEncoder(store: store)
    numbers = NumberLanguages(store: store)
    let wsByte = store.union([
      store.bytes([0x20]), store.bytes([0x09]), store.bytes([0x0A]), store.bytes([0x0D]),
    ])
    switch whitespace {
    case .any: ws = store.star(wsByte)
    case .compact: ws = store.epsilon
    case .bounded(let n): ws = store.repeat(wsByte, min: 0, max: max(n, 0))
    }
  }

  /// The fixed terms and memo tables, to start another lexicon on a copy of the store.
  struct Snapshot: Sendable {
    fileprivate var strings: JSONStringEncoder.Snapshot
    fileprivate var numbers: NumberLanguages.Snapshot
    fileprivate var ws, null, boolean, openBracket, closeBracket, openBrace, closeBrace, comma, colon: Term
    fileprivate var anyValueMemo: [Int: TypedTerms]
  }

  /// Builds the fixed terms (free-form values to `nestingDepth`) and records them.
  func snapshot(nestingDepth: Int) -> Snapshot {
    _ = anyValue(depth: nestingDepth)
    return Snapshot(
      strings: strings.snapshot(), numbers: numbers.snapshot(), ws: ws, null: null, boolean: boolean,
      openBracket: openBracket, closeBracket: closeBracket, openBrace: openBrace, closeBrace: closeBrace,
      comma: comma, colon: colon, anyValueMemo: anyValueMemo)
  }

  /// A lexicon on `store`, a copy of the store `snapshot` was taken on.
  init(store: TermStore, snapshot s: Snapshot) {
    self.store = store
    strings = JSONStringEncoder(store: store, snapshot: s.strings)
    numbers = NumberLanguages(store: store, snapshot: s.numbers)
    ws = s.ws
    anyValueMemo = s.anyValueMemo
    null = s.null
    boolean = s.boolean
    openBracket = s.openBracket
    closeBracket = s.closeBracket
    openBrace = s.openBrace
    closeBrace = s.closeBrace
    comma = s.comma
    colon = s.colon
  }

  /// A lexicon for one compilation, on a new store of its own that starts with the fixed
  /// terms of `options` already built (copied from a template made on first use).
  ///
  /// Building them was about a quarter of the compile time of a small schema.
  static func forCompilation(options: CompileOptions) -> JSONLexicon {
    let key = TemplateKey(whitespace: options.whitespace, nestingDepth: options.maxNestingDepth)
    let template: Template? = templates.withLock { cache in
      if let t = cache[key] { return t }
      // A bounded cache: unusual option sets past it compile from scratch.
      guard cache.count < 16 else { return nil }
      let store = TermStore()
      let lexicon = JSONLexicon(store: store, whitespace: options.whitespace)
      let t = Template(store: store, snapshot: lexicon.snapshot(nestingDepth: options.maxNestingDepth))
      cache[key] = t
      return t
    }
    guard let template else { return JSONLexicon(store: TermStore(), whitespace: options.whitespace) }
    return JSONLexicon(store: TermStore(copying: template.store), snapshot: template.snapshot)
  }

  private struct TemplateKey: Hashable {
    var whitespace: CompileOptions.Whitespace
    var nestingDepth: Int
  }

  /// A store that only the template's lexicon built on, and that lexicon's snapshot; the
  /// store is never changed afterwards (compilations copy it).
  private struct Template: Sendable {
    var store: TermStore
    var snapshot: Snapshot
  }

  private static let templates = Mutex<[TemplateKey: Template]>([:])

  func byte(_ c: Character) -> Term {
    store.bytes(String(c).utf8)
  }

  lazy var null = store.literal("null")
  lazy var boolean = store.union([store.literal("true"), store.literal("false")])
  lazy var openBracket = byte("[")
  lazy var closeBracket = byte("]")
  lazy var openBrace = byte("{")
  lazy var closeBrace = byte("}")
  /// `ws , ws`
  lazy var comma = store.concat([ws, byte(","), ws])
  /// `ws : ws`
  lazy var colon = store.concat([ws, byte(":"), ws])

  /// `[ ws ]` or `[ ws body ws ]` (body non-empty, holding its own separators).
  func array(body: Term) -> Term {
    store.union([
      store.concat([openBracket, ws, closeBracket]),
      store.concat([openBracket, ws, body, ws, closeBracket]),
    ])
  }

  /// `{ ws }` or `{ ws body ws }`.
  func object(body: Term, allowEmpty: Bool = true) -> Term {
    var parts = [store.concat([openBrace, ws, body, ws, closeBrace])]
    if allowEmpty { parts.append(store.concat([openBrace, ws, closeBrace])) }
    return store.union(parts)
  }

  /// `[` ... `]` with only the non-empty form.
  func nonEmptyArray(body: Term) -> Term {
    store.concat([openBracket, ws, body, ws, closeBracket])
  }

  var emptyArray: Term { store.concat([openBracket, ws, closeBracket]) }
  var emptyObject: Term { store.concat([openBrace, ws, closeBrace]) }

  /// A member `key ws : ws value`.
  func member(key: Term, value: Term) -> Term {
    store.concat([key, colon, value])
  }

  /// Any JSON value nested at most `depth` levels of arrays/objects, by type.
  ///
  /// Members are in any order (free-form values are complete for every canonical order).
  func anyValue(depth: Int) -> TypedTerms {
    if let t = anyValueMemo[depth] { return t }
    var t = TypedTerms(empty: store)
    t[.null] = null
    t[.boolean] = boolean
    t[.number] = numbers.any
    t[.string] = strings.anyString
    if depth >= 1 {
      let inner = store.union(anyValue(depth: depth - 1).all)
      let items = store.concat([inner, store.star(store.concat([comma, inner]))])
      t[.array] = array(body: items)
      let m = member(key: strings.anyString, value: inner)
      t[.object] = object(body: store.concat([m, store.star(store.concat([comma, m]))]))
    }
    anyValueMemo[depth] = t
    return t
  }
}

extension JSONLexicon {
  /// `open ws body ws close`.
  func nonEmptyArrayLike(open: Term, body: Term, close: Term) -> Term {
    store.concat([open, ws, body, ws, close])
  }
}
