import StraitAutomata

/// The fixed pieces of the JSON grammar, built once per compilation: whitespace,
/// punctuation, strings, numbers, literals and free-form values.
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
