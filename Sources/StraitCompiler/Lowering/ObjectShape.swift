import StraitAutomata

/// The member structure of an object language in canonical order: one slot per location
/// key, then any number of additional members, with count bounds and dependencies.
struct ObjectShape {
  struct Slot {
    /// `"key" ws : ws value`, or ∅ when the member cannot appear.
    var member: Term
    var required: Bool
  }

  var slots: [Slot] = []
  /// One additional member (a key outside the slots); ∅ when none is allowed.
  var additional: Term
  var minProperties = 0
  var maxProperties: Int? = nil
  /// `requires[a]`: the slots that must be present when slot `a` is.
  var requires: [Int: [Int]] = [:]
}

/// The element structure of an array language: positional items, then a uniform rest,
/// with length bounds and at most one `contains` counter.
struct ArrayShape {
  struct Item {
    /// The item, or (with a `contains` counter) the item when it does not match.
    var plain: Term
    /// With a `contains` counter: the item when it matches.
    var matching: Term
  }

  var prefix: [Item] = []
  /// Items after the prefix; `plain == ∅` when there may be none.
  var rest: Item
  var minItems = 0
  var maxItems: Int? = nil
  /// The `contains` bounds, when counted.
  var contains: (min: Int, max: Int?)? = nil
}

extension Lowerer {
  /// The language of objects of `shape`.
  ///
  /// - Complexity: O(slots × count bound) terms without dependencies; with them, one
  ///   term per reachable (slot, count, pending obligations) state.
  func objectTerm(_ shape: ObjectShape) -> Term {
    let requiredSlot = shape.slots.contains { $0.required }
    let emptyAllowed = shape.minProperties == 0 && !requiredSlot
    let minP = max(shape.minProperties, 1)
    if let maxP = shape.maxProperties, maxP < minP {
      return emptyAllowed ? lex.emptyObject : store.empty
    }
    let body = shape.requires.isEmpty ? objectBodySimple(shape, minP: minP) : objectBodyWithDependencies(shape, minP: minP)
    var parts: [Term] = []
    if emptyAllowed { parts.append(lex.emptyObject) }
    if body != store.empty {
      parts.append(store.concat([lex.openBrace, lex.ws, body, lex.ws, lex.closeBrace]))
    }
    return store.union(parts)
  }

  /// The members after the slots, `c` members having been written.
  private func additionalTail(_ shape: ObjectShape, count c: Int, minP: Int) -> Term {
    let lo = max(0, minP - c)
    let hi = shape.maxProperties.map { $0 - c }
    let a = shape.additional
    if let hi, hi < lo { return store.empty }
    if a == store.empty || hi == 0 { return lo == 0 ? store.epsilon : store.empty }
    let more = store.concat([lex.comma, a])
    if c == 0 {
      let tail = store.concat([a, store.repeat(more, min: max(lo - 1, 0), max: hi.map { $0 - 1 })])
      return lo == 0 ? store.union([store.epsilon, tail]) : tail
    }
    return store.repeat(more, min: lo, max: hi)
  }

  private func objectBodySimple(_ shape: ObjectShape, minP: Int) -> Term {
    if shape.maxProperties == nil && minP <= 1 { return objectBodyLinear(shape) }
    let cap = shape.maxProperties ?? minP
    let n = shape.slots.count
    var next = (0...cap).map { additionalTail(shape, count: $0, minP: minP) }
    for i in stride(from: n - 1, through: 0, by: -1) {
      let slot = shape.slots[i]
      var cur = [Term](repeating: store.empty, count: cap + 1)
      for c in 0...cap {
        var parts: [Term] = []
        if !slot.required { parts.append(next[c]) }
        if slot.member != store.empty, shape.maxProperties.map({ c + 1 <= $0 }) ?? true {
          let after = next[min(c + 1, cap)]
          if after != store.empty {
            parts.append(store.concat([c == 0 ? store.epsilon : lex.comma, slot.member, after]))
          }
        }
        cur[c] = store.union(parts)
      }
      next = cur
    }
    return next[0]
  }

