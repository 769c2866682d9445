import StraitAutomata
import StraitJSON

/// Terms for the JSON encodings of characters: the `leaf` that makes regex, length and
/// literal languages talk about decoded string contents while matching encoded text.
///
/// One code point of a set is accepted in every form RFC 8259 allows: raw UTF-8 (except
/// `"`, `\` and controls below U+0020, which must be escaped), the two-character escapes
/// `\" \\ \/ \b \f \n \r \t`, `\uXXXX` with hex digits in either case, and for code points
/// above U+FFFF a surrogate pair `\uD83D\uDE00`. Lone surrogate escapes are never
/// accepted (a strict parser rejects them).
///
/// Because every character's encodings form a prefix-free code that decodes uniquely,
/// languages built from these leaves with concatenation, union and repetition contain
/// either all encodings of a string or none; intersection and complement (within
/// ``anyBody``) keep that property, so string constraints compose exactly.
final class JSONStringEncoder {
  let store: TermStore
  private var memo: [CodePointSet: Term] = [:]
  private var hexDigitMemo: [Int: Term] = [:]
  private var exceptMemo: [[UInt32]: Term] = [:]
  /// The key-universe language below a trie node that spells one suffix, by suffix (see
  /// ``anyStringExcept(_:)``); per compilation.
  private var chainMemo: [[UInt32]: Term] = [:]
  /// ``literal(_:)`` by string, per compilation: property names and enum values recur
  /// across a schema ("name", "type", the same enum under several properties). Keyed by
  /// exact scalars: `String` equality is canonical equivalence, and JSON tells "é" from
  /// "e\u{301}".
  private var literalMemo: [ExactName: Term] = [:]
  private var exceptOneMemo = [Term?](repeating: nil, count: 128)
  /// ``character(_:)`` of each single ASCII code point, built directly (property names
  /// and literals are mostly ASCII; the general set algebra was a third of compile time).
  private var asciiMemo = [Term?](repeating: nil, count: 128)
  private var fullHexRows = [Term?](repeating: nil, count: 8)

  init(store: TermStore) {
    self.store = store
  }

  /// The memo tables and fixed terms of an encoder, to start another encoder on a copy
  /// of its store (``TermStore/init(copying:)``, same term ids) without rebuilding them.
  struct Snapshot: Sendable {
    fileprivate var memo: [CodePointSet: Term]
    fileprivate var hexDigitMemo: [Int: Term]
    fileprivate var exceptMemo: [[UInt32]: Term]
    fileprivate var asciiMemo: [Term?]
    fileprivate var fullHexRows: [Term?]
    fileprivate var anyCharacter: Term
    fileprivate var nonASCIICharacter: Term
    fileprivate var anyBody: Term
    fileprivate var anyString: Term
    fileprivate var nonASCIIThenAnyBody: Term
  }

  /// Builds the fixed terms and every printable ASCII character, then records the memo
  /// tables.
  func snapshot() -> Snapshot {
    for c in UInt32(0x20)..<0x7F { _ = character(codePoint: c) }
    for h1 in UInt32(0)...7 { _ = fullHexRow(h1) }
    // Key universes leave a trie node with one child by any other character.
    for c in UInt32(0x20)..<0x7F { _ = asciiCharacterExcept([c]) }
    return Snapshot(
      memo: memo, hexDigitMemo: hexDigitMemo, exceptMemo: exceptMemo, asciiMemo: asciiMemo,
      fullHexRows: fullHexRows, anyCharacter: anyCharacter, nonASCIICharacter: nonASCIICharacter,
      anyBody: anyBody, anyString: anyString, nonASCIIThenAnyBody: nonASCIIThenAnyBody)
  }

  /// An encoder on `store`, a copy of the store `snapshot` was taken on.
  init(store: TermStore, snapshot: Snapshot) {
    self.store = store
    memo = snapshot.memo
    hexDigitMemo = snapshot.hexDigitMemo
    exceptMemo = snapshot.exceptMemo
    asciiMemo = snapshot.asciiMemo
    fullHexRows = snapshot.fullHexRows
    anyCharacter = snapshot.anyCharacter
    nonASCIICharacter = snapshot.nonASCIICharacter
    anyBody = snapshot.anyBody
    anyString = snapshot.anyString
    nonASCIIThenAnyBody = snapshot.nonASCIIThenAnyBody
  }

