import StraitTokenizers

extension TokenAutomaton {
  /// Sets the bit of every token whose bytes keep the DFA alive from `state`.
  ///
  /// One pass over the trie in preorder, one DFA state per depth; a dead node skips its
  /// whole subtree. The concrete automaton types get specialised walks.
  ///
  /// - Complexity: O(live trie nodes) transitions.
  func walkTrie(from state: UInt32, into words: UnsafeMutableBufferPointer<UInt32>) throws(StraitError) {
    if let lazy = dfa as? LazyByteAutomaton {
      try walkTrie(lazy, from: state, into: words)
    } else if let frozen = dfa as? FrozenByteAutomaton {
      try walkTrie(frozen, from: state, into: words)
    } else {
      try walkTrie(dfa, from: state, into: words)
    }
  }

  @inline(__always)
  private func walkTrie<A: ByteAutomaton>(
    _ automaton: A, from state: UInt32, into words: UnsafeMutableBufferPointer<UInt32>
  ) throws(StraitError) {
    var result: Result<Void, StraitError> = .success(())
    trie.withUnsafeView { view in
      result = Result { () throws(StraitError) in
        var stack = [UInt32](repeating: state, count: view.maxDepth + 1)
        try stack.withUnsafeMutableBufferPointer { states throws(StraitError) in
          let n = view.nodeCount
          var i = 0
          while i < n {
            let depth = Int(view.depths[i])
            let next = try automaton.nextState(states[depth &- 1], view.bytes[i])
            if automaton.isDead(next) {
              i = Int(view.subtreeEnds[i])
              continue
            }
            states[depth] = next
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
    try result.get()
  }
}