  /// The non-empty bodies without count bounds, in terms linear in the number of slots:
  /// after the first member every slot is `(ws , ws member)?` (or required), and the first
  /// member is one of the slots up to the first required one, or an additional member.
  private func objectBodyLinear(_ shape: ObjectShape) -> Term {
    let n = shape.slots.count
    // after[i]: the members from slot i on, at least one member already written.
    var parts: [Term] = []
    for slot in shape.slots {
      let one = slot.member == store.empty ? store.empty : store.concat([lex.comma, slot.member])
      parts.append(slot.required ? one : store.optional(one))
    }
    parts.append(additionalTail(shape, count: 1, minP: 1))
    let after = suffixes(parts)
    _ = n
    var firsts: [Term] = []
    var allOptional = true
    for (i, slot) in shape.slots.enumerated() {
      if slot.member != store.empty { firsts.append(store.concat([slot.member, after[i + 1]])) }
      if slot.required {
        allOptional = false
        break
      }
    }
    if allOptional {
      // No slot written: at least one additional member.
      firsts.append(additionalTail(shape, count: 0, minP: 1))
    }
    return store.union(firsts)
  }

  private func objectBodyWithDependencies(_ shape: ObjectShape, minP: Int) -> Term {
    let cap = shape.maxProperties ?? minP
    let n = shape.slots.count
    // requiredBy[b]: slots after b that need b (skipping b forbids them).
    var requiredBy: [Int: [Int]] = [:]
    for (a, bs) in shape.requires { for b in bs where b < a { requiredBy[b, default: []].append(a) } }
    var memo: [ObjectKey: Term] = [:]
    // Iterative depth-first evaluation of the recursive definition.
    func eval(_ root: ObjectKey) -> Term {
      var stack: [(ObjectKey, Bool)] = [(root, false)]
      while let (key, expanded) = stack.popLast() {
        if memo[key] != nil { continue }
        let i = key.slot
        if i == n {
          memo[key] = key.mustHave.isEmpty ? additionalTail(shape, count: key.count, minP: minP) : store.empty
          continue
        }
        let slot = shape.slots[i]
        let mustHave = Set(key.mustHave)
        let mustNot = Set(key.mustNot)
        let canSkip = !slot.required && !mustHave.contains(i)
        let canEmit =
          slot.member != store.empty && !mustNot.contains(i)
          && (shape.maxProperties.map { key.count + 1 <= $0 } ?? true)
        var skipKey: ObjectKey? = nil
        var emitKey: ObjectKey? = nil
        if canSkip {
          var nn = mustNot
          for a in requiredBy[i] ?? [] { nn.insert(a) }
          skipKey = ObjectKey(slot: i + 1, count: key.count, mustHave: key.mustHave.filter { $0 > i }, mustNot: nn.filter { $0 > i }.sorted())
        }
        if canEmit {
          var hh = mustHave
          hh.remove(i)
          for b in shape.requires[i] ?? [] where b > i { hh.insert(b) }
          emitKey = ObjectKey(
            slot: i + 1, count: min(key.count + 1, cap), mustHave: hh.filter { $0 > i }.sorted(),
            mustNot: key.mustNot.filter { $0 > i })
        }
        let pending = [skipKey, emitKey].compactMap { $0 }.filter { memo[$0] == nil }
        if !expanded && !pending.isEmpty {
          stack.append((key, true))
          for p in pending { stack.append((p, false)) }
          continue
        }
        var parts: [Term] = []
        if let skipKey, let t = memo[skipKey] { parts.append(t) }
        if let emitKey, let t = memo[emitKey], t != store.empty {
          parts.append(store.concat([key.count == 0 ? store.epsilon : lex.comma, slot.member, t]))
        }
        memo[key] = store.union(parts)
      }
      return memo[root] ?? store.empty
    }
    return eval(ObjectKey(slot: 0, count: 0, mustHave: [], mustNot: []))
  }

  /// `concat(parts[i...])` for every i (and the empty suffix), in time linear in the total
  /// length: the smart constructor flattens concatenations, so building the suffixes one by
  /// one would walk the growing chain each time (quadratic for objects with hundreds of
  /// members). The whole chain is built once and cut at the part boundaries.
  func suffixes(_ parts: [Term]) -> [Term] {
    let full = store.concat(parts)
    func heads(_ t: Term) -> Int {
      if t == store.epsilon { return 0 }
      var n = 0
      var cur = t
      while case .concat(_, let tail) = store.node(cur) {
        n += 1
        cur = tail
      }
      return n + 1
    }
    let lengths = parts.map(heads)
    var out: [Term] = []
    out.reserveCapacity(parts.count + 1)
    if parts.contains(store.empty) || heads(full) != lengths.reduce(0, +) {
      // ∅ absorbed the chain, or the constructor merged neighbours (x*·x*): build each
      // suffix directly.
      for i in parts.indices { out.append(store.concat(Array(parts[i...]))) }
      out.append(store.epsilon)
      return out
    }
    var cur = full
    for len in lengths {
      out.append(cur)
      for _ in 0..<len {
        if case .concat(_, let tail) = store.node(cur) { cur = tail } else { cur = store.epsilon }
      }
    }
    out.append(store.epsilon)
    return out
  }