  /// Every encoding of one code point of `set`.
  ///
  /// - Complexity: memoised per set; O(r) terms for r ranges on first use.
  func character(_ set: CodePointSet) -> Term {
    if set.ranges.count == 1, let r = set.ranges.first, r.lowerBound == r.upperBound, r.lowerBound < 0x80 {
      return character(codePoint: r.lowerBound)
    }
    if let t = memo[set] { return t }
    let t = build(set)
    memo[set] = t
    return t
  }

  /// Any one encoded character: the ASCII part built directly, the non-ASCII part shared
  /// with ``nonASCIICharacter`` (the same language as `character(.any)`, built once).
  lazy var anyCharacter: Term = store.union([asciiCharacterExcept([]), nonASCIICharacter])

  /// Any one encoded non-ASCII character.
  lazy var nonASCIICharacter: Term = character(CodePointSet(ranges: [0x80...0x10FFFF]))

  /// Any one encoded character except the code points `excluded`; cheap when they are
  /// ASCII: the non-ASCII part is shared, and the ASCII part is one raw byte set, the
  /// short escapes and `\u00XX` by hex digit pairs.
  func characterExcept(_ excluded: [UInt32]) -> Term {
    guard excluded.allSatisfy({ $0 < 0x80 }) else {
      return character(CodePointSet.any.subtracting(CodePointSet(ranges: excluded.map { $0...$0 })))
    }
    return store.union([asciiCharacterExcept(excluded), nonASCIICharacter])
  }

  /// Any one encoded ASCII character except the code points `excluded` (all below 0x80).
  ///
  /// Kept apart from the non-ASCII part: a union with it would copy its dozens of members
  /// into every term built here (unions flatten), which made key universes a quarter of
  /// the compile time of a typical schema.
  func asciiCharacterExcept(_ excluded: [UInt32]) -> Term {
    let key = excluded.sorted()
    if let t = exceptMemo[key] { return t }
    var out = ByteSet()  // every excluded code point is below 0x80
    for c in key { out.insert(UInt8(c)) }
    // Raw: printable ASCII except `"` and `\`.
    var rawSet = ByteSet()
    for b in UInt8(0x20)...0x7F where b != 0x22 && b != 0x5C && !out.contains(b) { rawSet.insert(b) }
    // Short escapes: one byte set of their letters.
    var letters = ByteSet()
    for (cp, letter) in Self.shortEscapes where !out.contains(UInt8(cp)) { letters.insert(letter) }
    var escaped: [Term] = [store.byteSet(letters)]
    // \u00XX for XX below 0x80 and not excluded, by first hex digit; rows without an
    // excluded code point are shared.
    var pairs: [Term] = []
    for h1 in UInt32(0)...7 {
      if !key.contains(where: { $0 >> 4 == h1 }) {
        pairs.append(fullHexRow(h1))
        continue
      }
      let allowed = (UInt32(0)...15).filter { !out.contains(UInt8(h1 << 4 | $0)) }
      if allowed.isEmpty { continue }
      var second: [Term] = []
      var i = 0
      while i < allowed.count {
        var j = i
        while j + 1 < allowed.count && allowed[j + 1] == allowed[j] + 1 { j += 1 }
        second.append(hex(allowed[i], allowed[j], width: 1))
        i = j + 1
      }
      pairs.append(store.concat([hex(h1, h1, width: 1), store.union(second)]))
    }
    escaped.append(store.concat([store.bytes(Array("u00".utf8)), store.union(pairs)]))
    let t = store.union([store.byteSet(rawSet), store.concat([store.bytes([0x5C]), store.union(escaped)])])
    exceptMemo[key] = t
    return t
  }

