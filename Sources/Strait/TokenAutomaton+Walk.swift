import StraitAutomata
import StraitTokenizers

extension TokenAutomaton {
  /// Sets the bit of every token whose bytes keep the DFA alive from `state`.
  ///
  /// One pass over the trie in preorder, one DFA state per depth; a dead node skips its
  /// whole subtree. In a state where every string-body run keeps the DFA alive (a free
  /// string, or for 16 bytes a length-bounded one), the tokens made only of string-body
  /// bytes are allowed with one copy of a precomputed set, and the walk skips the subtrees
  /// holding nothing else, so it visits only the paths to tokens with a quote, a backslash,
  /// a control byte, broken UTF-8 or (for a bounded closure) more bytes than its limit.
  /// Otherwise, in a state that loops on many ASCII bytes (a pattern's character class, the
  /// digits of a number), the tokens made only of those bytes are allowed the same way
  /// (``selfLoopClosure(at:)``). The concrete automaton types get specialised walks.
  ///
  /// - Complexity: O(visited trie nodes) transitions.
  func walkTrie(from state: UInt32, into words: UnsafeMutableBufferPointer<UInt32>) throws(StraitError) {
    walkCounts.add(1, ordering: .relaxed)
    var closed: [UInt64]? = nil
    var allowed: [UInt32]? = nil
    if let closure = try stringBodyClosure(at: state) {
      shortcutCounts.add(1, ordering: .relaxed)
      (closed, allowed) = (closure.closedNodes, closure.tokenWords)
    } else if let runs = try selfLoopClosure(at: state) {
      shortcutCounts.add(1, ordering: .relaxed)
      (closed, allowed) = (runs.closedNodes, runs.tokenWords)
    }
    if let allowed {
      allowed.withUnsafeBufferPointer { src in
        for w in 0..<min(src.count, words.count) { words[w] |= src[w] }
      }
    }
    if let lazy = dfa as? LazyByteAutomaton {
      try walkTrie(CachedLazySteps(dfa: lazy.dfa), from: state, skipping: closed, into: words)
    } else if let frozen = dfa as? FrozenByteAutomaton {
      try walkTrie(frozen, from: state, skipping: closed, into: words)
    } else {
      try walkTrie(ProtocolSteps(automaton: dfa), from: state, skipping: closed, into: words)
    }
  }

  /// The closure of the ASCII bytes on which `state` loops to itself, when there are
  /// enough of them to matter (a string with a pattern such as `^[a-z0-9-]+$`, where no
  /// string-body closure applies): every token made only of those bytes leaves the DFA in
  /// `state`, so it is allowed, and the walk skips the subtrees holding nothing else.
  ///
  /// - Complexity: 128 transitions (most already computed by the walk that follows), plus
  ///   O(trie nodes) the first time the trie meets this byte set.
  func selfLoopClosure(at state: UInt32) throws(StraitError) -> ByteRunClosure? {
    var loops: (UInt64, UInt64) = (0, 0)
    var count = 0
    for b in 0..<128 where try dfa.nextState(state, UInt8(b)) == state {
      if b < 64 { loops.0 |= 1 << UInt64(b) } else { loops.1 |= 1 << UInt64(b - 64) }
      count += 1
    }
    // A handful of bytes (whitespace) makes few tokens; the walk finds them as fast.
    guard count >= Self.selfLoopMinimumBytes else { return nil }
    let closure = trie.byteRunClosure(loops)
    return closure.tokenCount >= Self.selfLoopMinimumTokens ? closure : nil
  }

  /// How deep the term-level string-body searches (``RunLiveness``) go while levels keep
  /// bringing new pairs: keys and patterns longer than 16 bytes often settle by 64, and a
  /// state proven for 64 bytes walks only the few longer tokens. (The search over DFA
  /// states stops at 16: every level there creates DFA states, and going deeper ran one
  /// MaskBench grammar out of its state budget.)
  static func stringBodySearchDepth(_ trie: TokenTrie) -> Int { min(trie.maxDepth, 64) }