  /// The language of arrays of `shape`.
  ///
  /// - Complexity: O(unrolled positions × contains bound) terms; positions are unrolled up
  ///   to the longest prefix or `minItems` (up to `maxItems` with a `contains` counter),
  ///   the rest is one repetition.
  func arrayTerm(_ shape: ArrayShape) -> Term {
    let minC = shape.contains?.min ?? 0
    let maxC = shape.contains?.max
    let emptyAllowed = shape.minItems == 0 && minC == 0
    let minI = max(shape.minItems, 1)
    if let maxI = shape.maxItems, maxI < minI {
      return emptyAllowed ? lex.emptyArray : store.empty
    }
    if let maxC, maxC < minC { return store.empty }
    let p = shape.prefix.count
    let counting = shape.contains != nil
    // Positions below `explicitEnd` are unrolled; from there on the rest is uniform (a
    // counted repetition: unrolling would copy the item's term once per position).
    var explicitEnd = counting ? max(p, minI) : max(p, 1)
    if counting, let maxI = shape.maxItems { explicitEnd = maxI }
    if let maxI = shape.maxItems { explicitEnd = min(explicitEnd, maxI) }
    let cap = counting ? (maxC ?? minC) : 0
    func item(_ i: Int) -> ArrayShape.Item { i < p ? shape.prefix[i] : shape.rest }

    // next[m]: the language from position i+1 with m matches so far.
    var next = [Term](repeating: store.empty, count: cap + 1)
    let i0 = explicitEnd
    for m in 0...cap {
      if let maxI = shape.maxItems, i0 == maxI {
        next[m] = (i0 >= minI && m >= minC) ? store.epsilon : store.empty
        continue
      }
      // Uniform rest from position i0 (>= 1; >= minItems when counting).
      let hi = shape.maxItems.map { $0 - i0 }
      if !counting {
        let lo = max(0, minI - i0)
        if shape.rest.plain == store.empty {
          next[m] = lo == 0 ? store.epsilon : store.empty
        } else {
          next[m] = store.repeat(store.concat([lex.comma, shape.rest.plain]), min: lo, max: hi)
        }
        continue
      }
      // (N* M){lo,hi} N*: the remaining matches (maxItems is nil here).
      let nTerm = store.concat([lex.comma, shape.rest.plain])
      let mTerm = store.concat([lex.comma, shape.rest.matching])
      let lo = max(0, minC - m)
      let hiC = maxC.map { $0 - m }
      let matchesPart = store.repeat(store.concat([store.star(nTerm), mTerm]), min: lo, max: hiC)
      next[m] = store.concat([matchesPart, store.star(nTerm)])
    }
    if i0 == 0 { return emptyAllowed ? lex.emptyArray : store.empty }
    for i in stride(from: i0 - 1, through: 0, by: -1) {
      var cur = [Term](repeating: store.empty, count: cap + 1)
      let it = item(i)
      let sep = i == 0 ? store.epsilon : lex.comma
      for m in 0...cap {
        var parts: [Term] = []
        if i >= minI && m >= minC { parts.append(store.epsilon) }
        if counting {
          parts.append(store.concat([sep, it.plain, next[m]]))
          if maxC.map({ m + 1 <= $0 }) ?? true {
            parts.append(store.concat([sep, it.matching, next[min(m + 1, cap)]]))
          }
        } else {
          parts.append(store.concat([sep, it.plain, next[m]]))
        }
        cur[m] = store.union(parts)
      }
      next = cur
    }
    var parts: [Term] = []
    if emptyAllowed { parts.append(lex.emptyArray) }
    if next[0] != store.empty { parts.append(lex.nonEmptyArray(body: next[0])) }
    return store.union(parts)
  }
}
