/// The storage behind a ``TermStore``: the hash-consed nodes, their cached properties
/// and the memo tables of derivatives and liveness.
///
/// A value type so that the store can keep it inside one `Mutex`; every method here runs
/// with that lock held.
package struct TermArena {
  /// Flag bit: the term contains an `intersection` or `complement` node.
  static let hasBooleanFlag: UInt8 = 1

  package private(set) var nodes: [TermNode] = []
  private(set) var nullable: [Bool] = []
  private(set) var flags: [UInt8] = []
  private var index = NodeIndex()
  /// A lower bound of the length of the term's shortest string (exact without
  /// intersection or complement), saturating; guides the liveness search.
  private(set) var minLengths: [UInt32] = []
  /// A superset of the bytes that start each term's non-empty strings.
  private(set) var firstBytes: [FirstBytes] = []
  var derivativeMemo = U64Table()
  /// ``concat(_:)`` results by (chain id, tail id).
  private var concatMemo = U64Table()
  /// Liveness decided by a search, per term id: 0 unknown, 1 live, 2 empty.
  var livenessMemo: [UInt8] = []
  /// Terms whose quick liveness check came out undecided during the current top-level
  /// check: the check walks a DAG, and without this an undecided subterm shared by many
  /// paths was walked once per path.
  var quickUndecided = GenerationStamps()
  /// The same for the searching check, per search budget (a search that hit its budget
  /// would hit it again).
  var searchUndecided = GenerationStamps()
  var codePointMemo: [CodePointSet: Term] = [:]
  /// The terms visited by the current ``firstPositionSets(of:)``.
  var firstPositionVisits = GenerationStamps()

  package static let emptyTerm = Term(id: 0)
  package static let epsilonTerm = Term(id: 1)
  package static let anyByteTerm = Term(id: 2)
  package static let anyByteStringTerm = Term(id: 3)

  init() {
    _ = intern(.empty)
    _ = intern(.epsilon)
    _ = intern(.bytes(.full))
    _ = intern(.star(Self.anyByteTerm))
  }

  var count: Int { nodes.count }

  @inline(__always) package func node(_ t: Term) -> TermNode { nodes[Int(t.id)] }
  @inline(__always) func isNullable(_ t: Term) -> Bool { nullable[Int(t.id)] }
  @inline(__always) func minLength(_ t: Term) -> UInt32 { minLengths[Int(t.id)] }
  /// Whether some string of `t` may start with `b` (false: the derivative by `b` is ∅).
  @inline(__always) func mayStart(_ t: Term, with b: UInt8) -> Bool { firstBytes[Int(t.id)].mayStart(b) }
  static let infiniteLength = UInt32.max / 4
  @inline(__always) static func addLengths(_ a: UInt32, _ b: UInt32) -> UInt32 {
    min(infiniteLength, a + b)
  }
  @inline(__always) func hasBoolean(_ t: Term) -> Bool {
    flags[Int(t.id)] & Self.hasBooleanFlag != 0
  }

  /// Returns the id of `node`, adding it if new.
  private mutating func intern(_ node: TermNode) -> Term {
    let hash = NodeIndex.hash(node)
    if let id = index.find(node, hash: hash, in: nodes) { return Term(id: id) }
    let id = UInt32(nodes.count)
    let n: Bool
    var f: UInt8 = 0
    let length: UInt32
    var first = FirstBytes.none
    switch node {
    case .empty:
      n = false
      length = Self.infiniteLength
    case .bytes(let s):
      n = false
      length = 1
      first = FirstBytes(s)
    case .epsilon:
      n = true
      length = 0
    case .concat(let a, let b):
      n = isNullable(a) && isNullable(b)
      f = flags[Int(a.id)] | flags[Int(b.id)]
      length = Self.addLengths(minLength(a), minLength(b))
      first = firstBytes[Int(a.id)]
      if isNullable(a) { first = first.union(firstBytes[Int(b.id)]) }
    case .union(let ms):
      n = ms.contains { isNullable($0) }
      for m in ms {
        f |= flags[Int(m.id)]
        first = first.union(firstBytes[Int(m.id)])
      }
      length = ms.map { minLength($0) }.min() ?? Self.infiniteLength
    case .intersection(let ms):
      n = ms.allSatisfy { isNullable($0) }
      f = Self.hasBooleanFlag
      length = ms.map { minLength($0) }.max() ?? 0
      first = .all
      for m in ms { first = first.intersection(firstBytes[Int(m.id)]) }
    case .complement(let a):
      n = !isNullable(a)
      f = Self.hasBooleanFlag
      length = n ? 0 : 1
      first = .all
    case .star(let a):
      n = true
      f = flags[Int(a.id)]
      length = 0
      first = firstBytes[Int(a.id)]
    case .repeat(let a, let lo, _):
      n = lo == 0 || isNullable(a)
      f = flags[Int(a.id)]
      length = UInt32(min(UInt64(Self.infiniteLength), UInt64(minLength(a)) * UInt64(lo)))
      first = firstBytes[Int(a.id)]
    }
    nodes.append(node)
    firstBytes.append(first)
    nullable.append(n)
    flags.append(f)
    minLengths.append(length)
    livenessMemo.append(0)
    index.insert(id, hash: hash)
    return Term(id: id)
  }

  // MARK: Smart constructors

  mutating func bytes(_ set: ByteSet) -> Term {
    set.isEmpty ? Self.emptyTerm : intern(.bytes(set))
  }

  /// The concatenation of `ts`, flattened (right-nested), with ∅ absorbing and ε dropped.
  mutating func concat(_ ts: [Term]) -> Term {
    // The last operand is kept whole: every concat node is already a flattened chain
    // under these rules, and unrolling it would re-intern all of it (a member before a
    // long object body cost time linear in the body).
    var end = ts.count
    var last: Term? = nil
    while end > 0, last == nil {
      end -= 1
      switch ts[end] {
      case Self.emptyTerm: return Self.emptyTerm
      case Self.epsilonTerm: continue
      default: last = ts[end]
      }
    }
    guard var acc = last else { return Self.epsilonTerm }
    if ts[..<end].contains(Self.emptyTerm) { return Self.emptyTerm }
    for t in ts[..<end].reversed() where t != Self.epsilonTerm {
      acc = prependChain(t, to: acc)
    }
    return acc
  }

  /// `t·acc` with `t`'s chain unrolled onto `acc`, memoised per (t, acc) when `t` is a
  /// chain: lowering concatenates the same key, separator and value chains onto the same
  /// tails again and again, and re-interning every element was most of the interning.
  private mutating func prependChain(_ t: Term, to acc: Term) -> Term {
    guard case .concat = node(t) else { return prepend(t, to: acc) }
    let key = UInt64(t.id) << 32 | UInt64(acc.id)
    if let known = concatMemo[key] { return Term(id: known) }
    var items: [Term] = []
    var cur = t
    while case .concat(let h, let tail) = node(cur) {
      items.append(h)
      cur = tail
    }
    var result = prepend(cur, to: acc)
    while let h = items.popLast() { result = prepend(h, to: result) }
    concatMemo[key] = result.id
    return result
  }

  /// `h·acc` for an element `h` that is not itself a concatenation.
  @inline(__always)
  private mutating func prepend(_ h: Term, to acc: Term) -> Term {
    // x*·x* = x* (keeps search-mode and nested-star states small).
    if h == acc, case .star = node(h) { return acc }
    if case .concat(let h2, _) = node(acc), h2 == h, case .star = node(h) { return acc }
    return intern(.concat(h, acc))
  }

  mutating func concat2(_ a: Term, _ b: Term) -> Term {
    if a == Self.emptyTerm || b == Self.emptyTerm { return Self.emptyTerm }
    if a == Self.epsilonTerm { return b }
    if b == Self.epsilonTerm { return a }
    if case .concat = node(a) { return concat([a, b]) }
    if case .star = node(a), a == b { return a }
    if case .star = node(a), case .concat(let h, _) = node(b), h == a { return b }
    return intern(.concat(a, b))
  }

  /// The union of `ts`: flattened, ∅ dropped, Σ* absorbing, byte sets merged, sorted.
  mutating func union(_ ts: [Term]) -> Term {
    var parts = UnionParts(capacity: ts.count)
    // One level of flattening is enough: a union's members are never unions. (Iterating
    // `ts` in place, not through a stack copy, saves an allocation per derivative.)
    for t in ts {
      let n = node(t)
      if case .union(let ms) = n {
        for m in ms { parts.add(m, node(m)) }
      } else {
        parts.add(t, n)
      }
      if parts.absorbed { return Self.anyByteStringTerm }
    }
    // Taken out of `parts`, so that sorting and appending do not copy a shared array.
    var members: [Term] = []
    swap(&members, &parts.members)
    if parts.hasBytes { members.append(bytes(parts.bytes)) }
    if members.count > 1 { members = mergeRepeats(members) }
    // ε is redundant next to a nullable member.
    if parts.hasEpsilon, !members.contains(where: { isNullable($0) }) {
      members.append(Self.epsilonTerm)
    }
    members.sort()
    Self.dedupSorted(&members)
    switch members.count {
    case 0: return Self.emptyTerm
    case 1: return members[0]
    default: return intern(.union(members))
    }
  }

  /// The operands of a union being built, sorted by kind.
  private struct UnionParts {
    var members: [Term] = []
    var bytes = ByteSet()
    var hasBytes = false
    var hasEpsilon = false
    /// Σ* was among them: it absorbs the union.
    var absorbed = false

    init(capacity: Int) { members.reserveCapacity(capacity) }

    @inline(__always)
    mutating func add(_ t: Term, _ node: TermNode) {
      switch node {
      case .empty: break
      case .epsilon: hasEpsilon = true
      case .bytes(let s):
        bytes = bytes.union(s)
        hasBytes = true
      default:
        if t == TermArena.anyByteStringTerm { absorbed = true }
        members.append(t)
      }
    }
  }

  /// The operands of an intersection being built, sorted by kind (``UnionParts``' dual).
  private struct IntersectionParts {
    var members: [Term] = []
    var bytes = ByteSet.full
    var hasBytes = false
    var hasEpsilon = false
    /// ∅ was among them: it absorbs the intersection.
    var isEmpty = false

    init(capacity: Int) { members.reserveCapacity(capacity) }

    @inline(__always)
    mutating func add(_ t: Term, _ node: TermNode) {
      switch node {
      case .empty: isEmpty = true
      case .epsilon: hasEpsilon = true
      case .bytes(let s):
        bytes = bytes.intersection(s)
        hasBytes = true
      default:
        if t != TermArena.anyByteStringTerm { members.append(t) }
      }
    }
  }

  /// The intersection of `ts`: flattened, ∅ absorbing, Σ* dropped, byte sets intersected,
  /// `x ∧ ¬x` = ∅, sorted.
  mutating func intersection(_ ts: [Term]) -> Term {
    var parts = IntersectionParts(capacity: ts.count)
    // One level of flattening is enough (an intersection's members are never
    // intersections); `ts` is read in place, as in `union`.
    for t in ts {
      let n = node(t)
      if case .intersection(let ms) = n {
        for m in ms { parts.add(m, node(m)) }
      } else {
        parts.add(t, n)
      }
      if parts.isEmpty { return Self.emptyTerm }
    }
    // Taken out of `parts`, so that sorting and appending do not copy a shared array.
    var members: [Term] = []
    swap(&members, &parts.members)
    if parts.hasEpsilon {
      // ε ∧ X is ε when every X is nullable, ∅ otherwise.
      return !parts.hasBytes && members.allSatisfy({ isNullable($0) }) ? Self.epsilonTerm : Self.emptyTerm
    }
    if parts.hasBytes {
      if parts.bytes.isEmpty { return Self.emptyTerm }
      members.append(bytes(parts.bytes))
    }
    members.sort()
    Self.dedupSorted(&members)
    if members.count > 1 {
      // `members` is sorted: a binary search per complement, not a hashed set per call
      // (this runs for every derivative of an intersection).
      for m in members {
        if case .complement(let inner) = node(m), Self.sortedContains(members, inner) { return Self.emptyTerm }
      }
    }
    switch members.count {
    case 0: return Self.anyByteStringTerm
    case 1: return members[0]
    default: return intern(.intersection(members))
    }
  }

  /// The complement relative to Σ* (all byte strings).
  mutating func complement(_ t: Term) -> Term {
    if t == Self.emptyTerm { return Self.anyByteStringTerm }
    if t == Self.anyByteStringTerm { return Self.emptyTerm }
    if case .complement(let inner) = node(t) { return inner }
    return intern(.complement(t))
  }

  mutating func star(_ t: Term) -> Term {
    switch node(t) {
    case .empty, .epsilon: return Self.epsilonTerm
    case .star: return t
    case .union(let ms) where ms.contains(Self.epsilonTerm):
      // (ε ∪ x)* = x*
      return star(union(ms.filter { $0 != Self.epsilonTerm }))
    default: return intern(.star(t))
    }
  }

  /// `t{min,max}`; `max == nil` is unbounded. Requires `0 <= min <= max`.
  mutating func `repeat`(_ t: Term, min: Int, max: Int?) -> Term {
    var lo = min
    let hi = max
    if let hi, hi < lo { return Self.emptyTerm }
    if isNullable(t) { lo = 0 }
    switch node(t) {
    case .empty: return lo == 0 ? Self.epsilonTerm : Self.emptyTerm
    case .epsilon: return Self.epsilonTerm
    case .star: return hi == 0 ? Self.epsilonTerm : t
    default: break
    }
    switch (lo, hi) {
    case (0, 0): return Self.epsilonTerm
    case (1, 1): return t
    case (0, nil): return star(t)
    default:
      return intern(
        .repeat(t, min: Int32(clamping: lo), max: hi.map { Int32(clamping: $0) } ?? -1))
    }
  }

  /// Whether the sorted array `a` holds `t`.
  private static func sortedContains(_ a: [Term], _ t: Term) -> Bool {
    var lo = 0
    var hi = a.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if a[mid] < t { lo = mid + 1 } else { hi = mid }
    }
    return lo < a.count && a[lo] == t
  }

  /// Drops repeated terms from a sorted array, in place.
  private static func dedupSorted(_ a: inout [Term]) {
    guard a.count > 1 else { return }
    var kept = 1
    for i in 1..<a.count where a[i] != a[kept - 1] {
      a[kept] = a[i]
      kept += 1
    }
    a.removeLast(a.count - kept)
  }
}