  /// Below these, ``selfLoopClosure(at:)`` leaves the tokens to the walk.
  static let selfLoopMinimumBytes = 8
  static let selfLoopMinimumTokens = 256

  /// The deepest string-body closure whose tokens all keep the DFA alive from `state`: the
  /// full one when every string-body run of any length does, a bounded one when every run
  /// of up to its limit does (a string with that many characters left), nil otherwise.
  ///
  /// A derivative DFA decides it on the state's term (``RunLiveness``), except when the
  /// state's own head must be searched; then, as for other automata, a breadth-first
  /// search, level by level, over the (string-body state, DFA state) pairs reachable from
  /// (0, `state`): a free string has a handful of pairs and the search ends when no level
  /// brings a new one (every run is then alive, whatever its length); a string with a
  /// length bound brings new pairs at every level (its counter), and the search stops at
  /// the short depth rather than creating DFA states 128 bytes deep that no token needs.
  /// It gives up above 4,096 pairs. One byte per (DFA class, string-body class) pair is
  /// enough to try.
  ///
  /// - Complexity: O(pairs × probe bytes) transitions.
  func stringBodyClosure(at state: UInt32) throws(StraitError) -> StringBodyClosure? {
    let shallowest = trie.boundedStringBodies.first?.depthLimit ?? trie.maxDepth
    // Cheap rejection first: a run of one letter, digit or space must stay alive until it
    // settles into a loop (or for the shallowest closure); most states die on one of them.
    for b in [UInt8(ascii: "a"), UInt8(ascii: "0"), UInt8(ascii: " ")] {
      var s = state
      for _ in 0..<shallowest {
        let next = try dfa.nextState(s, b)
        if dfa.isDead(next) { return nil }
        if next == s { break }
        s = next
      }
    }
    if let runs = stringBodyRuns, let depth = runs.depth(of: DFAState(rawValue: state)) {
      return trie.stringBody(coveringRunsOf: depth)
    }
    return trie.stringBody(coveringRunsOf: try searchStringBodyRuns(from: state))
  }

  /// The breadth-first search of ``stringBodyClosure(at:)`` over the DFA's states: the
  /// depth up to which every string-body run is proven alive (`Int.max`: any length).
  func searchStringBodyRuns(from state: UInt32) throws(StraitError) -> Int {
    let shortDepth = trie.shortStringBody.depthLimit
    let body = trie.stringBody
    var seen = U64Set()
    _ = seen.insert(UInt64(state))
    var level: [(UInt8, UInt32)] = [(0, state)]
    var depth = 0
    while !level.isEmpty {
      // Every run of `depth` bytes is alive here.
      if depth >= shortDepth { return depth }
      var next: [(UInt8, UInt32)] = []
      for (q, d) in level {
        let row = Int(q) * 256
        for b in stringBodyProbeBytes {
          let q2 = body.transitions[row + Int(b)]
          if q2 == StringBodyClosure.dead { continue }
          let d2 = try dfa.nextState(d, b)
          if dfa.isDead(d2) { return depth }
          if seen.insert(UInt64(q2) << 32 | UInt64(d2)) {
            next.append((q2, d2))
            if seen.count > 4096 { return depth }
          }
        }
      }
      level = next
      depth += 1
    }
    return Int.max
  }

  /// One byte per class of the partition by (DFA byte class, string-body column): bytes in
  /// one class move both automata alike from every state.
  static func stringBodyProbeBytes(dfa: any ByteAutomaton, body: StringBodyClosure) -> [UInt8] {
    let dfaClass: (UInt8) -> Int
    if let lazy = dfa as? LazyByteAutomaton {
      dfaClass = { Int(lazy.dfa.byteClass(of: $0)) }
    } else if let frozen = dfa as? FrozenByteAutomaton {
      dfaClass = { frozen.byteClass(of: $0) }
    } else {
      dfaClass = { Int($0) }
    }
    var seen: Set<Int> = []
    var out: [UInt8] = []
    for b in 0..<256 where seen.insert(dfaClass(UInt8(b)) << 8 | Int(body.byteClasses[b])).inserted {
      out.append(UInt8(b))
    }
    return out
  }

