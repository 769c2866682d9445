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
  ///
  /// - Complexity: O(n·k) per refinement round for n states and k symbols, on flat arrays
  ///   (``Lowerer/positive(_:limit:)`` minimises DFAs of hundreds of states over dozens of
  ///   symbols, where hashed signature arrays per state and round dominated compile time).
  func minimized() -> SmallDFA {
    let n = transitions.count
    let k = symbols.count
    // Co-reachable states (those that can still accept), backwards from the accepting
    // ones; the others become "no transition".
    var predecessors = [[Int]](repeating: [], count: n)
    for s in 0..<n {
      for t in transitions[s] where t >= 0 { predecessors[t].append(s) }
    }
    var live = accepting
    var stack = accepting.indices.filter { accepting[$0] }
    while let t = stack.popLast() {
      for s in predecessors[t] where !live[s] {
        live[s] = true
        stack.append(s)
      }
    }
    guard live[start] else { return SmallDFA(symbols: symbols, stateCount: 1, start: 0) }
    // Targets row by row, -1 for none or a state that cannot accept.
    var targets = [Int](repeating: -1, count: n * k)
    for s in 0..<n where live[s] {
      for (i, t) in transitions[s].enumerated() where t >= 0 && live[t] { targets[s * k + i] = t }
    }
    // Reachable live states, breadth-first.
    var reach = [start]
    var seen = [Bool](repeating: false, count: n)
    seen[start] = true
    var head = 0
    while head < reach.count {
      let row = reach[head] * k
      head += 1
      for i in 0..<k {
        let t = targets[row + i]
        if t >= 0 && !seen[t] {
          seen[t] = true
          reach.append(t)
        }
      }
    }
    // Moore refinement: a state's signature is its class and its successors' classes
    // (-1: dead); classes are numbered by first appearance in `reach`.
    var cls = [Int](repeating: -1, count: n)
    for s in reach { cls[s] = accepting[s] ? 1 : 0 }
    var count = Set(reach.map { accepting[$0] }).count
    var next = [Int](repeating: -1, count: n)
    while true {
      // Signature hash → the first state of each new class with that hash.
      var firstOf: [UInt64: [Int]] = [:]
      var classCount = 0
      for s in reach {
        let row = s * k
        var h = UInt64(bitPattern: Int64(cls[s])) &* 0x9E37_79B9_7F4A_7C15
        for i in 0..<k {
          let t = targets[row + i]
          h = (h ^ UInt64(bitPattern: Int64(t < 0 ? -1 : cls[t]))) &* 0xFF51_AFD7_ED55_8CCD
        }
        var c = -1
        if let candidates = firstOf[h] {
          for r in candidates where cls[r] == cls[s] {
            var same = true
            for i in 0..<k {
              let (a, b) = (targets[r * k + i], targets[row + i])
              if (a < 0 ? -1 : cls[a]) != (b < 0 ? -1 : cls[b]) {
                same = false
                break
              }
            }
            if same {
              c = next[r]
              break
            }
          }
        }
        if c < 0 {
          c = classCount
          classCount += 1
          firstOf[h, default: []].append(s)
        }
        next[s] = c
      }
      swap(&cls, &next)
      if classCount == count { break }
      count = classCount
    }
    var out = SmallDFA(symbols: symbols, stateCount: count, start: cls[start])
    for s in reach {
      let c = cls[s]
      out.accepting[c] = accepting[s]
      for i in 0..<k {
        let t = targets[s * k + i]
        out.transitions[c][i] = t < 0 ? -1 : cls[t]
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