  /// `asciiCharacterExcept([c])·anyBody`, memoised by `c` (below 0x80): the branch out of
  /// every single-child node of a key universe's trie.
  private func asciiExceptOneThenAnyBody(_ c: UInt32) -> Term {
    if let t = exceptOneMemo[Int(c)] { return t }
    let t = store.concat([asciiCharacterExcept([c]), anyBody])
    exceptOneMemo[Int(c)] = t
    return t
  }

  /// `h1` followed by any hex digit (one row of `\u00XX`), memoised.
  private func fullHexRow(_ h1: UInt32) -> Term {
    if let t = fullHexRows[Int(h1)] { return t }
    let t = store.concat([hex(h1, h1, width: 1), hexDigits(0, 15)])
    fullHexRows[Int(h1)] = t
    return t
  }

  /// The body (between the quotes) of any JSON string.
  lazy var anyBody: Term = store.star(anyCharacter)

  /// Any JSON string, quotes included.
  lazy var anyString: Term = quoted(anyBody)

  /// One non-ASCII character, then any body.
  private lazy var nonASCIIThenAnyBody: Term = store.concat([nonASCIICharacter, anyBody])

  /// `"` body `"`.
  func quoted(_ body: Term) -> Term {
    let q = store.bytes([0x22])
    return store.concat([q, body, q])
  }

  /// Every encoding of the one code point `c`.
  func character(codePoint c: UInt32) -> Term {
    guard c < 0x80 else { return character(.single(c)) }
    if let t = asciiMemo[Int(c)] { return t }
    // The same language as `build(.single(c))`: raw (when allowed), a short escape (when
    // there is one), and `\u00XX` with hex digits in either case.
    var escaped: [Term] = []
    if let letter = Self.shortEscape(c) { escaped.append(store.bytes([letter])) }
    escaped.append(store.concat([store.bytes(Array("u00".utf8)), hexDigits(c >> 4, c >> 4), hexDigits(c & 15, c & 15)]))
    var parts = [store.concat([store.bytes([0x5C]), store.union(escaped)])]
    if c >= 0x20 && c != 0x22 && c != 0x5C { parts.append(store.bytes([UInt8(c)])) }
    let t = store.union(parts)
    asciiMemo[Int(c)] = t
    return t
  }

  /// The code points with a two-character escape, and its letter (`\n` → `n`).
  private static let shortEscapes: [(UInt32, UInt8)] = [
    (0x22, UInt8(ascii: "\"")), (0x5C, UInt8(ascii: "\\")), (0x2F, UInt8(ascii: "/")),
    (0x08, UInt8(ascii: "b")), (0x0C, UInt8(ascii: "f")), (0x0A, UInt8(ascii: "n")),
    (0x0D, UInt8(ascii: "r")), (0x09, UInt8(ascii: "t")),
  ]

  /// The letter of `c`'s two-character escape, if it has one.
  private static func shortEscape(_ c: UInt32) -> UInt8? {
    shortEscapes.first { $0.0 == c }?.1
  }

  /// Every encoding of the string `s`, quotes included.
  ///
  /// Built as one chain, quotes included (quoting a separately built body would intern
  /// the body's chain and then again the same elements in front of the closing quote).
  func literal(_ s: String) -> Term {
    let key = ExactName(s)
    if let t = literalMemo[key] { return t }
    let q = store.bytes([0x22])
    var parts = [q]
    for u in s.unicodeScalars { parts.append(character(codePoint: u.value)) }
    parts.append(q)
    let t = store.concat(parts)
    literalMemo[key] = t
    return t
  }

  // MARK: Construction

