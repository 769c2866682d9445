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
  /// - Complexity: O(k·n log n) for n states and k symbols (Hopcroft).
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
    // Hopcroft's refinement over the reachable states plus a sink for "no transition";
    // the sink, which cannot accept, ends in a block of its own. (Moore's rounds, one
    // per length of the longest distinguishing word, cost a pass over every transition
    // each: a third of compiling schemas with a few 300-state string DFAs.)
    let m = reach.count
    let sink = m
    let size = m + 1
    var compact = [Int](repeating: -1, count: n)
    for (i, s) in reach.enumerated() { compact[s] = i }
    var delta = [Int](repeating: sink, count: size * k)
    for (i, s) in reach.enumerated() {
      for a in 0..<k where targets[s * k + a] >= 0 { delta[i * k + a] = compact[targets[s * k + a]] }
    }
    // Predecessors by symbol and target: `inverse[inverseStart[a * size + t]..<…[+ 1]]`.
    var inverseStart = [Int](repeating: 0, count: k * size + 1)
    for q in 0..<size {
      for a in 0..<k { inverseStart[a * size + delta[q * k + a] + 1] += 1 }
    }
    for i in 0..<k * size { inverseStart[i + 1] += inverseStart[i] }
    var inverse = [Int](repeating: 0, count: size * k)
    var fill = inverseStart
    for q in 0..<size {
      for a in 0..<k {
        let slot = a * size + delta[q * k + a]
        inverse[fill[slot]] = q
        fill[slot] += 1
      }
    }
    let acceptingBlock = (0..<m).filter { accepting[reach[$0]] }
    let rejectingBlock = (0..<m).filter { !accepting[reach[$0]] } + [sink]
    var blocks = [acceptingBlock, rejectingBlock]
    var blockOf = [Int](repeating: 1, count: size)
    for q in acceptingBlock { blockOf[q] = 0 }
    // Splitters (block, symbol), and whether each is waiting.
    var waiting = [Bool](repeating: false, count: size * k)
    var work: [(block: Int, symbol: Int)] = []
    let first = acceptingBlock.count <= rejectingBlock.count ? 0 : 1
    for a in 0..<k {
      waiting[first * k + a] = true
      work.append((first, a))
    }
    var marked = [Bool](repeating: false, count: size)
    var hits = [Int](repeating: 0, count: size)
    var splitStates: [Int] = []
    var touched: [Int] = []
    while let (b, a) = work.popLast() {
      waiting[b * k + a] = false
      splitStates.removeAll(keepingCapacity: true)
      for t in blocks[b] {
        for i in inverseStart[a * size + t]..<inverseStart[a * size + t + 1] where !marked[inverse[i]] {
          marked[inverse[i]] = true
          splitStates.append(inverse[i])
        }
      }
      touched.removeAll(keepingCapacity: true)
      for q in splitStates {
        if hits[blockOf[q]] == 0 { touched.append(blockOf[q]) }
        hits[blockOf[q]] += 1
      }
      for y in touched {
        let inCount = hits[y]
        hits[y] = 0
        if inCount == blocks[y].count { continue }
        let inside = blocks[y].filter { marked[$0] }
        blocks[y].removeAll { marked[$0] }
        let z = blocks.count
        blocks.append(inside)
        for q in inside { blockOf[q] = z }
        for c in 0..<k {
          if waiting[y * k + c] {
            waiting[z * k + c] = true
            work.append((z, c))
          } else {
            let smaller = inside.count <= blocks[y].count ? z : y
            waiting[smaller * k + c] = true
            work.append((smaller, c))
          }
        }
      }
      for q in splitStates { marked[q] = false }
    }
    // Classes numbered by first appearance in `reach`.
    var classOfBlock = [Int](repeating: -1, count: blocks.count)
    var cls = [Int](repeating: -1, count: n)
    var count = 0
    for (i, s) in reach.enumerated() {
      if classOfBlock[blockOf[i]] < 0 {
        classOfBlock[blockOf[i]] = count
        count += 1
      }
      cls[s] = classOfBlock[blockOf[i]]
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
  /// States are eliminated cheapest first (fewest paths through them; ties by state
  /// number), with predecessor and successor maps and the in- and out-degrees (self-loops
  /// left out) kept up to date, so that choosing a state is a scan of two arrays.
  ///
  /// - Parameter workLimit: the most path combinations to build; nil when exceeded.
  /// - Complexity: O(Σ in(q)·out(q)) term constructions over the eliminated states, plus
  ///   O(n²) for the choices.
  func term(in store: TermStore, workLimit: Int = Int.max) -> Term? {
    let n = transitions.count
    let initial = n
    let final = n + 1
    var succ = [[Int: Term]](repeating: [:], count: n + 2)
    var pred = [Set<Int>](repeating: [], count: n + 2)
    var inDegree = [Int](repeating: 0, count: n + 2)
    var outDegree = [Int](repeating: 0, count: n + 2)
    func add(_ i: Int, _ j: Int, _ t: Term) {
      if let old = succ[i][j] {
        succ[i][j] = store.union([old, t])
      } else {
        succ[i][j] = t
        if i != j {
          outDegree[i] += 1
          inDegree[j] += 1
        }
      }
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
    var alive = [Bool](repeating: true, count: n)
    var work = 0
    for _ in 0..<n {
      var best = -1
      var bestCost = Int.max
      for q in 0..<n where alive[q] {
        let cost = inDegree[q] * outDegree[q]
        if cost < bestCost {
          bestCost = cost
          best = q
          if cost == 0 { break }
        }
      }
      let q = best
      alive[q] = false
      work += bestCost
      if work > workLimit { return nil }
      let loop = succ[q][q].map { store.star($0) } ?? store.epsilon
      let outs = succ[q].filter { $0.key != q }
      for i in pred[q] where i != q {
        guard let into = succ[i][q] else { continue }
        succ[i][q] = nil
        outDegree[i] -= 1
        for (j, out) in outs { add(i, j, store.concat([into, loop, out])) }
      }
      for (j, _) in outs {
        pred[j].remove(q)
        inDegree[j] -= 1
      }
      succ[q] = [:]
      pred[q] = []
    }
    return succ[initial][final] ?? store.empty
  }
}