  @inline(__always)
  private func walkTrie<A: WalkSteps>(
    _ automaton: A, from state: UInt32, skipping closedNodes: [UInt64]?,
    into words: UnsafeMutableBufferPointer<UInt32>
  ) throws(StraitError) {
    var result: Result<Void, StraitError> = .success(())
    let skipStringBody = closedNodes != nil
    let closed = closedNodes ?? []
    trie.withUnsafeView { view in
      closed.withUnsafeBufferPointer { closed in
        result = Result { () throws(StraitError) in
          var stack = [UInt32](repeating: state, count: view.maxDepth + 1)
          // The row of each depth's state, read once per live node rather than once per
          // child: most children a walk visits are dead ends of a live parent.
          var rowStack = [A.Row](repeating: automaton.row(state), count: view.maxDepth + 1)
          try stack.withUnsafeMutableBufferPointer { states throws(StraitError) in
            try rowStack.withUnsafeMutableBufferPointer { rows throws(StraitError) in
              let n = view.nodeCount
              var i = 0
              while i < n {
                if skipStringBody && closed[i &>> 6] & (1 &<< UInt64(i & 63)) != 0 {
                  i = Int(view.subtreeEnds[i])
                  continue
                }
                let depth = Int(view.depths[i])
                let next = try automaton.step(rows[depth &- 1], states[depth &- 1], view.bytes[i])
                if next == 0 {
                  i = Int(view.subtreeEnds[i])
                  continue
                }
                states[depth] = next
                // A leaf's row is never read.
                if Int(view.subtreeEnds[i]) != i &+ 1 { rows[depth] = automaton.row(next) }
                var k = Int(view.tokenStarts[i])
                let end = Int(view.tokenStarts[i &+ 1])
                while k < end {
                  let id = Int(view.tokenIDs[k])
                  words[id &>> 5] |= 1 &<< UInt32(id & 31)
                  k &+= 1
                }
                i &+= 1
              }
            }
          }
        }
      }
    }
    try result.get()
  }
}

/// One DFA step as the trie walk needs it (0 is the dead state), from a state and its
/// ``row(_:)`` (whatever makes the state's transitions cheap to read).
protocol WalkSteps {
  associatedtype Row
  func row(_ state: UInt32) -> Row
  func step(_ row: Row, _ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32
}

extension FrozenByteAutomaton: WalkSteps {
  @inline(__always)
  func row(_ state: UInt32) -> UInt32 { state }

  @inline(__always)
  func step(_ row: UInt32, _ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32 { try nextState(state, byte) }
}

/// Any other automaton, through the protocol.
struct ProtocolSteps: WalkSteps {
  let automaton: any ByteAutomaton

  func row(_ state: UInt32) -> UInt32 { state }

  func step(_ row: UInt32, _ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32 {
    let next = try automaton.nextState(state, byte)
    return automaton.isDead(next) ? 0 : next
  }
}

/// Lazy-DFA steps that read computed transitions inline and call out only for new ones.
struct CachedLazySteps: WalkSteps {
  let dfa: LazyDFA

  @inline(__always)
  func row(_ state: UInt32) -> LazyDFA.TransitionRow { dfa.transitionRow(state) }

  @inline(__always)
  func step(_ row: LazyDFA.TransitionRow, _ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32 {
    let cached = dfa.cachedTransition(row, byte)
    if _fastPath(cached != 0) { return cached &- 1 }
    return try slowStep(state, byte)
  }

  @inline(never)
  func slowStep(_ state: UInt32, _ byte: UInt8) throws(StraitError) -> UInt32 {
    do {
      return try dfa.next(DFAState(rawValue: state), byte).rawValue
    } catch {
      throw StraitError(error)
    }
  }
}