  private func build(_ set: CodePointSet) -> Term {
    if set.isEmpty { return store.empty }
    // Raw UTF-8: everything but `"`, `\` and the controls.
    let mustEscape = CodePointSet(ranges: [0...0x1F, 0x22...0x22, 0x5C...0x5C])
    let raw = set.subtracting(mustEscape)
    var parts: [Term] = [store.codePoints(raw)]

    // Two-character escapes.
    var escaped: [Term] = []
    for (cp, letter) in Self.shortEscapes where set.contains(cp) {
      escaped.append(store.bytes([letter]))
    }

    // \uXXXX for the BMP (surrogates excluded), surrogate pairs above.
    var uForms: [Term] = []
    let bmp = set.intersection(CodePointSet(ranges: [0...0xD7FF, 0xE000...0xFFFF]))
    for r in bmp.ranges {
      uForms.append(hex(r.lowerBound, r.upperBound, width: 4))
    }
    let astral = set.intersection(CodePointSet(ranges: [0x10000...0x10FFFF]))
    for r in astral.ranges {
      uForms.append(contentsOf: surrogatePairs(r.lowerBound, r.upperBound))
    }
    if !uForms.isEmpty {
      escaped.append(store.concat([store.bytes([UInt8(ascii: "u")]), store.union(uForms)]))
    }
    if !escaped.isEmpty {
      parts.append(store.concat([store.bytes([0x5C]), store.union(escaped)]))
    }
    return store.union(parts)
  }

  /// `hi4 \u lo4` for code points `lo...hi` above U+FFFF (after the leading `\u`).
  private func surrogatePairs(_ lo: UInt32, _ hi: UInt32) -> [Term] {
    let a = lo - 0x10000
    let b = hi - 0x10000
    let (h1, l1) = (a >> 10, a & 0x3FF)
    let (h2, l2) = (b >> 10, b & 0x3FF)
    let sep = store.bytes([0x5C, UInt8(ascii: "u")])
    func pair(_ h: ClosedRange<UInt32>, _ l: ClosedRange<UInt32>) -> Term {
      store.concat([
        hex(0xD800 + h.lowerBound, 0xD800 + h.upperBound, width: 4), sep,
        hex(0xDC00 + l.lowerBound, 0xDC00 + l.upperBound, width: 4),
      ])
    }
    if h1 == h2 { return [pair(h1...h1, l1...l2)] }
    var out: [Term] = []
    var midLo = h1
    var midHi = h2
    if l1 != 0 {
      out.append(pair(h1...h1, l1...0x3FF))
      midLo += 1
    }
    if l2 != 0x3FF {
      out.append(pair(h2...h2, 0...l2))
      midHi -= 1
    }
    if midLo <= midHi { out.append(pair(midLo...midHi, 0...0x3FF)) }
    return out
  }

  /// Hex strings of exactly `width` digits (either case) whose value is in `lo...hi`.
  func hex(_ lo: UInt32, _ hi: UInt32, width: Int) -> Term {
    if width == 0 { return store.epsilon }
    let shift = UInt32(4 * (width - 1))
    let mask: UInt32 = shift == 0 ? 0 : (1 << shift) - 1
    let loHead = lo >> shift
    let hiHead = hi >> shift
    let loRest = lo & mask
    let hiRest = hi & mask
    if loHead == hiHead {
      return store.concat([hexDigits(loHead, loHead), hex(loRest, hiRest, width: width - 1)])
    }
    var parts: [Term] = []
    var a = loHead
    var b = hiHead
    if loRest != 0 {
      parts.append(store.concat([hexDigits(loHead, loHead), hex(loRest, mask, width: width - 1)]))
      a += 1
    }
    if hiRest != mask {
      parts.append(store.concat([hexDigits(hiHead, hiHead), hex(0, hiRest, width: width - 1)]))
      b -= 1
    }
    if a <= b {
      parts.append(
        store.concat([hexDigits(a, b), store.repeat(hexDigits(0, 15), min: width - 1, max: width - 1)]))
    }
    return store.union(parts)
  }

  /// One hex digit (either case) with value in `a...b`.
  private func hexDigits(_ a: UInt32, _ b: UInt32) -> Term {
    let key = Int(a) << 8 | Int(b)
    if let t = hexDigitMemo[key] { return t }
    var parts: [Term] = []
    if a <= 9 { parts.append(store.byteRange(0x30 + UInt8(a), 0x30 + UInt8(min(b, 9)))) }
    if b >= 10 {
      let lo = UInt8(max(a, 10) - 10)
      let hi = UInt8(b - 10)
      parts.append(store.byteRange(UInt8(ascii: "a") + lo, UInt8(ascii: "a") + hi))
      parts.append(store.byteRange(UInt8(ascii: "A") + lo, UInt8(ascii: "A") + hi))
    }
    let t = store.union(parts)
    hexDigitMemo[key] = t
    return t
  }
}

