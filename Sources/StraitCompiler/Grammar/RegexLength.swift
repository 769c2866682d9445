import StraitAutomata

/// The lengths (in code points) of the strings a regex matches.
enum RegexLength {
  /// The shortest and longest match of `node` (full match; anchors are zero-width).
  static func bounds(_ node: RegexNode) -> (min: Int, max: Int?) {
    switch node {
    case .empty, .startAnchor, .endAnchor: return (0, 0)
    case .charSet(let s): return s.isEmpty ? (Int.max / 4, 0) : (1, 1)
    case .group(let n): return bounds(n)
    case .concat(let items):
      var lo = 0
      var hi: Int? = 0
      for i in items {
        let b = bounds(i)
        lo = min(lo + b.min, Int.max / 4)
        hi = hi.flatMap { h in b.max.map { h + $0 } }
      }
      return (lo, hi)
    case .alternation(let branches):
      var lo = Int.max / 4
      var hi: Int? = 0
      for br in branches {
        let b = bounds(br)
        lo = min(lo, b.min)
        hi = hi.flatMap { h in b.max.map { max(h, $0) } }
      }
      return (lo, hi)
    case .repeat(let n, let lo, let hi):
      let b = bounds(n)
      let mn = min(b.min * lo, Int.max / 4)
      guard let hi else { return (mn, b.max == 0 ? 0 : nil) }
      return (mn, b.max.map { $0 * hi })
    }
  }

  /// Length bounds of the strings a pattern matches with search semantics: the match
  /// may be surrounded by any text unless anchored at both ends of every branch.
  static func searchBounds(_ node: RegexNode) -> (min: Int, max: Int?) {
    let b = bounds(node)
    return (b.min, anchoredBothEnds(node) ? b.max : nil)
  }

  /// Whether every match must start at `^` and end at `$` (a conservative check).
  static func anchoredBothEnds(_ node: RegexNode) -> Bool {
    switch node {
    case .group(let n): return anchoredBothEnds(n)
    case .alternation(let branches): return branches.allSatisfy(anchoredBothEnds)
    case .concat(let items):
      guard let first = items.first, let last = items.last else { return false }
      return startsWithAnchor(first) && endsWithAnchor(last)
    default: return false
    }
  }

  private static func startsWithAnchor(_ n: RegexNode) -> Bool {
    switch n {
    case .startAnchor: return true
    case .group(let g): return startsWithAnchor(g)
    case .concat(let items): return items.first.map(startsWithAnchor) ?? false
    case .alternation(let bs): return bs.allSatisfy(startsWithAnchor)
    default: return false
    }
  }

  private static func endsWithAnchor(_ n: RegexNode) -> Bool {
    switch n {
    case .endAnchor: return true
    case .group(let g): return endsWithAnchor(g)
    case .concat(let items): return items.last.map(endsWithAnchor) ?? false
    case .alternation(let bs): return bs.allSatisfy(endsWithAnchor)
    default: return false
    }
  }
}
