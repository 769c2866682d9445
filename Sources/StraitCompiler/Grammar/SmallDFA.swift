import StraitAutomata

/// A small explicit DFA over a few byte-set symbols, turned into a regular term.
///
/// Used for languages that are easiest to state as an automaton (residue counters for
/// `multipleOf`). The DFA is minimised (Moore's partition refinement) and then converted
/// by state elimination; the term is linear in the number of eliminated paths, so callers
/// keep the state count small (tens of states).
struct SmallDFA {
  /// The symbols: each a set of bytes, pairwise disjoint.
  var symbols: [Term]
  /// `transitions[state][symbol]`: the target, or -1 (no transition).
  var transitions: [[Int]]
  var accepting: [Bool]
  var start: Int

  /// The number of states.
  var stateCount: Int { transitions.count }

  init(symbols: [Term], stateCount: Int, start: Int) {
    self.symbols = symbols
    transitions = Array(repeating: Array(repeating: -1, count: symbols.count), count: stateCount)
    accepting = Array(repeating: false, count: stateCount)
    self.start = start
  }

  /// The equivalent minimal DFA (unreachable states dropped, equivalent states merged).
  func minimized() -> SmallDFA {
    // Co-reachable states (those that can still accept); the others become "no transition".
    var live = Set(accepting.indices.filter { accepting[$0] })
    var changed = true
    while changed {
      changed = false
      for s in transitions.indices where !live.contains(s) {
        if transitions[s].contains(where: { $0 >= 0 && live.contains($0) }) {
          live.insert(s)
          changed = true
        }
      }
    }
    // Reachable live states.
    guard live.contains(start) else { return SmallDFA(symbols: symbols, stateCount: 1, start: 0) }
    var reach = [start]
    var seen: Set<Int> = [start]
    var k = 0
    while k < reach.count {
      for t in transitions[reach[k]] where t >= 0 && live.contains(t) && seen.insert(t).inserted {
        reach.append(t)
      }
      k += 1
    }
    // Moore refinement; -1 (dead) is its own class.
    var cls = [Int: Int]()
    for s in reach { cls[s] = accepting[s] ? 1 : 0 }
    var count = Set(cls.values).count
    while true {
      var signatures: [[Int]: Int] = [:]
      var next = [Int: Int]()
      for s in reach {
        var sig = [cls[s] ?? 0]
        for t in transitions[s] { sig.append(t < 0 || !live.contains(t) ? -1 : cls[t] ?? -1) }
        if let c = signatures[sig] {
          next[s] = c
        } else {
          let c = signatures.count
          signatures[sig] = c
          next[s] = c
        }
      }
      cls = next
      if signatures.count == count { break }
      count = signatures.count
    }
    var out = SmallDFA(symbols: symbols, stateCount: count, start: cls[start] ?? 0)
    for s in reach {
      guard let c = cls[s] else { continue }
      out.accepting[c] = accepting[s]
      for (i, t) in transitions[s].enumerated() {
        out.transitions[c][i] = t < 0 || !live.contains(t) ? -1 : (cls[t] ?? -1)
      }
    }
    return out
  }

  /// The language as a term, by state elimination.
  ///
  /// States are eliminated cheapest first (fewest paths through them), with predecessor
  /// and successor maps kept up to date.
  ///
  /// - Parameter workLimit: the most path combinations to build; nil when exceeded.
  /// - Complexity: O(Σ in(q)·out(q)) term constructions over the eliminated states.
  func term(in store: TermStore, workLimit: Int = Int.max) -> Term? {
    let n = transitions.count
    let initial = n
    let final = n + 1
    var succ = [[Int: Term]](repeating: [:], count: n + 2)
    var pred = [Set<Int>](repeating: [], count: n + 2)
    func add(_ i: Int, _ j: Int, _ t: Term) {
      if let old = succ[i][j] { succ[i][j] = store.union([old, t]) } else { succ[i][j] = t }
      pred[j].insert(i)
    }
    add(initial, start, store.epsilon)
    for q in 0..<n {
      if accepting[q] { add(q, final, store.epsilon) }
      // One edge per target: the union of the symbols leading there.
      var byTarget: [Int: [Term]] = [:]
      for (i, t) in transitions[q].enumerated() where t >= 0 { byTarget[t, default: []].append(symbols[i]) }
      for (t, syms) in byTarget { add(q, t, store.union(syms)) }
    }
    var alive = Set(0..<n)
    var work = 0
    while !alive.isEmpty {
      var best = -1
      var bestCost = Int.max
      for q in alive {
        let ins = pred[q].count - (pred[q].contains(q) ? 1 : 0)
        let outs = succ[q].count - (succ[q][q] != nil ? 1 : 0)
        let cost = ins * outs
        if cost < bestCost {
          bestCost = cost
          best = q
          if cost == 0 { break }
        }
      }
      let q = best
      alive.remove(q)
      work += bestCost
      if work > workLimit { return nil }
      let loop = succ[q][q].map { store.star($0) } ?? store.epsilon
      let outs = succ[q].filter { $0.key != q }
      for i in pred[q] where i != q {
        guard let into = succ[i][q] else { continue }
        succ[i][q] = nil
        for (j, out) in outs { add(i, j, store.concat([into, loop, out])) }
      }
      for (j, _) in outs { pred[j].remove(q) }
      succ[q] = [:]
      pred[q] = []
    }
    return succ[initial][final] ?? store.empty
  }
}