extension JSONStringEncoder {
  /// Every string (quotes included) whose decoded content is none of `words`, built
  /// without complement: a trie of the words where each node also allows leaving the
  /// trie by a character outside its children.
  ///
  /// The trie is not materialised: with the words as sorted scalar arrays, the words below
  /// a node are one contiguous range, so a node is (range, depth). (A trie of objects with
  /// a dictionary per node cost more than the terms it described.)
  ///
  /// - Complexity: O(total length of the words) terms.
  func anyStringExcept(_ words: [String]) -> Term {
    if words.isEmpty { return anyString }
    var sorted = words.map { $0.unicodeScalars.map(\.value) }
    sorted.sort { $0.lexicographicallyPrecedes($1) }
    var distinct: [[UInt32]] = []
    distinct.reserveCapacity(sorted.count)
    for w in sorted where distinct.last != w { distinct.append(w) }
    // Post-order over the nodes without recursion (words can be long). A frame is the
    // range `lo..<hi` of words that share their first `depth` scalars; `children` is nil
    // until the frame's children are pushed. Finished nodes leave (edge scalar, term) on
    // `done`, in order, for their parent to take.
    var stack: [(lo: Int, hi: Int, depth: Int, children: Int?)] = [(0, distinct.count, 0, nil)]
    var done: [(edge: UInt32, term: Term)] = []
    while let (lo, hi, depth, children) = stack.popLast() {
      let edge = depth > 0 ? distinct[lo][depth - 1] : 0
      if let k = children {
        let below = Array(done[(done.count - k)...])
        done.removeLast(k)
        done.append((edge, trieNode(terminal: distinct[lo].count == depth, children: below)))
        continue
      }
      if hi - lo == 1 {
        // One word below: the rest of it is a chain of single-child nodes, and the same
        // rest recurs across the key universes of one schema ("name", "apiVersion").
        done.append((edge, trieChain(distinct[lo][depth...])))
        continue
      }
      var ranges: [(Int, Int)] = []
      var i = distinct[lo].count == depth ? lo + 1 : lo
      while i < hi {
        let c = distinct[i][depth]
        var j = i + 1
        while j < hi && distinct[j][depth] == c { j += 1 }
        ranges.append((i, j))
        i = j
      }
      stack.append((lo, hi, depth, ranges.count))
      for (a, b) in ranges.reversed() { stack.append((a, b, depth + 1, nil)) }
    }
    return quoted(done.last?.term ?? anyBody)
  }

  /// The key-universe language below a trie node that spells one remaining word, memoised
  /// by that rest (exact scalars).
  private func trieChain(_ rest: ArraySlice<UInt32>) -> Term {
    let key = Array(rest)
    if let t = chainMemo[key] { return t }
    var t = trieNode(terminal: true, children: [])
    for c in rest.reversed() { t = trieNode(terminal: false, children: [(c, t)]) }
    chainMemo[key] = t
    return t
  }

  /// One trie node's language: the end of the string unless a word ends here, each child
  /// scalar followed by its node's language, or any other character followed by anything.
  private func trieNode(terminal: Bool, children: [(edge: UInt32, term: Term)]) -> Term {
    var parts: [Term] = []
    if !terminal { parts.append(store.epsilon) }
    for (c, t) in children { parts.append(store.concat([character(codePoint: c), t])) }
    let scalars = children.map(\.edge)
    // (A ∪ N)·body = A·body ∪ N·body: the non-ASCII branch is one shared term.
    if scalars.count == 1, scalars[0] < 0x80 {
      parts.append(asciiExceptOneThenAnyBody(scalars[0]))
      parts.append(nonASCIIThenAnyBody)
    } else if scalars.allSatisfy({ $0 < 0x80 }) {
      parts.append(store.concat([asciiCharacterExcept(scalars), anyBody]))
      parts.append(nonASCIIThenAnyBody)
    } else {
      parts.append(store.concat([characterExcept(scalars), anyBody]))
    }
    return store.union(parts)
  }
}
