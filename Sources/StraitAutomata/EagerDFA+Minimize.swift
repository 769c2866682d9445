extension EagerDFA {
  /// The minimal DFA of the same language (Hopcroft's partition refinement).
  ///
  /// Unreachable states are dropped; the result is numbered breadth-first from the start
  /// state with the dead state as 0, so it is canonical for its language and classes.
  ///
  /// - Complexity: O(c · n log n) for n states and c classes, plus O(c · n) memory for the
  ///   inverse transitions.
  public func minimized() -> EagerDFA {
    let n = stateCount
    let k = classCount
    // Inverse transitions in CSR form: for (class, target), the sources.
    var invStart = [Int](repeating: 0, count: k * n + 1)
    for s in 0..<n {
      for c in 0..<k { invStart[c * n + Int(transitions[s * k + c]) + 1] += 1 }
    }
    for i in 0..<(k * n) { invStart[i + 1] += invStart[i] }
    var fill = invStart
    var invSource = [Int](repeating: 0, count: k * n)
    for s in 0..<n {
      for c in 0..<k {
        let key = c * n + Int(transitions[s * k + c])
        invSource[fill[key]] = s
        fill[key] += 1
      }
    }

    var p = RefinablePartition(count: n, accepting: accepting)
    // Worklist of (block, class) splitters.
    var pending: Set<Int> = []
    var work: [(Int, Int)] = []
    func push(_ b: Int, _ c: Int) {
      if pending.insert(b * k + c).inserted { work.append((b, c)) }
    }
    if p.blockCount == 2 {
      let smaller = p.size(0) <= p.size(1) ? 0 : 1
      for c in 0..<k { push(smaller, c) }
    }
    var touched: [Int] = []
    while let (b, c) = work.popLast() {
      pending.remove(b * k + c)
      let members = Array(p.members(b))  // a copy: marking reorders the elements
      for t in members {
        let key = c * n + t
        for i in invStart[key]..<invStart[key + 1] {
          let src = invSource[i]
          if p.mark(src) { touched.append(p.block(of: src)) }
        }
      }
      for y in touched {
        guard let z = p.splitMarked(y) else { continue }
        for a in 0..<k {
          if pending.contains(y * k + a) {
            push(z, a)
          } else {
            push(p.size(y) <= p.size(z) ? y : z, a)
          }
        }
      }
      touched.removeAll(keepingCapacity: true)
    }

    // Renumber blocks breadth-first from the start, dead block first.
    let deadBlock = p.block(of: 0)
    var number = [Int](repeating: -1, count: p.blockCount)
    var order: [Int] = [deadBlock]
    number[deadBlock] = 0
    let startBlock = p.block(of: Int(start))
    if number[startBlock] < 0 {
      number[startBlock] = order.count
      order.append(startBlock)
    }
    var newTransitions: [UInt32] = []
    var newAccepting: [Bool] = []
    var head = 0
    while head < order.count {
      let block = order[head]
      head += 1
      let rep = p.representative(block)
      newAccepting.append(accepting[rep])
      for c in 0..<k {
        let tb = p.block(of: Int(transitions[rep * k + c]))
        if number[tb] < 0 {
          number[tb] = order.count
          order.append(tb)
        }
        newTransitions.append(UInt32(number[tb]))
      }
    }
    return EagerDFA(
      classMap: classMap, classCount: k, transitions: newTransitions, accepting: newAccepting,
      start: UInt32(number[startBlock]))
  }
}

/// A partition of 0..<n into blocks, with marking and splitting of marked members (the
/// refinable-partition structure of Hopcroft/Valmari).
struct RefinablePartition {
  private var elements: [Int]
  private var location: [Int]
  private var blockOf: [Int]
  private var start: [Int] = []
  private var end: [Int] = []
  private var marked: [Int] = []

  /// Two blocks (non-accepting, accepting), or one when either is empty.
  init(count n: Int, accepting: [Bool]) {
    let rejecting = (0..<n).filter { !accepting[$0] }
    let accepts = (0..<n).filter { accepting[$0] }
    elements = rejecting + accepts
    location = [Int](repeating: 0, count: n)
    blockOf = [Int](repeating: 0, count: n)
    for (i, s) in elements.enumerated() { location[s] = i }
    for part in [(0, rejecting.count), (rejecting.count, n)] where part.0 < part.1 {
      let b = start.count
      start.append(part.0)
      end.append(part.1)
      marked.append(0)
      for i in part.0..<part.1 { blockOf[elements[i]] = b }
    }
  }

  var blockCount: Int { start.count }
  func size(_ b: Int) -> Int { end[b] - start[b] }
  func block(of s: Int) -> Int { blockOf[s] }
  func members(_ b: Int) -> ArraySlice<Int> { elements[start[b]..<end[b]] }
  /// One member of the (never empty) block `b`.
  func representative(_ b: Int) -> Int { elements[start[b]] }

  /// Marks `s`; returns true when it is the first mark in its block.
  mutating func mark(_ s: Int) -> Bool {
    let b = blockOf[s]
    let i = location[s]
    let firstUnmarked = start[b] + marked[b]
    if i < firstUnmarked { return false }  // already marked
    // Swap s into the marked prefix.
    let other = elements[firstUnmarked]
    elements[firstUnmarked] = s
    elements[i] = other
    location[s] = firstUnmarked
    location[other] = i
    marked[b] += 1
    return marked[b] == 1
  }

  /// Splits the marked members of `b` into a new block (returned), unless all or none are
  /// marked; clears the marks.
  mutating func splitMarked(_ b: Int) -> Int? {
    let m = marked[b]
    marked[b] = 0
    if m == 0 || m == size(b) { return nil }
    let z = start.count
    start.append(start[b])
    end.append(start[b] + m)
    marked.append(0)
    start[b] += m
    for i in start[z]..<end[z] { blockOf[elements[i]] = z }
    return z
  }
}
